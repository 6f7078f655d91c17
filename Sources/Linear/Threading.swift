import CLapack

/// Restricts OpenBLAS to one thread. Called automatically before the first operation of
/// this module; call it yourself at start-up to make the moment explicit.
///
/// Why: OpenBLAS starts a thread per core by default (SWIFT-NOTES.md, "OpenBLAS uses every
/// core by default"), and capsim runs replications in parallel, one per core. Threads
/// inside BLAS would then oversubscribe the cores, and for the small matrices of a
/// forecast (tens of columns) the hand-off costs more than it saves. The setting is
/// process-wide, which is why it happens once and is never changed back.
///
/// Idempotent and thread-safe: the work is done in a lazily initialized global, which
/// Swift initializes exactly once.
/// - Complexity: O(1) after the first call.
public func useSingleThreadedBLAS() {
    _ = singleThreadedBLAS
}

/// Swift runs a global's initializer once, under `swift_once`, the first time it is read.
private let singleThreadedBLAS: Void = {
    openblas_set_num_threads(1)
}()

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
