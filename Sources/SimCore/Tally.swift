/// Running count, mean, variance, minimum and maximum of a stream of observations, in
/// constant memory.
///
/// Uses Welford's update (Technometrics, 1962), which stays accurate where the textbook
/// Σx² − n·mean² cancels catastrophically (values far from zero with a small spread), and
/// merges two tallies with the pairwise formula of Chan, Golub and LeVeque (1979), so that
/// replications or windows can be summarized apart and combined exactly.
public struct Tally: Sendable, Equatable {
    @usableFromInline var storedCount: Int
    @usableFromInline var runningMean: Double
    /// Σ(x − mean)², Welford's M₂.
    @usableFromInline var sumOfSquaredDeviations: Double
    @usableFromInline var runningSum: Double
    @usableFromInline var storedMin: Double
    @usableFromInline var storedMax: Double

    /// Creates an empty tally.
    public init() {
        storedCount = 0
        runningMean = 0
        sumOfSquaredDeviations = 0
        runningSum = 0
        storedMin = .infinity
        storedMax = -.infinity
    }

    /// The number of observations.
    @inlinable
    public var count: Int { storedCount }

    /// The mean of the observations; 0 when there are none.
    @inlinable
    public var mean: Double { runningMean }

    /// The sample variance (dividing by n − 1, unbiased); 0 with fewer than two observations.
    @inlinable
    public var variance: Double {
        storedCount < 2 ? 0 : Swift.max(0, sumOfSquaredDeviations / Double(storedCount - 1))
    }

    /// The sample standard deviation.
    @inlinable
    public var standardDeviation: Double { variance.squareRoot() }

    /// The smallest observation; `+infinity` when there are none.
    @inlinable
    public var min: Double { storedMin }

    /// The largest observation; `-infinity` when there are none.
    @inlinable
    public var max: Double { storedMax }

    /// The sum of the observations, accumulated directly rather than as count × mean.
    @inlinable
    public var sum: Double { runningSum }

    /// Adds one observation.
    @inlinable
    public mutating func add(_ value: Double) {
        storedCount += 1
        let delta = value - runningMean
        runningMean += delta / Double(storedCount)
        sumOfSquaredDeviations += delta * (value - runningMean)
        runningSum += value
        if value < storedMin { storedMin = value }
        if value > storedMax { storedMax = value }
    }

    /// Adds every observation of `other`, as if they had been added to `self` one by one.
    public mutating func merge(_ other: Tally) {
        guard other.storedCount > 0 else { return }
        guard storedCount > 0 else {
            self = other
            return
        }
        let total = Double(storedCount + other.storedCount)
        let delta = other.runningMean - runningMean
        let ownWeight = Double(storedCount)
        let otherWeight = Double(other.storedCount)
        runningMean += delta * otherWeight / total
        sumOfSquaredDeviations += other.sumOfSquaredDeviations + delta * delta * ownWeight * otherWeight / total
        storedCount += other.storedCount
        runningSum += other.runningSum
        storedMin = Swift.min(storedMin, other.storedMin)
        storedMax = Swift.max(storedMax, other.storedMax)
    }
}
