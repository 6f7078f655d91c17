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
            let (scenario, _) = try options.load()
            let model = PlatformModel(scenario: scenario)
            let requests = model.meanArrivalRate(over: scenario.horizon) * scenario.horizon
            print("\(options.scenario): OK — \(scenario.tenantGroups.reduce(0) { $0 + $1.count }) tenants in \(scenario.tenantGroups.count) groups, "
                + "\(scenario.operations.count) operations, \(scenario.pages.count) pages, "
                + "about \(Int(requests.rounded())) requests over \(Units.describe(seconds: scenario.horizon))")
        }
    }
}
