import Autoscaling
import DigitalOceanCatalog
import Foundation
import SimCore
import Traces
import YAMLSupport
import Yams

/// A complete, validated description of a platform and its load: plain values only.
///
/// Everything the simulation needs is here, already checked and with defaults filled in,
/// so the model never has to second-guess its input. Names (tenant groups, operations,
/// pages) stay as written; the model turns them into indexes once, when it is built.
public struct Scenario: Sendable {
    public var name: String
    public var summary: String
    /// The file the scenario was read from, for messages and reports.
    public var source: String
    public var seed: UInt64
    public var replications: Int
    /// Wall-clock instant of simulated time 0: hour-of-day profiles and bursts line up with it.
    public var start: Date
    public var timeZone: TimeZone
    /// The zone's name as written: Foundation on Linux reports "UTC" as "GMT".
    public var timeZoneName: String
    public var horizon: Double
    /// Requests that arrive before the warm-up ends are simulated but not measured.
    public var warmup: Double
    /// Clients give up after this long: a slower answer counts as an error.
    public var clientTimeout: Double
    public var tenantGroups: [TenantGroup]
    public var operations: [GraphQLOperation]
    public var pages: [WebPage]
    public var graphQL: GraphQLSettings
    public var tiers: [ServiceTier]
    public var database: DatabaseSettings
    public var objectives: ServiceLevelObjectives
    /// Files the scenario refers to and that were read with it (predictive histories), as
    /// written paths resolved against the scenario's folder: outputs must never replace them.
    public var referencedFiles: [String] = []
    /// Values that are legal but surely unintended, each with its location; the command
    /// line prints them on standard error before running.
    public var warnings: [ScenarioIssue] = []
    /// Faults at set times (`faults:`), in time order; empty when the scenario schedules none.
    public var faults: [ScheduledFault] = []

    public func tier(_ role: TierRole) -> ServiceTier? { tiers.first { $0.role == role } }

    public init(name: String, summary: String, source: String, seed: UInt64, replications: Int, start: Date, timeZone: TimeZone, timeZoneName: String, horizon: Double, warmup: Double, clientTimeout: Double, tenantGroups: [TenantGroup], operations: [GraphQLOperation], pages: [WebPage], graphQL: GraphQLSettings, tiers: [ServiceTier], database: DatabaseSettings, objectives: ServiceLevelObjectives, referencedFiles: [String] = [], warnings: [ScenarioIssue] = []) {
        self.name = name
        self.summary = summary
        self.source = source
        self.seed = seed
        self.replications = replications
        self.start = start
        self.timeZone = timeZone
        self.timeZoneName = timeZoneName
        self.horizon = horizon
        self.warmup = warmup
        self.clientTimeout = clientTimeout
        self.tenantGroups = tenantGroups
        self.operations = operations
        self.pages = pages
        self.graphQL = graphQL
        self.tiers = tiers
        self.database = database
        self.objectives = objectives
        self.referencedFiles = referencedFiles
        self.warnings = warnings
    }
}

/// Tenants that share a size spread, a traffic profile and an operation mix.
public struct TenantGroup: Sendable {
    public var name: String
    public var count: Int
    /// Mean requests per second of one tenant over a week, before growth and bursts.
    public var ratePerTenant: Double
    public var sizeSpread: TenantSizeSpread
    /// Relative load by local hour (0–23); normalized to mean 1 when the scenario is read.
    public var hourlyFactors: [Double]
    /// Relative load by local weekday, Monday first; normalized to mean 1.
    public var weekdayFactors: [Double]
    public var timeZone: TimeZone
    /// How the hourly × weekday factors become a rate between hours (README "Load shape:
    /// ramps"): linear ramps by default, `step` for the piecewise-constant rates of old.
    public var profileShape: ProfileShape
    public var bursts: [Burst]
    /// Compound growth of the rate per average month (`Month.averageSeconds`, 30.44 days).
    public var growthPerMonth: Double
    /// What this group's requests do: operation or page names with weights.
    public var mix: [MixEntry]
    /// What each tenant of the group pays, in US dollars per billing month; nil when not
    /// given. Per-tenant cost reports the margin against it and flags tenants served at a loss.
    public var revenuePerTenantMonthlyUSD: Double?
    /// The group's load from a trace (`load: {trace: …}`), replacing the hourly profile and
    /// the bursts; `ratePerTenant` is then the trace's scaled mean over its tenants.
    public var traceLoad: TraceLoad?

