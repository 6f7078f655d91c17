import CLapack

/// The answer of ``Matrix/leastSquares(_:)``.
public struct LeastSquaresSolution: Sendable, Hashable {
    /// The coefficient vector β minimising ‖Xβ − y‖², one entry per column of X.
    public var coefficients: [Double]
    /// ‖Xβ − y‖² at the solution; 0 when X is square. Divide by (rows − columns) for the
    /// usual unbiased estimate of the noise variance.
    public var residualSumOfSquares: Double
}

extension Matrix {
    /// Solves A x = b for a symmetric positive-definite A (`self`) with LAPACK `dposv`:
    /// a Cholesky factorization A = UᵀU followed by two triangular solves.
    ///
    /// Why Cholesky: for SPD systems (normal equations, covariance matrices) it needs half
    /// the work of an LU solve and no pivoting, and its failure is itself the test of
    /// definiteness. `dposv` reads only the upper triangle, so the matrix is first checked
    /// to be symmetric within 10⁻¹⁰ of its largest element: a non-symmetric input would
    /// otherwise give a silently wrong answer.
    /// - Throws: ``LinearError/notPositiveDefinite(leadingMinor:)`` (LAPACK INFO > 0),
    ///   ``LinearError/notSymmetric(row:column:)``, ``LinearError/nonFinite(operation:)``,
    ///   ``LinearError/dimensionMismatch(operation:detail:)`` when A is not square or b does
    ///   not have n elements.
    /// - Complexity: n³/3 + 2n² floating-point operations for an n × n system, plus an
    ///   O(n²) copy of A, which LAPACK overwrites.
    public func choleskySolve(_ b: [Double]) throws(LinearError) -> [Double] {
        let rhs = try Matrix(rows: b.count, columns: 1, columnMajor: b)
        return try choleskySolve(rhs).storage
    }

    /// Solves A X = B for every column of B at once; see ``choleskySolve(_:)-(Double)``.
    /// - Complexity: n³/3 + 2n² · (columns of B) floating-point operations.
    public func choleskySolve(_ b: Matrix) throws(LinearError) -> Matrix {
        let operation = "Cholesky solve"
        guard rows == columns else {
            throw .dimensionMismatch(operation: operation, detail: "matrix is \(rows)x\(columns), not square")
        }
        guard b.rows == rows else {
            throw .dimensionMismatch(
                operation: operation,
                detail: "matrix is \(rows)x\(columns), right-hand side has \(b.rows) rows")
        }
        guard isFinite, b.isFinite else { throw .nonFinite(operation: operation) }
        try checkSymmetric()
        var x = b
        guard rows > 0, b.columns > 0 else { return x }
        var a = storage
        let n = try lapackInt(rows)
        let nrhs = try lapackInt(b.columns)
        let lda = try lapackInt(leadingDimension)
        let ldb = try lapackInt(x.leadingDimension)
        let info = a.withUnsafeMutableBufferPointer { ap in
            x.storage.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dposv(
                    LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), n, nrhs,
                    ap.baseAddress, lda, bp.baseAddress, ldb)
            }
        }
        if info > 0 { throw .notPositiveDefinite(leadingMinor: Int(info)) }
        if info < 0 { throw .lapackFailure(routine: "LAPACKE_dposv", info: Int(info)) }
        return x
    }

    /// Throws unless |aᵢⱼ − aⱼᵢ| ≤ 10⁻¹⁰ · max|a| for all i < j.
    ///
    /// The tolerance admits the rounding of a product such as XᵀX computed by `dgemm`
    /// (about n · 2⁻⁵³ relative) while catching a matrix that is not meant to be symmetric.
    /// Shared with ``CholeskyFactor/init(_:)``, which reads only the lower triangle.
    func checkSymmetric() throws(LinearError) {
        let scale = storage.reduce(0) { max($0, abs($1)) }
        let tolerance = 1e-10 * scale
        for j in 0..<columns {
            for i in 0..<j where abs(storage[i + j * rows] - storage[j + i * rows]) > tolerance {
                throw .notSymmetric(row: i, column: j)
            }
        }
    }

    /// The linear least-squares fit of y on the columns of X (`self`), by LAPACK `dgels`
    /// (a Householder QR factorization).
    ///
    /// Why QR rather than the normal equations: forming XᵀX squares the condition number,
    /// and a design with an intercept, a trend over thousands of time steps and seasonal
    /// terms is badly scaled enough for that to cost digits. QR works on X directly.
    ///
    /// `dgels` assumes full column rank and only reports a diagonal element of R that is
    /// exactly zero (LAPACK documentation of DGELS, INFO > 0). Rounding rarely produces an
    /// exact zero, so after the factorization this method also rejects any |rⱼⱼ| ≤
    /// max(m, n) · ε · maxₖ|rₖₖ|, the relative threshold numpy's `lstsq` uses for singular
    /// values (the smallest |rⱼⱼ| bounds the smallest singular value from above, so a
    /// flagged column always means a near-singular X).
    ///
    /// The residual sum of squares comes free: after `dgels`, rows n..<m of the right-hand
    /// side hold Qᵀ applied to the residual, whose squared norm is ‖Xβ − y‖².
    /// - Throws: ``LinearError/rankDeficient(column:)``,
    ///   ``LinearError/underdetermined(rows:columns:)`` when X has fewer rows than columns,
    ///   ``LinearError/dimensionMismatch(operation:detail:)`` when `y.count != rows`,
    ///   ``LinearError/nonFinite(operation:)``.
    /// - Complexity: 2n²(m − n/3) floating-point operations for an m × n design, plus an
    ///   O(m · n) copy of X, which LAPACK overwrites.
    public func leastSquares(_ y: [Double]) throws(LinearError) -> LeastSquaresSolution {
        let operation = "least squares"
        let (m, n) = (rows, columns)
        guard y.count == m else {
            throw .dimensionMismatch(
                operation: operation,
                detail: "design matrix has \(m) rows, observation vector has \(y.count) elements")
        }
        guard m >= n else { throw .underdetermined(rows: m, columns: n) }
        guard isFinite, y.allSatisfy({ $0.isFinite }) else { throw .nonFinite(operation: operation) }
        guard n > 0 else {
            return LeastSquaresSolution(coefficients: [], residualSumOfSquares: y.reduce(0) { $0 + $1 * $1 })
        }
        var a = storage
        var b = y  // m ≥ n, so the m-row right-hand side also has room for the n coefficients
        let (lm, ln) = (try lapackInt(m), try lapackInt(n))
        let lda = try lapackInt(leadingDimension)
        let info = a.withUnsafeMutableBufferPointer { ap in
            b.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dgels(
                    LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), lm, ln, 1,
                    ap.baseAddress, lda, bp.baseAddress, lda)
            }
        }
        if info > 0 { throw .rankDeficient(column: Int(info)) }
        if info < 0 { throw .lapackFailure(routine: "LAPACKE_dgels", info: Int(info)) }

        // The upper triangle of `a` now holds R.
        let diagonal = (0..<n).map { abs(a[$0 + $0 * m]) }
        let largest = diagonal.max() ?? 0
        let threshold = Double(max(m, n)) * Double.ulpOfOne * largest
        if let j = diagonal.firstIndex(where: { $0 <= threshold }) {
            throw .rankDeficient(column: j + 1)
        }
        let rss = b[n..<m].reduce(0) { $0 + $1 * $1 }
        return LeastSquaresSolution(coefficients: Array(b[0..<n]), residualSumOfSquares: rss)
    }
}
