import ArgumentParser
import Foundation
import Reports
import Results
import Store
import YAMLSupport

extension Capsim {
    /// `capsim runs …`: the run history that `run` and `compare` record into.
    struct RunsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runs",
            abstract: "List, show, compare, export and remove recorded runs.",
            discussion: """
                Every capsim run and compare is recorded in a SQLite file: --db FILE, else \
                $CAPSIM_DB, else $XDG_DATA_HOME/capsim/history.sqlite. A run is named by its \
                id or any unique prefix of four or more of its hexadecimal digits.
                """,
            subcommands: [List.self, Show.self, Diff.self, Export.self, Remove.self, CollectGarbage.self])
    }
}

/// The formats of the listings that have no Markdown or CSV form.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

extension Capsim.RunsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List recorded runs, newest first.")

        @Option(help: ArgumentHelp("Only runs of this scenario (its name, or its file as given).", valueName: "name"))
        var scenario: String?

        @Option(help: ArgumentHelp("Only runs started at or after this date (2026-12-01, 2026-12-01T09:30, or 7d for 7 days ago).",
                                   valueName: "date"))
        var since: String?

        @Option(help: ArgumentHelp("Only runs started before this date (a day alone includes that day).", valueName: "date"))
        var until: String?

        @Option(help: ArgumentHelp("Only runs whose SLOs were all met, or not.", valueName: "met|missed"))
        var verdict: Verdict?

        @Flag(help: "List each comparison's variants under it.")
        var variants = false

        @Option(help: ArgumentHelp("At most this many runs, the newest.", valueName: "count"))
        var limit: Int?

        @Option(help: "Output format: table or json.")
        var format: ListingFormat = .table

        @OptionGroup var history: HistoryFileOption

        enum Verdict: String, ExpressibleByArgument, CaseIterable { case met, missed }

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, found \(limit)") }
        }

        func run() throws {
            let filter = RunFilter(scenario: scenario, since: try since.map { try HistoryDate.parse($0, option: "--since", endOfDay: false) },
                                   until: try until.map { try HistoryDate.parse($0, option: "--until", endOfDay: true) },
                                   objectivesMet: verdict.map { $0 == .met }, includesVariants: variants, limit: limit)
            let store = try history.location().openExisting()
            let runs = try HistoryCommand.perform { () throws(HistoryError) in try store.runs(matching: filter) }
            let report = RunListReport(rows: runs.map(RunListReport.Row.init))
            switch format {
            case .table:
                try Console.output(runs.isEmpty ? "No recorded run matches.\n" : report.table())
            case .json:
                try Console.output(report.json().serialized() + "\n")
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Compare two recorded runs: cost, latency, errors, SLO verdicts and utilizations.",
            discussion: """
                Changes are from the first run to the second, absolute and relative. A warning \
                comes first when the runs are not comparable as they stand: a different \
                scenario text or overrides that change more than the configuration (so the \
                load differs), different seeds (part of each change is noise), or different \
                capsim versions.
                """)

        @Argument(help: "The first run's id or a unique prefix of it.")
        var first: String

        @Argument(help: "The second run's id or a unique prefix of it.")
        var second: String

        @Option(help: "Output format: table or json.")
        var format: ListingFormat = .table

        @OptionGroup var history: HistoryFileOption

        func run() throws {
            let store = try history.location().openExisting()
            let (a, b) = try HistoryCommand.perform { () throws(HistoryError) in
                (try store.storedRun(try store.resolve(first).id), try store.storedRun(try store.resolve(second).id))
            }
            let report = RunDiffReport(first: .init(label: a.listing.id.shortForm, summary: try Self.summary(of: a)),
                                       second: .init(label: b.listing.id.shortForm, summary: try Self.summary(of: b)),
                                       warnings: Self.warnings(a.listing, b.listing))
            switch format {
            case .table: try Console.output(report.table())
            case .json: try Console.output(report.json().serialized() + "\n")
            }
        }

        static func summary(of run: StoredRun) throws -> RunSummary {
            switch run.content {
            case let .run(summary):
                return summary
            case let .comparison(_, variants):
                throw CapsimFailure(
                    description: "\(run.listing.id.shortForm) is a comparison; diff two of its variants ("
                        + variants.map { "\($0.id.shortForm) \($0.variantName ?? "")" }.joined(separator: ", ") + ") or two runs",
                    exitCode: .badInput)
            }
        }

        /// Why the two runs' differences may not be the configuration's alone.
        static func warnings(_ a: RunListing, _ b: RunListing) -> [String] {
            var warnings: [String] = []
            if a.loadHash != b.loadHash {
                if a.scenarioHash != b.scenarioHash {
                    warnings.append("the runs ran different scenario texts (sha256 \(a.scenarioHash.prefix(12)) and "
                                    + "\(b.scenarioHash.prefix(12))): the changes below are not the configuration's alone")
                } else {
                    warnings.append("the runs' overrides change more than the configuration (\(describe(a.overrides)); "
                                    + "\(describe(b.overrides))): the changes below are not the configuration's alone")
                }
            }
            if a.seed != b.seed {
                warnings.append("different seeds (\(a.seed) and \(b.seed)): part of each change is sampling noise; "
                                + "capsim compare pairs replications on the same random numbers")
            }
            if a.capsimVersion != b.capsimVersion {
                warnings.append("recorded by capsim \(a.capsimVersion) and \(b.capsimVersion): the model may differ")
            }
            return warnings
        }

        static func describe(_ overrides: [String]) -> String {
            overrides.isEmpty ? "none" : overrides.joined(separator: ", ")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a recorded run's full summary (json) or its per-minute series (csv).")

        enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv }

        @Argument(help: "The run's id or a unique prefix of it.")
        var id: String

        @Option(help: "json: the summary as capsim run --format json wrote it; csv: the per-minute series.")
        var format: Format = .json

        @Option(help: "Write to this file (replaced atomically; - for standard output).")
        var out: String?

        @OptionGroup var history: HistoryFileOption

        func run() throws {
            let outputs = try OutputFiles([("--out", out)], inputs: [])
            let store = try history.location().openExisting()
            let stored = try HistoryCommand.perform { () throws(HistoryError) in try store.storedRun(try store.resolve(id).id) }
            let text: String
            switch (stored.content, format) {
            case let (.run(summary), .json):
                text = try JSONValueEncoder().encode(summary).serialized() + "\n"
            case let (.run(summary), .csv):
                text = try RunReport(summary: summary).seriesCSV()
            case let (.comparison(summary, _), .json):
                text = try JSONValueEncoder().encode(summary).serialized() + "\n"
            case let (.comparison(_, variants), .csv):
                throw CapsimFailure(
                    description: "\(stored.listing.id.shortForm) is a comparison, which has no series of its own; export a variant's ("
                        + variants.map { "\($0.id.shortForm) \($0.variantName ?? "")" }.joined(separator: ", ") + ")",
                    exitCode: .badInput)
            }
            try outputs.write([text])
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Remove recorded runs (a comparison with its variants), all or none.")

        @Argument(help: "The runs' ids or unique prefixes of them.")
        var ids: [String]

        @OptionGroup var history: HistoryFileOption

        func validate() throws {
            if ids.isEmpty { throw ValidationError("name at least one run to remove") }
        }

        func run() throws {
            let store = try history.location().openExisting()
            let runs = try HistoryCommand.perform { () throws(HistoryError) in try ids.map { id throws(HistoryError) in try store.resolve(id) } }
            let removed = try HistoryCommand.perform { () throws(HistoryError) in try store.remove(runs.map(\.id)) }
            try Console.output("Removed \(removed) run\(removed == 1 ? "" : "s") (\(runs.map(\.id.shortForm).joined(separator: ", "))"
                               + "\(removed > runs.count ? " and their variants" : "")) from \(store.path).\n")
        }
    }

    struct CollectGarbage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc",
            abstract: "Keep the newest runs, remove the others with their variants, and shrink the file.")

        @Option(help: ArgumentHelp("How many runs and comparisons to keep, the newest.", valueName: "count"))
        var keep: Int

        @OptionGroup var history: HistoryFileOption

        func validate() throws {
            if keep < 0 { throw ValidationError("--keep must be 0 or more, found \(keep)") }
        }

        func run() throws {
            let store = try history.location().openExisting()
            let collected = try HistoryCommand.perform { () throws(HistoryError) in try store.collectGarbage(keeping: keep) }
            func size(_ bytes: Int64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
            try Console.output("Removed \(collected.removedRuns) run\(collected.removedRuns == 1 ? "" : "s"), kept the newest \(keep); "
                               + "\(store.path) is \(size(collected.bytesAfter)) (was \(size(collected.bytesBefore)))"
                               + "\(collected.vacuumed ? ", rebuilt to free space" : "").\n")
        }
    }
}

