import ArgumentParser
import Foundation
import Platform
import Reports

/// Options shared by every command that reads a scenario.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "The scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario field, e.g. --set tiers.api.droplets=6.", valueName: "path=value"))
    var overrides: [String] = []

    @OptionGroup var catalog: CatalogOptions

    /// Loads the catalog and the scenario with the overrides applied; `extra` are overrides
    /// that a command's own flags stand for (`--seed` is `--set seed=…`).
    func load(extra: [String] = []) throws -> (Scenario, Catalog) {
        let catalog = try catalog.load(near: scenario)
        let scenario = try ScenarioLoader(catalog: catalog).load(path: scenario, overrides: extra + overrides)
        return (scenario, catalog)
    }
}

/// Options of the commands that simulate (`run`, `compare`): what to simulate and how.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Random seed (overrides the scenario's seed).")
    var seed: UInt64?

    @Option(help: "Number of independent replications (overrides the scenario's).")
    var replications: Int?

    @Option(help: "Simulated time, e.g. 1d or 7d (overrides the scenario's horizon).")
    var horizon: String?

    @Option(help: "Replications to run at once (default: all cores). Results do not depend on it.")
    var jobs: Int?

    @Flag(help: "Show progress on standard error even when it is not a terminal.")
    var progress = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// The flags as the `--set` overrides they stand for (`--seed` is `--set seed=…`).
    var overrides: [String] {
        var result: [String] = []
        if let seed { result.append("seed=\(seed)") }
        if let replications { result.append("replications=\(replications)") }
        if let horizon { result.append("horizon=\(horizon)") }
        return result
    }

    var runner: ReplicationRunner { ReplicationRunner(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount) }

    /// Progress goes to standard error when it is a terminal, or always with `--progress`.
    var progressReporter: (@Sendable (Int, Int) -> Void)? {
        progress || isatty(STDERR_FILENO) == 1 ? Self.showProgress : nil
    }

    @Sendable static func showProgress(finished: Int, total: Int) {
        let text = "\rcapsim: \(finished)/\(total) replications done"
        FileHandle.standardError.write(Data((finished == total ? text + "\n" : text).utf8))
    }
}

/// Where the DigitalOcean catalog comes from.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("catalog"),
            help: "The DigitalOcean catalog (default: datasets/digitalocean-catalog.yaml of this checkout).")
    var path: String?

    func locate(near scenario: String?) throws -> String {
        guard let found = path ?? Catalog.locate(near: scenario) else {
            throw CapsimFailure(
                description: "cannot find datasets/\(Catalog.fileName); pass --catalog PATH or set CAPSIM_CATALOG",
                exitCode: .badInput)
        }
        return found
    }

    func load(near scenario: String?) throws -> Catalog {
        try Catalog.load(from: locate(near: scenario))
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown, csv
}

/// The format of a command's report and where it goes.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, json, markdown or csv.")
    var format: OutputFormat = .table

    @Option(help: "Write the report to this file instead of standard output.")
    var out: String?

    var destination: OutputDestination { OutputDestination(path: out) }

    /// Renders `report` in the chosen format and writes it to the destination.
    func write(_ report: some FormattableReport) throws {
        let text: String
        switch format {
        case .table: text = report.table()
        case .json: text = report.json().serialized() + "\n"
        case .markdown: text = report.markdown()
        case .csv: text = report.csv()
        }
        try destination.write(text)
    }
}

/// A report that every `--format` can render.
protocol FormattableReport {
    func table() -> String
    func json() -> JSONValue
    func markdown() -> String
    func csv() -> String
}

extension RunReport: FormattableReport {}
extension ComparisonReport: FormattableReport {}
extension CatalogListing: FormattableReport {}

/// Writes a command's output to standard output or, atomically, to a file: a failed or
/// interrupted run never leaves a half-written file behind.
struct OutputDestination {
    var path: String?

    func write(_ text: String) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CapsimFailure(description: "cannot write \(path): \(error.localizedDescription)", exitCode: .badInput)
        }
    }
}
