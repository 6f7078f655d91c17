import ArgumentParser
import Foundation
import Platform

/// The command line: the only place that reads files, writes output and chooses exit codes.
@main
struct Capsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capsim",
        abstract: "Capacity and cost simulation for multi-tenant SaaS on DigitalOcean.",
        discussion: """
            Exit codes: 0 success; 1 an SLO was missed (run --check-slo); 2 bad input; 3 internal error.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, CompareCommand.self, CheckCommand.self, AnalyzeCommand.self, ValidateCommand.self, CatalogCommand.self])

    /// Exit codes are decided once, here (DESIGN §8): bad input of any kind is 2, including
    /// argument errors that swift-argument-parser would report as 64.
    static func main() {
        SingleThreadedBLAS.ensure()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ScenarioError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(ExitCode.badInput.rawValue)
        } catch let error as CapsimFailure {
            FileHandle.standardError.write(Data(("capsim: " + error.description + "\n").utf8))
            Foundation.exit(error.exitCode.rawValue)
        } catch let error as CatalogError {
            FileHandle.standardError.write(Data(("capsim: " + error.description + "\n").utf8))
            Foundation.exit(ExitCode.badInput.rawValue)
        } catch {
            // Help and --version are not failures: argument-parser prints them and exits 0.
            if exitCode(for: error) == .success { exit(withError: error) }
            if let exitCode = error as? ExitCode { Foundation.exit(exitCode.rawValue) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitCode.badInput.rawValue)
        }
    }
}

extension ExitCode {
    static let objectiveMissed = ExitCode(1)
    static let badInput = ExitCode(2)
    static let internalError = ExitCode(3)
}

/// A failure with its exit code and the message the user sees.
struct CapsimFailure: Error, CustomStringConvertible {
    var description: String
    var exitCode: ExitCode
}
