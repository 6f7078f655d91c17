import Foundation
import Reports
import Results

/// The JSON in the `summary` column: the summaries' own `Codable` forms (the published
/// schemas), through Reports' `JSONValueEncoder` and `JSONValueDecoder`.
///
/// Not Foundation's coders: its decoder lists an object's keys in no particular order, and
/// a summary's named members (groups, tiers, a comparison's measures) are kept in the
/// order of their keys; the summary read back would hold the same entries in another
/// order, and differ.
///
/// A run's series rows are taken out before encoding and stored in `runMinute`, one row
/// per minute: a week of them is 10,080 arrays of 18 numbers, several megabytes of JSON,
/// against about one megabyte as rows. ``reassembled(_:rows:)`` puts them back, and the
/// result equals the summary that was recorded (tested), because every number survives
/// both JSON (shortest round-trip digits) and SQLite (8-byte reals) exactly.
enum SummaryCoding {
    /// The run's summary as compact JSON, its series rows left out (`intervalSeconds` stays).
    static func json(withoutSeries summary: RunSummary) throws -> String {
        var stripped = summary
        stripped.series.rows = []
        return try JSONValueEncoder().encode(stripped).serialized(pretty: false)
    }

    static func json(_ summary: ComparisonSummary) throws -> String {
        try JSONValueEncoder().encode(summary).serialized(pretty: false)
    }

    /// The summary stored as `json`, with `rows` as its series.
    static func reassembled(_ json: String, rows: [RunSummary.Minute]) throws -> RunSummary {
        var summary = try JSONValueDecoder().decode(RunSummary.self, from: json)
        summary.series.rows = rows
        return summary
    }

    static func comparison(_ json: String) throws -> ComparisonSummary {
        try JSONValueDecoder().decode(ComparisonSummary.self, from: json)
    }
}
