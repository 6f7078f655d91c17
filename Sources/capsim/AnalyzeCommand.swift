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
import YAMLSupport

extension Capsim {
    struct AnalyzeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyze",
            abstract: "Estimate utilization, waits and the smallest fleets from queueing formulas, in milliseconds.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        @OptionGroup var options: ScenarioOptions

        @OptionGroup var configurationFile: ConfigurationOptions

        @Option(help: "Output format: table or json.")
        var format: Format = .table

        @Option(help: "Write the report to this file (replaced atomically; - for standard output).")
        var out: String?

        func run() throws {
            let (loaded, catalog) = try options.load()
            let scenario = try configurationFile.apply(to: loaded, catalog: catalog)
            ScenarioOptions.warn(about: [scenario])
            let outputs = try OutputFiles([("--out", out)], inputs: try options.inputFiles(
                scenarios: [scenario], variantSources: configurationFile.file.map { [$0] } ?? []))
            let started = Date()
            let analysis = CapacityAnalysis(model: PlatformModel(scenario: scenario))
            let report = AnalyzeReport(analysis: analysis, wallSeconds: Date().timeIntervalSince(started))
            try outputs.write([format == .json ? report.json().serialized() + "\n" : report.table()])
        }
    }
}
