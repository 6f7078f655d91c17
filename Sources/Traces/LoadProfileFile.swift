import YAMLSupport

/// The load profile file that `capsim trace import` writes and `load: {trace: …}`,
/// `capsim forecast` and the tests read: a commented header, then one row per interval.
///
/// ```
/// # capsim load profile v1
/// # source: nasa_http_1995_requests_per_second.txt
/// # source_sha256: 7322…
/// # format: counts
/// # time_zone: UTC-04:00
/// # resolution: 60s
/// # start: 1995-07-03T00:00:00-04:00
/// start,requests
/// 1995-07-03T00:00:00-04:00,41
/// ```
///
/// Rows carry their own timestamps with an explicit UTC offset, so the file reads the same
/// anywhere and a spreadsheet can plot it. An interval with no row is a gap (no data), which
/// is not the same as a row with 0 requests. With a `tenant` column there is one row per
/// tenant with requests in the interval, and a row `start,0,` marks an interval that has
/// data but no requests. `start`, `time_zone` and `resolution` are required in the header;
/// `source`, `source_sha256` and `format` record the provenance and are optional.
///
/// A profile imported with `--keep-request-times` holds one row per request instead: its
/// offset in seconds from `start`, to the microsecond, and its tenant when the source names
/// them. The counts per interval are those rows binned at `resolution`; the header then
/// also says how many intervals the profile spans and which have no data:
///
/// ```
/// # intervals: 60
/// # gaps: 0-4,58-59
/// offset_seconds,tenant
/// 300.000412,acme
/// ```
public enum LoadProfileFile {
    /// The first line of every version-1 file.
    public static let signature = "# capsim load profile v1"

