import ArgumentParser
import Foundation
import Platform

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
}

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