    public init(name: String, count: Int, ratePerTenant: Double, sizeSpread: TenantSizeSpread, hourlyFactors: [Double], weekdayFactors: [Double], timeZone: TimeZone, bursts: [Burst], growthPerMonth: Double, mix: [MixEntry], revenuePerTenantMonthlyUSD: Double? = nil, profileShape: ProfileShape = .linear) {
        self.name = name
        self.count = count
        self.ratePerTenant = ratePerTenant
        self.sizeSpread = sizeSpread
        self.hourlyFactors = hourlyFactors
        self.weekdayFactors = weekdayFactors
        self.timeZone = timeZone
        self.profileShape = profileShape
        self.bursts = bursts
        self.growthPerMonth = growthPerMonth
        self.mix = mix
        self.revenuePerTenantMonthlyUSD = revenuePerTenantMonthlyUSD
    }
}

/// How a group's hourly × weekday factors turn into a rate over time.
///
/// Real traffic ramps: a step profile lifts the load ×4 within a minute at 08:00, and every
/// autoscaling error of a run then falls in the first minutes of the hour. Both shapes keep
/// the weekly mean (`rate_per_tenant`) exactly.
public enum ProfileShape: String, Sendable, CaseIterable {
    /// Each factor is the rate at its hour's mid-point, joined by straight lines, cyclic over
    /// the week: the trapezoid sum through the mid-points equals the step sum.
    case linear
    /// Each factor holds for its whole local hour (the shape before ramps existed).
    case step
}

/// How tenant sizes vary within a group. Real SaaS tenants are heavy-tailed: a few large
/// customers carry much of the load, which matters for rate limits and per-tenant cost.
public enum TenantSizeSpread: Sendable, Equatable {
    case equal
    /// Sizes drawn from a lognormal with mean 1 and this coefficient of variation.
    case lognormal(coefficientOfVariation: Double)
    /// The k-th largest tenant has weight 1 / k^exponent.
    case zipf(exponent: Double)
}

/// A multiplier on a group's rate over an interval: a launch, a sale, a noisy neighbour.
public struct Burst: Sendable, Equatable {
    /// Seconds from the scenario start.
    public var start: Double
    public var duration: Double
    public var factor: Double
    /// Only this tenant (0-based, largest first) bursts; `nil` means the whole group.
    public var tenant: Int?
    /// Seconds over which the factor rises linearly from 1 (a tenant's extra load: from 0)
    /// to `factor`, at the start of the burst and inside its `duration`; 0 jumps.
    public var rampUp: Double
    /// Seconds over which the factor falls back linearly before the burst ends; 0 jumps.
    public var rampDown: Double

    public init(start: Double, duration: Double, factor: Double, tenant: Int?, rampUp: Double = 0, rampDown: Double = 0) {
        self.start = start
        self.duration = duration
        self.factor = factor
        self.tenant = tenant
        self.rampUp = rampUp
        self.rampDown = rampDown
    }
}

public struct MixEntry: Sendable, Equatable {
    public var target: String
    public var weight: Double

    public init(target: String, weight: Double) {
        self.target = target
        self.weight = weight
    }
}

public enum OperationKind: String, Sendable { case query, mutation }

