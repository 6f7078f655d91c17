import ArgumentParser
import Reports
import Results
import Store

extension Capsim {
    /// `capsim report ID… --html FILE`: the HTML report of recorded runs, drawn from the
    /// summaries the history gives back, so it is the page `--html` wrote at the time.
    ///
    /// One run gives the run's report; one comparison gives the comparison's, its
    /// variants' series overlaid; several runs (or variants) give their charts overlaid
    /// with no paired intervals, since runs recorded apart share no random numbers.
    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write the HTML report of recorded runs or a comparison.",
            discussion: """
                One id: that run's or comparison's report. Several ids: the runs overlaid \
                (a comparison's variants can be named by their own ids; see capsim runs list).
                """)

        @Argument(help: ArgumentHelp("Run ids or unique prefixes of them.", valueName: "id"))
        var ids: [String]

        @Option(name: .customLong("html"), help: ArgumentHelp("The HTML file to write.", valueName: "file"))
        var path: String

        @OptionGroup var history: HistoryFileOption

        func validate() throws {
            guard !ids.isEmpty else { throw ValidationError("name at least one run id (capsim runs list shows them)") }
        }

        func run() throws {
            let outputs = try OutputFiles([("--html", path)], inputs: [])
            let store = try history.location().openExisting()
            let stored = try HistoryCommand.perform { () throws(HistoryError) -> [StoredRun] in
                var runs: [StoredRun] = []
                for id in ids { runs.append(try store.storedRun(try store.resolve(id).id)) }
                return runs
            }
            let page: String
            if stored.count == 1, case let .comparison(summary, variants) = stored[0].content {
                let runs = try HistoryCommand.perform { () throws(HistoryError) -> [RunSummary] in
                    var summaries: [RunSummary] = []
                    for variant in variants {
                        guard case let .run(summary) = try store.storedRun(variant.id).content else {
                            throw HistoryError.refused("variant \(variant.id) of comparison \(stored[0].listing.id) is not a run")
                        }
                        summaries.append(summary)
                    }
                    return summaries
                }
                page = HTMLReport.comparison(summary, variants: runs)
            } else {
                let runs = try stored.map { run -> RunSummary in
                    guard case let .run(summary) = run.content else {
                        throw CapsimFailure(
                            description: "\(run.listing.id) is a comparison: name it alone, or name its variants' ids to overlay them with other runs",
                            exitCode: .badInput)
                    }
                    return summary
                }
                page = runs.count == 1 ? HTMLReport.run(runs[0]) : HTMLReport.runs(runs)
            }
            try outputs.write([page])
        }
    }
}
