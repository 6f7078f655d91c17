/// Running count, mean, variance, minimum and maximum of a stream of observations, in
/// constant memory.
///
/// Sums are kept of the deviations from a shift K, the first observation: Σ(x − K) and
/// Σ(x − K)², with M₂ = Σ(x − K)² − (Σ(x − K))²/n. This is the "shifted data" algorithm of
/// Chan, Golub and LeVeque ("Algorithms for Computing the Sample Variance", The American
/// Statistician, 1983): as accurate as Welford's update as long as K is a typical value, which
/// a first observation is, and it avoids the textbook Σx² − n·mean² whose cancellation loses
/// every digit when the values sit far from zero with a small spread. Unlike Welford's update
/// it divides nothing per observation: a simulation adds several waits per request, and the
/// division's latency was 3–4% of a run.
///
/// Two tallies merge with the pairwise formula of the same paper (Chan, Golub and LeVeque,
/// 1979), after which the merged tally is shifted by its mean, so that replications or windows
/// can be summarized apart and combined exactly.
public struct Tally: Sendable, Equatable, BitwiseCopyable {
    @usableFromInline var storedCount: Int
    /// K: the first observation, or the mean at the last merge.
    @usableFromInline var shift: Double
    /// Σ(x − K).
    @usableFromInline var shiftedSum: Double
    /// Σ(x − K)².
    @usableFromInline var shiftedSquares: Double
    @usableFromInline var runningSum: Double
    @usableFromInline var storedMin: Double
    @usableFromInline var storedMax: Double

    /// Creates an empty tally.
    public init() {
        storedCount = 0
        shift = 0
        shiftedSum = 0
        shiftedSquares = 0
        runningSum = 0
        storedMin = .infinity
        storedMax = -.infinity
    }

    /// A tally of `count` observations with the given mean and Σ(x − mean)², shifted by its
    /// mean: what a merge or a decoder produces.
    init(count: Int, mean: Double, sumOfSquaredDeviations: Double, sum: Double, min: Double, max: Double) {
        storedCount = count
        shift = mean
        shiftedSum = 0
        shiftedSquares = sumOfSquaredDeviations
        runningSum = sum
        storedMin = min
        storedMax = max
    }

    /// The number of observations.
    @inlinable
    public var count: Int { storedCount }

    /// The mean of the observations; 0 when there are none.
    @inlinable
    public var mean: Double { storedCount == 0 ? 0 : shift + shiftedSum / Double(storedCount) }

    /// Σ(x − mean)², Welford's M₂.
    @inlinable
    var sumOfSquaredDeviations: Double {
        storedCount == 0 ? 0 : Swift.max(0, shiftedSquares - shiftedSum * shiftedSum / Double(storedCount))
    }

    /// The sample variance (dividing by n − 1, unbiased); 0 with fewer than two observations.
    @inlinable
    public var variance: Double {
        storedCount < 2 ? 0 : sumOfSquaredDeviations / Double(storedCount - 1)
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
        if storedCount == 0 { shift = value }
        storedCount += 1
        let deviation = value - shift
        shiftedSum += deviation
        shiftedSquares += deviation * deviation
        runningSum += value
        if value < storedMin { storedMin = value }
        if value > storedMax { storedMax = value }
    }

    /// Whether two tallies summarize the same observations: same count, mean, M₂, sum,
    /// minimum and maximum, whatever shift each keeps its sums from.
    public static func == (lhs: Tally, rhs: Tally) -> Bool {
        lhs.storedCount == rhs.storedCount && lhs.mean == rhs.mean
            && lhs.sumOfSquaredDeviations == rhs.sumOfSquaredDeviations && lhs.runningSum == rhs.runningSum
            && lhs.storedMin == rhs.storedMin && lhs.storedMax == rhs.storedMax
    }

    /// Adds every observation of `other`, as if they had been added to `self` one by one.
    public mutating func merge(_ other: Tally) {
        guard other.storedCount > 0 else { return }
        guard storedCount > 0 else {
            self = other
            return
        }
        let ownWeight = Double(storedCount)
        let otherWeight = Double(other.storedCount)
        let total = ownWeight + otherWeight
        let ownMean = mean
        let delta = other.mean - ownMean
        self = Tally(
            count: storedCount + other.storedCount,
            mean: ownMean + delta * otherWeight / total,
            sumOfSquaredDeviations: sumOfSquaredDeviations + other.sumOfSquaredDeviations
                + delta * delta * ownWeight * otherWeight / total,
            sum: runningSum + other.runningSum,
            min: Swift.min(storedMin, other.storedMin),
            max: Swift.max(storedMax, other.storedMax))
    }
}