/// A GraphQL operation as the API executes it.
public struct GraphQLOperation: Sendable {
    public var name: String
    public var kind: OperationKind
    /// Cost in points, as a complexity plugin computes it.
    public var complexity: Distribution
    /// CPU seconds on a reference vCPU: parse, validate and serialize.
    public var cpuBase: Double
    /// CPU seconds on a reference vCPU per complexity point of resolver work.
    public var cpuPerPoint: Double
    /// Resolver levels that touch the database.
    public var depth: Int
    /// Items per list level: the fan-out of the N+1 problem without DataLoader.
    public var listSize: Int
    public var dataLoader: Bool
    /// Database CPU seconds of one round trip (one transaction), on the plan's shared cores:
    /// the scenario field `db_cpu` (or its older synonym `query_time`).
    public var queryTime: Distribution
    /// Seconds one round trip holds its server connection without a core (`db_wait`): I/O,
    /// lock waits, commit flushes. Constant 0 unless the scenario gives it.
    public var dbWait: Distribution
    /// Response-cache time to live; `nil` when the operation is not cached.
    public var cacheTTL: Double?
    /// Bytes of one response sent to the client (`response_bytes`), for outbound transfer;
    /// `nil` when the scenario does not give it (no transfer is measured, nothing is drawn).
    public var responseBytes: Distribution?
    /// Where this operation's transactions read (`reads`, README "Read-only nodes"); a
    /// mutation always writes to the primary.
    public var reads: ReadTarget = .primary
    /// The most replication lag, in seconds, a replica read of this operation tolerates
    /// (`max_staleness`); `nil` accepts any lag.
    public var maxStaleness: Double?

    /// Sequential database round trips on a cache miss: one per level with DataLoader,
    /// otherwise the first level once and each deeper level once per list item.
    public var roundTrips: Int {
        if depth == 0 { return 0 }
        return dataLoader ? depth : 1 + (depth - 1) * listSize
    }

    public init(name: String, kind: OperationKind, complexity: Distribution, cpuBase: Double, cpuPerPoint: Double, depth: Int, listSize: Int, dataLoader: Bool, queryTime: Distribution, dbWait: Distribution = .constant(0), cacheTTL: Double?) {
        self.name = name
        self.kind = kind
        self.complexity = complexity
        self.cpuBase = cpuBase
        self.cpuPerPoint = cpuPerPoint
        self.depth = depth
        self.listSize = listSize
        self.dataLoader = dataLoader
        self.queryTime = queryTime
        self.dbWait = dbWait
        self.cacheTTL = cacheTTL
    }
}

public enum PageRendering: Sendable, Equatable {
    /// Built at deploy time and served by the CDN: no droplet work.
    case staticGeneration
    /// Regenerated at most once per interval per tenant and page; served from cache between.
    case incrementalRegeneration(revalidate: Double)
    /// Rendered on every request.
    case serverSide
}

/// A Next.js page of the web tier.
public struct WebPage: Sendable {
    public var name: String
    public var rendering: PageRendering
    /// CPU seconds to render the page, on a reference vCPU.
    public var renderCPU: Distribution
    /// CPU seconds to serve an already rendered page from the ISR cache.
    public var cachedServeCPU: Double
    /// API operations the render calls, in order.
    public var calls: [String]
    /// Bytes of the page sent to the browser (`response_bytes`), for outbound transfer;
    /// `nil` when the scenario does not give it.
    public var responseBytes: Distribution?

    public init(name: String, rendering: PageRendering, renderCPU: Distribution, cachedServeCPU: Double, calls: [String]) {
        self.name = name
        self.rendering = rendering
        self.renderCPU = renderCPU
        self.cachedServeCPU = cachedServeCPU
        self.calls = calls
    }
}

public struct GraphQLSettings: Sendable {
    /// Operations above this many points are rejected (a client error); `nil` means no limit.
    public var complexityLimit: Double?
    /// Per-tenant token bucket in points; `nil` means no throttling.
    public var rateLimit: TokenBucketSettings?

    public init(complexityLimit: Double?, rateLimit: TokenBucketSettings?) {
        self.complexityLimit = complexityLimit
        self.rateLimit = rateLimit
    }
}

public struct TokenBucketSettings: Sendable, Equatable {
    public var capacity: Double
    public var refillPerSecond: Double

    public init(capacity: Double, refillPerSecond: Double) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }
}

public enum TierRole: String, Sendable, CaseIterable { case web, api }

public enum BalancingAlgorithm: String, Sendable, CaseIterable {
    case roundRobin = "round_robin"
    case leastConnections = "least_connections"
    case random
    /// The balancer holds requests until a worker has room: M/M/c with one queue.
    case centralQueue = "central_queue"
}

