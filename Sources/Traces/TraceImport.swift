import YAMLSupport

/// The formats `capsim trace import` reads.
public enum TraceFormat: String, Sendable, CaseIterable {
    /// Whitespace-separated counts per interval without timestamps (the NASA file).
    case counts
    /// `timestamp,value` CSV, one row per interval (CloudWatch, NAB).
    case series
    /// CSV with one row per request and a timestamp column (the Azure LLM trace).
    case requests
    /// nginx's and Apache's `combined` access log formats.
    case nginx, apache
    /// A Prometheus range query's JSON answer (`resultType: matrix`).
    case prometheus
}

/// What an import needs besides the bytes; which fields apply depends on the format.
public struct TraceImportOptions: Sendable {
    public var format: TraceFormat
    /// The file's name, for messages and the profile's header.
    public var file: String
    /// Seconds per interval of the profile written; `nil` keeps the source's interval
    /// (`counts`, `series`, `prometheus`) or takes one minute (per-request sources).
    public var resolution: Double?
    /// The zone of the profile's days and hours, and of source timestamps written without an
    /// offset. Required when such timestamps occur; otherwise the offset of the first
    /// timestamp, or UTC.
    public var timeZone: TraceTimeZone?
    /// `counts`: seconds since 1970 of value 0, and seconds per value.
    public var start: Double?
    public var step: Double?
    /// `counts`: value index → seconds since 1970 at which a new segment starts (a source
    /// that was joined end to end from several logs).
    public var segments: [(index: Int, start: Double)] = []
    /// Keep only intervals in `[from, to)`, seconds since 1970.
    public var from: Double?
    public var to: Double?
    /// `requests`: the timestamp column's name (default `TIMESTAMP`/`timestamp`, the first
    /// column whose name contains "time") and the tenant column's name.
    public var timeColumn: String?
    public var tenantColumn: String?
    /// Access logs: the tenant from the `index`th quoted field (0 the request line, 1 the
    /// referrer, 2 the user agent, 3 and on extra logged headers), or from a path pattern
    /// with `{tenant}` (`/t/{tenant}/`).
    public var tenantField: Int?
    public var tenantPath: String?
    /// `prometheus`: the label selector (`job=api`) of the one series to keep; all series
    /// are summed when `nil`.
    public var series: String?
    /// `prometheus`: the samples are rates (`rate(…)`), to be multiplied by the step.
    public var valuesArePerSecond = false
    /// How many malformed lines are tolerated (reported, then skipped) before the import fails.
    public var maxBadLines: Int = 0
    /// Per-request sources: keep each request's time, to the microsecond, for exact replay.
    public var keepRequestTimes = false

    public init(format: TraceFormat, file: String) {
        self.format = format
        self.file = file
    }
}

/// One malformed line: where, which field, what was wrong.
public struct BadLine: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var field: String
    public var message: String

    public init(line: Int, field: String, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String { "line \(line): \(field.isEmpty ? "" : field + ": ")\(message)" }
}

/// What an import found besides the counts: the lines it could not read, and the order and
/// spacing of the ones it could.
public struct TraceImportReport: Sendable, Equatable {
    /// Lines (or values, or samples) read, malformed ones included.
    public var records = 0
    /// Malformed lines in all; `badLines` keeps the first `keptBadLines`.
    public var badLineCount = 0
    public var badLines: [BadLine] = []
    /// Records whose time is earlier than a record before them: sorted, not dropped.
    public var outOfOrder = 0
    /// Interval sources (`series`, `prometheus`): records at a time already seen; the first
    /// is kept.
    public var duplicates = 0
    /// Gaps in the source, as (first missing second since 1970, seconds missing): missed
    /// intervals of a series, the hole between two segments of a counts file.
    public var sourceGaps: [(start: Double, seconds: Double)] = []
    /// The source's own interval, where it has one.
    public var sourceStep: Double?

    /// How many malformed lines are listed.
    public static let keptBadLines = 20

    public init() {}

    mutating func bad(_ line: Int, _ field: String, _ message: String) {
        badLineCount += 1
        if badLines.count < Self.keptBadLines { badLines.append(BadLine(line: line, field: field, message: message)) }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.records == b.records && a.badLineCount == b.badLineCount && a.badLines == b.badLines && a.outOfOrder == b.outOfOrder
            && a.duplicates == b.duplicates && a.sourceStep == b.sourceStep && a.sourceGaps.map(\.start) == b.sourceGaps.map(\.start)
            && a.sourceGaps.map(\.seconds) == b.sourceGaps.map(\.seconds)
    }
}

/// Reads a trace's bytes in one of the `TraceFormat`s into counts per interval.
///
/// Bytes in, values out: the caller reads the file (and inflates it when it is gzip).
/// Malformed lines are counted and listed, never dropped silently: beyond
/// `maxBadLines` the import fails with all of them located (`file:line: field: …`).
public enum TraceImporter {
    /// The trace and what the import noticed.
    ///
    /// - Throws: `ScenarioError` for options the format cannot use, a source with no
    ///   readable records, or more malformed lines than `options.maxBadLines`.
    /// - Complexity: O(bytes + records × log records) (per-request sources are sorted).
    public static func read(_ bytes: [UInt8], options: TraceImportOptions) throws(ScenarioError) -> (LoadTrace, TraceImportReport) {
        var report = TraceImportReport()
        var binner: TraceBinner?
        var parseError: ScenarioError?
        do {
            switch options.format {
            case .counts: binner = try CountsParser.read(bytes, options: options, report: &report)
            case .series: binner = try SeriesParser.read(bytes, options: options, report: &report)
            case .requests: binner = try RequestsParser.read(bytes, options: options, report: &report)
            case .nginx, .apache: binner = try AccessLogParser.read(bytes, options: options, report: &report)
            case .prometheus: binner = try PrometheusParser.read(bytes, options: options, report: &report)
            }
        } catch {
            parseError = error
        }
        // Too many malformed lines is the first thing to fix: a source whose every row is bad
        // fails for them, not for the few rows left.
        if report.badLineCount > options.maxBadLines {
            var issues = report.badLines.map { ScenarioIssue(source: options.file, line: $0.line, column: nil, path: $0.field, message: $0.message) }
            issues.append(ScenarioIssue(source: options.file, line: nil, column: nil, path: "",
                                        message: "\(report.badLineCount) malformed line\(report.badLineCount == 1 ? "" : "s") (the first \(report.badLines.count) listed); "
                                            + "at most \(options.maxBadLines) allowed (--max-bad-lines)"))
            throw ScenarioError(issues: issues)
        }
        if let parseError { throw parseError }
        let trace = try binner!.trace(options: options, report: &report)
        return (trace, report)
    }

    static func failure(_ options: TraceImportOptions, _ field: String, _ message: String, line: Int? = nil) -> ScenarioError {
        ScenarioError(issues: [ScenarioIssue(source: options.file, line: line, column: nil, path: field, message: message)])
    }
}
