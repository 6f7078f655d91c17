import Foundation
import Results

/// What the command line hands the history to record one run or one comparison: the
/// summaries it printed and where they came from.
///
/// Plain values only: the caller reads the scenario file and the clock, hashes, and
/// summarises; the history stores.
package struct Recording: Sendable {
    /// Where the results came from, the same for a comparison and its variants.
    package var provenance: Provenance
    /// The results.
    package var content: Content

    package init(provenance: Provenance, content: Content) {
        self.provenance = provenance
        self.content = content
    }

    /// Where a run came from: enough to rerun it and to tell whether two runs are
    /// comparable.
    package struct Provenance: Sendable, Equatable {
        /// The scenario text that ran, before overrides.
        package var scenarioText: String
        /// SHA-256 of `scenarioText`, lower-case hex.
        package var scenarioHash: String
        /// The overrides, as given: `--set` ones and the flags that stand for one
        /// (`seed=5` for `--seed 5`).
        package var overrides: [String]
        /// A hash of the scenario text and the overrides that change more than the
        /// configuration: runs with equal load hashes differ at most in configuration,
        /// seed and replications (`runs diff` warns otherwise).
        package var loadHash: String
        /// The capsim that ran, e.g. "0.1.0".
        package var capsimVersion: String
        /// When the simulation started, by the wall clock.
        package var startedAt: Date

        package init(scenarioText: String, scenarioHash: String, overrides: [String], loadHash: String, capsimVersion: String,
                     startedAt: Date) {
            self.scenarioText = scenarioText
            self.scenarioHash = scenarioHash
            self.overrides = overrides
            self.loadHash = loadHash
            self.capsimVersion = capsimVersion
            self.startedAt = startedAt
        }
    }

    /// A run's or a comparison's results.
    package enum Content: Sendable {
        /// One `capsim run`, with `Configuration.contentHash` of what ran.
        case run(RunSummary, configurationHash: String)
        /// One `capsim compare` and each of its variants in order, the baseline first.
        case comparison(ComparisonSummary, variants: [Variant])
    }

    /// One variant of a comparison: its whole run, so that it can be shown, exported and
    /// charted on its own.
    package struct Variant: Sendable {
        /// The variant's name in the comparison.
        package var name: String
        /// Its full summary. Variants run interleaved, so its `wallSeconds` is the
        /// comparison's.
        package var summary: RunSummary
        /// `Configuration.contentHash` of the variant's scenario.
        package var configurationHash: String

        package init(name: String, summary: RunSummary, configurationHash: String) {
            self.name = name
            self.summary = summary
            self.configurationHash = configurationHash
        }
    }
}

/// The ids a recording was given.
package struct RecordedIDs: Sendable, Equatable {
    /// The run's or the comparison's id.
    package var id: RunID
    /// Each variant's id, in the comparison's order; empty for a run.
    package var variants: [RunID]
}
