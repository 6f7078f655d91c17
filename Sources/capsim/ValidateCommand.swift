import ArgumentParser
import Foundation
import Platform
import Reports

extension Capsim {
    struct ValidateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Run textbook queues through the platform model and compare them with their closed forms.")

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Multiply every case's sample size (more samples, tighter intervals).")
        var scale: Double = 1

        @Option(help: "Replications to run at once (default: all cores).")
        var jobs: Int?

        @Option(help: "Run only the cases whose name contains this text.")
        var only: String?

        func validate() throws {
            guard scale > 0 && scale <= 100 else { throw ValidationError("--scale must be in (0, 100]") }
            if output.format == .markdown { throw ValidationError("capsim validate writes --format table, json or csv") }
        }

        func run() throws {
            let catalog = try self.catalog.load(near: nil)
            let runner = ReplicationRunner(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
            let suite = ValidationSuite.standard(scale: scale)
            let cases = suite.cases.filter { only == nil || $0.name.contains(only!) }
            let showProgress = isatty(STDERR_FILENO) == 1
            let started = Date()
            var checks: [ValidationSuite.Check] = []
            for (index, validation) in cases.enumerated() {
                if showProgress { FileHandle.standardError.write(Data("\rcapsim: case \(index + 1)/\(cases.count) \(validation.name)   ".utf8)) }
                checks += try ValidationSuite.run(validation, catalog: catalog, runner: runner)
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            let report = ValidationReport(checks: checks, wallSeconds: Date().timeIntervalSince(started))
            switch output.format {
            case .json: try output.destination.write(report.json().serialized() + "\n")
            case .csv: try output.destination.write(report.csv())
            default: try output.destination.write(report.table())
            }
            if !report.allPassed {
                throw CapsimFailure(description: "a validation case failed", exitCode: .objectiveMissed)
            }
        }
    }
}
