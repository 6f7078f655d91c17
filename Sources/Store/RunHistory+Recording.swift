import Foundation
import GRDB
import Results

extension RunHistory {
    /// Records a run, or a comparison with all its variants, in one immediate transaction,
    /// and returns the ids it was given.
    ///
    /// One transaction is the point: a process killed while recording, or a disk that
    /// fills up half-way, leaves the history as it was before, never a run without its
    /// series or a comparison without some variants. Immediate, so that the write lock is
    /// taken (or waited for, up to ``busyTimeout``) before anything is read.
    ///
    /// - Complexity: O(minutes of series) row inserts; a week is about 10,080 per run.
    /// - Throws: ``HistoryError/unwritable(path:reason:)`` for a full disk, a read-only
    ///   file or a lock held too long; nothing is recorded then.
    @discardableResult
    package func record(_ recording: Recording) throws(HistoryError) -> RecordedIDs {
        try perform { db in
            var recorded = RecordedIDs(id: RunID.random(), variants: [])
            try db.inTransaction(.immediate) {
                recorded.variants = []
                let provenance = recording.provenance
                switch recording.content {
                case let .run(summary, configurationHash):
                    _ = try Self.insert(summary, id: recorded.id, configurationHash: configurationHash,
                                        provenance: provenance, in: db)
                case let .comparison(comparison, variants):
                    var row = try Self.row(id: recorded.id, kind: .compare, provenance: provenance,
                                           setup: (comparison.setup.name, comparison.setup.source, comparison.setup.seed,
                                                   comparison.setup.replications, comparison.setup.horizonSeconds),
                                           wallSeconds: comparison.wallSeconds, summary: try SummaryCoding.json(comparison))
                    try row.insert(db)
                    for (index, variant) in variants.enumerated() {
                        let id = RunID.random()
                        _ = try Self.insert(variant.summary, id: id, configurationHash: variant.configurationHash,
                                            provenance: provenance, parent: (row.number, index, variant.name), in: db)
                        recorded.variants.append(id)
                    }
                }
                return .commit
            }
            return recorded
        }
    }

    /// Inserts one run's row and series; returns its row number.
    private static func insert(_ summary: RunSummary, id: RunID, configurationHash: String, provenance: Recording.Provenance,
                               parent: (number: Int64?, index: Int, name: String)? = nil, in db: Database) throws -> Int64 {
        let setup = summary.setup
        var row = try row(id: id, kind: parent == nil ? .run : .variant, provenance: provenance,
                          setup: (setup.name, setup.source, setup.seed, setup.replications, setup.horizonSeconds),
                          wallSeconds: summary.wallSeconds, summary: try SummaryCoding.json(withoutSeries: summary))
        row.parentNumber = parent?.number
        row.variantIndex = parent?.index
        row.variantName = parent?.name
        row.configurationHash = configurationHash
        row.monthlyUSD = summary.cost.monthlyUSD
        row.p50Ms = summary.latency.p50Milliseconds
        row.p95Ms = summary.latency.p95Milliseconds
        row.p99Ms = summary.latency.p99Milliseconds
        row.objectivesMet = summary.objectivesMet
        try row.insert(db)
        guard let number = row.number else { throw HistoryError.refused("internal error: an inserted run has no row number") }
        try insertSeries(summary.series.rows, ofRun: number, in: db)
        return number
    }

    private static func row(id: RunID, kind: RunKind, provenance: Recording.Provenance,
                            setup: (name: String, source: String, seed: UInt64, replications: Int, horizonSeconds: Double),
                            wallSeconds: Double, summary: String) throws -> RunRow {
        RunRow(number: nil, id: id.hex, kind: kind, parentNumber: nil, variantIndex: nil, variantName: nil,
               startedAt: provenance.startedAt, wallSeconds: wallSeconds, capsimVersion: provenance.capsimVersion,
               scenarioName: setup.name, scenarioSource: setup.source, scenarioText: provenance.scenarioText,
               scenarioHash: provenance.scenarioHash,
               overrides: String(decoding: try overridesEncoder.encode(provenance.overrides), as: UTF8.self),
               loadHash: provenance.loadHash, configurationHash: nil, seed: Int64(bitPattern: setup.seed),
               replications: setup.replications, horizonSeconds: setup.horizonSeconds, monthlyUSD: nil, p50Ms: nil,
               p95Ms: nil, p99Ms: nil, objectivesMet: nil, summary: summary)
    }

    /// Overrides as a JSON array, slashes as typed (`rate_per_tenant=1/s`).
    private static var overridesEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return encoder
    }

    /// Runs `body` on the database, every failure turned into a ``HistoryError`` that
    /// names this file.
    func perform<T>(_ body: (Database) throws -> T) throws(HistoryError) -> T {
        do {
            return try queue.writeWithoutTransaction(body)
        } catch let error as HistoryError {
            if case let .unreadable(path, detail) = error, path.isEmpty { throw .unreadable(path: self.path, detail: detail) }
            throw error
        } catch {
            throw HistoryError.from(error, path: path)
        }
    }
}
