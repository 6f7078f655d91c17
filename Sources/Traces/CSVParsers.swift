import YAMLSupport

/// `series`: `timestamp,value` rows, one per interval (CloudWatch exports, NAB's files).
///
/// The step is the most common spacing of consecutive timestamps; a longer spacing is a gap
/// (NAB's ELB file has 8 spacings of 600 s in a 300 s series), a repeated timestamp is a
/// duplicate (the first row is kept and the others counted). A first line whose value is
/// not a number is the header.
enum SeriesParser {
    static func read(_ bytes: [UInt8], options: TraceImportOptions, report: inout TraceImportReport) throws(ScenarioError) -> TraceBinner {
        var binner = TraceBinner()
        var lines = LineScanner(bytes)
        var rows: [(time: Double, value: Double)] = []
        var seen: Set<Double> = []
        while let line = lines.next() {
            if line.isEmpty { continue }
            let fields = line.fields(separatedBy: UInt8(ascii: ","))
            let number = lines.number
            if number == 1, fields.count >= 2, Double(fields[1].text) == nil { continue }
            report.records += 1
            guard fields.count >= 2 else {
                report.bad(number, "", "expected timestamp,value, found \"\(line.prefix(60).text)\""); continue
            }
            var malformed: String?
            guard let time = try TimestampReading.epoch(fields[0].text, line: number, options: options, binner: &binner, malformed: &malformed) else {
                report.bad(number, "timestamp", malformed ?? ""); continue
            }
            guard let value = Double(fields[1].text), value.isFinite, value >= 0 else {
                report.bad(number, "value", "expected a count at least 0, found \"\(fields[1].prefix(40).text)\""); continue
            }
            guard seen.insert(time).inserted else { report.duplicates += 1; continue }
            binner.add(time, value, report: &report)
            rows.append((time, value))
        }
        let step = try inferStep(rows.map(\.time), options: options, report: &report)
        binner.step = step
        binner.covered = rows.map { ($0.time, $0.time + step) }
        return binner
    }

    /// The most common spacing of the sorted times (the smaller on a tie), with every longer
    /// spacing reported as a gap.
    static func inferStep(_ unsorted: [Double], options: TraceImportOptions, report: inout TraceImportReport) throws(ScenarioError) -> Double {
        let times = unsorted.sorted()
        guard times.count >= 2 else {
            throw TraceImporter.failure(options, "", "a series needs at least two rows to tell its step, found \(times.count)")
        }
        var tally: [Double: Int] = [:]
        for index in 1..<times.count { tally[times[index] - times[index - 1], default: 0] += 1 }
        let step = tally.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
        for index in 1..<times.count where times[index] - times[index - 1] > step {
            report.sourceGaps.append((times[index - 1] + step, times[index] - times[index - 1] - step))
        }
        return step
    }
}

/// `requests`: CSV with a header and one row per request; the timestamp column is chosen by
/// name, and an optional column names the tenant.
///
/// Fields are split on commas without quoting rules: the request exports this reads (the
/// Azure LLM trace) quote nothing, and a line with the wrong number of fields is reported,
/// not guessed at.
enum RequestsParser {
    static func read(_ bytes: [UInt8], options: TraceImportOptions, report: inout TraceImportReport) throws(ScenarioError) -> TraceBinner {
        var binner = TraceBinner()
        var lines = LineScanner(bytes)
        guard let headerLine = lines.next() else { throw TraceImporter.failure(options, "", "the file is empty") }
        let names = headerLine.fields(separatedBy: UInt8(ascii: ",")).map { $0.text.trimmingCharacters() }
        let timeColumn: Int
        if let wanted = options.timeColumn {
            guard let index = names.firstIndex(where: { $0.lowercased() == wanted.lowercased() }) else {
                throw TraceImporter.failure(options, "--time-column", "no column \"\(wanted)\" in the header" + NameSuggestion.hint(for: wanted, among: names), line: 1)
            }
            timeColumn = index
        } else if let index = names.firstIndex(where: { $0.lowercased() == "timestamp" }) ?? names.firstIndex(where: { $0.lowercased().contains("time") }) {
            timeColumn = index
        } else {
            throw TraceImporter.failure(options, "--time-column", "no column is named like a timestamp; name it with --time-column (the header has: "
                                        + names.joined(separator: ", ") + ")", line: 1)
        }
        var tenantColumn: Int?
        if let wanted = options.tenantColumn {
            guard let index = names.firstIndex(where: { $0.lowercased() == wanted.lowercased() }) else {
                throw TraceImporter.failure(options, "--tenant-column", "no column \"\(wanted)\" in the header" + NameSuggestion.hint(for: wanted, among: names), line: 1)
            }
            tenantColumn = index
        }
        var first = Double.infinity, last = -Double.infinity
        while let line = lines.next() {
            if line.isEmpty { continue }
            report.records += 1
            let fields = line.fields(separatedBy: UInt8(ascii: ","))
            guard fields.count == names.count else {
                report.bad(lines.number, "", "expected \(names.count) fields (\(names.joined(separator: ","))), found \(fields.count)"); continue
            }
            var malformed: String?
            guard let time = try TimestampReading.epoch(fields[timeColumn].text, line: lines.number, options: options, binner: &binner, malformed: &malformed) else {
                report.bad(lines.number, names[timeColumn], malformed ?? ""); continue
            }
            var tenant: Int32 = -1
            if let tenantColumn {
                let name = fields[tenantColumn].text
                guard !name.isEmpty else { report.bad(lines.number, names[tenantColumn], "the tenant is empty"); continue }
                tenant = binner.tenant(name)
            }
            binner.add(time, 1, tenant: tenant, report: &report)
            first = min(first, time)
            last = max(last, time)
        }
        if first <= last { binner.covered = [(first, last.nextUp)] }
        return binner
    }
}

extension String {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\"" }.reversed().drop { $0 == " " || $0 == "\"" }.reversed())
    }
}
