import Autoscaling
import DigitalOceanCatalog
import Foundation
import YAMLSupport

/// A search space's candidates over one scenario: the configurations to evaluate, and the
/// combinations left out because a configuration cannot have them.
public struct SearchSpaceEnumeration: Sendable, Hashable {
    /// The valid candidates in the order of nested loops over the dimensions (api tier: size,
    /// fleet, workers, balancer nodes; then web; then the database: plan, standby nodes, pool
    /// mode, pool size, reserve; then the caches), the last varying fastest. Repeated values
    /// of a dimension are dropped (the first kept), so no configuration appears twice.
    public var valid: [Configuration]
    /// The combinations left out, grouped by reason, in the order their first member came.
    public var excluded: [Exclusion]
    /// Every combination, valid or not: `valid.count` plus the excluded counts.
    public var combinations: Int

    public init(valid: [Configuration], excluded: [Exclusion], combinations: Int) {
        self.valid = valid
        self.excluded = excluded
        self.combinations = combinations
    }

    /// Combinations that share a reason to be left out.
    public struct Exclusion: Sendable, Hashable {
        /// The field and what is wrong, without the numbers that differ between members:
        /// `database.pool_size: pool_size + reserve_pool_size exceeds the plan's backend connections`.
        public var reason: String
        public var count: Int
        /// The first combination left out for this reason.
        public var example: Configuration

        public init(reason: String, count: Int, example: Configuration) {
            self.reason = reason
            self.count = count
            self.example = example
        }
    }

    /// How many combinations were left out.
    public var excludedCount: Int { excluded.reduce(0) { $0 + $1.count } }

    /// True when every combination was left out: there is nothing to search.
    public var isEmpty: Bool { valid.isEmpty }

    /// The error for a space without a valid configuration, located at the space's block,
    /// listing each reason with its count and an example.
    public func emptySpaceError(in space: SearchSpace) -> ScenarioError {
        var issues = [ScenarioIssue(
            source: space.source, line: space.line, column: space.column, path: SearchSpace.path,
            message: "the search space has no valid configuration: all \(combinations) combination\(combinations == 1 ? " is" : "s are") excluded")]
        for exclusion in excluded {
            issues.append(ScenarioIssue(
                source: space.source, line: space.line, column: space.column, path: SearchSpace.path,
                message: "excluded \(exclusion.count): \(exclusion.reason) (e.g. \(space.label(exclusion.example)))"))
        }
        return ScenarioError(issues: issues)
    }
}

extension SearchSpace {
    /// Every combination of the dimensions, applied to `scenario.configuration` (a dimension
    /// left empty keeps the scenario's value), checked like a configuration file:
    /// `Configuration.problems(catalog:)` and `problems(applyingTo:)`. A combination with a
    /// problem is excluded under its first problem's reason. An autoscaled fleet starts at
    /// its policy's minimum. When the space varies a tier's size but not its workers, and the
    /// scenario runs one worker per vCPU, the workers follow each size's vCPUs.
    ///
    /// - Throws: when the space has more than `limit` combinations, or names a tier the
    ///   scenario does not run; an empty result is not an error here (see
    ///   ``SearchSpaceEnumeration/emptySpaceError(in:)``).
    public func enumerate(over scenario: Scenario, catalog: Catalog, limit: Int = 1_000_000) throws(ScenarioError)
        -> SearchSpaceEnumeration
    {
        let base = scenario.configuration
        func failure(_ message: String) -> ScenarioError {
            ScenarioError(issues: [ScenarioIssue(source: source, line: line, column: column, path: SearchSpace.path, message: message)])
        }
        for tier in tiers where base.tier(tier.role) == nil {
            throw failure("the scenario \(scenario.name) has no \(tier.role.rawValue) tier")
        }
        let total = combinations
        guard total <= limit else {
            let count = total == Int.max ? "more than \(Int.max)" : "\(total)"
            throw failure("the search space has \(count) combinations, more than the limit of \(limit); narrow its lists and ranges")
        }
        let axes = axes(over: base, catalog: catalog)
        var valid: [Configuration] = []
        valid.reserveCapacity(min(total, 1 << 16))
        var excluded: [SearchSpaceEnumeration.Exclusion] = []
        var groups: [String: Int] = [:]
        var indices = Array(repeating: 0, count: axes.count)
        for _ in 0..<total {
            var candidate = base
            for (axis, index) in zip(axes, indices) { axis.apply(index, &candidate) }
            let problems = candidate.problems(catalog: catalog) + candidate.problems(applyingTo: scenario)
            if let first = problems.first {
                let reason = Self.reason(first, in: candidate)
                if let group = groups[reason] {
                    excluded[group].count += 1
                } else {
                    groups[reason] = excluded.count
                    excluded.append(SearchSpaceEnumeration.Exclusion(reason: reason, count: 1, example: candidate))
                }
            } else {
                valid.append(candidate)
            }
            var axis = axes.count - 1
            while axis >= 0 {
                indices[axis] += 1
                if indices[axis] < axes[axis].count { break }
                indices[axis] = 0
                axis -= 1
            }
        }
        return SearchSpaceEnumeration(valid: valid, excluded: excluded, combinations: total)
    }

