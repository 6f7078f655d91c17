/// Requests counted per interval of a fixed length: what every import produces and what a
/// load profile file holds.
///
/// Counts are kept per interval, not per request: a week at one-minute resolution is 10,080
/// numbers whatever the traffic, and a Poisson process spread over each interval has the
/// trace's counts as its means exactly (what the simulator does with a trace). Intervals
/// without data (a log that stops, an exporter that missed a scrape) are *gaps*: their
/// count is 0 and they are listed in `gaps`, so that a forecast or a summary can tell
/// "no traffic" from "no data".
///
/// A per-request source imported with `--keep-request-times` also keeps each request's own
/// time (`requestTimes`), for exact replay; otherwise only the counts are kept, and importing
/// at `1s` resolution keeps arrivals to the second.
public struct LoadTrace: Sendable, Equatable {
    /// Seconds since 1970 (UTC) at which interval 0 starts.
    public var start: Double
    /// Seconds per interval.
    public var resolution: Double
    /// Requests per interval, summed over tenants; 0 in gaps.
    public var counts: [Double]
    /// Ranges of interval indexes with no data, ascending and disjoint.
    public var gaps: [Range<Int>]
    /// The tenants named by the source, in order of first appearance; empty when it names none.
    public var tenants: [String]
    /// `tenantCounts[tenant][interval]`, each as long as `counts`; empty without tenants.
    public var tenantCounts: [[Double]]
    /// The zone in which the trace's days and hours are read (summary, seasonality, rows).
    public var timeZone: TraceTimeZone
    /// Where the counts came from, for the profile file's header.
    public var source: TraceSource?
    /// Each request's time, when the import kept them; the counts are these requests binned.
    public var requestTimes: RequestTimes?

    public init(start: Double, resolution: Double, counts: [Double], gaps: [Range<Int>] = [], tenants: [String] = [],
                tenantCounts: [[Double]] = [], timeZone: TraceTimeZone, source: TraceSource? = nil, requestTimes: RequestTimes? = nil) {
        self.start = start
        self.resolution = resolution
        self.counts = counts
        self.gaps = gaps
        self.tenants = tenants
        self.tenantCounts = tenantCounts
        self.timeZone = timeZone
        self.source = source
        self.requestTimes = requestTimes
    }

    /// Seconds since 1970 at which the last interval ends.
    public var end: Double { start + resolution * Double(counts.count) }

    /// Seconds covered, gaps included.
    public var span: Double { resolution * Double(counts.count) }

    /// All requests in the trace.
    public var total: Double { counts.reduce(0, +) }

    /// Intervals that are in a gap.
    public var gapIntervals: Int { gaps.reduce(0) { $0 + $1.count } }

    /// Whether interval `index` has data.
    ///
    /// - Complexity: O(log gaps).
    public func hasData(at index: Int) -> Bool {
        var low = 0, high = gaps.count
        while low < high {
            let middle = (low + high) / 2
            if gaps[middle].upperBound <= index { low = middle + 1 } else { high = middle }
        }
        return low == gaps.count || !gaps[low].contains(index)
    }

    /// The trace summed into intervals `factor` times longer: an interval of the result is a
    /// gap only when all of its parts were, and the result starts where this trace starts.
    ///
    /// - Complexity: O(intervals × (1 + tenants)).
    public func rebinned(by factor: Int) -> LoadTrace {
        precondition(factor >= 1)
        if factor == 1 { return self }
        let count = (counts.count + factor - 1) / factor
        func sum(_ values: [Double]) -> [Double] {
            var result = [Double](repeating: 0, count: count)
            for (index, value) in values.enumerated() { result[index / factor] += value }
            return result
        }
        var present = [Bool](repeating: false, count: count)
        for index in counts.indices where hasData(at: index) { present[index / factor] = true }
        var copy = self
        copy.resolution = resolution * Double(factor)
        copy.counts = sum(counts)
        copy.tenantCounts = tenantCounts.map(sum)
        copy.gaps = Self.gaps(fromPresence: present)
        return copy
    }

    /// The intervals `[from, to)` of this trace as a trace of their own.
    public func slice(_ range: Range<Int>) -> LoadTrace {
        var copy = self
        copy.start = start + Double(range.lowerBound) * resolution
        copy.counts = Array(counts[range])
        copy.tenantCounts = tenantCounts.map { Array($0[range]) }
        copy.requestTimes = requestTimes?.slice(from: Double(range.lowerBound) * resolution, to: Double(range.upperBound) * resolution)
        copy.gaps = gaps.compactMap { gap in
            let low = max(gap.lowerBound, range.lowerBound), high = min(gap.upperBound, range.upperBound)
            return low < high ? (low - range.lowerBound)..<(high - range.lowerBound) : nil
        }
        return copy
    }

    /// Gap ranges from a per-interval presence flag.
    public static func gaps(fromPresence present: [Bool]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var open: Int?
        for (index, flag) in present.enumerated() {
            if !flag, open == nil { open = index }
            if flag, let low = open { result.append(low..<index); open = nil }
        }
        if let low = open { result.append(low..<present.count) }
        return result
    }
}

/// The file a trace was imported from.
public struct TraceSource: Sendable, Equatable {
    /// The file's name as given on the command line.
    public var file: String
    /// Hex SHA-256 of the file's bytes as stored (compressed, if it was).
    public var sha256: String
    /// The import format (`counts`, `series`, `requests`, `nginx`, `apache`, `prometheus`).
    public var format: String

    public init(file: String, sha256: String, format: String) {
        self.file = file
        self.sha256 = sha256
        self.format = format
    }
}
