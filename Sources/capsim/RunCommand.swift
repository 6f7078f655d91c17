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

        @OptionGroup var simulation: SimulationOptions

        @Option(help: ArgumentHelp("Run one variant: a name from the scenario's variants: list, or a policy file.",
                                   valueName: "name-or-file"))
        var variant: String?

        @OptionGroup var output: OutputOptions

        @Option(help: "Also write the per-minute series as CSV to this file.")
        var seriesCSV: String?

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

        func run() throws {
            let (scenario, catalog) = try load(extra: simulation.overrides)
            let model = PlatformModel(scenario: scenario)
            let started = Date()
            let results = simulation.runner.aggregate(model, count: scenario.replications, progress: simulation.progressReporter)
            let wall = Date().timeIntervalSince(started)
            let result = RunResult(results, costModel: CostModel(catalog: catalog))
            let report = RunReport(result: result, wallSeconds: wall)
            if let seriesCSV { try OutputDestination(path: seriesCSV).write(report.seriesCSV()) }
            try output.write(report)
            if checkSLO && !result.objectivesMet {
                throw CapsimFailure(description: "an SLO was missed", exitCode: .objectiveMissed)
            }
        }
    }
}
