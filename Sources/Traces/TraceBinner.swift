import YAMLSupport

/// Collects timed counts from a parser and sums them into intervals of the profile's
/// resolution.
///
/// Order does not matter to a sum, so records out of order are binned where they belong
/// and only counted. Which intervals have *data* comes from `covered` ranges: the spans a
/// source vouches for (each row of a series covers one step; a per-request log covers the
/// span from its first to its last request). An interval that no range touches is a gap.
struct TraceBinner {
    /// Seconds since 1970, requests, tenant index (−1 for none): parallel arrays, so that a
    /// file of millions of records costs 20 bytes each.
    private(set) var times: [Double] = []
    private(set) var counts: [Double] = []
    private(set) var tenantIndexes: [Int32] = []
    /// Spans with data, seconds since 1970, half-open.
    var covered: [(start: Double, end: Double)] = []
    var tenantNames: [String] = []
    private var tenantLookup: [String: Int32] = [:]
    private var latest = -Double.infinity
    /// The zone the source's timestamps declared (the first offset seen), if any.
    var declaredZone: TraceTimeZone?
    /// The source's own interval, or nil for per-request sources.
    var step: Double?

    mutating func tenant(_ name: String) -> Int32 {
        if let index = tenantLookup[name] { return index }
        let index = Int32(tenantNames.count)
        tenantLookup[name] = index
        tenantNames.append(name)
        return index
    }

    /// Records `count` requests at `time`; out-of-order records are counted in `report`.
    mutating func add(_ time: Double, _ count: Double, tenant: Int32 = -1, report: inout TraceImportReport) {
        if time < latest { report.outOfOrder += 1 } else { latest = time }
        if count == 0 { return }
        times.append(time)
        counts.append(count)
        tenantIndexes.append(tenant)
    }

    /// The profile: intervals of the chosen resolution aligned to the local clock of the
    /// trace's zone (a one-minute profile's intervals start on whole minutes), clipped to
    /// `[from, to)` when given.
    mutating func trace(options: TraceImportOptions, report: inout TraceImportReport) throws(ScenarioError) -> LoadTrace {
        let zone = options.timeZone ?? declaredZone ?? .fixed(secondsEast: 0)
        let resolution = options.resolution ?? step ?? 60
        if options.keepRequestTimes && step != nil {
            throw TraceImporter.failure(options, "--keep-request-times", "\(options.format.rawValue) counts requests per interval and has no request times; "
                                        + "only per-request sources (requests, nginx, apache) do")
        }
        if let step, resolution < step {
            throw TraceImporter.failure(options, "--resolution", "\(Units.trim(resolution))s is finer than the source's \(Units.trim(step))s intervals; "
                                        + "choose \(Units.trim(step))s or a multiple of it")
        }
        guard let first = covered.map(\.start).min(), let last = covered.map(\.end).max() else {
            throw TraceImporter.failure(options, "", "no records could be read: nothing to import")
        }
        var start = options.from ?? first
        if options.from == nil {
            let offset = Double(zone.offset(atEpoch: start))
            start = ((start + offset) / resolution).rounded(.down) * resolution - offset
        }
        let end = options.to ?? last
        guard end > start else {
            throw TraceImporter.failure(options, "--from", "the window holds no data: the trace runs from \(TraceTime.format(first, in: zone)) "
                                        + "to \(TraceTime.format(last, in: zone))")
        }
        // Without --to the profile ends with the interval holding the last source start.
        let lastStart = covered.map { range in step.map { range.end - $0 } ?? range.end.nextDown }.max()!
        let intervals = options.to == nil ? Int(((lastStart - start) / resolution).rounded(.down)) + 1
            : Int(((end - start) / resolution).rounded(.up))
        var binned = [Double](repeating: 0, count: intervals)
        var tenantBinned = [[Double]](repeating: [Double](repeating: 0, count: intervals), count: tenantNames.count)
        for index in times.indices {
            // Kept request times are rounded to the microsecond, and binned as rounded, so that
            // the counts are the binned times exactly, here and when the file is read back.
            let position = (options.keepRequestTimes ? RequestTimes.rounded(times[index] - start) : times[index] - start) / resolution
            guard position >= 0, position < Double(intervals) else { continue }
            let bin = Int(position)
            binned[bin] += counts[index]
            if tenantIndexes[index] >= 0 { tenantBinned[Int(tenantIndexes[index])][bin] += counts[index] }
        }
        var present = [Bool](repeating: false, count: intervals)
        // A source interval counts where it starts (as its requests do): a range has data in
        // the bins holding its first to its last start, so a missing 5-minute row leaves its
        // bin a gap even when the source's phase (00:04, 00:09…) is not the profile's.
        for range in covered {
            let lastStart = step.map { range.end - $0 } ?? range.end.nextDown
            let low = max(0, Int(((range.start - start) / resolution).rounded(.down)))
            let high = min(intervals - 1, Int(((lastStart - start) / resolution).rounded(.down)))
            if low <= high { for bin in low...high { present[bin] = true } }
        }
        report.sourceStep = step
        let gaps = LoadTrace.gaps(fromPresence: present)
        if options.keepRequestTimes {
            let (times, order) = requestTimes(start: start, resolution: resolution, intervals: intervals)
            return LoadTrace(start: start, resolution: resolution, counts: binned, gaps: gaps, tenants: order.map { tenantNames[$0] },
                             tenantCounts: order.map { tenantBinned[$0] }, timeZone: zone, requestTimes: times)
        }
        // Drop tenants without a request in the window, keeping first-appearance order.
        let kept = tenantBinned.indices.filter { tenantBinned[$0].contains { $0 > 0 } }
        return LoadTrace(start: start, resolution: resolution, counts: binned, gaps: gaps,
                         tenants: kept.map { tenantNames[$0] }, tenantCounts: kept.map { tenantBinned[$0] }, timeZone: zone)
    }

