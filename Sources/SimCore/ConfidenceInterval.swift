/// A confidence interval on a mean: mean ± halfWidth at a confidence level.
///
/// Meant for independent observations, typically one value per replication: observations
/// within one run are correlated and would give an interval far too narrow.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    /// The sample mean; 0 when there are no observations.
    public let mean: Double
    /// Half the interval's width; `nil` with fewer than two observations, where no spread can
    /// be estimated.
    public let halfWidth: Double?
    /// The confidence level, for example 0.95.
    public let level: Double
    /// The number of observations.
    public let count: Int

    /// The lower end, `mean − halfWidth`.
    public var lower: Double? { halfWidth.map { mean - $0 } }

    /// The upper end, `mean + halfWidth`.
    public var upper: Double? { halfWidth.map { mean + $0 } }

    public init(mean: Double, halfWidth: Double?, level: Double, count: Int) {
        self.mean = mean
        self.halfWidth = halfWidth
        self.level = level
        self.count = count
    }

    /// The Student-t interval mean ± t₍₁₊level₎/₂,ₙ₋₁ · s/√n, exact for normal observations and
    /// a fair approximation for means of replications by the central limit theorem.
    public static func studentT(_ values: [Double], level: Double = 0.95) -> ConfidenceInterval {
        precondition(level > 0 && level < 1, "A confidence level must be in (0, 1), not \(level)")
        var tally = Tally()
        for value in values { tally.add(value) }
        guard tally.count >= 2 else {
            return ConfidenceInterval(mean: tally.mean, halfWidth: nil, level: level, count: tally.count)
        }
        let critical = StudentT.quantile((1 + level) / 2, degreesOfFreedom: tally.count - 1)
        let standardError = tally.standardDeviation / Double(tally.count).squareRoot()
        return ConfidenceInterval(mean: tally.mean, halfWidth: critical * standardError, level: level, count: tally.count)
    }
}