/// A fleet of identical droplets behind a load balancer.
public struct ServiceTier: Sendable {
    public var role: TierRole
    public var size: DropletSize
    public var droplets: Int
    /// Node processes per droplet (cluster mode).
    public var workersPerDroplet: Int
    /// Requests one process holds at once; 0 means no limit. Above it the process answers 503,
    /// except under a central queue, where the balancer holds the request instead.
    public var inFlightLimit: Int
    /// Relative per-vCPU speed: CPU demands are divided by it.
    public var cpuSpeed: Double
    public var balancing: BalancingAlgorithm
    public var balancerNodes: Int
    /// Simultaneous connections one balancer node holds (the catalog's
    /// `load_balancer.connections_per_node`: 10,000 on DigitalOcean). The tier's balancer
    /// holds at most `balancerNodes × balancerConnectionsPerNode`.
    public var balancerConnectionsPerNode: Int
    public var lifecycle: DropletLifecycle
    /// `nil` keeps the fleet at `droplets` for the whole run.
    public var autoscaling: AutoscalingConfiguration?
    /// Resident memory of one idle Node process, for the memory metric.
    public var processMemoryGiB: Double
    /// Extra resident memory per request held.
    public var requestMemoryGiB: Double
    /// The balancer's rate limits and node-count changes (BalancerCapacity.swift); the
    /// scenario builder sets them from the catalog.
    public var balancerCapacity = BalancerCapacity.unlimited
    /// DigitalOcean droplet backups (`backups`): none, weekly or daily, priced as a share of
    /// the droplet charge.
    public var backups: BackupSchedule = .none

    public var name: String { role.rawValue }
    public var workers: Int { droplets * workersPerDroplet }
    /// The most requests the tier's balancer holds open at once; one more is refused.
    public var balancerConnectionLimit: Int { balancerNodes * balancerConnectionsPerNode }

    /// The most droplets the tier can ever hold: the slots the simulation sets aside.
    public var dropletCapacity: Int {
        guard let autoscaling else { return droplets }
        return max(droplets, autoscaling.maximum, autoscaling.policy.largestScheduledMaximum)
    }

    /// The count the run starts with: `droplets`, inside the autoscaling bounds.
    public var initialDroplets: Int {
        guard let autoscaling else { return droplets }
        return min(max(droplets, autoscaling.minimum), autoscaling.maximum)
    }

    public init(role: TierRole, size: DropletSize, droplets: Int, workersPerDroplet: Int, inFlightLimit: Int, cpuSpeed: Double, balancing: BalancingAlgorithm, balancerNodes: Int, balancerConnectionsPerNode: Int, lifecycle: DropletLifecycle, autoscaling: AutoscalingConfiguration?, processMemoryGiB: Double, requestMemoryGiB: Double) {
        self.role = role
        self.size = size
        self.droplets = droplets
        self.workersPerDroplet = workersPerDroplet
        self.inFlightLimit = inFlightLimit
        self.cpuSpeed = cpuSpeed
        self.balancing = balancing
        self.balancerNodes = balancerNodes
        self.balancerConnectionsPerNode = balancerConnectionsPerNode
        self.lifecycle = lifecycle
        self.autoscaling = autoscaling
        self.processMemoryGiB = processMemoryGiB
        self.requestMemoryGiB = requestMemoryGiB
    }
}

extension PolicyConfiguration {
    /// Scheduled actions may raise the maximum above the configured one.
    package var largestScheduledMaximum: Int {
        switch self {
        case let .scheduled(configuration):
            configuration.actions.compactMap { max($0.maximum ?? 0, $0.desired ?? 0) }.max() ?? 0
        case let .combined(members): members.map(\.largestScheduledMaximum).max() ?? 0
        default: 0
        }
    }
}

public struct DatabaseSettings: Sendable {
    public var plan: DatabasePlan
    public var standbyNodes: Int
    /// Demand inflation per transaction beyond the cores, per core: models the throughput
    /// loss of too many active connections. A model parameter, not a vendor figure.
    public var contention: Double
    /// Network time of one round trip, in seconds (a plain duration is a constant).
    public var roundTripLatency: Distribution
    /// Which network leg `roundTripLatency` stands for, and so whether it holds a server connection.
    public var latencyPlacement: LatencyPlacement
    public var pgBouncer: PgBouncerSettings
    /// Connections per API process (node-postgres `max`); `nil` opens a client per request.
    public var applicationPoolSize: Int?
    /// Clients outside the API tier that connect to PgBouncer at the start and stay (`pgbouncer.clients`).
    public var persistentClients: PersistentClients
    /// Read-only nodes, their plan and their replication lag (README "Read-only nodes").
    public var readOnly = ReadOnlyNodeSettings()
    /// How the primary fails and is replaced (`mean_time_between_failures`, `failover_time`, …).
    public var failover = DatabaseFailoverSettings()

