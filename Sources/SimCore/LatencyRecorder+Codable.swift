import Histogram

// A recorder travels as the buckets it filled, not as the histogram's whole counts array
// (about 23,000 counts at three significant digits, most of them zero): a replication's
// dozen recorders then take a few kilobytes in a shard's file, not a megabyte.
//
// Decoding records each bucket's count again at a value of that bucket, so the counts, the
// total and the exact minimum and maximum come back as they were: a decoded recorder
// answers every percentile as the original did and merges into the same histogram.

extension LatencyRecorder: Codable {
    enum CodingKeys: String, CodingKey {
        case significantDigits, zeroCount, sumSeconds, maxSeconds
        case minMicroseconds, maxMicroseconds, bucketMicroseconds, bucketCounts
    }

    /// Writes the precision, the exact zero count, sum and maximum, and the filled buckets:
    /// each bucket's lowest value in microseconds beside its count, in rising order.
    ///
    /// - Complexity: O(size of the histogram).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(significantDigits, forKey: .significantDigits)
        try container.encode(zeros, forKey: .zeroCount)
        try container.encode(sumOfSeconds, forKey: .sumSeconds)
        try container.encode(largestSeconds, forKey: .maxSeconds)
        var values: [UInt64] = [], counts: [UInt64] = []
        for bucket in histogram.recordedValues() {
            values.append(histogram.lowestEquivalentForValue(bucket.value))
            counts.append(bucket.count)
        }
        if !values.isEmpty {
            // The bucket values are not the recorded extremes, which percentiles clamp to.
            try container.encode(histogram.min, forKey: .minMicroseconds)
            try container.encode(histogram.maxRecorded, forKey: .maxMicroseconds)
        }
        try container.encode(values, forKey: .bucketMicroseconds)
        try container.encode(counts, forKey: .bucketCounts)
    }

    /// Reads what `encode(to:)` wrote; throws when the buckets are not in rising order, fall
    /// outside the recorder's range (1 µs to 1 hour), or do not hold the minimum and maximum.
    ///
    /// - Complexity: O(size of the histogram), to allocate it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let digits = try container.decode(Int.self, forKey: .significantDigits)
        guard (1...3).contains(digits) else {
            throw DecodingError.dataCorruptedError(forKey: .significantDigits, in: container,
                                                   debugDescription: "significantDigits must be 1, 2 or 3, not \(digits)")
        }
        self.init(significantDigits: digits)
        zeros = try container.decode(UInt64.self, forKey: .zeroCount)
        sumOfSeconds = try container.decode(Double.self, forKey: .sumSeconds)
        largestSeconds = try container.decode(Double.self, forKey: .maxSeconds)
        let values = try container.decode([UInt64].self, forKey: .bucketMicroseconds)
        let counts = try container.decode([UInt64].self, forKey: .bucketCounts)
        func corrupt(_ why: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: .bucketMicroseconds, in: container, debugDescription: why)
        }
        guard values.count == counts.count else { throw corrupt("\(values.count) bucket values but \(counts.count) counts") }
        guard let first = values.first, let last = values.last else { return }
        let smallest = try container.decode(UInt64.self, forKey: .minMicroseconds)
        let largest = try container.decode(UInt64.self, forKey: .maxMicroseconds)
        guard histogram.valuesAreEquivalent(first, smallest), histogram.valuesAreEquivalent(last, largest), smallest <= largest else {
            throw corrupt("the minimum \(smallest) µs and maximum \(largest) µs are not in the first and last buckets")
        }
        var previous: UInt64?
        for (value, count) in zip(values, counts) {
            guard count > 0, previous.map({ $0 < value && !histogram.valuesAreEquivalent($0, value) }) ?? true else {
                throw corrupt("buckets must rise and hold a count each, found \(value) µs × \(count)")
            }
            previous = value
            guard value >= 1 else { throw corrupt("\(value) µs is outside the recorder's range, 1 µs to 1 hour") }
            // Recording the extremes themselves in their buckets restores them exactly.
            var recorded = true
            switch (histogram.valuesAreEquivalent(value, smallest), histogram.valuesAreEquivalent(value, largest)) {
            case (true, true) where count == 1:
                recorded = histogram.record(largest, count: 1)
            case (true, true):
                recorded = histogram.record(smallest, count: count - 1) && histogram.record(largest, count: 1)
            case (true, false):
                recorded = histogram.record(smallest, count: count)
            case (false, true):
                recorded = histogram.record(largest, count: count)
            case (false, false):
                recorded = histogram.record(value, count: count)
            }
            guard recorded else { throw corrupt("\(value) µs is outside the recorder's range, 1 µs to 1 hour") }
        }
    }
}

extension LatencyRecorder: Equatable {
    /// Whether two recorders hold the same values: the same precision, bucket counts, zeros,
    /// exact sum, minimum and maximum.
    ///
    /// - Complexity: O(size of the histogram).
    public static func == (lhs: LatencyRecorder, rhs: LatencyRecorder) -> Bool {
        lhs.zeros == rhs.zeros && lhs.sumOfSeconds == rhs.sumOfSeconds && lhs.largestSeconds == rhs.largestSeconds
            && lhs.histogram == rhs.histogram && lhs.histogram.min == rhs.histogram.min
            && lhs.histogram.maxRecorded == rhs.histogram.maxRecorded
    }
}
