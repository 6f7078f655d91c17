import Autoscaling
import DigitalOceanCatalog
import Foundation
import YAMLSupport

/// The configurations an optimizer may choose among (DESIGN §6): for each decision of a
/// ``Configuration`` the values to try, written in a scenario's `search:` block or in a file
/// of its own (README "Search spaces").
///
/// Every list is a dimension; an empty list keeps the scenario's own value. The candidates are
/// the cartesian product of the dimensions, each applied to `scenario.configuration`
/// (``enumerate(over:catalog:limit:)``).
public struct SearchSpace: Sendable, Hashable {
    /// The file the space came from, for messages.
    public var source: String
    /// Where the block starts (the `search:` key, or the top of a space file without one):
    /// messages about the space as a whole point there, at the field path ``path``.
    public var line: Int?
    public var column: Int?
    /// Only the tiers the space mentions, in role order (api, then web).
    public var tiers: [TierChoices]
    /// Each list empty keeps the scenario's value.
    public var database: DatabaseChoices
    /// Only the operations the space mentions, in the order written.
    public var responseCache: [CacheChoices]

    public init(source: String, tiers: [TierChoices] = [], database: DatabaseChoices = DatabaseChoices(),
                responseCache: [CacheChoices] = [], line: Int? = nil, column: Int? = nil) {
        self.source = source
        self.line = line
        self.column = column
        self.tiers = tiers.sorted { $0.role.order < $1.role.order }
        self.database = database
        self.responseCache = responseCache
    }

    /// One tier's choices; an empty list keeps the scenario's value.
    public struct TierChoices: Sendable, Hashable {
        public var role: TierRole
        /// Droplet size slugs of the catalog.
        public var dropletSizes: [String]
        /// Fixed fleets and autoscaling policies: the union of `droplets` and `autoscaling`.
        public var fleets: [FleetChoice]
        public var workersPerDroplet: [Int]
        public var balancerNodes: [Int]

        public init(role: TierRole, dropletSizes: [String] = [], fleets: [FleetChoice] = [], workersPerDroplet: [Int] = [],
                    balancerNodes: [Int] = []) {
            self.role = role
            self.dropletSizes = dropletSizes
            self.fleets = fleets
            self.workersPerDroplet = workersPerDroplet
            self.balancerNodes = balancerNodes
        }
    }

    /// How a tier's fleet is sized.
    public enum FleetChoice: Sendable, Hashable {
        /// A fixed fleet of this many droplets (at least 1).
        case fixed(droplets: Int)
        /// An autoscaled fleet; it starts at the policy's minimum.
        case autoscaling(AutoscalingConfiguration)
    }

    /// The database's choices; an empty list keeps the scenario's value.
    public struct DatabaseChoices: Sendable, Hashable {
        /// Database plan slugs of the catalog.
        public var plans: [String]
        public var standbyNodes: [Int]
        public var poolModes: [PoolMode]
        public var poolSizes: [Int]
        public var reservePoolSizes: [Int]
        /// Read-only node counts (README "Read-only nodes").
        public var readOnlyNodes: [Int] = []

        public init(plans: [String] = [], standbyNodes: [Int] = [], poolModes: [PoolMode] = [], poolSizes: [Int] = [],
                    reservePoolSizes: [Int] = []) {
            self.plans = plans
            self.standbyNodes = standbyNodes
            self.poolModes = poolModes
            self.poolSizes = poolSizes
            self.reservePoolSizes = reservePoolSizes
        }
    }

    /// One operation's response-cache TTLs; `nil` turns the cache off.
    public struct CacheChoices: Sendable, Hashable {
        public var operation: String
        public var ttlSeconds: [Double?]

        public init(operation: String, ttlSeconds: [Double?]) {
            self.operation = operation
            self.ttlSeconds = ttlSeconds
        }
    }

    /// The field path every problem of a space starts with, in a scenario or a file of its own.
    public static let path = "search"

    public func tier(_ role: TierRole) -> TierChoices? { tiers.first { $0.role == role } }

