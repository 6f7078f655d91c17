import ArgumentParser
import Foundation
import Reports
import Store

extension Capsim.RunsCommand {
    /// `capsim runs show ID`: a recorded run's report, byte for byte what `capsim run`
    /// (or `compare`) printed in the same format, its last line naming the run included.
    ///
    /// The reports render from the summaries alone (`RunReport(summary:)`,
    /// `ComparisonReport(summary:)`), and the history gives back summaries equal to the
    /// ones recorded; the same renderer on the same value writes the same bytes.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a recorded run's report, as capsim run or compare printed it.")

        @Argument(help: "The run's id or a unique prefix of it.")
        var id: String

        @OptionGroup var output: OutputOptions

        @OptionGroup var history: HistoryFileOption

        func run() throws {
            let outputs = try OutputFiles([("--out", output.out)], inputs: [])
            let store = try history.location().openExisting()
            let stored = try HistoryCommand.perform { () throws(HistoryError) in try store.storedRun(try store.resolve(id).id) }
            let text = switch stored.content {
            case let .run(summary): try output.render(RunReport(summary: summary))
            case let .comparison(summary, _): try output.render(ComparisonReport(summary: summary))
            }
            try outputs.write([text + HistoryOutcome.reportLine(for: stored.listing.id, format: output.format)])
        }
    }
}
