import Foundation
import Linear
import SimCore

/// A linear least-squares fit y ≈ Xβ with the statistics a user needs to judge it:
/// standard errors, Student-t confidence intervals, R², residuals and a significance verdict.
///
/// How it solves: the design's singular values come first (LAPACK `dgelsd`, through
/// ``Linear/Matrix/minimumNormLeastSquares(_:relativeConditionLimit:)``). When X has full
/// effective rank, i.e. its condition number σ₁/σₙ is at most ``conditionLimit`` (10⁸), the
/// coefficients are the QR solution of `dgels` (``Linear/Matrix/leastSquares(_:)``) and the
/// covariance is σ̂² (XᵀX)⁻¹ through a Cholesky factor; at 10⁸ the normal matrix XᵀX has a
/// condition number of 10¹⁶, the limit of a `Double`, which is why the threshold sits there.
/// Beyond it the coefficients are `dgelsd`'s minimum-norm solution, which stays bounded but is
/// one choice among infinitely many equally good ones: the fit reports the effective rank, gives
/// no standard errors and calls no coefficient significant.
///
/// The intervals are β̂ⱼ ± t₀.₉₇₅,ₙ₋ₚ · se(β̂ⱼ) (for the default 95% level), the textbook
/// interval under independent, equal-variance, normal errors (e.g. Montgomery, Peck & Vining,
/// *Introduction to Linear Regression Analysis*, 5th ed., §3.4.1); Student's t comes from
/// `SimCore.StudentT`. A coefficient is significant when its interval excludes 0.
///
/// What it deliberately does not do: weights, robust errors or outlier removal. Latency
/// samples with queueing in them break the equal-variance assumption; the caller warns.
public struct LinearFit: Sendable, Equatable {
    /// One fitted coefficient.
    public struct Coefficient: Sendable, Equatable {
        /// The regressor's name, e.g. `cpu_base`.
        public var name: String
        /// β̂ⱼ, in the unit of the observations per unit of the regressor.
        public var estimate: Double
        /// √(σ̂² [(XᵀX)⁻¹]ⱼⱼ); nil when the design is rank-deficient or n = p.
        public var standardError: Double?
        /// The confidence interval's ends; nil with the standard error.
        public var lower: Double?
        public var upper: Double?

        /// Whether the interval excludes 0 (false without an interval).
        public var isSignificant: Bool {
            guard let lower, let upper else { return false }
            return lower > 0 || upper < 0
        }
    }

    /// How the coefficients were obtained.
    public enum Method: String, Sendable, Equatable {
        /// Householder QR (`dgels`), full rank.
        case qr
        /// SVD minimum norm (`dgelsd`), rank-deficient or ill-conditioned design.
        case minimumNorm = "minimum-norm"
    }

    /// Condition numbers above this count as rank deficiency (the RCOND given to `dgelsd` is
    /// its inverse).
    public static let conditionLimit = 1e8

    public var coefficients: [Coefficient]
    /// Observations n.
    public var sampleCount: Int
    /// n − p, the residual degrees of freedom.
    public var degreesOfFreedom: Int
    /// The confidence level of the intervals, e.g. 0.95.
    public var level: Double
    /// 1 − RSS / TSS about the mean of y; nil when every observation is equal (TSS = 0).
    /// With an intercept in X this is the usual R²; without one, read it with care.
    public var rSquared: Double?
    /// yᵢ − ŷᵢ, in the order of the observations.
    public var residuals: [Double]
    /// σ̂ = √(RSS / (n − p)); nil when n = p.
    public var residualStandardError: Double?
    /// σ₁/σₙ of X.
    public var conditionNumber: Double
    /// Effective rank of X (equal to p unless the method is minimum norm).
    public var rank: Int
    public var method: Method

    /// Fits `observations` on the columns of `design`, one name per column.
    /// - Throws: ``Linear/LinearError`` for mismatched shapes, non-finite input, fewer
    ///   observations than coefficients, or a LAPACK failure.
    /// - Complexity: O(n p²) for n observations and p coefficients, plus O(p³).
    public init(design: Matrix, observations: [Double], names: [String], level: Double = 0.95) throws(LinearError) {
        let (n, p) = (design.rows, design.columns)
        guard names.count == p else {
            throw .dimensionMismatch(operation: "linear fit", detail: "\(p) columns but \(names.count) names")
        }
        guard level > 0, level < 1 else {
            throw .invalidArgument(operation: "linear fit", detail: "confidence level must be in (0, 1), not \(level)")
        }
        guard n >= p else { throw .underdetermined(rows: n, columns: p) }
        let svd = try design.minimumNormLeastSquares(observations, relativeConditionLimit: 1 / Self.conditionLimit)
        self.sampleCount = n
        self.degreesOfFreedom = n - p
        self.level = level
        self.conditionNumber = svd.conditionNumber
        self.rank = svd.effectiveRank

        let estimates: [Double]
        let rss: Double
        var covarianceDiagonal: [Double]? = nil
        if svd.effectiveRank == p {
            let qr = try design.leastSquares(observations)
            estimates = qr.coefficients
            rss = qr.residualSumOfSquares
            method = .qr
            if n > p {
                let normal = try design.multiplied(by: design, transposingSelf: true)
                let inverse = try CholeskyFactor(normal).solve(Matrix.identity(p))
                let variance = rss / Double(n - p)
                covarianceDiagonal = (0..<p).map { variance * inverse[$0, $0] }
            }
        } else {
            estimates = svd.coefficients
            rss = svd.residualSumOfSquares
            method = .minimumNorm
        }
        let fitted = try design.multiplied(by: estimates)
        residuals = zip(observations, fitted).map { $0 - $1 }
        residualStandardError = n > p ? (rss / Double(n - p)).squareRoot() : nil
        let mean = observations.reduce(0, +) / Double(Swift.max(n, 1))
        let total = observations.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        rSquared = total > 0 ? 1 - rss / total : nil

        let critical = n > p ? StudentT.quantile((1 + level) / 2, degreesOfFreedom: n - p) : .nan
        coefficients = (0..<p).map { j in
            guard let diagonal = covarianceDiagonal else {
                return Coefficient(name: names[j], estimate: estimates[j], standardError: nil, lower: nil, upper: nil)
            }
            let se = Swift.max(diagonal[j], 0).squareRoot()
            return Coefficient(
                name: names[j], estimate: estimates[j], standardError: se,
                lower: estimates[j] - critical * se, upper: estimates[j] + critical * se)
        }
    }

    /// Whether every coefficient's interval excludes 0.
    public var isSignificant: Bool { coefficients.allSatisfy(\.isSignificant) }

    /// The `count` residuals of largest magnitude with their observation index (from 0),
    /// largest first; ties in index order.
    /// - Complexity: O(n log n).
    public func largestResiduals(_ count: Int) -> [(index: Int, residual: Double)] {
        residuals.enumerated()
            .sorted { abs($0.element) != abs($1.element) ? abs($0.element) > abs($1.element) : $0.offset < $1.offset }
            .prefix(Swift.max(count, 0))
            .map { ($0.offset, $0.element) }
    }

    /// Minimum, quartiles and maximum of the residuals (empty input: all 0).
    /// - Complexity: O(n log n).
    public var residualQuartiles: [Double] {
        let sorted = residuals.sorted()
        guard !sorted.isEmpty else { return [0, 0, 0, 0, 0] }
        func at(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let low = Int(position.rounded(.down))
            let high = Swift.min(low + 1, sorted.count - 1)
            return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
        }
        return [sorted[0], at(0.25), at(0.5), at(0.75), sorted[sorted.count - 1]]
    }
}
