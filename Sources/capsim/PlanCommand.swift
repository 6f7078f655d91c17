import ArgumentParser
import ContentHash
import DigitalOceanCatalog
import Evaluation
import Foundation
import Model
import Optimizer
import Results
import Scenarios

extension Capsim {
    struct PlanCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Show a capacity plan, or check it again on new load.",
            subcommands: [Show.self, Check.self])

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print a capacity plan (YAML or JSON) for people.")

            @Argument(help: "The plan file.", completion: .file(extensions: ["yaml", "yml", "json"]))
            var plan: String

            @Option(help: "Output format: table or json.")
            var format: PlanFormat = .table

            func run() throws {
                let plan = try PlanFile.load(self.plan)
                try Console.output(format == .json ? try plan.json() : plan.text())
            }
        }

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Re-verify a plan: run the scenario (its current load) under the plan's configuration and judge every SLO.",
                discussion: "Exits 1 when an SLO is missed under the new load, 2 when the plan does not fit the scenario.")

            @Argument(help: "The plan file.", completion: .file(extensions: ["yaml", "yml", "json"]))
            var plan: String

            @OptionGroup var options: ScenarioOptions

            @OptionGroup var simulation: SimulationOptions

            func run() throws {
                let plan = try PlanFile.load(self.plan)
                let (loaded, catalog) = try options.load(flags: simulation.overrides)
                let scenario = try PlanFile.apply(plan, from: self.plan, to: loaded, catalog: catalog)
                let text = ReadTexts.shared.text(at: options.scenario) ?? ""
                let hash = TextDigest.sha256(text)
                let model = PlatformModel(scenario: scenario)
                try simulation.admit([model], replications: scenario.replications)
                let result = RunResult(simulation.runner.aggregate(model, count: scenario.replications, progress: simulation.progressReporter),
                                       costModel: CostModel(catalog: catalog))
                var lines: [String] = []
                lines.append("plan \(plan.label)")
                lines.append(hash == plan.scenario.hash
                    ? "scenario: \(options.scenario), unchanged since the plan was made"
                    : "scenario: \(options.scenario), changed since the plan was made from \(plan.scenario.source) (hash \(plan.scenario.hash.prefix(12)) → \(hash.prefix(12)))")
                lines.append("\(scenario.replications) replications, seed \(scenario.seed):")
                for verdict in result.objectives {
                    lines.append("  \(verdict.met ? "met   " : "MISSED") \(CheckText.describe(verdict))")
                }
                lines.append(String(format: "monthly cost: $%.2f (the plan said $%.2f)", result.cost.monthlyUSD, plan.cost.monthlyUSD))
                let met = result.objectives.allSatisfy(\.met)
                lines.append(met ? "the plan still meets every SLO" : "the plan no longer meets every SLO: run capsim optimize again")
                try Console.output(lines.joined(separator: "\n") + "\n")
                if !met { throw ExitCode.objectiveMissed }
            }
        }
    }
}

/// A verdict in one line, as `plan check` prints it.
enum CheckText {
    static func describe(_ verdict: ObjectiveVerdict) -> String {
        let format: (Double) -> String = { value in
            verdict.unit == "ms" ? String(format: "%.1f ms", value) : String(format: "%.4f%%", value * 100)
        }
        guard verdict.status != .noData else { return "\(verdict.name): no data (\(verdict.reason ?? ""))" }
        let interval = verdict.interval.lower.flatMap { lower in verdict.interval.upper.map { " [\(format(lower)), \(format($0))]" } } ?? ""
        return "\(verdict.name) \(verdict.direction == .atMost ? "≤" : "≥") \(format(verdict.target)): \(format(verdict.value))\(interval)"
    }
}
