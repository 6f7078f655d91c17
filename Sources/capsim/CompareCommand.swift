import ArgumentParser
import Foundation
import Platform
import Reports

extension Capsim {
    struct CompareCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Run policy variants on the same load and compare cost, latency and SLO attainment.",
            discussion: """
                Variants come from --policy (a name from the scenario's variants: list, \
                "baseline" for the scenario as written, or a policy file) or, without it, \
                from every entry of the scenario's variants: list. The first variant is the \
                one the others are compared against.
                """)

        @OptionGroup var options: ScenarioOptions

        @Option(name: .customLong("policy"), parsing: .upToNextOption,
                help: ArgumentHelp("Variants to compare, first one as the reference.", valueName: "name-or-file"))
        var policies: [String] = []

        @Option(help: "Random seed (overrides the scenario's seed; every variant shares it).")
        var seed: UInt64?

        @Option(help: "Replications per variant (overrides the scenario's).")
        var replications: Int?

        @Option(help: "Simulated time, e.g. 1d or 7d (overrides the scenario's horizon).")
        var horizon: String?

        @OptionGroup var output: OutputOptions

        @Option(help: "Replications to run at once (default: all cores). Results do not depend on it.")
        var jobs: Int?

        @Flag(help: "Show progress on standard error even when it is not a terminal.")
        var progress = false

        func validate() throws {
            if let replications, replications < 2 {
                throw ValidationError("--replications must be at least 2: paired intervals need two replications")
            }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            var extra: [String] = []
            if let seed { extra.append("seed=\(seed)") }
            if let replications { extra.append("replications=\(replications)") }
            if let horizon { extra.append("horizon=\(horizon)") }
            let catalog = try options.catalog.load(near: options.scenario)
            let variants = try ScenarioLoader(catalog: catalog)
                .loadVariants(path: options.scenario, policies: policies, overrides: extra + options.overrides)
            let count = variants[0].scenario.replications
            guard count >= 2 else {
                throw CapsimFailure(
                    description: "\(options.scenario): compare needs at least 2 replications for paired intervals; set replications or pass --replications",
                    exitCode: .badInput)
            }
            let showProgress = progress || isatty(STDERR_FILENO) == 1
            let started = Date()
            let runner = ReplicationRunner(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
            let results = runner.run(variants.map { PlatformModel(scenario: $0.scenario) }, count: count,
                                     progress: showProgress ? RunCommand.showProgress : nil)
            let wall = Date().timeIntervalSince(started)
            let costModel = CostModel(catalog: catalog)
            let comparison = PolicyComparison(zip(variants, results).map { variant, replications in
                (variant.name, variant.description, RunResult(scenario: variant.scenario, replications: replications, costModel: costModel))
            })
            let report = ComparisonReport(comparison: comparison, wallSeconds: wall)
            let text: String
            switch output.format {
            case .table: text = report.table()
            case .json: text = report.json().serialized() + "\n"
            case .markdown: text = report.markdown()
            case .csv: text = report.csv()
            }
            try output.destination.write(text)
        }
    }
}
