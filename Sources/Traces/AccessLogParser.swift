import YAMLSupport

/// nginx's and Apache's `combined` access logs, one request a line:
/// `HOST IDENT USER [10/Oct/2000:13:55:36 -0700] "GET /a HTTP/1.0" 200 2326 "REFERRER" "AGENT"`,
/// optionally followed by more quoted fields (a logged `X-Tenant` header, say).
///
/// The two servers write this format identically (Apache's `LogFormat "%h %l %u %t \"%r\"
/// %>s %b \"%{Referer}i\" \"%{User-agent}i\"" combined`, nginx's built-in `combined`), so
/// one parser reads both; the format name is kept in the profile's header. Every line must
/// have a bracketed time with its offset, a quoted request line, a three-digit status and a
/// byte count (or `-`); otherwise it is malformed. A request whose tenant cannot be found
/// (no such field, a path that does not match the pattern) counts for the tenant `-`.
enum AccessLogParser {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func read(_ bytes: [UInt8], options: TraceImportOptions, report: inout TraceImportReport) throws(ScenarioError) -> TraceBinner {
        if options.tenantField != nil && options.tenantPath != nil {
            throw TraceImporter.failure(options, "--tenant-path", "give the tenant by --tenant-field or by --tenant-path, not both")
        }
        let pattern = try options.tenantPath.map { (text: String) throws(ScenarioError) -> (prefix: String, suffix: Character?) in
            guard let range = text.range(of: "{tenant}") else {
                throw TraceImporter.failure(options, "--tenant-path", "the pattern needs a {tenant} placeholder, as in /t/{tenant}/; found \"\(text)\"")
            }
            return (String(text[..<range.lowerBound]), text[range.upperBound...].first)
        }
        var binner = TraceBinner()
        var lines = LineScanner(bytes)
        var first = Double.infinity, last = -Double.infinity
        while let line = lines.next() {
            if line.isEmpty { continue }
            report.records += 1
            let number = lines.number
            guard let open = line.firstIndex(of: UInt8(ascii: "[")), let close = line[open...].firstIndex(of: UInt8(ascii: "]")) else {
                report.bad(number, "time", "expected a [day/Mon/year:hh:mm:ss +zzzz] time"); continue
            }
            guard let time = parseTime(line[(open + 1)..<close].text) else {
                report.bad(number, "time", "expected a time like 10/Oct/2000:13:55:36 -0700, found \"\(line[(open + 1)..<close].prefix(40).text)\""); continue
            }
            let (quoted, bare) = quotedFields(line[(close + 1)...])
            guard let request = quoted.first, request.split(separator: " ").count >= 2 else {
                report.bad(number, "request", "expected a quoted request line (\"GET /path HTTP/1.1\")"); continue
            }
            guard bare.count >= 2, bare[0].count == 3, bare[0].allSatisfy(\.isNumber) else {
                report.bad(number, "status", "expected a three-digit status after the request, found \"\(bare.first ?? "")\""); continue
            }
            guard bare[1] == "-" || (!bare[1].isEmpty && bare[1].allSatisfy(\.isNumber)) else {
                report.bad(number, "bytes", "expected a byte count or -, found \"\(bare[1])\""); continue
            }
            if binner.declaredZone == nil { binner.declaredZone = .fixed(secondsEast: time.offset) }
            var tenant: Int32 = -1
            if let field = options.tenantField {
                let value = field < quoted.count ? quoted[field] : ""
                tenant = binner.tenant(value.isEmpty ? "-" : value)
            } else if let pattern {
                let path = request.split(separator: " ")[1]
                var name = "-"
                if path.hasPrefix(pattern.prefix) {
                    let rest = path.dropFirst(pattern.prefix.count)
                    let stop = rest.firstIndex { $0 == pattern.suffix || $0 == "?" || $0 == "/" } ?? rest.endIndex
                    if stop > rest.startIndex && (pattern.suffix == nil || stop < rest.endIndex) { name = String(rest[..<stop]) }
                }
                tenant = binner.tenant(name)
            }
            binner.add(time.epoch, 1, tenant: tenant, report: &report)
            first = min(first, time.epoch)
            last = max(last, time.epoch)
        }
        if first <= last { binner.covered = [(first, last.nextUp)] }
        return binner
    }

    /// `10/Oct/2000:13:55:36 -0700` as seconds since 1970 and the offset.
    static func parseTime(_ text: String) -> (epoch: Double, offset: Int)? {
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return nil }
        let pieces = parts[0].split(separator: "/")
        guard pieces.count == 3, let month = months.firstIndex(of: String(pieces[1])) else { return nil }
        let yearAndTime = pieces[2].split(separator: ":")
        guard yearAndTime.count == 4, let day = Int(pieces[0]), let year = Int(yearAndTime[0]) else { return nil }
        let iso = "\(yearAndTime[0])-\(month < 9 ? "0" : "")\(month + 1)-\(day < 10 ? "0" : "")\(day)T\(yearAndTime[1]):\(yearAndTime[2]):\(yearAndTime[3])\(parts[1])"
        guard year > 0, let parsed = TraceTime.parse(iso), let offset = parsed.offsetSeconds else { return nil }
        return (parsed.localSeconds - Double(offset), offset)
    }

    /// The quoted fields (with `\"` unescaped) and the bare words between them, in order.
    static func quotedFields(_ bytes: ArraySlice<UInt8>) -> (quoted: [String], bare: [String]) {
        var quoted: [String] = [], bare: [String] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 32 { index += 1; continue }
            if byte == 34 {
                var value: [UInt8] = []
                index += 1
                while index < bytes.endIndex && bytes[index] != 34 {
                    if bytes[index] == 92 && index + 1 < bytes.endIndex { index += 1 }
                    value.append(bytes[index])
                    index += 1
                }
                index += 1
                quoted.append(String(decoding: value, as: UTF8.self))
                continue
            }
            let start = index
            while index < bytes.endIndex && bytes[index] != 32 { index += 1 }
            bare.append(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        return (quoted, bare)
    }
}
