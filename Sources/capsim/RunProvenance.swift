import ContentHash
import DigitalOceanCatalog
import Foundation
import Scenarios
import Store

/// Where a run came from, as the run history records it.
enum RunProvenance {
    /// The provenance of a run of the scenario at `path` with `overrides` (flags' and
    /// `--set` ones, in the order given), started at `startedAt` by the wall clock.
    static func make(scenarioPath path: String, overrides: [String], catalog: Catalog, startedAt: Date) -> Recording.Provenance {
        let text = ReadTexts.shared.text(at: path) ?? ""
        let scenarioHash = TextDigest.sha256(text)
        return Recording.Provenance(
            scenarioText: text, scenarioHash: scenarioHash, overrides: overrides,
            loadHash: loadHash(text: text, scenarioHash: scenarioHash, source: path, overrides: overrides, catalog: catalog),
            capsimVersion: Capsim.configuration.version, startedAt: startedAt)
    }

    /// A hash that two runs share when they ran the same load: the same scenario text, and
    /// the same overrides apart from those that change only the configuration, the seed or
    /// the replications. `runs diff` warns when two runs' load hashes differ, because their
    /// differences in cost and latency are then not the configuration's alone.
    ///
    /// Why texts and overrides rather than the scenario value: a scenario has no canonical
    /// form to hash (a configuration has), while its text and overrides are exactly what
    /// the user chose. An override changes "only the configuration" when the scenario it
    /// alone produces differs from the plain scenario in `Scenario.configuration` (the
    /// droplets, sizes, pools, policies and caches a plan decides); an override that leaves
    /// the configuration as it was (`horizon=1d`, a tenant group's rate) changes the load.
    /// Seeds and replication counts are left out: `runs diff` shows them side by side. A
    /// scenario edited only in its configuration fields gets another text hash, and the
    /// warning errs on the side of speaking.
    ///
    /// - Complexity: one scenario parse per override.
    static func loadHash(text: String, scenarioHash: String, source: String, overrides: [String], catalog: Catalog) -> String {
        let loader = ScenarioLoader(catalog: catalog, files: FileSystemScenarioFiles())
        let plain = try? loader.parse(text, source: source)
        var loadOverrides: [String] = []
        for override in overrides {
            let field = override.prefix { $0 != "=" }.trimmingCharacters(in: .whitespaces)
            if field == "seed" || field == "replications" { continue }
            if let plain, let changed = try? loader.parse(text, source: source, overrides: [override]),
               changed.configuration != plain.configuration {
                continue
            }
            loadOverrides.append(override)
        }
        return TextDigest.sha256("capsim.load/v1\n\(scenarioHash)\n" + loadOverrides.sorted().joined(separator: "\n"))
    }
}
