/// A per-minute series cut into at most one bucket per pixel column, for drawing.
///
/// A week is 10,080 minutes and a chart about a thousand pixels wide: drawing every
/// minute would put ten points in each column and make the file ten times larger for
/// nothing the eye can see. Each bucket keeps the mean of its minutes (the line) and
/// their least and greatest value (the envelope drawn behind it), so that a one-minute
/// spike that a mean would flatten still shows. Minutes without a value (latency in a
/// minute nothing finished) are skipped; a bucket with none is a gap in the line.
struct Downsampled: Sendable {
    /// One bucket: the span of minutes it covers and the statistics of its values.
    struct Bucket: Sendable {
        /// The first minute of the bucket.
        var start: Double
        /// The minute after its last.
        var end: Double
        var mean: Double?
        var minimum: Double?
        var maximum: Double?

        /// The middle of the bucket: where its point is drawn.
        var center: Double { (start + end) / 2 }
    }

    let buckets: [Bucket]
    /// Minutes per bucket (the last may hold fewer).
    let minutesPerBucket: Int

    /// `values[i]` is minute i's value; `columns` the most buckets wanted.
    ///
    /// - Complexity: O(`values.count`).
    init(_ values: [Double?], columns: Int) {
        let size = max(1, (values.count + max(1, columns) - 1) / max(1, columns))
        minutesPerBucket = size
        var buckets: [Bucket] = []
        buckets.reserveCapacity(values.count / size + 1)
        var index = 0
        while index < values.count {
            let end = min(values.count, index + size)
            var sum = 0.0
            var count = 0
            var low = Double.infinity
            var high = -Double.infinity
            for value in values[index..<end] {
                guard let value, value.isFinite else { continue }
                sum += value
                count += 1
                low = min(low, value)
                high = max(high, value)
            }
            buckets.append(Bucket(start: Double(index), end: Double(end), mean: count > 0 ? sum / Double(count) : nil,
                                  minimum: count > 0 ? low : nil, maximum: count > 0 ? high : nil))
            index = end
        }
        self.buckets = buckets
    }

    /// The value each bucket contributes for a reduction.
    func values(_ reduction: Reduction) -> [Double?] {
        switch reduction {
        case .mean: buckets.map(\.mean)
        case .minimum: buckets.map(\.minimum)
        case .maximum: buckets.map(\.maximum)
        }
    }

    /// How a bucket is reduced to the one value drawn.
    enum Reduction: Sendable {
        /// The mean of its minutes: rates and utilizations.
        case mean
        /// The least: droplets in rotation, so that a dip is not hidden.
        case minimum
        /// The greatest: droplets counted, what is billed.
        case maximum
    }
}
