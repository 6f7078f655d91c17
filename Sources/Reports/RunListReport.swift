import Foundation
import Results

/// The run history as `capsim runs list` prints it: one line per run, newest first.
///
/// Rows are plain values filled by the caller from the history, so that the renderers
/// know nothing of SQLite.
public struct RunListReport: Sendable {
    /// One recorded run, comparison or comparison variant.
    public struct Row: Sendable, Equatable {
        /// The full id (32 hexadecimal digits); the table shows its first eight.
        public var id: String
        /// "run", "compare" or "variant".
        public var kind: String
        /// A variant's name; nil otherwise.
        public var variantName: String?
        /// The comparison a variant belongs to; nil otherwise.
        public var parentID: String?
        /// When the simulation started, by the wall clock.
        public var startedAt: Date
        public var scenario: String
        public var seed: UInt64
        public var replications: Int
        /// Simulated seconds per replication.
        public var horizonSeconds: Double
        /// The mean monthly bill in US dollars; nil for a comparison.
        public var monthlyUSD: Double?
        /// The overall 99th latency percentile in milliseconds; nil for a comparison.
        public var p99Milliseconds: Double?
        /// Whether every objective was met; nil for a comparison.
        public var objectivesMet: Bool?
        public var configurationHash: String?
        public var capsimVersion: String

        public init(id: String, kind: String, variantName: String?, parentID: String?, startedAt: Date, scenario: String, seed: UInt64,
                    replications: Int, horizonSeconds: Double, monthlyUSD: Double?, p99Milliseconds: Double?, objectivesMet: Bool?,
                    configurationHash: String?, capsimVersion: String) {
            self.id = id
            self.kind = kind
            self.variantName = variantName
            self.parentID = parentID
            self.startedAt = startedAt
            self.scenario = scenario
            self.seed = seed
            self.replications = replications
            self.horizonSeconds = horizonSeconds
            self.monthlyUSD = monthlyUSD
            self.p99Milliseconds = p99Milliseconds
            self.objectivesMet = objectivesMet
            self.configurationHash = configurationHash
            self.capsimVersion = capsimVersion
        }
    }

    public var rows: [Row]
    /// Dates in the table are shown in this zone (the user's).
    public var timeZone: TimeZone

    public init(rows: [Row], timeZone: TimeZone = .current) {
        self.rows = rows
        self.timeZone = timeZone
    }

    /// Id prefix, start, kind, scenario, seed, replications, monthly cost, p99, verdict;
    /// variants indented under their comparison.
    public func table() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let lines = rows.map { row -> [String] in
            let kind = row.kind == "variant" ? "  \(row.variantName ?? "variant")" : row.kind
            let verdict = row.objectivesMet.map { $0 ? "met" : "missed" } ?? "-"
            return [String(row.id.prefix(8)), formatter.string(from: row.startedAt), kind, row.scenario, String(row.seed),
                    String(row.replications), row.monthlyUSD.map { "$" + RunReport.fixed($0, 2) } ?? "-",
                    row.p99Milliseconds.map { RunReport.ms($0) } ?? "-", verdict]
        }
        return RunReport.grid(lines, header: ["id", "started", "kind", "scenario", "seed", "reps", "monthly", "p99 ms", "SLOs"])
    }

    /// `capsim.runs/v1`: every field, full ids, dates in ISO 8601 UTC.
    public func json() -> JSONValue {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        return .object([
            ("schema", .string("capsim.runs/v1")),
            ("runs", .array(rows.map { row in
                .object([
                    ("id", .string(row.id)), ("kind", .string(row.kind)),
                    ("variant", row.variantName.map(JSONValue.string) ?? .null),
                    ("comparison", row.parentID.map(JSONValue.string) ?? .null),
                    ("startedAt", .string(formatter.string(from: row.startedAt))), ("scenario", .string(row.scenario)),
                    ("seed", .integer(Int(Int64(bitPattern: row.seed)))), ("replications", .integer(row.replications)),
                    ("horizonSeconds", .number(row.horizonSeconds)), ("monthlyUSD", optional(row.monthlyUSD)),
                    ("p99Ms", optional(row.p99Milliseconds)), ("sloMet", row.objectivesMet.map(JSONValue.bool) ?? .null),
                    ("configurationHash", row.configurationHash.map(JSONValue.string) ?? .null),
                    ("capsimVersion", .string(row.capsimVersion)),
                ])
            })),
        ])
    }
}
