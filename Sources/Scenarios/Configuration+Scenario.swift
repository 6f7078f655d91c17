import Autoscaling
import DigitalOceanCatalog
import Foundation
import YAMLSupport

/// A problem with a typed value (a configuration, a scenario built in code): the field at
/// fault as a dotted path (`tiers.0.droplets`, `database.pool_size`), and what is wrong.
/// Readers of YAML turn the path into a line and column.
public struct FieldProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A configuration that cannot be applied, with every problem found.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [FieldProblem]

    public init(problems: [FieldProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension Scenario {
    /// What the scenario decides, as a plan: its tiers, database and response caches.
    /// Scheduled policies are given without the scenario's calendar (it belongs to the
    /// scenario, and comes back when the configuration is applied).
    public var configuration: Configuration {
        Configuration(
            tiers: tiers.map { tier in
                Configuration.Tier(
                    role: tier.role, dropletSize: tier.size.slug, droplets: tier.droplets,
                    autoscaling: tier.autoscaling.map { autoscaling in
                        var autoscaling = autoscaling
                        autoscaling.policy = autoscaling.policy.withCalendar(
                            start: ScheduledScalingConfiguration.unappliedStart, timeZone: TimeZone(identifier: "UTC")!)
                        return autoscaling
                    },
                    workersPerDroplet: tier.workersPerDroplet, inFlightLimit: tier.inFlightLimit, balancerNodes: tier.balancerNodes)
            },
            database: Configuration.Database(
                plan: database.plan.slug, standbyNodes: database.standbyNodes, poolMode: database.pgBouncer.mode,
                poolSize: database.pgBouncer.poolSize, reservePoolSize: database.pgBouncer.reservePoolSize,
                readOnlyNodes: database.readOnly.count),
            responseCache: operations.map { Configuration.ResponseCache(operation: $0.name, ttlSeconds: $0.cacheTTL) })
    }

    /// The scenario with `configuration`'s decisions in place of its own, validated against
    /// the catalog and the scenario: the load, the software and everything the configuration
    /// does not decide stay as they are. A tier's CPU speed follows its droplet size unless
    /// the scenario set a speed apart from its size's.
    /// - Throws: ``ConfigurationError`` with every problem, each at its field.
    public func applying(_ configuration: Configuration, catalog: Catalog) throws(ConfigurationError) -> Scenario {
        let problems = configuration.problems(catalog: catalog) + configuration.problems(applyingTo: self)
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        var scenario = self
        for (index, tier) in scenario.tiers.enumerated() {
            guard let planned = configuration.tier(tier.role), let size = catalog.dropletSize(planned.dropletSize) else { continue }
            var updated = tier
            if tier.cpuSpeed == tier.size.cpuSpeed { updated.cpuSpeed = size.cpuSpeed }
            updated.size = size
            updated.droplets = planned.droplets
            updated.workersPerDroplet = planned.workersPerDroplet
            updated.inFlightLimit = planned.inFlightLimit
            updated.balancerNodes = planned.balancerNodes
            updated.autoscaling = planned.autoscaling.map { autoscaling in
                var autoscaling = autoscaling
                autoscaling.policy = autoscaling.policy.withCalendar(start: start, timeZone: timeZone)
                return autoscaling
            }
            scenario.tiers[index] = updated
        }
        if let plan = catalog.databasePlan(configuration.database.plan) {
            scenario.database.plan = plan
            scenario.database.standbyNodes = configuration.database.standbyNodes
            scenario.database.pgBouncer.mode = configuration.database.poolMode
            scenario.database.pgBouncer.poolSize = configuration.database.poolSize
            scenario.database.pgBouncer.reservePoolSize = configuration.database.reservePoolSize
            scenario.database.readOnly.count = configuration.database.readOnlyNodes
        }
        for cache in configuration.responseCache {
            guard let index = scenario.operations.firstIndex(where: { $0.name == cache.operation }) else { continue }
            scenario.operations[index].cacheTTL = cache.ttlSeconds
        }
        return scenario
    }
}

extension Configuration {
    /// Problems of the configuration on its own: names the catalog does not know, counts out
    /// of range, a pool larger than the plan's connections, policies that cannot work. The
    /// ranges are the scenario file's (README "Numeric ranges").
    public func problems(catalog: Catalog) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func check(_ value: Int, _ range: ClosedRange<Int>, _ path: String) {
            if !range.contains(value) {
                problems.append(FieldProblem(path: path, message: "must be from \(range.lowerBound) to \(range.upperBound), found \(value)"))
            }
        }
        var seen: Set<TierRole> = []
        for (index, tier) in tiers.enumerated() {
            let path = "tiers.\(index)"
            if !seen.insert(tier.role).inserted {
                problems.append(FieldProblem(path: "\(path).role", message: "the \(tier.role.rawValue) tier is configured twice"))
            }
            if catalog.dropletSize(tier.dropletSize) == nil {
                problems.append(FieldProblem(
                    path: "\(path).droplet_size",
                    message: "unknown droplet size \"\(tier.dropletSize)\"\(NameSuggestion.hint(for: tier.dropletSize, among: catalog.dropletSizes.map(\.slug)))"))
            }
            check(tier.droplets, (tier.autoscaling == nil ? 1 : 0)...1000, "\(path).droplets")
            check(tier.workersPerDroplet, 1...256, "\(path).workers_per_droplet")
            check(tier.inFlightLimit, 0...1_000_000, "\(path).in_flight_limit")
            check(tier.balancerNodes, 1...catalog.loadBalancer.maxNodes, "\(path).balancer_nodes")
            if let autoscaling = tier.autoscaling {
                problems += Self.problems(of: autoscaling, at: "\(path).autoscaling")
            }
        }
        let database = database
        if let plan = catalog.databasePlan(database.plan) {
            if database.standbyNodes > 0 && !plan.standbyAllowed {
                problems.append(FieldProblem(path: "database.standby_nodes", message: "the \(plan.slug) plan cannot have standby nodes"))
            }
            let total = database.poolSize + database.reservePoolSize
            if total > plan.backendConnections {
                problems.append(FieldProblem(
                    path: "database.pool_size",
                    message: "pool_size + reserve_pool_size = \(total) exceeds the \(plan.backendConnections) backend connections of \(plan.slug) (25 per GiB minus 3)"))
            }
        } else {
            problems.append(FieldProblem(
                path: "database.plan",
                message: "unknown database plan \"\(database.plan)\"\(NameSuggestion.hint(for: database.plan, among: catalog.databasePlans.map(\.slug)))"))
        }
        check(database.standbyNodes, 0...2, "database.standby_nodes")
        check(database.readOnlyNodes, 0...ReadOnlyNodeSettings.maximumCount, "database.read_only_nodes")
        check(database.poolSize, 1...10_000, "database.pool_size")
        check(database.reservePoolSize, 0...10_000, "database.reserve_pool_size")
        for (index, cache) in responseCache.enumerated() {
            if let ttl = cache.ttlSeconds, !(ttl > 0 && ttl <= YAMLFieldReader.longestDuration) {
                problems.append(FieldProblem(
                    path: "response_cache.\(index).ttl_seconds",
                    message: "must be above 0 and at most \(Units.trim(YAMLFieldReader.longestDuration)) s, found \(Units.trim(ttl))"))
            }
        }
        return problems
    }

    /// Problems of applying the configuration to `scenario`: every tier the scenario runs
    /// must be configured and no other, cached operations must exist, and a central queue
    /// needs an in-flight limit.
    public func problems(applyingTo scenario: Scenario) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        for tier in scenario.tiers where self.tier(tier.role) == nil {
            problems.append(FieldProblem(path: "tiers", message: "the scenario's \(tier.role.rawValue) tier is not configured"))
        }
        for (index, tier) in tiers.enumerated() {
            guard let existing = scenario.tier(tier.role) else {
                problems.append(FieldProblem(path: "tiers.\(index).role",
                                                     message: "the scenario \(scenario.name) has no \(tier.role.rawValue) tier"))
                continue
            }
            if existing.balancing == .centralQueue && tier.inFlightLimit == 0 {
                problems.append(FieldProblem(
                    path: "tiers.\(index).in_flight_limit",
                    message: "a central queue needs an in-flight limit of at least 1 (it holds requests until a worker has room)"))
            }
        }
        let names = scenario.operations.map(\.name)
        for (index, cache) in responseCache.enumerated() where !names.contains(cache.operation) {
            problems.append(FieldProblem(
                path: "response_cache.\(index).operation",
                message: "the scenario has no operation \"\(cache.operation)\"\(NameSuggestion.hint(for: cache.operation, among: names))"))
        }
        return problems
    }

    /// An autoscaling block's own problems: bounds, periods, and each policy's rules.
    static func problems(of autoscaling: AutoscalingConfiguration, at path: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !(0...1000).contains(autoscaling.minimum) {
            problems.append(FieldProblem(path: "\(path).minimum", message: "must be from 0 to 1000, found \(autoscaling.minimum)"))
        }
        if !(0...1000).contains(autoscaling.maximum) {
            problems.append(FieldProblem(path: "\(path).maximum", message: "must be from 0 to 1000, found \(autoscaling.maximum)"))
        }
        if autoscaling.minimum > autoscaling.maximum {
            problems.append(FieldProblem(
                path: "\(path).maximum", message: "min (\(autoscaling.minimum)) must not exceed max (\(autoscaling.maximum))"))
        }
        for (value, key) in [(autoscaling.interval, "interval_seconds"), (autoscaling.window, "window_seconds")]
        where !(value > 0 && value <= 86_400) {
            problems.append(FieldProblem(path: "\(path).\(key)", message: "must be above 0 and at most 86400, found \(Units.trim(value))"))
        }
        if autoscaling.window < autoscaling.interval {
            problems.append(FieldProblem(path: "\(path).window_seconds",
                                         message: "the window (\(Units.trim(autoscaling.window)) s) must be at least the interval (\(Units.trim(autoscaling.interval)) s)"))
        }
        if case .dropletAutoscalePool = autoscaling.policy {
            problems += DropletAutoscalePoolPolicy.validate(minimum: autoscaling.minimum, maximum: autoscaling.maximum)
                .map { FieldProblem(path: "\(path).\($0.hasPrefix("min") ? "minimum" : "maximum")", message: $0) }
        }
        problems += policyProblems(autoscaling.policy, at: "\(path).policy")
        return problems
    }

    static func policyProblems(_ policy: PolicyConfiguration, at path: String) -> [FieldProblem] {
        switch policy {
        case let .fixed(count):
            guard let count, !(0...1000).contains(count) else { return [] }
            return [FieldProblem(path: "\(path).droplets", message: "must be from 0 to 1000, found \(count)")]
        case let .targetTracking(configuration):
            var problems: [FieldProblem] = []
            if configuration.targets.isEmpty {
                problems.append(FieldProblem(path: "\(path).target_tracking.targets", message: "needs at least one metric target"))
            }
            for (index, target) in configuration.targets.enumerated() where !(target.target > 0 && target.target.isFinite) {
                problems.append(FieldProblem(path: "\(path).target_tracking.targets.\(index).target",
                                                     message: "must be above 0, found \(Units.trim(target.target))"))
            }
            return problems
        case let .step(configuration):
            return StepScalingPolicy.validate(configuration).map { FieldProblem(path: "\(path).step", message: $0) }
        case let .scheduled(configuration):
            var problems: [FieldProblem] = []
            for (index, action) in configuration.actions.enumerated() {
                if let minimum = action.minimum, let maximum = action.maximum, minimum > maximum {
                    problems.append(FieldProblem(path: "\(path).scheduled.actions.\(index).maximum",
                                                         message: "min (\(minimum)) must not exceed max (\(maximum))"))
                }
                if !action.schedule.canFire {
                    problems.append(FieldProblem(path: "\(path).scheduled.actions.\(index).schedule",
                                                         message: "the cron expression \"\(action.schedule.expression)\" never fires"))
                }
            }
            return problems
        case let .predictive(configuration):
            guard !(configuration.targetUtilization > 0 && configuration.targetUtilization <= 1) else { return [] }
            return [FieldProblem(path: "\(path).predictive.target_utilization",
                                         message: "must be above 0 and at most 1, found \(Units.trim(configuration.targetUtilization))")]
        case let .dropletAutoscalePool(configuration):
            return DropletAutoscalePoolPolicy.validate(configuration).map { FieldProblem(path: "\(path).do_autoscale_pool", message: $0) }
        case let .combined(members):
            return members.enumerated().flatMap { policyProblems($1, at: "\(path).policies.\($0)") }
        }
    }
}
