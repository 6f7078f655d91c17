import ArgumentParser
import Foundation
import Platform
import Reports

extension Capsim {
    struct RunCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Simulate a scenario and report latency, utilization, cost and SLO verdicts.")

        @OptionGroup var options: ScenarioOptions

        @Option(help: "Random seed (overrides the scenario's seed).")
        var seed: UInt64?

        @Option(help: "Number of independent replications (overrides the scenario's).")
        var replications: Int?

        @Option(help: "Simulated time, e.g. 1d or 7d (overrides the scenario's horizon).")
        var horizon: String?

        @Option(help: ArgumentHelp("Run one variant: a name from the scenario's variants: list, or a policy file.",
                                   valueName: "name-or-file"))
        var variant: String?

        @OptionGroup var output: OutputOptions

        @Option(help: "Also write the per-minute series as CSV to this file.")
        var seriesCSV: String?

        @Option(help: "Replications to run at once (default: all cores). Results do not depend on it.")
        var jobs: Int?

        @Flag(help: "Show progress on standard error even when it is not a terminal.")
        var progress = false

        @Flag(help: "Exit with status 1 when an SLO is missed.")
        var checkSLO = false

        /// The scenario as written, or the chosen variant of it.
        func load(extra: [String]) throws -> (Scenario, Catalog) {
            guard let variant else { return try options.load(extra: extra) }
            let catalog = try options.catalog.load(near: options.scenario)
            let variants = try ScenarioLoader(catalog: catalog)
                .loadVariants(path: options.scenario, policies: [variant], overrides: extra + options.overrides)
            return (variants[0].scenario, catalog)
        }

        @Sendable static func showProgress(finished: Int, total: Int) {
            let text = "\rcapsim: \(finished)/\(total) replications done"
            FileHandle.standardError.write(Data((finished == total ? text + "\n" : text).utf8))
        }

        func validate() throws {
            if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            var extra: [String] = []
            if let seed { extra.append("seed=\(seed)") }
            if let replications { extra.append("replications=\(replications)") }
            if let horizon { extra.append("horizon=\(horizon)") }
            let (scenario, catalog) = try load(extra: extra)
            let model = PlatformModel(scenario: scenario)
            let showProgress = progress || isatty(STDERR_FILENO) == 1
            let started = Date()
            let runner = ReplicationRunner(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
            let reportProgress: (@Sendable (Int, Int) -> Void)? = showProgress ? Self.showProgress : nil
            let results = runner.run(model, count: scenario.replications, progress: reportProgress)
            let wall = Date().timeIntervalSince(started)
            let result = RunResult(scenario: scenario, replications: results, costModel: CostModel(catalog: catalog))
            let report = RunReport(result: result, wallSeconds: wall)
            let text: String
            switch output.format {
            case .table: text = report.table()
            case .json: text = report.json().serialized() + "\n"
            case .markdown: text = report.markdown()
            case .csv: text = report.csv()
            }
            if let seriesCSV { try OutputDestination(path: seriesCSV).write(report.seriesCSV()) }
            try output.destination.write(text)
            if checkSLO && !result.objectivesMet {
                throw CapsimFailure(description: "an SLO was missed", exitCode: .objectiveMissed)
            }
        }
    }
}
