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
    struct ValidateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Run textbook queues through the platform model and compare them with their closed forms.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

        @OptionGroup var catalog: CatalogOptions

        @Option(help: "Output format: table, json or csv.")
        var format: Format = .table

        @Option(help: "Write the report to this file (replaced atomically; - for standard output).")
        var out: String?

        @Option(parsing: .unconditional, help: "Multiply every case's sample size, more than 0 and at most 100 (more samples, tighter intervals).")
        var scale: Double = 1

        @Option(parsing: .unconditional, help: "Replications to run at once, at least 1 (default: all cores).")
        var jobs: Int?

        @Option(help: "Run only the cases whose name contains this text.")
        var only: String?

        func validate() throws {
            guard scale > 0 && scale <= 100 else { throw ValidationError("--scale must be more than 0 and at most 100") }
            if let jobs, !(1...4096).contains(jobs) { throw ValidationError("--jobs must be a whole number from 1 to 4096, found \(jobs)") }
        }

        func run() throws {
            let catalogPath = try self.catalog.locate(near: nil)
            let catalog = try Catalog.load(from: catalogPath)
            let outputs = try OutputFiles([("--out", out)], inputs: [catalogPath])
            let runner = ReplicationRunner(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
            let suite = ValidationSuite.standard(scale: scale)
            let cases = suite.cases.filter { case_ in only.map { case_.name.contains($0) } ?? true }
            if cases.isEmpty, let only {
                throw CapsimFailure(
                    description: "--only \(only): no validation case matches; the cases: \(suite.cases.map(\.name).joined(separator: ", "))",
                    exitCode: .badInput)
            }
            let showProgress = isatty(STDERR_FILENO) == 1
            let started = Date()
            var checks: [ValidationSuite.Check] = []
            for (index, validation) in cases.enumerated() {
                if showProgress { Console.error("\rcapsim: case \(index + 1)/\(cases.count) \(validation.name)   ") }
                checks += try ValidationSuite.run(validation, catalog: catalog, runner: runner)
            }
            if showProgress { Console.error("\n") }
            let report = ValidationReport(checks: checks, wallSeconds: Date().timeIntervalSince(started))
            let text: String
            switch format {
            case .json: text = report.json().serialized() + "\n"
            case .csv: text = report.csv()
            case .table: text = report.table()
            }
            try outputs.write([text])
            if !report.allPassed {
                throw CapsimFailure(description: "a validation case failed", exitCode: .objectiveMissed)
            }
        }
    }
}
