import Foundation
import GRDB

/// What `capsim optimize` records when it starts: enough to resume the same search.
package struct OptimizationRecord: Sendable {
    package var startedAt: Date
    package var capsimVersion: String
    package var scenarioName: String
    package var scenarioSource: String
    package var scenarioText: String
    package var scenarioHash: String
    package var spaceSource: String
    package var spaceText: String
    package var overrides: [String]
    /// The search's settings as JSON, opaque to the history.
    package var settings: String

    package init(startedAt: Date, capsimVersion: String, scenarioName: String, scenarioSource: String, scenarioText: String,
                 scenarioHash: String, spaceSource: String, spaceText: String, overrides: [String], settings: String) {
        self.startedAt = startedAt
        self.capsimVersion = capsimVersion
        self.scenarioName = scenarioName
        self.scenarioSource = scenarioSource
        self.scenarioText = scenarioText
        self.scenarioHash = scenarioHash
        self.spaceSource = spaceSource
        self.spaceText = spaceText
        self.overrides = overrides
        self.settings = settings
    }
}

/// A recorded optimization, as read back.
package struct StoredOptimization: Sendable {
    package var id: RunID
    package var number: Int64
    package var record: OptimizationRecord
    /// The plan's JSON once the search finished.
    package var plan: String?
    /// Trials recorded so far.
    package var trials: Int
}

/// Which simulation a trial was: the candidate, the fidelity and the replication.
package struct TrialKey: Hashable, Sendable {
    package var configurationHash: String
    package var fidelity: String
    package var replication: Int
    package var seed: UInt64

    package init(configurationHash: String, fidelity: String, replication: Int, seed: UInt64) {
        self.configurationHash = configurationHash
        self.fidelity = fidelity
        self.replication = replication
        self.seed = seed
    }
}

/// A trial's record: its outcome is JSON the optimizer wrote and reads.
package struct StoredTrial: Sendable {
    package var key: TrialKey
    package var requests: Int
    package var wallSeconds: Double
    package var outcome: String

    package init(key: TrialKey, requests: Int, wallSeconds: Double, outcome: String) {
        self.key = key
        self.requests = requests
        self.wallSeconds = wallSeconds
        self.outcome = outcome
    }
}

extension RunHistory {
    /// Records the start of a search; returns its id.
    package func beginOptimization(_ record: OptimizationRecord) throws(HistoryError) -> StoredOptimization {
        let id = RunID.random()
        let number = try perform { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: """
                    INSERT INTO optimization (id, startedAt, capsimVersion, scenarioName, scenarioSource, scenarioText,
                        scenarioHash, spaceSource, spaceText, overrides, settings, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')
                    """, arguments: [id.hex, record.startedAt, record.capsimVersion, record.scenarioName, record.scenarioSource,
                                     record.scenarioText, record.scenarioHash, record.spaceSource, record.spaceText,
                                     Self.jsonArray(record.overrides), record.settings])
                return .commit
            }
            return db.lastInsertedRowID
        }
        return StoredOptimization(id: id, number: number, record: record, plan: nil, trials: 0)
    }

    /// The optimization whose id is `text` or starts with it.
    /// - Throws: `.malformedID`, `.unknownRun` (no optimization has that id), `.ambiguousRun`.
    package func optimization(_ text: String) throws(HistoryError) -> StoredOptimization {
        let prefix = text.lowercased()
        guard prefix.count >= RunID.minimumPrefixLength, prefix.count <= 32, RunID.isHexadecimal(prefix) else {
            throw .malformedID(text)
        }
        let rows = try perform { db in
            try Row.fetchAll(db, sql: """
                SELECT o.*, (SELECT count(*) FROM trial t WHERE t.optimizationNumber = o.number) AS trials
                FROM optimization o WHERE o.id >= ? AND o.id < ? ORDER BY o.startedAt DESC LIMIT 11
                """, arguments: [prefix, prefix + "g"])
        }
        guard rows.count == 1, let row = rows.first else {
            if rows.isEmpty {
                let all = try perform { db in try String.fetchAll(db, sql: "SELECT id FROM optimization ORDER BY startedAt DESC") }
                throw .unknownRun(prefix: text, closest: Array(all.prefix(3).map { String($0.prefix(RunID.shortLength)) + " (optimization)" }))
            }
            throw .ambiguousRun(prefix: text, candidates: rows.map { String(($0["id"] as String).prefix(prefix.count + 4)) })
        }
        return Self.storedOptimization(row)
    }

    /// Records one trial in its own transaction, as it finishes: a search killed at any
    /// moment keeps every trial that finished. A trial already recorded (two processes
    /// resuming one search) is kept as it was; equal keys give equal outcomes.
    package func recordTrial(_ trial: StoredTrial, optimization number: Int64) throws(HistoryError) {
        try perform { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO trial (optimizationNumber, configurationHash, fidelity, replication, seed, requests,
                        wallSeconds, outcome)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [number, trial.key.configurationHash, trial.key.fidelity, trial.key.replication,
                                     Int64(bitPattern: trial.key.seed), trial.requests, trial.wallSeconds, trial.outcome])
                return .commit
            }
        }
    }

    /// Every trial of the optimization, in key order.
    package func trials(ofOptimization number: Int64) throws(HistoryError) -> [StoredTrial] {
        try perform { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM trial WHERE optimizationNumber = ?
                ORDER BY configurationHash, fidelity, replication, seed
                """, arguments: [number]).map { row in
                let seed: Int64 = row["seed"]
                return StoredTrial(key: TrialKey(configurationHash: row["configurationHash"], fidelity: row["fidelity"],
                                                 replication: row["replication"], seed: UInt64(bitPattern: seed)),
                                   requests: row["requests"], wallSeconds: row["wallSeconds"], outcome: row["outcome"])
            }
        }
    }

    /// Stores the plan and marks the search finished, in one transaction.
    package func finishOptimization(_ number: Int64, plan: String) throws(HistoryError) {
        try perform { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: "UPDATE optimization SET status = 'finished', plan = ? WHERE number = ?", arguments: [plan, number])
                return .commit
            }
        }
    }

    private static func storedOptimization(_ row: Row) -> StoredOptimization {
        let overrides = (try? JSONDecoder().decode([String].self, from: Data((row["overrides"] as String).utf8))) ?? []
        let record = OptimizationRecord(
            startedAt: row["startedAt"], capsimVersion: row["capsimVersion"], scenarioName: row["scenarioName"],
            scenarioSource: row["scenarioSource"], scenarioText: row["scenarioText"], scenarioHash: row["scenarioHash"],
            spaceSource: row["spaceSource"], spaceText: row["spaceText"], overrides: overrides, settings: row["settings"])
        return StoredOptimization(id: RunID(row["id"] as String)!, number: row["number"], record: record, plan: row["plan"],
                                  trials: row["trials"])
    }

    private static func jsonArray(_ values: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(values)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
