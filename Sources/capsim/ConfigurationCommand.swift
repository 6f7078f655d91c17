import ArgumentParser
import ContentHash
import DigitalOceanCatalog
import Scenarios

extension Capsim {
    struct ConfigurationCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "configuration",
            abstract: "Print what a scenario decides (tiers, database, caches) as a configuration file, with its content hash.",
            discussion: """
                The output is the canonical form of a capacity plan (schema \
                capsim.configuration/v1): edit it and pass it back with --configuration to \
                run, check or analyze the scenario with other decisions. Its first line is a \
                comment with the SHA-256 of the canonical JSON, the key under which runs and \
                searches remember the plan.
                """)

        @OptionGroup var options: ScenarioOptions

        @Option(help: ArgumentHelp("The configuration of one variant: a name from the scenario's variants: list, or a policy file.",
                                   valueName: "name-or-file"))
        var variant: String?

        @OptionGroup var configurationFile: ConfigurationOptions

        func run() throws {
            let catalog = try options.catalog.load(near: options.scenario)
            let loader = ScenarioLoader(catalog: catalog, files: FileSystemScenarioFiles())
            let overrides = try options.allOverrides([])
            var scenario = try variant.map { name in
                try ScenarioOptions.naming([]) {
                    try loader.loadVariants(path: options.scenario, policies: [name], overrides: overrides, flag: "--variant")[0].scenario
                }
            } ?? loader.load(path: options.scenario, overrides: overrides)
            scenario = try configurationFile.apply(to: scenario, catalog: catalog)
            let configuration = scenario.configuration
            try Console.output("# capsim configuration of \(scenario.name); content hash sha256:\(configuration.contentHash)\n"
                + configuration.yaml())
        }
    }
}