    /// The requests in the profile's intervals in time order (ties in source order), as
    /// offsets from `start`, and the tenants with requests there in order of their first
    /// request: the order a profile file's request rows give back when read.
    private func requestTimes(start: Double, resolution: Double, intervals: Int) -> (RequestTimes, tenantOrder: [Int]) {
        var order: [(offset: Double, record: Int)] = []
        order.reserveCapacity(times.count)
        for index in times.indices {
            // A record stands for several requests only in interval sources, which keep no times.
            let offset = RequestTimes.rounded(times[index] - start)
            let position = offset / resolution
            if position >= 0 && position < Double(intervals) { order.append((offset, index)) }
        }
        order.sort { $0.offset < $1.offset || ($0.offset == $1.offset && $0.record < $1.record) }
        guard !tenantNames.isEmpty else { return (RequestTimes(offsets: order.map(\.offset)), []) }
        var renumbered = [Int32](repeating: -1, count: tenantNames.count)
        var tenantOrder: [Int] = []
        let tenants = order.map { entry -> Int32 in
            let tenant = Int(tenantIndexes[entry.record])
            guard tenant >= 0 else { return -1 }
            if renumbered[tenant] < 0 {
                renumbered[tenant] = Int32(tenantOrder.count)
                tenantOrder.append(tenant)
            }
            return renumbered[tenant]
        }
        return (RequestTimes(offsets: order.map(\.offset), tenants: tenants), tenantOrder)
    }
}

/// Splits bytes into lines (LF or CRLF) with 1-based numbers, without copying them.
struct LineScanner {
    let bytes: [UInt8]
    private var position = 0
    private(set) var number = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> ArraySlice<UInt8>? {
        guard position < bytes.count else { return nil }
        let start = position
        while position < bytes.count && bytes[position] != 10 { position += 1 }
        var end = position
        if position < bytes.count { position += 1 }
        if end > start && bytes[end - 1] == 13 { end -= 1 }
        number += 1
        return bytes[start..<end]
    }
}

extension ArraySlice where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }

    /// Splits on a byte, keeping empty fields (CSV without quoting).
    func fields(separatedBy separator: UInt8) -> [ArraySlice<UInt8>] {
        split(separator: separator, omittingEmptySubsequences: false)
    }
}

/// Shared timestamp handling: an offset in the text wins; without one, `--time-zone` says
/// which zone the text is in, and without that the import refuses rather than guess.
enum TimestampReading {
    /// Seconds since 1970, or `nil` with `report`'s message for a malformed timestamp.
    ///
    /// - Throws: when the text has no offset and no `--time-zone` was given: every line
    ///   would fail the same way, so the import stops at the first.
    static func epoch(_ text: String, line: Int, options: TraceImportOptions, binner: inout TraceBinner,
                      malformed: inout String?) throws(ScenarioError) -> Double? {
        guard let parsed = TraceTime.parse(text) else {
            if let number = Double(text), number.isFinite, number > 0 {
                // Unix seconds (or milliseconds, when too large to be seconds of this era).
                return number > 1e11 ? number / 1000 : number
            }
            malformed = "expected a timestamp (2014-04-10 00:04:00, ISO 8601 or Unix seconds), found \"\(text)\""
            return nil
        }
        if let offset = parsed.offsetSeconds {
            if binner.declaredZone == nil { binner.declaredZone = .fixed(secondsEast: offset) }
            return parsed.localSeconds - Double(offset)
        }
        guard let zone = options.timeZone else {
            throw TraceImporter.failure(options, "--time-zone", "\"\(text)\" has no UTC offset: say which zone the timestamps are in "
                                        + "with --time-zone (UTC, -04:00, America/New_York)", line: line)
        }
        return zone.epoch(ofLocal: parsed.localSeconds)
    }
}
