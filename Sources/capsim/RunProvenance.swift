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
    /// form to hash across capsim versions (a configuration has), while its text and
    /// overrides are exactly what the user chose and stay meaningful. Which overrides count
    /// is decided here, in one process, by comparing scenarios: an override counts when the
    /// scenario it alone produces, with the plain scenario's configuration put back and
    /// seed, replications and file names set aside, differs from the plain scenario
    /// (compared through their reflections, which in one process are equal for equal plain
    /// values; the scenario holds no dictionaries or classes). So `tiers.api.droplets=4`
    /// does not count, nor `tiers.api.droplets=2` where the file already says 2, while
    /// `horizon=1d` or a tenant group's rate does. A scenario edited only in its
    /// configuration's fields is another text, and the warning errs on the side of speaking.
    ///
    /// - Complexity: one scenario parse per override.
    static func loadHash(text: String, scenarioHash: String, source: String, overrides: [String], catalog: Catalog) -> String {
        let loader = ScenarioLoader(catalog: catalog, files: FileSystemScenarioFiles())
        let plain = try? loader.parse(text, source: source)
        let reference = plain.flatMap { loadFingerprint($0, configuration: $0.configuration, catalog: catalog) }
        let loadOverrides = overrides.filter { override in
            guard let plain, let reference, let changed = try? loader.parse(text, source: source, overrides: [override]) else { return true }
            return loadFingerprint(changed, configuration: plain.configuration, catalog: catalog) != reference
        }
        return TextDigest.sha256("capsim.load/v1\n\(scenarioHash)\n" + loadOverrides.sorted().joined(separator: "\n"))
    }

    /// The scenario with `configuration` in place of its own and with what may differ
    /// between comparable runs set aside, as text; nil when the configuration does not
    /// apply (the override changed the scenario's shape: it counts as load).
    static func loadFingerprint(_ scenario: Scenario, configuration: Configuration, catalog: Catalog) -> String? {
        guard var normalised = try? scenario.applying(configuration, catalog: catalog) else { return nil }
        normalised.seed = 0
        normalised.replications = 0
        normalised.source = ""
        normalised.warnings = []
        normalised.referencedFiles = []
        return String(reflecting: normalised)
    }
}
