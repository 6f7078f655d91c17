import ArgumentParser
import Crypto
import Foundation
import Scenarios
import Traces
import YAMLSupport

extension Capsim {
    /// `capsim trace`: real load into capsim's load profile files.
    struct TraceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trace",
            abstract: "Import request traces as load profiles.",
            subcommands: [TraceImportCommand.self])
    }
}

/// `capsim trace import FILE --format … --out PROFILE.csv`.
struct TraceImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a trace (counts, series, requests, access log, Prometheus) into a load profile.",
        discussion: """
            Prints a summary of the trace (span, gaps, rates, seasonality, bursts) and writes the \
            profile (see README, "Real load"). gzip-compressed input is inflated. Malformed lines are \
            listed with their numbers; more than --max-bad-lines of them fail the import (exit 2).
            """)

    @Argument(help: "The trace file (gzip-compressed or not).")
    var file: String

    @Option(help: "The trace's format: counts, series, requests, nginx, apache or prometheus.")
    var format: String

    @Option(help: "The load profile to write (- for standard output).")
    var out: String?

    @Option(help: "The profile's interval (1m, 5m, 1h); defaults to the source's interval, or 1m.")
    var resolution: String?

    @Option(name: .customLong("time-zone"), help: "Zone of the profile's hours, and of timestamps written without an offset.")
    var timeZone: String?

    @Option(help: "counts: the time of the first value, with its UTC offset (1995-07-01T00:00:01-04:00).")
    var start: String?

    @Option(help: "counts: the seconds each value covers (1s).")
    var step: String?

    @Option(help: "counts: INDEX=TIMESTAMP, where a later segment of the file starts (repeatable).")
    var segment: [String] = []

    @Option(help: "Keep intervals from this time on (a timestamp with its UTC offset).")
    var from: String?

    @Option(help: "Keep intervals before this time (a timestamp with its UTC offset).")
    var to: String?

    @Option(name: .customLong("time-column"), help: "requests: the timestamp column's name.")
    var timeColumn: String?

    @Option(name: .customLong("tenant-column"), help: "requests: the tenant column's name.")
    var tenantColumn: String?

    @Option(name: .customLong("tenant-field"), help: "Access logs: the quoted field holding the tenant (0 request, 1 referrer, 2 agent, 3+ extra).")
    var tenantField: Int?

    @Option(name: .customLong("tenant-path"), help: "Access logs: a path pattern naming the tenant, as /t/{tenant}/.")
    var tenantPath: String?

    @Option(help: "prometheus: label=value[,…] selecting one series; all are summed without it.")
    var series: String?

    @Flag(name: .customLong("per-second"), help: "prometheus: the samples are rates, not counts per step.")
    var perSecond = false

    @Option(name: .customLong("max-bad-lines"), help: "Malformed lines tolerated (listed, then skipped) before the import fails.")
    var maxBadLines = 0

    @Flag(name: .customLong("keep-request-times"), help: "requests, nginx, apache: keep each request's time (to the microsecond) for exact replay.")
    var keepRequestTimes = false

    func validate() throws {
        guard TraceFormat(rawValue: format) != nil else {
            throw ValidationError("--format: unknown format \"\(format)\"" + NameSuggestion.hint(for: format, among: TraceFormat.allCases.map(\.rawValue)))
        }
        if maxBadLines < 0 { throw ValidationError("--max-bad-lines must be at least 0, found \(maxBadLines)") }
        if let tenantField, tenantField < 0 { throw ValidationError("--tenant-field must be at least 0, found \(tenantField)") }
    }

    func run() throws {
        let options = try importOptions()
        let output = try OutputFiles([("--out", out)], inputs: [file])
        let raw = try readBytes()
        let digest = SHA256.hash(data: Data(raw)).map { String(format: "%02x", $0) }.joined()
        var bytes = raw
        if TraceGzip.isCompressed(raw) {
            guard let inflated = TraceGzip.inflate(raw, limit: Self.maximumBytes) else {
                throw failure("the gzip stream is corrupt or inflates to more than \(Self.maximumBytes >> 20) MiB")
            }
            bytes = inflated
        }
        var (trace, report) = try TraceImporter.read(bytes, options: options)
        trace.source = TraceSource(file: ScenarioPath.lastComponent(file), sha256: digest, format: format)
        let text = TraceImportText.render(trace: trace, report: report, options: options)
        if out == nil || out == "-" {
            Console.error(text + "\n")
        } else {
            try Console.output(text + "\n")
        }
        try output.write([LoadProfileFile.write(trace)])
    }

    /// Traces are larger than scenarios: NASA's two months per second are 10 MB.
    static let maximumBytes = 1 << 30

    private func failure(_ why: String) -> CapsimFailure {
        CapsimFailure(description: "\(file): \(why)", exitCode: .badInput)
    }

    private func readBytes() throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { throw failure("cannot read the trace file (no such file)") }
        guard !isDirectory.boolValue else { throw failure("cannot read the trace file (it is a directory)") }
        guard let handle = FileHandle(forReadingAtPath: file) else { throw failure("cannot read the trace file (unreadable)") }
        var data = Data()
        while data.count <= Self.maximumBytes {
            guard let piece = try? handle.read(upToCount: 1 << 22), !piece.isEmpty else { break }
            data.append(piece)
        }
        if data.count > Self.maximumBytes { throw failure("larger than \(Self.maximumBytes >> 20) MiB") }
        return [UInt8](data)
    }

    private func timestamp(_ text: String, option: String) throws -> Double {
        guard let parsed = TraceTime.parse(text), let offset = parsed.offsetSeconds else {
            throw ValidationError("\(option): expected a timestamp with its UTC offset (1995-07-03T00:00:00-04:00), found \"\(text)\"")
        }
        return parsed.localSeconds - Double(offset)
    }

    private func duration(_ text: String, option: String) throws -> Double {
        guard let seconds = Units.seconds(from: text), seconds > 0 else {
            throw ValidationError("\(option): expected a positive duration (1s, 1m, 5m, 1h), found \"\(text)\"")
        }
        return seconds
    }

    func importOptions() throws -> TraceImportOptions {
        var options = TraceImportOptions(format: TraceFormat(rawValue: format)!, file: file)
        options.resolution = try resolution.map { try duration($0, option: "--resolution") }
        if let timeZone {
            guard let zone = TraceTimeZone(timeZone) else {
                throw ValidationError("--time-zone: expected UTC, an offset (-04:00, UTC+05:30) or a zone name (America/New_York), found \"\(timeZone)\"")
            }
            options.timeZone = zone
        }
        if let start {
            options.start = try timestamp(start, option: "--start")
            if options.timeZone == nil, let offset = TraceTime.parse(start)?.offsetSeconds { options.timeZone = .fixed(secondsEast: offset) }
        }
        options.step = try step.map { try duration($0, option: "--step") }
        options.segments = try segment.map { text in
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let index = Int(parts[0]), index >= 0 else {
                throw ValidationError("--segment: expected INDEX=TIMESTAMP (2381544=1995-08-01T00:00:01-04:00), found \"\(text)\"")
            }
            return (index, try timestamp(String(parts[1]), option: "--segment"))
        }
        options.from = try from.map { try timestamp($0, option: "--from") }
        options.to = try to.map { try timestamp($0, option: "--to") }
        if let low = options.from, let high = options.to, high <= low { throw ValidationError("--to must be after --from") }
        let format = options.format
        func only(_ value: Any?, _ option: String, _ formats: [TraceFormat]) throws {
            if value != nil && !formats.contains(format) {
                throw ValidationError("\(option) applies to --format \(formats.map(\.rawValue).joined(separator: " or ")), not \(format.rawValue)")
            }
        }
        try only(start, "--start", [.counts])
        try only(step, "--step", [.counts])
        try only(segment.isEmpty ? nil : segment, "--segment", [.counts])
        try only(timeColumn, "--time-column", [.requests])
        try only(tenantColumn, "--tenant-column", [.requests])
        try only(tenantField, "--tenant-field", [.nginx, .apache])
        try only(tenantPath, "--tenant-path", [.nginx, .apache])
        try only(series, "--series", [.prometheus])
        try only(perSecond ? true : nil, "--per-second", [.prometheus])
        try only(keepRequestTimes ? true : nil, "--keep-request-times", [.requests, .nginx, .apache])
        options.keepRequestTimes = keepRequestTimes
        options.timeColumn = timeColumn
        options.tenantColumn = tenantColumn
        options.tenantField = tenantField
        options.tenantPath = tenantPath
        options.series = series
        options.valuesArePerSecond = perSecond
        options.maxBadLines = maxBadLines
        return options
    }
}