/// What the `runs` commands share.
enum HistoryCommand {
    /// Runs `body`, a history error becoming the command line's bad-input failure.
    static func perform<T>(_ body: () throws(HistoryError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CapsimFailure(error)
        }
    }
}

extension RunListReport.Row {
    init(_ run: RunListing) {
        self.init(id: run.id.hex, kind: run.kind.rawValue, variantName: run.variantName, parentID: run.parentID?.hex,
                  startedAt: run.startedAt, scenario: run.scenarioName, seed: run.seed, replications: run.replications,
                  horizonSeconds: run.horizonSeconds, monthlyUSD: run.monthlyUSD, p99Milliseconds: run.p99Milliseconds,
                  objectivesMet: run.objectivesMet, configurationHash: run.configurationHash, capsimVersion: run.capsimVersion)
    }
}

/// Dates typed on the command line, in the local time zone unless they say otherwise.
enum HistoryDate {
    /// `2026-12-01` (its start, or with `endOfDay` the next day's start), `2026-12-01T09:30`
    /// or `2026-12-01 09:30[:15]`, an ISO 8601 time with its offset, or a duration such as
    /// `7d` or `12h` meaning that long before now.
    static func parse(_ text: String, option: String, endOfDay: Bool) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Units.seconds(from: trimmed), seconds > 0, trimmed.last?.isLetter == true {
            return Date().addingTimeInterval(-seconds)
        }
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: trimmed) { return date }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = .current
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"] {
            local.dateFormat = format
            if let date = local.date(from: trimmed) { return date }
        }
        local.dateFormat = "yyyy-MM-dd"
        if let day = local.date(from: trimmed) {
            return endOfDay ? Calendar.current.date(byAdding: .day, value: 1, to: day) ?? day : day
        }
        throw ValidationError("\(option) must be a date such as 2026-12-01 or 2026-12-01T09:30, or a duration such as 7d, found \"\(text)\"")
    }
}
