import ArgumentParser
import ContentHash
import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Model
import Optimizer
import Reports
import Results
import Scenarios
import SimCore
import Store
import YAMLSupport

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

        @OptionGroup var configurationFile: ConfigurationOptions

        @Option(help: ArgumentHelp("Run the scenario under a capacity plan's configuration (capsim optimize --out).", valueName: "file"),
                completion: .file(extensions: ["yaml", "yml", "json"]))
        var plan: String?

        @OptionGroup var output: OutputOptions

        @OptionGroup var tenantCosts: TenantCostOptions

        @Option(help: "Also write the per-minute series as CSV to this file.")
        var seriesCSV: String?

        @OptionGroup var html: HTMLOutput

        @Flag(help: "Exit with status 1 when an SLO is missed or has no data.")
        var checkSLO = false

        @OptionGroup var history: HistoryOptions

        /// The scenario as written, or the chosen variant of it, with the file it came from.
        func load() throws -> (Scenario, Catalog, variantSource: String?) {
            guard let variant else {
                let (scenario, catalog) = try options.load(flags: simulation.overrides)
                return (scenario, catalog, nil)
            }
            let catalog = try options.catalog.load(near: options.scenario)
            let chosen = try ScenarioOptions.naming(simulation.overrides) {
                try ScenarioLoader(catalog: catalog, files: FileSystemScenarioFiles())
                    .loadVariants(path: options.scenario, policies: [variant], overrides: try options.allOverrides(simulation.overrides),
                                  flag: "--variant")
            }
            return (chosen[0].scenario, catalog, chosen[0].source)
        }

        func run() throws {
            let (loaded, catalog, variantSource) = try load()
            if plan != nil && configurationFile.file != nil {
                throw CapsimFailure(description: "--plan and --configuration both choose the configuration; give one", exitCode: .badInput)
            }
            let scenario = try plan.map { try PlanFile.apply(try PlanFile.load($0), from: $0, to: loaded, catalog: catalog) }
                ?? configurationFile.apply(to: loaded, catalog: catalog)
            ScenarioOptions.warn(about: [scenario])
            // Every output is checked before the work, so that a typo in a path never
            // throws a finished simulation away.
            let outputs = try OutputFiles(
                [("--out", output.out)] + (seriesCSV.map { [("--series-csv", $0)] } ?? []) + html.outputs,
                inputs: try options.inputFiles(scenarios: [scenario],
                                               variantSources: (variantSource.map { [$0] } ?? []) + (configurationFile.file.map { [$0] } ?? [])
                                                   + (plan.map { [$0] } ?? []))
                    + history.protectedFiles())
            let recorder = try HistoryRecorder(history)
            let model = PlatformModel(scenario: scenario)
            try simulation.admit([model], replications: scenario.replications)
            let started = Date()
            let results = simulation.runner.aggregate(model, count: scenario.replications, progress: simulation.progressReporter)
            let wall = Date().timeIntervalSince(started)
            let result = RunResult(results, costModel: CostModel(catalog: catalog), tenantAllocation: tenantCosts.allocation)
            let report = RunReport(result: result, wallSeconds: wall)
            let recorded = recorder.record(.run(report.summary, configurationHash: scenario.configuration.contentHash)) {
                RunProvenance.make(scenarioPath: options.scenario, overrides: try options.allOverrides(simulation.overrides),
                                   catalog: catalog, startedAt: started)
            }
            try outputs.write([output.render(report) + recorded.reportLine(for: output.format)]
                              + (seriesCSV == nil ? [] : [report.seriesCSV()]) + html.render(report))
            recorded.announce()
            if checkSLO && !result.objectivesMet {
                // One line per objective missed or without data, each saying why.
                throw CapsimFailure(description: report.objectiveFailures().joined(separator: "\ncapsim: "), exitCode: .objectiveMissed)
            }
            try recorded.requireRecorded()
        }
    }
}
