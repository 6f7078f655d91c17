import ArgumentParser
import Foundation
import Platform

/// Options shared by every command that reads a scenario.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "The scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario field, e.g. --set tiers.api.droplets=6.", valueName: "path=value"))
    var overrides: [String] = []

    @Option(help: "The DigitalOcean catalog (default: datasets/digitalocean-catalog.yaml of this checkout).")
    var catalog: String?

    /// Loads the catalog and the scenario with the overrides applied; `extra` are overrides
    /// that a command's own flags stand for (`--seed` is `--set seed=…`).
    func load(extra: [String] = []) throws -> (Scenario, Catalog) {
        let catalog = try loadCatalog()
        let scenario = try ScenarioLoader(catalog: catalog).load(path: scenario, overrides: extra + overrides)
        return (scenario, catalog)
    }

    func loadCatalog() throws -> Catalog {
        guard let path = catalog ?? Catalog.locate(near: scenario) else {
            throw CapsimFailure(
                description: "cannot find datasets/\(Catalog.fileName); pass --catalog PATH or set CAPSIM_CATALOG",
                exitCode: .badInput)
        }
        return try Catalog.load(from: path)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown, csv
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