    /// One dimension: how many values it has and how the i-th sets a configuration.
    struct Axis {
        var count: Int
        var apply: (Int, inout Configuration) -> Void
    }

    /// The dimensions in loop order, each without repeated values; empty ones are left out.
    func axes(over base: Configuration, catalog: Catalog) -> [Axis] {
        var axes: [Axis] = []
        func add<Value>(_ values: [Value], _ apply: @escaping (Value, inout Configuration) -> Void) {
            guard !values.isEmpty else { return }
            axes.append(Axis(count: values.count) { index, configuration in apply(values[index], &configuration) })
        }
        for choices in tiers {
            guard let index = base.tiers.firstIndex(where: { $0.role == choices.role }) else { continue }
            let tier = base.tiers[index]
            // Like a scenario without `workers:`: one Node process per vCPU of whichever size.
            let workersFollowSize = choices.workersPerDroplet.isEmpty && !choices.dropletSizes.isEmpty
                && catalog.dropletSize(tier.dropletSize)?.vcpus == tier.workersPerDroplet
            add(choices.dropletSizes.uniqued()) { slug, configuration in
                configuration.tiers[index].dropletSize = slug
                if workersFollowSize, let size = catalog.dropletSize(slug) { configuration.tiers[index].workersPerDroplet = size.vcpus }
            }
            add(choices.fleets.uniqued()) { fleet, configuration in
                switch fleet {
                case let .fixed(droplets):
                    configuration.tiers[index].droplets = droplets
                    configuration.tiers[index].autoscaling = nil
                case let .autoscaling(autoscaling):
                    configuration.tiers[index].droplets = autoscaling.minimum
                    configuration.tiers[index].autoscaling = autoscaling
                }
            }
            add(choices.workersPerDroplet.uniqued()) { workers, configuration in configuration.tiers[index].workersPerDroplet = workers }
            add(choices.balancerNodes.uniqued()) { nodes, configuration in configuration.tiers[index].balancerNodes = nodes }
        }
        add(database.plans.uniqued()) { plan, configuration in configuration.database.plan = plan }
        add(database.standbyNodes.uniqued()) { standby, configuration in configuration.database.standbyNodes = standby }
        add(database.poolModes.uniqued()) { mode, configuration in configuration.database.poolMode = mode }
        add(database.poolSizes.uniqued()) { size, configuration in configuration.database.poolSize = size }
        add(database.reservePoolSizes.uniqued()) { reserve, configuration in configuration.database.reservePoolSize = reserve }
        add(database.readOnlyNodes.uniqued()) { nodes, configuration in configuration.database.readOnlyNodes = nodes }
        for cache in responseCache {
            let operation = cache.operation
            add(cache.ttlSeconds.uniqued()) { ttl, configuration in
                if let index = configuration.responseCache.firstIndex(where: { $0.operation == operation }) {
                    configuration.responseCache[index].ttlSeconds = ttl
                } else {
                    // Not an operation of the scenario: `problems(applyingTo:)` says so.
                    configuration.responseCache.append(Configuration.ResponseCache(operation: operation, ttlSeconds: ttl))
                }
            }
        }
        return axes
    }

    /// A problem as an exclusion reason: its field as a search names it (`tiers.api.size`,
    /// `response_cache.listProjects`) and its message without the numbers that differ from
    /// one combination to the next, so that a reason groups many combinations.
    static func reason(_ problem: FieldProblem, in configuration: Configuration) -> String {
        var keys = problem.path.split(separator: ".").map(String.init)
        if keys.count >= 2, keys[0] == "tiers", let index = Int(keys[1]), configuration.tiers.indices.contains(index) {
            keys[1] = configuration.tiers[index].role.rawValue
            let renamed = ["droplet_size": "size", "workers_per_droplet": "workers", "minimum": "min", "maximum": "max",
                           "interval_seconds": "interval", "window_seconds": "window"]
            keys = keys.map { renamed[$0] ?? $0 }
        } else if keys.count >= 2, keys[0] == "response_cache", let index = Int(keys[1]), configuration.responseCache.indices.contains(index) {
            keys = ["response_cache", configuration.responseCache[index].operation]
        }
        var message = problem.message
        if message.hasPrefix("pool_size + reserve_pool_size = ") {
            message = "pool_size + reserve_pool_size exceeds the plan's backend connections"
        } else {
            if let found = message.range(of: ", found ") { message = String(message[..<found.lowerBound]) }
            // `min (5) must not exceed max (3)`, `the window (30 s) must be at least …`.
            message = message.replacing(/\ \([^()]*[0-9][^()]*\)/, with: "")
        }
        return "\(keys.joined(separator: ".")): \(message)"
    }
}
