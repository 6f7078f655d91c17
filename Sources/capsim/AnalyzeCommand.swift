import ArgumentParser
import Foundation
import Platform
import Reports

extension Capsim {
    struct AnalyzeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyze",
            abstract: "Estimate utilization, waits and the smallest fleets from queueing formulas, in milliseconds.")

        @OptionGroup var options: ScenarioOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if output.format == .markdown || output.format == .csv {
                throw ValidationError("capsim analyze writes --format table or json")
            }
        }

        func run() throws {
            let (scenario, _) = try options.load()
            let started = Date()
            let analysis = CapacityAnalysis(model: PlatformModel(scenario: scenario))
            let report = AnalyzeReport(analysis: analysis, wallSeconds: Date().timeIntervalSince(started))
            try output.destination.write(output.format == .json ? report.json().serialized() + "\n" : report.table())
        }
    }
}
