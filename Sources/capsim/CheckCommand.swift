import ArgumentParser
import Foundation
import Platform

extension Capsim {
    struct CheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a scenario and report every problem with its file, line and field.")

        @OptionGroup var options: ScenarioOptions

        func run() throws {
            let catalog = try options.catalog.load(near: options.scenario)
            // Variants are checked too: `capsim compare` should never be the first to find a problem.
            let (scenario, variants) = try ScenarioLoader(catalog: catalog)
                .loadWithVariants(path: options.scenario, overrides: options.overrides)
            let model = PlatformModel(scenario: scenario)
            let requests = model.meanArrivalRate(over: scenario.horizon) * scenario.horizon
            var line = "\(options.scenario): OK — \(scenario.tenantGroups.reduce(0) { $0 + $1.count }) tenants in \(scenario.tenantGroups.count) groups, "
                + "\(scenario.operations.count) operations, \(scenario.pages.count) pages, "
                + "about \(Int(requests.rounded())) requests over \(Units.describe(seconds: scenario.horizon))"
            if !variants.isEmpty { line += "; variants: \(variants.map(\.name).joined(separator: ", "))" }
            print(line)
        }
    }
}
