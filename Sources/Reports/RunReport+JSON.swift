import Foundation
import Results
import SimCore

/// Renders a run in the formats `capsim run --format` offers.
public struct RunReport: Sendable {
    /// The run, at full precision.
    public var result: RunResult
    /// Wall-clock seconds of the run: the one value that is not a function of the scenario and seed.
    public var wallSeconds: Double

    public init(result: RunResult, wallSeconds: Double) {
        self.result = result
        self.wallSeconds = wallSeconds
    }

    /// The schema of `json()`.
    public static let schema = RunSummary.currentSchema
}

extension RunReport {
    /// The run as `capsim.run/v1` publishes it.
    public var summary: RunSummary { RunSummary(result, wallSeconds: wallSeconds) }

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
        for row in RunSummary.Series(result.series).rows {
            guard case let .array(cells) = try encoder.encode(row) else { continue }
            lines.append(cells.map { $0.serialized(pretty: false) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