    public init(plan: DatabasePlan, standbyNodes: Int, contention: Double, roundTripLatency: Distribution,
                latencyPlacement: LatencyPlacement = .server, pgBouncer: PgBouncerSettings, applicationPoolSize: Int?,
                persistentClients: PersistentClients = PersistentClients()) {
        self.plan = plan
        self.standbyNodes = standbyNodes
        self.contention = contention
        self.roundTripLatency = roundTripLatency
        self.latencyPlacement = latencyPlacement
        self.pgBouncer = pgBouncer
        self.applicationPoolSize = applicationPoolSize
        self.persistentClients = persistentClients
    }

    /// A constant round-trip latency of `roundTripLatency` seconds on the server side.
    public init(plan: DatabasePlan, standbyNodes: Int, contention: Double, roundTripLatency: Double, pgBouncer: PgBouncerSettings, applicationPoolSize: Int?) {
        self.init(plan: plan, standbyNodes: standbyNodes, contention: contention, roundTripLatency: .constant(roundTripLatency),
                  pgBouncer: pgBouncer, applicationPoolSize: applicationPoolSize)
    }
}

/// Where a database round trip's network time is spent (`database.latency_side`).
public enum LatencyPlacement: String, Sendable, CaseIterable {
    /// PgBouncer ↔ Postgres: the time is spent while the server connection is assigned,
    /// so it lengthens the pool's holding time (capsim's behaviour before the field existed).
    case server
    /// Application ↔ PgBouncer: the time is spent after the server connection went back to
    /// the pool; the request (and its node-postgres connection) still waits for it.
    case client
}

/// Session-mode clients opened at the start and held for the run (`pgbouncer.clients`,
/// `pgbouncer.on_timeout`): workers, schedulers or other services that keep a connection to
/// PgBouncer besides the API tier's node-postgres pools.
public struct PersistentClients: Sendable, Equatable {
    /// What a persistent client does when `query_wait_timeout` disconnects it.
    public enum OnTimeout: String, Sendable, CaseIterable {
        /// Connects again at once and queues at the back.
        case reconnect
        /// Stays disconnected for the rest of the run.
        case giveUp = "give_up"
    }

    /// Clients connected at time 0; 0 when there are none.
    public var count: Int
    public var onTimeout: OnTimeout

    public init(count: Int = 0, onTimeout: OnTimeout = .reconnect) {
        self.count = count
        self.onTimeout = onTimeout
    }
}

public enum ObjectiveScope: Sendable, Equatable {
    case overall
    case group(String)
    case operation(String)
}

public struct LatencyObjective: Sendable, Equatable {
    public var percentile: Double
    public var target: Double
    public var scope: ObjectiveScope

    public init(percentile: Double, target: Double, scope: ObjectiveScope) {
        self.percentile = percentile
        self.target = target
        self.scope = scope
    }
}

/// The fraction of windows whose latency percentile meets its target.
public struct AttainmentObjective: Sendable, Equatable {
    public var percentile: Double
    public var target: Double
    public var window: Double
    public var objective: Double

    public init(percentile: Double, target: Double, window: Double, objective: Double) {
        self.percentile = percentile
        self.target = target
        self.window = window
        self.objective = objective
    }
}

public struct ServiceLevelObjectives: Sendable {
    public var latency: [LatencyObjective]
    /// Largest acceptable fraction of requests that fail (errors only; rejections and
    /// throttling are the client's doing and counted apart).
    public var errorRate: Double?
    public var attainment: AttainmentObjective?

    public init(latency: [LatencyObjective], errorRate: Double?, attainment: AttainmentObjective?) {
        self.latency = latency
        self.errorRate = errorRate
        self.attainment = attainment
    }
}
