import CLapack
import Foundation

/// The Cholesky factorization A = L Lᵀ of a symmetric positive-definite matrix, computed
/// once with LAPACK `dpotrf` and reused for any number of solves with `dpotrs`.
///
/// Why a factor type beside ``Matrix/choleskySolve(_:)-(Double)``: `dposv` factors and
/// solves in one call, which is right for one system. A Gaussian process solves against the
/// same covariance matrix many times (the training outputs, then every batch of prediction
/// points) and also needs log|A|, which the factor gives for free as 2 Σ log Lᵢᵢ. Factoring
/// costs n³/3 floating-point operations; each later solve costs only 2n² per right-hand side.
///
/// The lower triangle is factored (`uplo = "L"`), so ``lower`` is L itself and
/// ``solveLowerTriangle(_:)-(Matrix)`` gives L⁻¹B, from which a quadratic form bᵀA⁻¹b is the
/// sum of squares ‖L⁻¹b‖²: never negative, unlike bᵀ(A⁻¹b) after rounding. That is what a
/// predictive variance k** − kᵀA⁻¹k needs.
///
/// The value is immutable and `Sendable`: one factor may serve solves from many threads.
/// What it deliberately does not do: pivoting (a semidefinite matrix is refused, not
/// factored approximately) and updates of the factor when a row is added.
public struct CholeskyFactor: Sendable, Hashable {
    /// The lower-triangular factor L, with A = L Lᵀ; the strict upper triangle is zero.
    /// - Complexity: O(1); a stored value.
    public let lower: Matrix

    /// The order n of the factored n × n matrix.
    /// - Complexity: O(1).
    public var order: Int { lower.rows }

