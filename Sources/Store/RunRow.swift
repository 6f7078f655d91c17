import Foundation
import GRDB

/// A row of the `run` table, as it is written.
///
/// Its columns are the schema's (RunHistory+Schema.swift); reading goes through
/// ``RunListing``, which leaves out the two large texts.
struct RunRow: Codable, Sendable {
    /// The row's number in this file; nil until inserted.
    var number: Int64?
    var id: String
    var kind: RunKind
    var parentNumber: Int64?
    var variantIndex: Int?
    var variantName: String?
    var startedAt: Date
    var wallSeconds: Double
    var capsimVersion: String
    var scenarioName: String
    var scenarioSource: String
    var scenarioText: String
    var scenarioHash: String
    /// The overrides as a JSON array of strings.
    var overrides: String
    var loadHash: String
    var configurationHash: String?
    /// The seed's 64 bits as a signed integer: SQLite integers are signed.
    var seed: Int64
    var replications: Int
    var horizonSeconds: Double
    var monthlyUSD: Double?
    var p50Ms: Double?
    var p95Ms: Double?
    var p99Ms: Double?
    var objectivesMet: Bool?
    /// The summary JSON (a run's without its series rows).
    var summary: String

    enum Columns {
        static let number = Column(CodingKeys.number)
        static let id = Column(CodingKeys.id)
        static let kind = Column(CodingKeys.kind)
        static let parentNumber = Column(CodingKeys.parentNumber)
        static let startedAt = Column(CodingKeys.startedAt)
    }
}

extension RunRow: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "run"

    mutating func didInsert(_ inserted: InsertionSuccess) {
        number = inserted.rowID
    }
}

/// A recorded run as `runs list` shows it: everything but the scenario text and the
/// summary, which are read only for the run asked for.
package struct RunListing: Sendable, Equatable {
    package var id: RunID
    package var kind: RunKind
    /// The comparison a variant belongs to; nil for runs and comparisons.
    package var parentID: RunID?
    /// A variant's position in its comparison, the baseline 0.
    package var variantIndex: Int?
    /// A variant's name; nil for runs and comparisons.
    package var variantName: String?
    /// When the simulation started, by the wall clock.
    package var startedAt: Date
    /// Wall-clock seconds of the simulation.
    package var wallSeconds: Double
    package var capsimVersion: String
    package var scenarioName: String
    /// The scenario file as given on the command line.
    package var scenarioSource: String
    package var scenarioHash: String
    package var overrides: [String]
    package var loadHash: String
    /// Nil for a comparison.
    package var configurationHash: String?
    package var seed: UInt64
    package var replications: Int
    package var horizonSeconds: Double
    /// The mean monthly bill in US dollars; nil for a comparison.
    package var monthlyUSD: Double?
    /// The overall 50th, 95th and 99th latency percentiles in milliseconds; nil for a comparison.
    package var p50Milliseconds: Double?
    package var p95Milliseconds: Double?
    package var p99Milliseconds: Double?
    /// Whether every objective was met; nil for a comparison.
    package var objectivesMet: Bool?

    /// The columns a listing reads, `run` aliased as `r`, its parent as `parent`.
    static let selection = """
        r.id, r.kind, parent.id AS parentID, r.variantIndex, r.variantName, r.startedAt, r.wallSeconds, r.capsimVersion,
        r.scenarioName, r.scenarioSource, r.scenarioHash, r.overrides, r.loadHash, r.configurationHash, r.seed,
        r.replications, r.horizonSeconds, r.monthlyUSD, r.p50Ms, r.p95Ms, r.p99Ms, r.objectivesMet
        """
    static let from = "run AS r LEFT JOIN run AS parent ON parent.number = r.parentNumber"
}

extension RunListing: FetchableRecord {
    package init(row: Row) throws {
        guard let id = RunID(row["id"] as String), let kind = RunKind(rawValue: row["kind"]) else {
            throw HistoryError.unreadable(path: "", detail: "a run row with id \(row["id"] as String? ?? "?") is malformed")
        }
        self.id = id
        self.kind = kind
        parentID = (row["parentID"] as String?).flatMap(RunID.init)
        variantIndex = row["variantIndex"]
        variantName = row["variantName"]
        startedAt = row["startedAt"]
        wallSeconds = row["wallSeconds"]
        capsimVersion = row["capsimVersion"]
        scenarioName = row["scenarioName"]
        scenarioSource = row["scenarioSource"]
        scenarioHash = row["scenarioHash"]
        overrides = (try? JSONDecoder().decode([String].self, from: Data((row["overrides"] as String).utf8))) ?? []
        loadHash = row["loadHash"]
        configurationHash = row["configurationHash"]
        seed = UInt64(bitPattern: row["seed"] as Int64)
        replications = row["replications"]
        horizonSeconds = row["horizonSeconds"]
        monthlyUSD = row["monthlyUSD"]
        p50Milliseconds = row["p50Ms"]
        p95Milliseconds = row["p95Ms"]
        p99Milliseconds = row["p99Ms"]
        objectivesMet = row["objectivesMet"]
    }
}
