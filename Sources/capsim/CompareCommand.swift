import ArgumentParser
import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Model
import Reports
import Results
import Scenarios
import SimCore
import Store
import YAMLSupport

extension Capsim {
    struct CompareCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Run policy variants on the same load and compare cost, latency and SLO attainment.",
            discussion: """
                Variants come from --policy (a name from the scenario's variants: list, \
                "baseline" for the scenario as written, or a policy file) or, without it, \
                from every entry of the scenario's variants: list. The first variant is the \
                one the others are compared against. The report's first line names the \
                cheapest variant that meets every SLO, or the closest when none does. \
                --sweep runs every variant once per value of one scenario field and adds \
                a sensitivity section.
                """)

        @OptionGroup var options: ScenarioOptions

        @Option(name: .customLong("policy"), parsing: .upToNextOption,
                help: ArgumentHelp("Variants to compare, first one as the reference.", valueName: "name-or-file"))
        var policies: [String] = []

        @Option(name: .customLong("sweep"),
                help: ArgumentHelp("Run every variant once per value of a scenario field, e.g. tiers.api.autoscaling.tolerance=0,0.05,0.1.",
                                   valueName: "path=v1,v2,..."))
        var sweep: String?

        @OptionGroup var simulation: SimulationOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var tenantCosts: TenantCostOptions

        @OptionGroup var html: HTMLOutput

        @OptionGroup var history: HistoryOptions

        func validate() throws {
            if let replications = simulation.replications.flatMap({ Int($0) }), replications < 2 {
                throw ValidationError("--replications must be at least 2: paired intervals need two replications")
            }
        }

        func run() throws {
            let catalog = try options.catalog.load(near: options.scenario)
            let swept = try sweep.map { argument in
                switch SweptAssumption.parse(argument) {
                case let .success(assumption): return assumption
                case let .failure(issue): throw ScenarioError(issues: [issue])
                }
            }
            let variants = try ScenarioOptions.naming(simulation.overrides) {
                try ScenarioLoader(catalog: catalog, files: FileSystemScenarioFiles())
                    .loadVariants(path: options.scenario, policies: policies, overrides: try options.allOverrides(simulation.overrides),
                                  sweep: swept)
            }
            let count = variants[0].scenario.replications
            guard count >= 2 else {
                throw CapsimFailure(
                    description: "\(options.scenario): compare needs at least 2 replications for paired intervals; set replications or pass --replications",
                    exitCode: .badInput)
            }
            ScenarioOptions.warn(about: variants.map(\.scenario))
            let outputs = try OutputFiles([("--out", output.out)] + html.outputs,
                                          inputs: try options.inputFiles(scenarios: variants.map(\.scenario), variantSources: variants.map(\.source))
                                              + history.protectedFiles())
            let recorder = try HistoryRecorder(history)
            let models = variants.map { PlatformModel(scenario: $0.scenario) }
            try simulation.admit(models, replications: count)
            let started = Date()
            let results = simulation.runner.aggregate(models, count: count, progress: simulation.progressReporter)
            let wall = Date().timeIntervalSince(started)
            let costModel = CostModel(catalog: catalog)
            let comparison = PolicyComparison(zip(variants, results).map { variant, aggregate in
                (variant.name, variant.description, RunResult(aggregate, costModel: costModel, tenantAllocation: tenantCosts.allocation))
            }, sweep: swept, swept: variants.map(\.swept))
            let report = ComparisonReport(comparison: comparison, wallSeconds: wall)
            // A comparison has at least one variant (the loader refuses none), hence a summary.
            let recorded = recorder.record(.comparison(comparison, summary: report.summary!, wallSeconds: wall,
                                                       scenarios: variants.map(\.scenario))) {
                RunProvenance.make(scenarioPath: options.scenario, overrides: try options.allOverrides(simulation.overrides),
                                   catalog: catalog, startedAt: started)
            }
            try outputs.write([output.render(report) + recorded.reportLine(for: output.format)]
                              + html.render(report, runs: comparison.variants.map(\.result), wallSeconds: wall))
            recorded.announce()
            try recorded.requireRecorded()
        }
    }
}