/// The text `capsim trace import` prints: what was read, what was wrong with it, then the
/// trace's summary.
enum TraceImportText {
    static func render(trace: LoadTrace, report: TraceImportReport, options: TraceImportOptions) -> String {
        var lines = ["\(ScenarioPath.lastComponent(options.file)) (\(options.format.rawValue)): \(report.records) records read"
                     + (report.sourceStep.map { ", source interval \(Units.trim($0))s" } ?? "")]
        if report.badLineCount > 0 {
            lines.append("malformed lines: \(report.badLineCount), skipped (--max-bad-lines \(options.maxBadLines))"
                         + (report.badLineCount > report.badLines.count ? "; the first \(report.badLines.count):" : ":"))
            lines += report.badLines.map { "  \($0)" }
        }
        if report.outOfOrder > 0 { lines.append("out of order: \(report.outOfOrder) records earlier than one before them (binned by their time)") }
        if let times = trace.requestTimes {
            lines.append("request times kept: \(times.offsets.count) requests to the microsecond, for exact replay (load: {trace: …, replay: exact})")
        }
        if report.duplicates > 0 { lines.append("duplicates: \(report.duplicates) records at a time already seen (the first kept)") }
        if !report.sourceGaps.isEmpty {
            let total = report.sourceGaps.reduce(0) { $0 + $1.seconds }
            lines.append("source gaps: \(report.sourceGaps.count), \(TraceSummary.duration(total)) in all:")
            for gap in report.sourceGaps.prefix(10) {
                lines.append("  \(TraceTime.format(gap.start, in: trace.timeZone)) for \(TraceSummary.duration(gap.seconds))")
            }
            if report.sourceGaps.count > 10 { lines.append("  … and \(report.sourceGaps.count - 10) more") }
        }
        lines.append(TraceSummary(trace).description)
        return lines.joined(separator: "\n")
    }
}
