import ArgumentParser
import ContentHash
import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Model
import Reports
import Results
import Scenarios
import SimCore
import Traces
import YAMLSupport

extension Capsim {
    struct CheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a scenario and report every problem with its file, line and field.",
            discussion: """
                On success it prints the scenario's size and an estimate of the work a run \
                would take (requests, events, memory, time), which `capsim run` checks \
                against its limits before starting. A search space (the scenario's search: \
                block, and --space FILE) is checked too: its combinations, how many are valid, \
                and why the others are excluded.
                """)

        @OptionGroup var options: ScenarioOptions

        @OptionGroup var configurationFile: ConfigurationOptions

        @Option(name: .customLong("space"),
                help: ArgumentHelp("Check a search space file too (the search: block's fields; see README \"Search spaces\").",
                                   valueName: "file"),
                completion: .file(extensions: ["yaml", "yml"]))
        var space: String?

        func run() throws {
            let catalog = try options.catalog.load(near: options.scenario)
            // Variants are checked too: `capsim compare` should never be the first to find a problem.
            let loader = ScenarioLoader(catalog: catalog, files: FileSystemScenarioFiles())
            let (loaded, variants) = try loader.loadWithVariants(path: options.scenario, overrides: try options.allOverrides([]))
            let scenario = try configurationFile.apply(to: loaded, catalog: catalog)
            // Checked before anything is printed: a bad space must not look like success.
            let spaces = try searchSpaces(loader: loader, scenario: scenario).map { space throws(ScenarioError) in
                let enumeration = try space.enumerate(over: scenario, catalog: catalog)
                if enumeration.isEmpty { throw enumeration.emptySpaceError(in: space) }
                return (space, enumeration)
            }
            ScenarioOptions.warn(about: [scenario] + variants.map(\.scenario))
            let model = PlatformModel(scenario: scenario)
            let work = WorkEstimate(models: [model], replications: scenario.replications,
                                    jobs: ProcessInfo.processInfo.activeProcessorCount)
            let tenants = scenario.tenantGroups.reduce(0) { $0 + $1.count }
            func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
            var line = "\(options.scenario): OK — \(counted(tenants, "tenant")) in \(counted(scenario.tenantGroups.count, "group")), "
                + "\(counted(scenario.operations.count, "operation")), \(counted(scenario.pages.count, "page")), "
                + "about \(WorkEstimate.describe(count: work.requests / Double(scenario.replications))) requests over \(Units.describe(seconds: scenario.horizon))"
            if !variants.isEmpty { line += "; variants: \(variants.map(\.name).joined(separator: ", "))" }
            if let file = configurationFile.file { line += "; configuration \(file) applies (sha256:\(scenario.configuration.contentHash.prefix(12)))" }
            line += "\n" + Self.loadShape(of: scenario)
            line += "\nA run of \(counted(scenario.replications, "replication")): about \(WorkEstimate.describe(count: work.events)) events, "
                + "\(WorkEstimate.describe(bytes: work.peakBytes)) of memory, \(WorkEstimate.describe(seconds: work.seconds)) on \(counted(ProcessInfo.processInfo.activeProcessorCount, "core"))"
            let excesses = WorkLimits.forThisMachine.excesses(of: work)
            if !excesses.isEmpty { line += "\nOver the default work limits: \(excesses.joined(separator: "; ")); run needs --force or a higher limit" }
            for (space, enumeration) in spaces {
                line += "\nsearch space (\(space.source)): \(counted(enumeration.combinations, "combination")), "
                    + "\(enumeration.valid.count) valid, \(enumeration.excludedCount) excluded"
                line += "\n  \(space.dimensionSummary)"
                for exclusion in enumeration.excluded { line += "\n  excluded \(exclusion.count): \(exclusion.reason)" }
            }
            try Console.output(line + "\n")
        }

        /// Which shape each group's profile takes (README "Load shape: ramps"), and how many
        /// bursts ramp: a run's numbers depend on it, and `linear` is the default.
        static func loadShape(of scenario: Scenario) -> String {
            let ramped = scenario.tenantGroups.reduce(0) { $0 + $1.bursts.filter { $0.rampUp > 0 || $0.rampDown > 0 }.count }
            var text = "load shape: " + scenario.tenantGroups.map { group in
                guard let load = group.traceLoad else { return "\(group.name) \(group.profileShape.rawValue)" }
                return "\(group.name) trace \(ScenarioPath.lastComponent(load.file)) ×\(Units.trim(load.scale)) (" + (load.exact ? "exact replay, " : "")
                    + (load.loop ? "looped" : "stops \(TraceSummary.duration(load.playingSeconds)) into the run") + ")"
            }.joined(separator: ", ")
            if ramped > 0 { text += ", \(ramped) ramped burst\(ramped == 1 ? "" : "s")" }
            return text
        }

        /// The scenario's own `search:` block, then the `--space` file.
        func searchSpaces(loader: ScenarioLoader, scenario: Scenario) throws -> [SearchSpace] {
            var spaces: [SearchSpace] = []
            // Standard input cannot be read twice: the text read for the scenario is reused.
            let own = try ReadTexts.shared.text(at: options.scenario).map {
                try loader.searchSpace(inScenarioText: $0, source: options.scenario, scenario: scenario)
            } ?? loader.searchSpace(inScenarioAt: options.scenario, scenario: scenario)
            if let own { spaces.append(own) }
            if let space { spaces.append(try loader.searchSpace(fileAt: space, scenario: scenario)) }
            return spaces
        }
    }
}
