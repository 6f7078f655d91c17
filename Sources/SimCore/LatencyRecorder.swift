import Histogram

/// Records latencies and answers percentile questions in constant memory.
///
/// Backed by an HdrHistogram (Gil Tene's High Dynamic Range Histogram) counting whole
/// microseconds from 1 µs to 1 hour, with a relative precision of 2 or 3 significant digits,
/// so memory is fixed whatever the number of values and two recorders merge exactly, across
/// replications or time windows. The API speaks seconds, like the rest of the kernel.
///
/// Zero, negative and NaN values are counted as exact zeros beside the histogram: waits are
/// mostly zero, and a zero costs only a counter increment and keeps P(wait) exact. Positive
/// values below 1 µs are recorded as 1 µs and values above 1 hour as 1 hour: clamping keeps
/// the count right instead of dropping the value. The mean and the maximum are kept exactly, over the
/// clamped values, beside the histogram, rather than read back from its buckets.
public struct LatencyRecorder: Sendable {
    @usableFromInline var histogram: Histogram<UInt64>
    @usableFromInline var sumOfSeconds: Double
    @usableFromInline var largestSeconds: Double
    @usableFromInline var zeros: UInt64
    /// An empty histogram sharing its storage with every reset: assigning it is O(1), and the
    /// next record copies the counts with a plain memory copy, where `Histogram.reset()`
    /// clears them one by one through unspecialized generic code.
    let empty: Histogram<UInt64>

    /// The smallest value kept apart from its neighbours: 1 µs.
    @inlinable
    static var lowestSeconds: Double { 1e-6 }

    /// The largest value kept: 1 hour.
    @inlinable
    static var highestSeconds: Double { 3600 }

    /// Creates an empty recorder with `significantDigits` (1, 2 or 3) of relative precision.
    ///
    /// Three digits cost about 180 KiB per recorder, two about 23 KiB and one about 3 KiB.
    /// Percentile queries and resets walk the whole histogram, so a recorder that is read and
    /// reset often (a per-minute series) wants one digit; use two per window or per class.
    ///
    /// - Complexity: O(size of the histogram) to allocate it.
    public init(significantDigits: Int = 3) {
        precondition((1...3).contains(significantDigits),
                     "significantDigits must be 1, 2 or 3, not \(significantDigits)")
        histogram = Histogram<UInt64>(
            lowestDiscernibleValue: 1,
            highestTrackableValue: 3_600_000_000,
            numberOfSignificantValueDigits: significantDigits == 1 ? .one : significantDigits == 2 ? .two : .three
        )
        empty = histogram
        sumOfSeconds = 0
        largestSeconds = 0
        zeros = 0
    }

    /// Records one latency, in seconds.
    ///
    /// - Complexity: O(1), no allocation.
    @inlinable
    public mutating func record(_ seconds: Double) {
        // Written so that NaN counts as a zero.
        guard seconds > 0 else {
            zeros &+= 1
            return
        }
        let clamped = seconds >= Self.lowestSeconds ? Swift.min(seconds, Self.highestSeconds) : Self.lowestSeconds
        histogram.record(Self.wholeMicroseconds(clamped))
        sumOfSeconds += clamped
        if clamped > largestSeconds { largestSeconds = clamped }
    }

    /// `seconds` in whole microseconds, rounded half away from zero like `rounded()`.
    ///
    /// `rounded()` is a call into the C library's `round` on x86-64's baseline instruction
    /// set, and every completed request records four or five latencies. In the clamped range
    /// (1 to 3.6 × 10⁹ µs, below 2⁵²) truncation and the subtraction are exact, so this gives
    /// the same integer.
    @inlinable
    @inline(__always)
    static func wholeMicroseconds(_ seconds: Double) -> UInt64 {
        let microseconds = seconds * 1e6
        let whole = UInt64(microseconds)
        return microseconds - Double(whole) >= 0.5 ? whole &+ 1 : whole
    }

    /// Adds every value recorded by `other`, as if recorded into `self`.
    ///
    /// Both recorders must have the same number of significant digits.
    ///
    /// - Complexity: O(size of the histogram).
    public mutating func merge(_ other: LatencyRecorder) {
        histogram.add(other.histogram)
        zeros += other.zeros
        sumOfSeconds += other.sumOfSeconds
        largestSeconds = Swift.max(largestSeconds, other.largestSeconds)
    }

    /// Forgets every recorded value, keeping the storage: used at the end of a warm-up.
    ///
    /// - Complexity: O(size of the histogram).
    public mutating func reset() {
        histogram = empty
        zeros = 0
        sumOfSeconds = 0
        largestSeconds = 0
    }

