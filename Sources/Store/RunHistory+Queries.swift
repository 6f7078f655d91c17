import Foundation
import GRDB
import Results

/// A recorded run read back: its listing, the scenario text that ran, and its results.
package struct StoredRun: Sendable {
    package var listing: RunListing
    /// The scenario text that ran, before overrides.
    package var scenarioText: String
    package var content: Content

    package enum Content: Sendable {
        /// A run's or a variant's summary, equal to the one recorded, series included.
        case run(RunSummary)
        /// A comparison's summary and the listings of its variants, in order.
        case comparison(ComparisonSummary, variants: [RunListing])
    }
}

extension RunHistory {
    /// The runs that pass `filter`, newest first (a comparison's variants after it, in
    /// their order, when the filter includes them).
    /// - Complexity: O(runs) rows read, none of their summaries.
    package func runs(matching filter: RunFilter = RunFilter()) throws(HistoryError) -> [RunListing] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let scenario = filter.scenario {
            conditions.append("(r.scenarioName = ? OR r.scenarioSource = ?)")
            arguments += [scenario, scenario]
        }
        if let since = filter.since {
            conditions.append("r.startedAt >= ?")
            arguments += [since]
        }
        if let until = filter.until {
            conditions.append("r.startedAt < ?")
            arguments += [until]
        }
        if let met = filter.objectivesMet {
            conditions.append("r.objectivesMet = ?")
            arguments += [met]
        }
        // Variants are listed only with their comparison, whichever filter they pass.
        let topLevel = conditions + ["r.parentNumber IS NULL"]
        let limit = filter.limit.map { " LIMIT \($0)" } ?? ""
        return try perform { db in
            let runs = try RunListing.fetchAll(db, sql: """
                SELECT \(RunListing.selection) FROM \(RunListing.from)
                WHERE \(topLevel.joined(separator: " AND "))
                ORDER BY r.startedAt DESC, r.number DESC\(limit)
                """, arguments: arguments)
            guard filter.includesVariants else { return runs }
            var listed: [RunListing] = []
            for run in runs {
                listed.append(run)
                if run.kind == .compare { listed += try Self.variants(of: run.id, in: db) }
            }
            return listed
        }
    }

    /// The run whose id is `text` or starts with it (at least
    /// ``RunID/minimumPrefixLength`` hexadecimal digits, either case).
    ///
    /// - Throws: `.malformedID`; `.ambiguousRun` with every candidate; `.unknownRun` with
    ///   the three ids closest to `text` (fewest edits to their first digits).
    /// - Complexity: O(log runs) for a match; O(runs) to find suggestions.
    package func resolve(_ text: String) throws(HistoryError) -> RunListing {
        let prefix = text.lowercased()
        guard prefix.count >= RunID.minimumPrefixLength, prefix.count <= 32, RunID.isHexadecimal(prefix) else {
            throw .malformedID(text)
        }
        let found = try perform { db in
            // Every id is hexadecimal, and "g" sorts after every hexadecimal digit.
            try RunListing.fetchAll(db, sql: """
                SELECT \(RunListing.selection) FROM \(RunListing.from) WHERE r.id >= ? AND r.id < ? ORDER BY r.startedAt DESC LIMIT 11
                """, arguments: [prefix, prefix + "g"])
        }
        if found.count == 1 { return found[0] }
        if found.count > 1 {
            throw .ambiguousRun(prefix: text, candidates: found.prefix(10).map { Self.describe($0, digits: prefix.count + 4) })
        }
        let all = try perform { db in
            try RunListing.fetchAll(db, sql: "SELECT \(RunListing.selection) FROM \(RunListing.from)")
        }
        let closest = all.map { (run: $0, distance: Self.editDistance(prefix, $0.id.hex.prefix(prefix.count))) }
            .sorted { ($0.distance, $1.run.startedAt) < ($1.distance, $0.run.startedAt) }
            .prefix(3)
        throw .unknownRun(prefix: text, closest: closest.map { Self.describe($0.run) })
    }

    /// The run `id` with its scenario text and its summary, reassembled.
    /// - Complexity: O(minutes of series) rows read.
    package func storedRun(_ id: RunID) throws(HistoryError) -> StoredRun {
        try perform { db in
            guard let listing = try RunListing.fetchOne(db, sql: "SELECT \(RunListing.selection) FROM \(RunListing.from) WHERE r.id = ?",
                                                        arguments: [id.hex]),
                  let stored = try Row.fetchOne(db, sql: "SELECT number, scenarioText, summary FROM run WHERE id = ?", arguments: [id.hex])
            else { throw HistoryError.unknownRun(prefix: id.hex, closest: []) }
            let number: Int64 = stored["number"]
            let json: String = stored["summary"]
            do {
                switch listing.kind {
                case .run, .variant:
                    let summary = try SummaryCoding.reassembled(json, rows: try Self.series(ofRun: number, in: db))
                    return StoredRun(listing: listing, scenarioText: stored["scenarioText"], content: .run(summary))
                case .compare:
                    return StoredRun(listing: listing, scenarioText: stored["scenarioText"],
                                     content: .comparison(try SummaryCoding.comparison(json), variants: try Self.variants(of: id, in: db)))
                }
            } catch let error as DecodingError {
                throw HistoryError.unreadable(path: "", detail: "run \(id.shortForm)'s summary does not decode (\(error))")
            }
        }
    }

    static func variants(of id: RunID, in db: Database) throws -> [RunListing] {
        try RunListing.fetchAll(db, sql: """
            SELECT \(RunListing.selection) FROM \(RunListing.from) WHERE parent.id = ? ORDER BY r.variantIndex
            """, arguments: [id.hex])
    }

    /// "3f9c2a1b (run of baseline, 2026-12-03 15:04 UTC)": enough to pick one of several,
    /// with at least `digits` of the id (more than the prefix that matched them all).
    static func describe(_ run: RunListing, digits: Int = RunID.shortLength) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let what = run.kind == .variant ? "variant \(run.variantName ?? "?")" : run.kind.rawValue
        return "\(run.id.hex.prefix(max(digits, RunID.shortLength))) (\(what) of \(run.scenarioName), \(formatter.string(from: run.startedAt)) UTC)"
    }

    /// Levenshtein distance between two short strings.
    static func editDistance(_ a: some StringProtocol, _ b: some StringProtocol) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