    /// The file's text for `trace`.
    ///
    /// - Complexity: O(intervals × tenants).
    public static func write(_ trace: LoadTrace) -> String {
        var lines = [signature]
        if let source = trace.source {
            lines.append("# source: \(source.file)")
            lines.append("# source_sha256: \(source.sha256)")
            lines.append("# format: \(source.format)")
        }
        lines.append("# time_zone: \(trace.timeZone)")
        lines.append("# resolution: \(Units.trim(trace.resolution))s")
        lines.append("# start: \(TraceTime.format(trace.start, in: trace.timeZone))")
        let tenanted = !trace.tenants.isEmpty
        if let requestTimes = trace.requestTimes {
            appendRequestRows(requestTimes, of: trace, to: &lines)
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append(tenanted ? "start,requests,tenant" : "start,requests")
        lines.reserveCapacity(lines.count + trace.counts.count)
        var gapIndex = 0
        for (index, count) in trace.counts.enumerated() {
            while gapIndex < trace.gaps.count && trace.gaps[gapIndex].upperBound <= index { gapIndex += 1 }
            if gapIndex < trace.gaps.count && trace.gaps[gapIndex].contains(index) { continue }
            let stamp = TraceTime.format(trace.start + Double(index) * trace.resolution, in: trace.timeZone)
            if !tenanted {
                lines.append("\(stamp),\(Units.trim(count))")
                continue
            }
            var wrote = false
            for (tenant, name) in trace.tenants.enumerated() where trace.tenantCounts[tenant][index] > 0 {
                lines.append("\(stamp),\(Units.trim(trace.tenantCounts[tenant][index])),\(name)")
                wrote = true
            }
            if !wrote { lines.append("\(stamp),0,") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The request-row form's header lines, column line and rows.
    private static func appendRequestRows(_ requestTimes: RequestTimes, of trace: LoadTrace, to lines: inout [String]) {
        lines.append("# intervals: \(trace.counts.count)")
        if !trace.gaps.isEmpty {
            lines.append("# gaps: " + trace.gaps.map { "\($0.lowerBound)-\($0.upperBound - 1)" }.joined(separator: ","))
        }
        let tenanted = !trace.tenants.isEmpty
        lines.append(tenanted ? "offset_seconds,tenant" : "offset_seconds")
        lines.reserveCapacity(lines.count + requestTimes.offsets.count)
        for (index, offset) in requestTimes.offsets.enumerated() {
            let stamp = RequestTimes.format(offset)
            guard tenanted else { lines.append(stamp); continue }
            let tenant = requestTimes.tenants[index]
            lines.append(tenant < 0 ? stamp + "," : stamp + "," + trace.tenants[Int(tenant)])
        }
    }

    /// Reads a profile, reporting every problem at its file, line and field (the column or
    /// header key) with the rules of the type comment.
    ///
    /// - Parameter file: the name used in messages.
    /// - Throws: `ScenarioError` listing every problem found.
    /// - Complexity: O(rows).
    public static func read(_ text: String, file: String) throws(ScenarioError) -> LoadTrace {
        var reader = ProfileReader(file: file)
        let trace = reader.read(text)
        if !reader.issues.isEmpty || trace == nil {
            throw ScenarioError(issues: reader.issues.prefix(ScenarioError.printedLimit).map { $0 },
                                uncounted: max(0, reader.issues.count - ScenarioError.printedLimit))
        }
        return trace!
    }
}

/// One pass over a profile file's lines.
private struct ProfileReader {
    let file: String
    var issues: [ScenarioIssue] = []

    init(file: String) { self.file = file }

    mutating func report(_ line: Int, _ field: String, _ message: String) {
        issues.append(ScenarioIssue(source: file, line: line, column: nil, path: field, message: message))
    }

    mutating func read(_ text: String) -> LoadTrace? {
        var header: [String: (value: String, line: Int)] = [:]
        var columns: [Substring]?
        var lineNumber = 0
        var rows: [(line: Int, start: Double, requests: Double, tenant: Substring?)] = []
        var requestRows: [(line: Int, offset: Double, tenant: Substring?)] = []
        var requestMode = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.last == "\r" ? rawLine.dropLast() : rawLine
            if lineNumber == 1 {
                if line != LoadProfileFile.signature {
                    report(1, "", "not a capsim load profile: the first line must be \"\(LoadProfileFile.signature)\" (write one with capsim trace import)")
                    return nil
                }
                continue
            }
            if line.isEmpty { continue }
            if columns == nil {
                if line.hasPrefix("#") {
                    let body = line.dropFirst().drop { $0 == " " }
                    guard let colon = body.firstIndex(of: ":") else {
                        report(lineNumber, "", "expected a header line \"# key: value\""); continue
                    }
                    let key = String(body[..<colon]), value = body[body.index(after: colon)...].trimmingSpaces()
                    let known = ["source", "source_sha256", "format", "time_zone", "resolution", "start", "intervals", "gaps"]
                    if !known.contains(key) {
                        report(lineNumber, key, "unknown header key" + NameSuggestion.hint(for: key, among: known)); continue
                    }
                    if header[key] != nil { report(lineNumber, key, "given twice"); continue }
                    header[key] = (value, lineNumber)
                    continue
                }
                let names = line.split(separator: ",", omittingEmptySubsequences: false)
                requestMode = names == ["offset_seconds"] || names == ["offset_seconds", "tenant"]
                if !requestMode && names != ["start", "requests"] && names != ["start", "requests", "tenant"] {
                    report(lineNumber, "", "expected the column line \"start,requests\", \"start,requests,tenant\", \"offset_seconds\" "
                           + "or \"offset_seconds,tenant\", found \"\(line)\"")
                    return nil
                }
                columns = names
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == columns!.count else {
                report(lineNumber, "", "expected \(columns!.count) fields (\(columns!.joined(separator: ","))), found \(fields.count)")
                continue
            }
            if requestMode {
                guard let offset = Double(fields[0]), offset.isFinite, offset >= 0 else {
                    report(lineNumber, "offset_seconds", "expected seconds after the header's start, at least 0, found \"\(fields[0])\"")
                    continue
                }
                requestRows.append((lineNumber, offset, fields.count == 2 ? fields[1] : nil))
                continue
            }
            guard let parsed = TraceTime.parse(fields[0]), let offset = parsed.offsetSeconds else {
                report(lineNumber, "start", "expected a timestamp with a UTC offset (1995-07-03T00:00:00-04:00), found \"\(fields[0])\"")
                continue
            }
            guard let requests = Double(fields[1]), requests.isFinite, requests >= 0 else {
                report(lineNumber, "requests", "expected a number of requests at least 0, found \"\(fields[1])\"")
                continue
            }
            let tenant = fields.count == 3 ? fields[2] : nil
            if let tenant, tenant.isEmpty, requests != 0 {
                report(lineNumber, "tenant", "an empty tenant marks an interval without requests; \(Units.trim(requests)) requests need a tenant")
                continue
            }
            rows.append((lineNumber, parsed.localSeconds - Double(offset), requests, tenant))
        }
        guard columns != nil else {
            report(lineNumber, "", "no column line \"start,requests\": the file ends inside its header")
            return nil
        }
        for key in ["time_zone", "resolution", "start"] where header[key] == nil {
            report(1, key, "the header needs \"# \(key): …\"")
        }
        guard let zoneEntry = header["time_zone"], let resolutionEntry = header["resolution"], let startEntry = header["start"] else { return nil }
        guard let zone = TraceTimeZone(zoneEntry.value) else {
            report(zoneEntry.line, "time_zone", "expected UTC, an offset (UTC-04:00) or a zone name (America/New_York), found \"\(zoneEntry.value)\"")
            return nil
        }
        guard let resolution = Units.seconds(from: resolutionEntry.value), resolution > 0 else {
            report(resolutionEntry.line, "resolution", "expected a positive duration (60s, 5m), found \"\(resolutionEntry.value)\"")
            return nil
        }
        guard let startParsed = TraceTime.parse(startEntry.value), let startOffset = startParsed.offsetSeconds else {
            report(startEntry.line, "start", "expected a timestamp with a UTC offset, found \"\(startEntry.value)\"")
            return nil
        }
        let start = startParsed.localSeconds - Double(startOffset)
        var source: TraceSource?
        if let file = header["source"] {
            source = TraceSource(file: file.value, sha256: header["source_sha256"]?.value ?? "", format: header["format"]?.value ?? "")
        }
        if requestMode {
            return buildFromRequests(requestRows, header: header, start: start, resolution: resolution, zone: zone,
                                     tenanted: columns!.count == 2, source: source)
        }
        for key in ["intervals", "gaps"] {
            if let entry = header[key] { report(entry.line, key, "only a profile of request rows (offset_seconds) has \"# \(key):\"") }
        }
        return build(rows: rows, start: start, resolution: resolution, zone: zone, tenanted: columns!.count == 3, source: source)
    }

    /// The request-row form: rows ascend by offset inside the header's `intervals`; the
    /// counts are the rows binned, and intervals listed in `gaps` must hold no rows.
    mutating func buildFromRequests(_ rows: [(line: Int, offset: Double, tenant: Substring?)], header: [String: (value: String, line: Int)],
                                    start: Double, resolution: Double, zone: TraceTimeZone, tenanted: Bool, source: TraceSource?) -> LoadTrace? {
        guard let intervalsEntry = header["intervals"] else {
            report(1, "intervals", "a profile of request rows needs \"# intervals: N\" (how many intervals of the resolution it spans)")
            return nil
        }
        guard let intervals = Int(intervalsEntry.value), intervals > 0, intervals <= 100_000_000 else {
            report(intervalsEntry.line, "intervals", "expected a whole number of intervals from 1 to 100,000,000, found \"\(intervalsEntry.value)\"")
            return nil
        }
        var gaps: [Range<Int>] = []
        if let gapsEntry = header["gaps"] {
            for part in gapsEntry.value.split(separator: ",") {
                let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count == 2, let low = Int(bounds[0].trimmingSpaces()), let high = Int(bounds[1].trimmingSpaces()),
                      low >= (gaps.last?.upperBound ?? 0), low <= high, high < intervals else {
                    report(gapsEntry.line, "gaps", "expected ascending, disjoint interval ranges FIRST-LAST within 0-\(intervals - 1), found \"\(part)\"")
                    return nil
                }
                gaps.append(low..<(high + 1))
            }
        }
        var counts = [Double](repeating: 0, count: intervals)
        var tenantIndex: [Substring: Int32] = [:]
        var tenantNames: [String] = []
        var tenantCounts: [[Double]] = []
        var offsets: [Double] = []
        var tenants: [Int32] = []
        offsets.reserveCapacity(rows.count)
        var gapIndex = 0
        for row in rows {
            let position = row.offset / resolution
            guard position < Double(intervals) else {
                report(row.line, "offset_seconds", "\(Units.trim(row.offset)) s is past the profile's end (\(intervals) intervals of \(Units.trim(resolution)) s)")
                continue
            }
            if let last = offsets.last, row.offset < last {
                report(row.line, "offset_seconds", "rows must ascend by offset; \(Units.trim(row.offset)) comes after \(Units.trim(last))")
                continue
            }
            let bin = Int(position)
            while gapIndex < gaps.count && gaps[gapIndex].upperBound <= bin { gapIndex += 1 }
            if gapIndex < gaps.count && gaps[gapIndex].contains(bin) {
                report(row.line, "offset_seconds", "falls in interval \(bin), which the header lists as a gap (no data)")
                continue
            }
            offsets.append(row.offset)
            counts[bin] += 1
            guard tenanted else { continue }
            guard let name = row.tenant, !name.isEmpty else { tenants.append(-1); continue }
            let slot: Int32
            if let known = tenantIndex[name] { slot = known } else {
                slot = Int32(tenantNames.count)
                tenantIndex[name] = slot
                tenantNames.append(String(name))
                tenantCounts.append([Double](repeating: 0, count: intervals))
            }
            tenants.append(slot)
            tenantCounts[Int(slot)][bin] += 1
        }
        if rows.isEmpty && issues.isEmpty { report(1, "", "the profile has no rows") }
        return LoadTrace(start: start, resolution: resolution, counts: counts, gaps: gaps, tenants: tenantNames, tenantCounts: tenantCounts,
                         timeZone: zone, source: source, requestTimes: RequestTimes(offsets: offsets, tenants: tenants))
    }

    mutating func build(rows: [(line: Int, start: Double, requests: Double, tenant: Substring?)], start: Double,
                        resolution: Double, zone: TraceTimeZone, tenanted: Bool, source: TraceSource?) -> LoadTrace? {
        var counts: [Double] = []
        var present: [Bool] = []
        var tenantIndex: [Substring: Int] = [:]
        var tenantNames: [String] = []
        var tenantCounts: [[Double]] = []
        var lastIndex = -1
        var seenInInterval: Set<Substring> = []
        for row in rows {
            let position = (row.start - start) / resolution
            let index = Int(position.rounded())
            guard index >= 0, abs(position - Double(index)) < 1e-6 else {
                report(row.line, "start", "\(TraceTime.format(row.start, in: zone)) is not on the \(Units.trim(resolution))s grid that starts at the header's start")
                continue
            }
            if index < lastIndex || (index == lastIndex && !tenanted) {
                report(row.line, "start", "rows must ascend by start; \(TraceTime.format(row.start, in: zone)) comes after a later or equal one")
                continue
            }
            if index != lastIndex { seenInInterval.removeAll(keepingCapacity: true) }
            if let tenant = row.tenant {
                if !seenInInterval.insert(tenant).inserted {
                    report(row.line, "tenant", "tenant \"\(tenant)\" has two rows for \(TraceTime.format(row.start, in: zone))")
                    continue
                }
            }
            lastIndex = index
            if counts.count <= index {
                counts.append(contentsOf: repeatElement(0, count: index + 1 - counts.count))
                present.append(contentsOf: repeatElement(false, count: index + 1 - present.count))
                for tenant in tenantCounts.indices { tenantCounts[tenant].append(contentsOf: repeatElement(0, count: index + 1 - tenantCounts[tenant].count)) }
            }
            present[index] = true
            counts[index] += row.requests
            if let tenant = row.tenant, !tenant.isEmpty {
                let slot: Int
                if let known = tenantIndex[tenant] { slot = known } else {
                    slot = tenantNames.count
                    tenantIndex[tenant] = slot
                    tenantNames.append(String(tenant))
                    tenantCounts.append([Double](repeating: 0, count: counts.count))
                }
                tenantCounts[slot][index] += row.requests
            }
        }
        if rows.isEmpty && issues.isEmpty { report(1, "", "the profile has no rows") }
        for tenant in tenantCounts.indices where tenantCounts[tenant].count < counts.count {
            tenantCounts[tenant].append(contentsOf: repeatElement(0, count: counts.count - tenantCounts[tenant].count))
        }
        return LoadTrace(start: start, resolution: resolution, counts: counts, gaps: LoadTrace.gaps(fromPresence: present),
                         tenants: tenantNames, tenantCounts: tenantCounts, timeZone: zone, source: source)
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