    /// The number of recorded values.
    ///
    /// - Complexity: O(1).
    public var count: Int { Int(histogram.totalCount + zeros) }

    /// The number of values recorded as zero.
    ///
    /// - Complexity: O(1).
    public var zeroCount: Int { Int(zeros) }

    /// The relative precision, 1, 2 or 3 significant digits: two recorders merge only when
    /// theirs are the same.
    ///
    /// - Complexity: O(1).
    public var significantDigits: Int { Int(histogram.numberOfSignificantValueDigits.rawValue) }

    /// Bytes the recorder's histogram holds (about 180 KiB at three significant digits).
    public var estimatedBytes: Int { histogram.estimatedFootprintInBytes }

    /// Whether nothing has been recorded.
    ///
    /// - Complexity: O(1).
    public var isEmpty: Bool { histogram.totalCount == 0 && zeros == 0 }

    /// The value at percentile `p` (0 to 100, clamped), in seconds; 0 when empty.
    ///
    /// The answer is the top of the histogram bucket holding that rank, so it errs on the high
    /// side by less than the bucket's relative width (about 0.1% at three digits).
    ///
    /// - Complexity: O(size of the histogram).
    public func percentile(_ p: Double) -> Double {
        percentiles([p])[0]
    }

    /// The values at several percentiles (0 to 100, any order), in seconds, in one pass.
    ///
    /// Same answers as HdrHistogram's `valueAtPercentile`, but one walk over the recorded
    /// buckets serves every percentile, through the histogram's inlinable iterator: the
    /// per-minute series asks for p50, p95 and p99 every simulated minute.
    ///
    /// - Complexity: O(size of the histogram + `ps.count` × log(`ps.count`)).
    public func percentiles(_ ps: [Double]) -> [Double] {
        var results = [Double](repeating: 0, count: ps.count)
        guard !isEmpty, histogram.totalCount > 0 else { return results }
        // P(X ≤ x) = z + (1 − z)·H(x), with z the share of zeros and H the histogram's CDF.
        let zeroShare = Double(zeros) / Double(count)
        let total = Double(histogram.totalCount)
        // The rank in the histogram that each percentile needs, as valueAtPercentile computes it.
        var pending: [(rank: UInt64, index: Int)] = []
        for (index, p) in ps.enumerated() {
            let clamped = Swift.min(Swift.max(p, 0), 100)
            guard clamped / 100 > zeroShare else { continue }
            let within = Swift.min(100, (clamped / 100 - zeroShare) / (1 - zeroShare) * 100)
            if within >= 100 {
                results[index] = Double(histogram.maxRecorded) / 1e6
                continue
            }
            let requested = Swift.min(Swift.max(within.nextDown, 0), 100)
            pending.append((Swift.max(1, UInt64((requested * total / 100).rounded(.up))), index))
        }
        guard !pending.isEmpty else { return results }
        pending.sort { $0.rank < $1.rank }
        var next = 0
        let smallest = histogram.min, largest = histogram.maxRecorded
        for bucket in histogram.recordedValues() {
            while next < pending.count && bucket.totalCountToThisValue >= pending[next].rank {
                results[pending[next].index] = Double(Swift.max(Swift.min(bucket.value, largest), smallest)) / 1e6
                next += 1
            }
            if next == pending.count { break }
        }
        return results
    }

    /// The exact mean of the recorded values, in seconds; 0 when empty.
    ///
    /// - Complexity: O(1).
    public var mean: Double {
        isEmpty ? 0 : sumOfSeconds / Double(count)
    }

    /// The exact largest recorded value, in seconds; 0 when empty.
    ///
    /// - Complexity: O(1).
    public var max: Double { largestSeconds }

    /// The fraction of recorded values at or below `seconds`, for example the share of
    /// values that met a latency objective; 1 when empty.
    ///
    /// Values in the same histogram bucket as `seconds` count as at or below it.
    ///
    /// - Complexity: O(size of the histogram).
    public func fraction(atOrBelow seconds: Double) -> Double {
        guard !isEmpty else { return 1 }
        guard seconds >= 0 else { return 0 }
        let total = Double(count)
        guard seconds >= Self.lowestSeconds, histogram.totalCount > 0 else { return Double(zeros) / total }
        let clamped = Swift.min(seconds, Self.highestSeconds)
        let inHistogram = histogram.percentileAtOrBelowValue(UInt64((clamped * 1e6).rounded())) / 100
        return (Double(zeros) + inHistogram * Double(histogram.totalCount)) / total
    }
}
