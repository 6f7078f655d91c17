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

/// The command line: the only place that reads files, writes output and chooses exit codes.
@main
struct Capsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capsim",
        abstract: "Capacity and cost simulation for multi-tenant SaaS on DigitalOcean.",
        discussion: """
            Exit codes: 0 success; 1 an SLO was missed or had no data (run --check-slo), or a \
            validation case failed; 2 bad input; 3 internal error; 4 the report was printed but \
            the run could not be recorded in the run history (a read-only folder, a full disk).
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, CompareCommand.self, CheckCommand.self, AnalyzeCommand.self, ConfigurationCommand.self,
                      CalibrateCommand.self,
                      ValidateCommand.self, CatalogCommand.self, RunsCommand.self, ReportCommand.self, OptimizeCommand.self,
                      PlanCommand.self, TraceCommand.self, ForecastCommand.self])

    /// Exit codes are decided once, here (DESIGN §8): bad input of any kind is 2, including
    /// argument errors that swift-argument-parser would report as 64; anything unexpected
    /// is 3, with a one-line message.
    static func main() {
        SingleThreadedBLAS.ensure()
        CrashHandler.install()
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            argumentFailure(error)
        }
        do {
            try command.run()
        } catch let error as ScenarioError {
            Console.error(error.description + "\n")
            Foundation.exit(ExitCode.badInput.rawValue)
        } catch let error as CapsimFailure {
            Console.error("capsim: " + error.description + "\n")
            Foundation.exit(error.exitCode.rawValue)
        } catch let error as CatalogError {
            Console.error("capsim: " + error.description + "\n")
            Foundation.exit(ExitCode.badInput.rawValue)
        } catch let error as ValidationError {
            Console.error("capsim: " + error.message + "\n")
            Foundation.exit(ExitCode.badInput.rawValue)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // A subcommand's help is thrown from `run()` by argument-parser's own commands.
            argumentFailure(error)
        } catch {
            Console.error("capsim: internal error: \(error). Please report it with the command and scenario that caused it.\n")
            Foundation.exit(ExitCode.internalError.rawValue)
        }
    }
}

extension Capsim {
    /// Help and --version are not failures: their text goes to standard output with exit
    /// 0. Any other argument error is bad input: its message and usage, exit 2.
    static func argumentFailure(_ error: any Error) -> Never {
        if exitCode(for: error) == .success {
            let text = fullMessage(for: error)
            if !text.isEmpty, Console.write(text + "\n", to: STDOUT_FILENO) != nil { Foundation.exit(ExitCode.badInput.rawValue) }
            Foundation.exit(0)
        }
        Console.error(fullMessage(for: error) + "\n")
        Foundation.exit(ExitCode.badInput.rawValue)
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
