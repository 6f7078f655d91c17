import CLapack

// OpenBLAS must run single-threaded in capsim (replications already use every core, and
// the pthread build's idle workers spin): the process sets OPENBLAS_NUM_THREADS=1 before
// OpenBLAS loads. The executable does it in Sources/capsim/SingleThreadedBLAS.swift; the
// tests export it (scripts/test). This module has no second mechanism of its own.

/// Converts a dimension for a 32-bit BLAS/LAPACK interface, throwing instead of trapping.
@inline(__always)
func blasInt(_ n: Int) throws(LinearError) -> blasint {
    guard let value = blasint(exactly: n) else { throw .tooLarge(dimension: n) }
    return value
}

/// Converts a dimension for LAPACKE, throwing instead of trapping.
@inline(__always)
func lapackInt(_ n: Int) throws(LinearError) -> capsim_lapack_int {
    guard let value = capsim_lapack_int(exactly: n) else { throw .tooLarge(dimension: n) }
    return value
}
