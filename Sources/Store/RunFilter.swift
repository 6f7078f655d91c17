import Foundation

/// Which runs `runs list` shows. Every condition set must hold; nil conditions hold for all.
package struct RunFilter: Sendable, Equatable {
    /// The scenario's name, or its file as given on the command line.
    package var scenario: String?
    /// Runs started at or after this instant.
    package var since: Date?
    /// Runs started before this instant.
    package var until: Date?
    /// Runs whose objectives were all met (true) or not (false); comparisons have no single
    /// verdict and never match a verdict filter.
    package var objectivesMet: Bool?
    /// Whether comparisons' variants are listed too, each after its comparison.
    package var includesVariants: Bool
    /// At most this many runs, the newest.
    package var limit: Int?

    package init(scenario: String? = nil, since: Date? = nil, until: Date? = nil, objectivesMet: Bool? = nil,
                 includesVariants: Bool = false, limit: Int? = nil) {
        self.scenario = scenario
        self.since = since
        self.until = until
        self.objectivesMet = objectivesMet
        self.includesVariants = includesVariants
        self.limit = limit
    }
}
