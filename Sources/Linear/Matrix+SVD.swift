import CLapack

/// The answer of ``Matrix/minimumNormLeastSquares(_:relativeConditionLimit:)``.
public struct MinimumNormSolution: Sendable, Hashable {
    /// The β of smallest ‖β‖ among those minimising ‖Xβ − y‖², one entry per column of X.
    /// When X has full effective rank this is the ordinary least-squares solution.
    public var coefficients: [Double]
    /// The singular values of X, largest first (min(rows, columns) of them).
    public var singularValues: [Double]
    /// The number of singular values above `relativeConditionLimit` × the largest: the
    /// dimension of the column space the fit could resolve.
    public var effectiveRank: Int
    /// ‖Xβ − y‖² at the solution.
    public var residualSumOfSquares: Double

    /// σ₁ / σₙ, the 2-norm condition number of X (infinity when the smallest singular
    /// value is 0; 1 for an empty matrix).
    /// - Complexity: O(1).
    public var conditionNumber: Double {
        guard let largest = singularValues.first, let smallest = singularValues.last else { return 1 }
        return smallest > 0 ? largest / smallest : .infinity
    }
}

extension Matrix {
    /// The minimum-norm least-squares fit of y on the columns of X (`self`), by LAPACK
    /// `dgelsd` (a singular value decomposition by divide and conquer).
    ///
    /// Why beside ``leastSquares(_:)``: `dgels` (QR) assumes full column rank and, on a
    /// design whose columns are nearly dependent, returns huge coefficients of opposite sign
    /// that fit the noise. `dgelsd` treats every singular value below
    /// `relativeConditionLimit` × σ₁ as zero (LAPACK's RCOND), so the answer stays bounded,
    /// and it reports what the data could resolve: the effective rank and the singular values,
    /// whose ratio σ₁/σₙ is the condition number the caller can judge the fit by. A calibration
    /// whose samples all share one complexity, for instance, can fix `cpu_base + 25 ×
    /// cpu_per_point` but not the two apart: rank 1 of 2.
    ///
    /// The residual sum of squares is computed from the solution (‖Xβ − y‖² with a copy of
    /// X), because `dgelsd`, unlike `dgels`, leaves no residual in the right-hand side when
    /// the rank is deficient.
    /// - Parameter relativeConditionLimit: RCOND, in (0, 1); 1e-8 means a condition number
    ///   beyond 10⁸ counts as rank deficiency (the QR fit would lose more than half of the
    ///   16 digits of a `Double`).
    /// - Throws: ``LinearError/dimensionMismatch(operation:detail:)`` when `y.count != rows`,
    ///   ``LinearError/nonFinite(operation:)``, ``LinearError/invalidArgument(operation:detail:)``
    ///   for a limit outside (0, 1), ``LinearError/lapackFailure(routine:info:)`` when the SVD
    ///   does not converge (INFO > 0).
    /// - Complexity: O(m · n · min(m, n)) floating-point operations for an m × n design.
    public func minimumNormLeastSquares(
        _ y: [Double], relativeConditionLimit: Double = 1e-8
    ) throws(LinearError) -> MinimumNormSolution {
        let operation = "minimum-norm least squares"
        let (m, n) = (rows, columns)
        guard y.count == m else {
            throw .dimensionMismatch(
                operation: operation,
                detail: "design matrix has \(m) rows, observation vector has \(y.count) elements")
        }
        guard relativeConditionLimit > 0, relativeConditionLimit < 1 else {
            throw .invalidArgument(operation: operation, detail: "relative condition limit must be in (0, 1), not \(relativeConditionLimit)")
        }
        guard isFinite, y.allSatisfy({ $0.isFinite }) else { throw .nonFinite(operation: operation) }
        guard m > 0, n > 0 else {
            return MinimumNormSolution(
                coefficients: [Double](repeating: 0, count: n), singularValues: [], effectiveRank: 0,
                residualSumOfSquares: y.reduce(0) { $0 + $1 * $1 })
        }
        var a = storage
        // B must hold max(m, n) rows: the n coefficients come back in its first rows.
        let ldbCount = Swift.max(m, n)
        var b = y + [Double](repeating: 0, count: ldbCount - m)
        var singular = [Double](repeating: 0, count: Swift.min(m, n))
        var rank: capsim_lapack_int = 0
        let (lm, ln) = (try lapackInt(m), try lapackInt(n))
        let lda = try lapackInt(leadingDimension)
        let ldb = try lapackInt(ldbCount)
        let info = a.withUnsafeMutableBufferPointer { ap in
            b.withUnsafeMutableBufferPointer { bp in
                singular.withUnsafeMutableBufferPointer { sp in
                    LAPACKE_dgelsd(
                        LAPACK_COL_MAJOR, lm, ln, 1, ap.baseAddress, lda, bp.baseAddress, ldb,
                        sp.baseAddress, relativeConditionLimit, &rank)
                }
            }
        }
        if info != 0 { throw .lapackFailure(routine: "LAPACKE_dgelsd", info: Int(info)) }
        let coefficients = Array(b[0..<n])
        let fitted = try multiplied(by: coefficients)
        var rss = 0.0
        for i in 0..<m { rss += (y[i] - fitted[i]) * (y[i] - fitted[i]) }
        return MinimumNormSolution(
            coefficients: coefficients, singularValues: singular, effectiveRank: Int(rank), residualSumOfSquares: rss)
    }
}
