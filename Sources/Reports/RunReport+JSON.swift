import Foundation
import Results
import SimCore

/// Renders a run in the formats `capsim run --format` offers.
///
/// Every format is rendered from the run's `RunSummary` alone: a run kept as its
/// `capsim.run/v1` JSON (a history database, a file) renders later to the very bytes it
/// rendered when it ran, without its scenario or replications. The text formats print the
/// summary's numbers, which are rounded to the decimals the JSON publishes; where a format
/// prints more than that (the CSV's objective values), the summary keeps the precision.
///
/// A number the table shows with fewer decimals than the JSON keeps is rounded twice: a
/// mean latency of 59.2504 ms is published as 59.25 and shown as 59.2 (`%.1f` rounds the
/// binary tie to even), where rounding 59.2504 once shows 59.3. The last digit shown then
/// differs by one from the unrounded value's, at such ties only; that is the price of a
/// table that reads the same from the JSON as from the run.
public struct RunReport: Sendable {
    /// The run as `capsim.run/v1` publishes it.
    public var summary: RunSummary

    /// A report of a run read back, or of one just made.
    public init(summary: RunSummary) {
        self.summary = summary
    }

    /// The report of `result`: its summary made, rounded as `capsim.run/v1` publishes it.
    /// `wallSeconds` is the run's wall-clock time, the one value that is not a function of
    /// the scenario and seed.
    public init(result: RunResult, wallSeconds: Double) {
        self.init(summary: RunSummary(result, wallSeconds: wallSeconds))
    }

    /// The schema of `json()`.
    public static let schema = RunSummary.currentSchema
}

extension RunReport {
    /// `capsim.run/v1`: the summary encoded, members in the schema's order. Every value but
    /// `wallSeconds` depends only on the scenario and seed.
    public func json() throws -> JSONValue {
        try JSONValueEncoder().encode(summary)
    }

    static func isoFormatter(_ zone: TimeZone) -> DateFormatter { RunSummary.Setup.isoFormatter(zone) }

    /// The per-minute series as CSV, for plotting: the JSON's columns and numbers.
    public func seriesCSV() throws -> String {
        let encoder = JSONValueEncoder()
        var lines = [RunSummary.Series.columns.joined(separator: ",")]
        for row in summary.series.rows {
            guard case let .array(cells) = try encoder.encode(row) else { continue }
            lines.append(cells.map { $0.serialized(pretty: false) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