    /// The product of the dimensions' lengths (each without repeated values; an empty one
    /// counts 1), before any exclusion. Saturates at `Int.max` instead of trapping.
    public var combinations: Int {
        var counts: [Int] = []
        for tier in tiers {
            counts += [tier.dropletSizes.uniqued().count, tier.fleets.uniqued().count, tier.workersPerDroplet.uniqued().count,
                       tier.balancerNodes.uniqued().count]
        }
        counts += [database.plans.uniqued().count, database.standbyNodes.uniqued().count, database.poolModes.uniqued().count,
                   database.poolSizes.uniqued().count, database.reservePoolSizes.uniqued().count,
                   database.readOnlyNodes.uniqued().count]
        counts += responseCache.map { $0.ttlSeconds.uniqued().count }
        return Self.saturatingProduct(counts.map { max($0, 1) })
    }

    static func saturatingProduct(_ counts: [Int]) -> Int {
        var product = 1
        for count in counts {
            let (result, overflow) = product.multipliedReportingOverflow(by: count)
            if overflow { return Int.max }
            product = result
        }
        return product
    }

    /// The dimensions the space sets, with their sizes, for `capsim check`:
    /// `api: 3 sizes × 4 fleets · web: 2 sizes × 4 fleets · database: 2 plans × 2 pool sizes`.
    public var dimensionSummary: String {
        func counted(_ count: Int, _ singular: String, _ plural: String) -> String? {
            count == 0 ? nil : "\(count) \(count == 1 ? singular : plural)"
        }
        var parts: [String] = []
        for tier in tiers {
            let items = [
                counted(tier.dropletSizes.uniqued().count, "size", "sizes"),
                counted(tier.fleets.uniqued().count, "fleet", "fleets"),
                counted(tier.workersPerDroplet.uniqued().count, "worker count", "worker counts"),
                counted(tier.balancerNodes.uniqued().count, "balancer node count", "balancer node counts"),
            ].compactMap { $0 }
            if !items.isEmpty { parts.append("\(tier.role.rawValue): \(items.joined(separator: " × "))") }
        }
        let databaseItems = [
            counted(database.plans.uniqued().count, "plan", "plans"),
            counted(database.standbyNodes.uniqued().count, "standby count", "standby counts"),
            counted(database.poolModes.uniqued().count, "pool mode", "pool modes"),
            counted(database.poolSizes.uniqued().count, "pool size", "pool sizes"),
            counted(database.reservePoolSizes.uniqued().count, "reserve size", "reserve sizes"),
            counted(database.readOnlyNodes.uniqued().count, "read-only node count", "read-only node counts"),
        ].compactMap { $0 }
        if !databaseItems.isEmpty { parts.append("database: \(databaseItems.joined(separator: " × "))") }
        let caches = responseCache.compactMap { cache in
            counted(cache.ttlSeconds.uniqued().count, "TTL", "TTLs").map { "\(cache.operation) \($0)" }
        }
        if !caches.isEmpty { parts.append("response cache: \(caches.joined(separator: " × "))") }
        return parts.isEmpty ? "no dimension: the scenario's own configuration" : parts.joined(separator: " · ")
    }

    /// A short human label of `configuration`, a candidate of this space: each tier's fleet and
    /// size and the database plan and pool always, and the other decisions only where the
    /// space tries more than one value (workers, balancer nodes, standby nodes, pool mode,
    /// reserve, cache TTLs). `api 3×s-2vcpu-4gb · web 2×s-1vcpu-2gb · db-s-4vcpu-8gb pool 40`.
    public func label(_ configuration: Configuration) -> String {
        var shown = Configuration.LabelFields()
        for tier in tiers {
            if tier.workersPerDroplet.uniqued().count > 1 { shown.workers.insert(tier.role) }
            if tier.balancerNodes.uniqued().count > 1 { shown.balancerNodes.insert(tier.role) }
        }
        shown.standby = database.standbyNodes.uniqued().count > 1
        shown.poolMode = database.poolModes.uniqued().count > 1
        shown.reserve = database.reservePoolSizes.uniqued().count > 1
        shown.readOnly = database.readOnlyNodes.uniqued().count > 1
        shown.caches = Set(responseCache.filter { $0.ttlSeconds.uniqued().count > 1 }.map(\.operation))
        return configuration.label(showing: shown)
    }
}

