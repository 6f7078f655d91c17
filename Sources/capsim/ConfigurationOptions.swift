import ArgumentParser
import DigitalOceanCatalog
import Scenarios

/// `--configuration FILE`: a capacity plan's decisions (capsim.configuration/v1) applied to
/// the scenario in place of its own, for `run`, `check`, `analyze` and `configuration`.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .customLong("configuration"),
            help: ArgumentHelp("Apply a configuration file (tiers, database, response caches; see `capsim configuration`) to the scenario.",
                               valueName: "file"),
            completion: .file(extensions: ["yaml", "yml"]))
    var file: String?

    /// The configuration file's decisions applied to `scenario`, or the scenario unchanged
    /// when none was given. Every problem of the file is reported with its line and field.
    func apply(to scenario: Scenario, catalog: Catalog) throws -> Scenario {
        guard let file else { return scenario }
        let text = try FileSystemScenarioFiles().text(at: file, what: "configuration")
        let configuration = try Configuration.parse(yaml: text, source: file, catalog: catalog, for: scenario)
        do {
            return try scenario.applying(configuration, catalog: catalog)
        } catch {
            // `parse` checked everything `applying` checks; keep the problems located anyway.
            throw CapsimFailure(description: error.problems.map { "\(file): \($0)" }.joined(separator: "\n"), exitCode: .badInput)
        }
    }
}