    /// Factors the symmetric positive-definite matrix `a` with LAPACK `dpotrf`.
    ///
    /// The checks are those of ``Matrix/choleskySolve(_:)-(Double)``, for the same reasons:
    /// `dpotrf` reads one triangle only, so a non-symmetric input would be factored silently
    /// as if it were the symmetric matrix of its lower triangle.
    /// - Throws: ``LinearError/notPositiveDefinite(leadingMinor:)`` (LAPACK INFO > 0),
    ///   ``LinearError/notSymmetric(row:column:)``, ``LinearError/nonFinite(operation:)``,
    ///   ``LinearError/dimensionMismatch(operation:detail:)`` when `a` is not square,
    ///   ``LinearError/tooLarge(dimension:)``.
    /// - Complexity: n³/3 floating-point operations, plus O(n²) for the checks and the copy.
    public init(_ a: Matrix) throws(LinearError) {
        let operation = "Cholesky factorization"
        guard a.rows == a.columns else {
            throw .dimensionMismatch(operation: operation, detail: "matrix is \(a.rows)x\(a.columns), not square")
        }
        guard a.isFinite else { throw .nonFinite(operation: operation) }
        try a.checkSymmetric()
        var factor = a
        let n = a.rows
        if n > 0 {
            let order = try lapackInt(n)
            let lda = try lapackInt(factor.leadingDimension)
            let info = factor.storage.withUnsafeMutableBufferPointer { ap in
                LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), order, ap.baseAddress, lda)
            }
            if info > 0 { throw .notPositiveDefinite(leadingMinor: Int(info)) }
            if info < 0 { throw .lapackFailure(routine: "LAPACKE_dpotrf", info: Int(info)) }
            // dpotrf leaves the strict upper triangle as it found it (A's elements); zero it
            // so that `lower` is L and two factors of one matrix compare equal.
            for j in 1..<max(1, n) {
                for i in 0..<j { factor.storage[i + j * n] = 0 }
            }
        }
        lower = factor
    }

    /// log|A| = 2 Σ log Lᵢᵢ; 0 for the empty matrix.
    ///
    /// Summing logarithms rather than taking the log of the product avoids the overflow or
    /// underflow of |A| itself, which for a 400 × 400 covariance matrix is routinely far
    /// outside the range of `Double`.
    /// - Complexity: O(n).
    public var logDeterminant: Double {
        let n = order
        var sum = 0.0
        for i in 0..<n { sum += log(lower.storage[i + i * n]) }
        return 2 * sum
    }

    /// Solves A x = b with LAPACK `dpotrs`, reusing the factor.
    /// - Throws: ``LinearError/dimensionMismatch(operation:detail:)`` when `b.count` ≠ n,
    ///   ``LinearError/nonFinite(operation:)``.
    /// - Complexity: 2n² floating-point operations.
    public func solve(_ b: [Double]) throws(LinearError) -> [Double] {
        try solve(try Matrix(rows: b.count, columns: 1, columnMajor: b)).storage
    }

    /// Solves A X = B for every column of B at once with LAPACK `dpotrs`.
    /// - Throws: as ``solve(_:)-([Double])``.
    /// - Complexity: 2n² floating-point operations per column of B.
    public func solve(_ b: Matrix) throws(LinearError) -> Matrix {
        try triangularSolve(b, operation: "Cholesky solve", routineName: "LAPACKE_dpotrs") { n, nrhs, a, lda, x, ldb in
            LAPACKE_dpotrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, nrhs, a, lda, x, ldb)
        }
    }

    /// L⁻¹b, the forward substitution half of a solve, with LAPACK `dtrtrs`.
    ///
    /// ‖L⁻¹b‖² = bᵀA⁻¹b, so this is the way to a quadratic form that cannot come out
    /// negative, and ⟨L⁻¹b, L⁻¹c⟩ = bᵀA⁻¹c gives cross terms at half the cost of a full solve.
    /// - Throws: as ``solve(_:)-([Double])``.
    /// - Complexity: n² floating-point operations.
    public func solveLowerTriangle(_ b: [Double]) throws(LinearError) -> [Double] {
        try solveLowerTriangle(try Matrix(rows: b.count, columns: 1, columnMajor: b)).storage
    }

    /// L⁻¹B for every column of B at once; see ``solveLowerTriangle(_:)-([Double])``.
    /// - Complexity: n² floating-point operations per column of B.
    public func solveLowerTriangle(_ b: Matrix) throws(LinearError) -> Matrix {
        try triangularSolve(b, operation: "triangular solve", routineName: "LAPACKE_dtrtrs") { n, nrhs, a, lda, x, ldb in
            LAPACKE_dtrtrs(
                LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")),
                n, nrhs, a, lda, x, ldb)
        }
    }

    /// The shared checks and buffer handling of the solves; `routine` is the LAPACKE call.
    private func triangularSolve(
        _ b: Matrix, operation: String, routineName: String,
        _ routine: (
            capsim_lapack_int, capsim_lapack_int, UnsafePointer<Double>?, capsim_lapack_int,
            UnsafeMutablePointer<Double>?, capsim_lapack_int
        ) -> capsim_lapack_int
    ) throws(LinearError) -> Matrix {
        guard b.rows == order else {
            throw .dimensionMismatch(
                operation: operation, detail: "factor is \(order)x\(order), right-hand side has \(b.rows) rows")
        }
        guard b.isFinite else { throw .nonFinite(operation: operation) }
        var x = b
        guard order > 0, b.columns > 0 else { return x }
        let n = try lapackInt(order)
        let nrhs = try lapackInt(b.columns)
        let lda = try lapackInt(lower.leadingDimension)
        let ldb = try lapackInt(x.leadingDimension)
        let info = lower.storage.withUnsafeBufferPointer { ap in
            x.storage.withUnsafeMutableBufferPointer { bp in
                routine(n, nrhs, ap.baseAddress, lda, bp.baseAddress, ldb)
            }
        }
        // INFO > 0 from dtrtrs would mean a zero on L's diagonal, which dpotrf never leaves.
        if info != 0 { throw .lapackFailure(routine: routineName, info: Int(info)) }
        return x
    }
}
