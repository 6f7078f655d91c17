import ArgumentParser
import ContentHash
import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Model
import Reports
import Results
import Scenarios
import SimCore
import YAMLSupport

extension Capsim {
    struct CheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a scenario and report every problem with its file, line and field.",
            discussion: """
                On success it prints the scenario's size and an estimate of the work a run \
                would take (requests, events, memory, time), which `capsim run` checks \
                against its limits before starting.
                """)

        @OptionGroup var options: ScenarioOptions

        @OptionGroup var configurationFile: ConfigurationOptions

        func run() throws {
            let catalog = try options.catalog.load(near: options.scenario)
            // Variants are checked too: `capsim compare` should never be the first to find a problem.
            let (loaded, variants) = try ScenarioLoader(catalog: catalog, files: FileSystemScenarioFiles())
                .loadWithVariants(path: options.scenario, overrides: try options.allOverrides([]))
            let scenario = try configurationFile.apply(to: loaded, catalog: catalog)
            ScenarioOptions.warn(about: [scenario] + variants.map(\.scenario))
            let model = PlatformModel(scenario: scenario)
            let work = WorkEstimate(models: [model], replications: scenario.replications,
                                    jobs: ProcessInfo.processInfo.activeProcessorCount)
            let tenants = scenario.tenantGroups.reduce(0) { $0 + $1.count }
            func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
            var line = "\(options.scenario): OK — \(counted(tenants, "tenant")) in \(counted(scenario.tenantGroups.count, "group")), "
                + "\(counted(scenario.operations.count, "operation")), \(counted(scenario.pages.count, "page")), "
                + "about \(WorkEstimate.describe(count: work.requests / Double(scenario.replications))) requests over \(Units.describe(seconds: scenario.horizon))"
            if !variants.isEmpty { line += "; variants: \(variants.map(\.name).joined(separator: ", "))" }
            if let file = configurationFile.file { line += "; configuration \(file) applies (sha256:\(scenario.configuration.contentHash.prefix(12)))" }
            line += "\nA run of \(counted(scenario.replications, "replication")): about \(WorkEstimate.describe(count: work.events)) events, "
                + "\(WorkEstimate.describe(bytes: work.peakBytes)) of memory, \(WorkEstimate.describe(seconds: work.seconds)) on \(counted(ProcessInfo.processInfo.activeProcessorCount, "core"))"
            let excesses = WorkLimits.forThisMachine.excesses(of: work)
            if !excesses.isEmpty { line += "\nOver the default work limits: \(excesses.joined(separator: "; ")); run needs --force or a higher limit" }
            try Console.output(line + "\n")
        }
    }
}