extension Configuration {
    /// A short human label: each tier's fleet and size (and balancer nodes above one), the
    /// database plan (and standby nodes above none) and its pool (and reserve above none).
    /// `api 3×s-2vcpu-4gb · web 2×s-1vcpu-2gb · db-s-4vcpu-8gb pool 40`; an autoscaled tier
    /// reads `api s-2vcpu-4gb autoscaled 2–10 target-tracking cpu 70%`.
    public var label: String { label(showing: LabelFields()) }

    /// Decisions a label names even at their usual values, because a search varies them.
    package struct LabelFields: Sendable {
        package var workers: Set<TierRole> = []
        package var balancerNodes: Set<TierRole> = []
        package var standby = false
        package var poolMode = false
        package var reserve = false
        package var readOnly = false
        package var caches: Set<String> = []
        package init() {}
    }

    package func label(showing shown: LabelFields) -> String {
        var parts: [String] = []
        for tier in tiers {
            var text = tier.role.rawValue + " "
            if let autoscaling = tier.autoscaling {
                text += "\(tier.dropletSize) autoscaled \(autoscaling.minimum)–\(autoscaling.maximum) \(autoscaling.policy.summary)"
            } else {
                text += "\(tier.droplets)×\(tier.dropletSize)"
            }
            var extras: [String] = []
            if shown.workers.contains(tier.role) { extras.append("\(tier.workersPerDroplet) worker\(tier.workersPerDroplet == 1 ? "" : "s")") }
            if shown.balancerNodes.contains(tier.role) || tier.balancerNodes > 1 {
                extras.append("\(tier.balancerNodes) balancer node\(tier.balancerNodes == 1 ? "" : "s")")
            }
            if !extras.isEmpty { text += " (\(extras.joined(separator: ", ")))" }
            parts.append(text)
        }
        var database = self.database.plan
        if shown.standby || self.database.standbyNodes > 0 {
            database += self.database.standbyNodes == 0 ? " no standby" : " +\(self.database.standbyNodes) standby"
        }
        database += shown.poolMode ? " \(self.database.poolMode.rawValue) pool \(self.database.poolSize)" : " pool \(self.database.poolSize)"
        if shown.reserve || self.database.reservePoolSize > 0 { database += " reserve \(self.database.reservePoolSize)" }
        if shown.readOnly || self.database.readOnlyNodes > 0 {
            database += self.database.readOnlyNodes == 0 ? " no read-only node" : " +\(self.database.readOnlyNodes) read-only"
        }
        parts.append(database)
        for cache in responseCache where shown.caches.contains(cache.operation) {
            parts.append(cache.ttlSeconds.map { "\(cache.operation) cache \(Units.describe(seconds: $0))" } ?? "\(cache.operation) no cache")
        }
        return parts.joined(separator: " · ")
    }
}

extension PolicyConfiguration {
    /// The policy in a few words: its kind and what it holds, `target-tracking cpu 70%`.
    package var summary: String {
        switch self {
        case .fixed: "static"
        case let .targetTracking(configuration):
            "target-tracking " + configuration.targets.map { "\($0.metric.rawValue) \(Self.describe($0.target, of: $0.metric))" }
                .joined(separator: " + ")
        case let .step(configuration): "step \(configuration.metric.rawValue)"
        case let .scheduled(configuration): "scheduled (\(configuration.actions.count) action\(configuration.actions.count == 1 ? "" : "s"))"
        case let .predictive(configuration): "predictive \(Units.trim(configuration.targetUtilization * 100))%"
        case let .dropletAutoscalePool(configuration):
            "do-autoscale-pool " + configuration.targets.map { "\($0.metric.rawValue) \(Self.describe($0.target, of: $0.metric))" }
                .joined(separator: " ")
                + (configuration.tolerance > 0 ? " tolerance \(Self.describe(configuration.tolerance, of: .cpu))" : "")
        case let .combined(members): "combined(\(members.map(\.summary).joined(separator: " + ")))"
        }
    }

    /// A metric's value in the unit a scenario writes it in.
    static func describe(_ value: Double, of metric: ScalingMetric) -> String {
        switch metric {
        case .cpu, .memory: "\(Units.trim(value * 100))%"
        case .p95Latency, .poolWait: Units.describe(seconds: value)
        case .requestsPerDroplet: "\(Units.trim(value))/s"
        case .inFlight: Units.trim(value)
        }
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, each kept at its first place.
    package func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
