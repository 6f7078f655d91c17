import DigitalOceanCatalog
import Scenarios
import SimCore

/// Why a request failed; rejections and throttling are not errors and are counted apart.
public enum ErrorCause: String, Sendable, CaseIterable, Codable {
    /// 503: the process was at its in-flight limit.
    case overloaded
    /// PgBouncer gave no server connection within `query_wait_timeout`.
    case queryWaitTimeout
    /// PgBouncer refused the client: `max_client_conn` reached.
    case clientConnectionRefused
    /// The answer came after the client had given up.
    case clientTimeout
    /// 503 from the balancer: no droplet of the tier was in rotation.
    case noHealthyDroplet
    /// The droplet was destroyed at the end of its shutdown grace (after a scale-in) with the
    /// request still open.
    case drained
    /// Refused by the tier's load balancer: it already held its simultaneous-connection limit
    /// (10,000 per node, DigitalOcean's "How to Scale Regional Load Balancers"; the catalog's
    /// `load_balancer.connections_per_node`). Also what keeps an overloaded run's memory bounded.
    case balancerConnectionLimit
    /// The droplet failed while serving: the request was on it, or the balancer sent it there
    /// before its health checks found it dead.
    case dropletFailed
    /// Refused by the tier's load balancer at its requests/s or new-TLS-connections/s limit
    /// (10,000 and 250 per node; past the TLS limit DigitalOcean closes the connection, past the
    /// requests/s limit capsim assumes the same: `BalancerNodes`).
    case balancerRateLimit
    /// The connection was on a balancer node removed by a scale-down and still open when the
    /// node's one-minute drain ended (`load_balancer.resize`; `BalancerNodes`).
    case balancerDrained
    /// The database's primary failed: the transaction was running, held its server connection,
    /// or waited for one then, or its round trip started before a standby was promoted or the
    /// primary replaced (PgBouncer fails clients fast while it cannot reach a server).
    case databaseFailover
}

extension ErrorCause {
    /// The position in `OutcomeCounts.errors`, in `allCases` order; a switch, not a search,
    /// because the event loop counts errors through it.
    package var index: Int {
        switch self {
        case .overloaded: 0
        case .queryWaitTimeout: 1
        case .clientConnectionRefused: 2
        case .clientTimeout: 3
        case .noHealthyDroplet: 4
        case .drained: 5
        case .balancerConnectionLimit: 6
        case .dropletFailed: 7
        case .balancerRateLimit: 8
        case .balancerDrained: 9
        case .databaseFailover: 10
        }
    }
}

/// Request counts by outcome. Conservation holds by construction:
/// total = completed + rejected + throttled + errors + in flight at the end.
public struct OutcomeCounts: Sendable, Equatable {
    /// Requests that arrived in the measured interval.
    public var total = 0
    /// Requests answered in full (the CDN's pages included).
    public var completed = 0
    /// Pages the CDN served (SSG): completed without touching a droplet.
    public var servedByCDN = 0
    /// Requests refused for their query complexity: answered client errors, not errors.
    public var rejected = 0
    /// Requests refused by the rate limit (429): answered client errors, not errors.
    public var throttled = 0
    /// Failed requests per cause, in `ErrorCause.allCases` order.
    public var errors: [Int] = Array(repeating: 0, count: ErrorCause.allCases.count)
    /// Requests still open at the horizon and younger than the client timeout.
    public var inFlightAtEnd = 0

    /// Failed requests, every cause.
    public var errorTotal: Int { errors.reduce(0, +) }
    /// Failed requests of one cause.
    public func errors(_ cause: ErrorCause) -> Int { errors[cause.index] }

    package mutating func add(_ other: OutcomeCounts) {
        total += other.total
        completed += other.completed
        servedByCDN += other.servedByCDN
        rejected += other.rejected
        throttled += other.throttled
        for index in errors.indices { errors[index] += other.errors[index] }
        inFlightAtEnd += other.inFlightAtEnd
    }

    public init(errors: [Int] = Array(repeating: 0, count: ErrorCause.allCases.count)) {
        self.errors = errors
    }
}

/// Queueing at a tier's workers: the wait before CPU, summed over a request's slices.
public struct TierMeasurements: Sendable {
    /// Which tier.
    public var role: TierRole
    /// Droplets at the start.
    public var droplets: Int
    /// Worker processes at the start, over every droplet.
    public var workers: Int
    /// Busy worker-seconds over worker-seconds in the measured interval, a fraction.
    public var cpuUtilization: Double
    /// Each request's wait before CPU, in seconds.
    public var wait: Tally
    /// The same waits as a distribution, in seconds.
    public var waitHistogram: LatencyRecorder
    /// Requests that waited at all before their CPU work.
    public var waited: Int

    public init(role: TierRole, droplets: Int, workers: Int, cpuUtilization: Double, wait: Tally, waitHistogram: LatencyRecorder, waited: Int) {
        self.role = role
        self.droplets = droplets
        self.workers = workers
        self.cpuUtilization = cpuUtilization
        self.wait = wait
        self.waitHistogram = waitHistogram
        self.waited = waited
    }
}

/// The database and its PgBouncer pool over one replication's measured interval.
public struct DatabaseMeasurements: Sendable {
    /// Busy cores over cores, time-averaged, a fraction.
    public var cpuUtilization: Double
    /// Mean transactions in service (more than the cores means contention).
    public var meanActiveTransactions: Double
    /// Each acquisition's wait for a PgBouncer server connection, in seconds.
    public var poolWait: Tally
    /// The same waits as a distribution, in seconds.
    public var poolWaitHistogram: LatencyRecorder
    /// Acquisitions that had to queue for a server connection.
    public var poolWaited: Int
    /// Acquisitions that gave up after `query_wait_timeout`.
    public var poolTimeouts: Int
    /// Server connections granted from the reserve pool.
    public var reserveGrants: Int
    /// Clients refused at `max_client_conn`.
    public var refusedClients: Int
    /// Each wait for a node-postgres connection in the application, in seconds.
    public var appPoolWait: Tally
    /// Transactions run.
    public var transactions: Int
    /// Server connections in use, time-averaged.
    public var meanServerConnectionsInUse: Double
    /// The most server connections in use at once.
    public var peakServerConnections: Int
    /// The most client connections PgBouncer held at once.
    public var peakClientConnections: Int
    /// Every measured wait for a server connection, in seconds, those that ended in
    /// `query_wait_timeout` included at the length they waited.
    public var poolWaitIncludingTimeouts: Tally
    /// The largest `maxwait` (`SHOW POOLS`: the oldest waiting client's wait) after the
    /// warm-up, any client's, in seconds.
    public var maxWait: Double
    /// The same per minute of the series, in seconds.
    public var maxWaitByMinute: [Float]
    /// Persistent clients (`pgbouncer.clients`) holding a server connection at the end.
    public var persistentClientsServed: Int
    /// Their waits that ended in `query_wait_timeout`, warm-up included.
    public var persistentClientTimeouts: Int

    public init(cpuUtilization: Double, meanActiveTransactions: Double, poolWait: Tally, poolWaitHistogram: LatencyRecorder, poolWaited: Int, poolTimeouts: Int, reserveGrants: Int, refusedClients: Int, appPoolWait: Tally, transactions: Int, meanServerConnectionsInUse: Double, peakServerConnections: Int, peakClientConnections: Int,
                poolWaitIncludingTimeouts: Tally = Tally(), maxWait: Double = 0, maxWaitByMinute: [Float] = [],
                persistentClientsServed: Int = 0, persistentClientTimeouts: Int = 0) {
        self.poolWaitIncludingTimeouts = poolWaitIncludingTimeouts
        self.maxWait = maxWait
        self.maxWaitByMinute = maxWaitByMinute
        self.persistentClientsServed = persistentClientsServed
        self.persistentClientTimeouts = persistentClientTimeouts
        self.cpuUtilization = cpuUtilization
        self.meanActiveTransactions = meanActiveTransactions
        self.poolWait = poolWait
        self.poolWaitHistogram = poolWaitHistogram
        self.poolWaited = poolWaited
        self.poolTimeouts = poolTimeouts
        self.reserveGrants = reserveGrants
        self.refusedClients = refusedClients
        self.appPoolWait = appPoolWait
        self.transactions = transactions
        self.meanServerConnectionsInUse = meanServerConnectionsInUse
        self.peakServerConnections = peakServerConnections
        self.peakClientConnections = peakClientConnections
    }
}

/// One minute of one replication.
public struct MinuteSample: Sendable, Equatable {
    /// Requests that arrived in the minute.
    public var arrivals: Int32 = 0
    /// Requests answered in full in the minute.
    public var completed: Int32 = 0
    /// Requests that failed in the minute.
    public var errors: Int32 = 0
    /// Requests refused for their complexity in the minute.
    public var rejected: Int32 = 0
    /// Requests refused by the rate limit in the minute.
    public var throttled: Int32 = 0
    /// Latency percentiles of the requests that ended in the minute, in milliseconds; 0
    /// when none did.
    public var p50: Float = 0
    /// See `p50`; in milliseconds.
    public var p95: Float = 0
    /// See `p50`; in milliseconds.
    public var p99: Float = 0
    /// The API tier's busy workers over workers able to run, time-averaged, a fraction.
    public var apiUtilization: Float = 0
    /// The web tier's, likewise; 0 without a web tier.
    public var webUtilization: Float = 0
    /// The database's busy cores over cores, time-averaged, a fraction.
    public var databaseUtilization: Float = 0
    /// Clients waiting for a PgBouncer server connection, time-averaged.
    public var poolWaiting: Float = 0
    /// Requests in the system, time-averaged.
    public var inFlight: Float = 0
    /// API droplets counted (booting, checking or in rotation) at the minute's end.
    public var apiDroplets: Int16 = 0
    /// API droplets in rotation at the minute's end.
    public var apiReady: Int16 = 0
    /// Web droplets counted at the minute's end; 0 without a web tier.
    public var webDroplets: Int16 = 0
    /// Web droplets in rotation at the minute's end.
    public var webReady: Int16 = 0

    public init(arrivals: Int32 = 0, completed: Int32 = 0, errors: Int32 = 0, rejected: Int32 = 0, throttled: Int32 = 0, p50: Float = 0, p95: Float = 0, p99: Float = 0, apiUtilization: Float = 0, webUtilization: Float = 0, databaseUtilization: Float = 0, poolWaiting: Float = 0, inFlight: Float = 0, apiDroplets: Int16 = 0, apiReady: Int16 = 0, webDroplets: Int16 = 0, webReady: Int16 = 0) {
        self.arrivals = arrivals
        self.completed = completed
        self.errors = errors
        self.rejected = rejected
        self.throttled = throttled
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.apiUtilization = apiUtilization
        self.webUtilization = webUtilization
        self.databaseUtilization = databaseUtilization
        self.poolWaiting = poolWaiting
        self.inFlight = inFlight
        self.apiDroplets = apiDroplets
        self.apiReady = apiReady
        self.webDroplets = webDroplets
        self.webReady = webReady
    }
}

/// One droplet's billed life: from the create request to its destruction (or the horizon).
public struct DropletLifetime: Sendable, Equatable {
    /// When the droplet was requested, in simulated seconds since the start (0 for the
    /// initial fleet).
    public var created: Double
    /// When it was destroyed, in simulated seconds since the start; the horizon when it
    /// lived to the end.
    public var destroyed: Double
    /// The billed life, in seconds.
    public var seconds: Double { destroyed - created }

    public init(created: Double, destroyed: Double) {
        self.created = created
        self.destroyed = destroyed
    }
}

/// A change of a tier's droplet count by its controller.
public struct ScaleEvent: Sendable, Equatable {
    /// When, in simulated seconds since the start.
    public var time: Double
    /// Droplets counted before the change.
    public var from: Int
    /// Droplets counted after it.
    public var to: Int
    /// Why the policy moved, in its own words.
    public var reason: String

    public init(time: Double, from: Int, to: Int, reason: String) {
        self.time = time
        self.from = from
        self.to = to
        self.reason = reason
    }
}

/// How one tier's fleet moved over a replication.
public struct FleetMeasurements: Sendable {
    /// Which tier.
    public var role: TierRole
    /// Whether a policy moved the fleet.
    public var autoscaled: Bool
    /// Every droplet's billed life, initial ones included.
    public var lifetimes: [DropletLifetime]
    /// The controller's changes, in time order.
    public var scaleEvents: [ScaleEvent]
    /// Droplets that never turned healthy and were replaced.
    public var failedDroplets: Int
    /// Requests that failed because their droplet was destroyed at the end of its shutdown
    /// grace after a scale-in: lost at destroy.
    public var lostRequests: Int
    /// Scale-ins that shut down a droplet still serving requests.
    public var drainsWithRequests: Int
    /// Time-averaged droplets in rotation.
    public var meanReady: Double
    /// Requests that completed on a droplet shut down by a scale-in, within its grace.
    public var finishedDuringGrace: Int
    /// Droplets that failed while serving (the tier's mean time between failures).
    public var crashes: Int
    /// Requests that failed with a droplet that failed while serving: in flight on it, or sent
    /// to it before its failure was detected.
    public var requestsLostToCrash: Int

    /// Billed droplet-seconds over the horizon.
    public var dropletSeconds: Double { lifetimes.reduce(0) { $0 + $1.seconds } }

    public init(role: TierRole, autoscaled: Bool, lifetimes: [DropletLifetime], scaleEvents: [ScaleEvent], failedDroplets: Int, lostRequests: Int, drainsWithRequests: Int, meanReady: Double,
                finishedDuringGrace: Int = 0, crashes: Int = 0, requestsLostToCrash: Int = 0) {
        self.finishedDuringGrace = finishedDuringGrace
        self.crashes = crashes
        self.requestsLostToCrash = requestsLostToCrash
        self.role = role
        self.autoscaled = autoscaled
        self.lifetimes = lifetimes
        self.scaleEvents = scaleEvents
        self.failedDroplets = failedDroplets
        self.lostRequests = lostRequests
        self.drainsWithRequests = drainsWithRequests
        self.meanReady = meanReady
    }
}

/// Everything one replication measured, before aggregation across replications.
public struct ReplicationResult: Sendable {
    /// The replication's index, from 0.
    public var replication: Int
    /// The seed of its random streams, derived from the scenario's seed and the index.
    public var seed: UInt64
    /// Requests by outcome.
    public var outcomes: OutcomeCounts
    /// Request latency, in seconds, by the SLO counting rule (failed requests at the client
    /// timeout).
    public var latency: LatencyRecorder
    /// Per tenant group, in the scenario's order, in seconds.
    public var latencyByGroup: [LatencyRecorder]
    /// Per tenant group, in the scenario's order.
    public var outcomesByGroup: [OutcomeCounts]
    /// Per operation, in the scenario's order, in seconds.
    public var latencyByOperation: [LatencyRecorder]
    /// Per page, in the scenario's order, in seconds.
    public var latencyByPage: [LatencyRecorder]
    /// Response-cache lookups and hits per operation (measured requests, cached operations only).
    public var cacheLookupsByOperation: [Int]
    /// See `cacheLookupsByOperation`.
    public var cacheHitsByOperation: [Int]
    /// Per tier, in the model's order.
    public var tiers: [TierMeasurements]
    /// The database and its pool.
    public var database: DatabaseMeasurements
    /// One sample per simulated minute from the start, warm-up included.
    public var series: [MinuteSample]
    /// Fraction of attainment windows that met the attainment objective, over the windows in
    /// which at least one request ended; nil without the objective or without such a window.
    public var attainment: Double?
    /// Attainment windows in which at least one request ended (the windows measured).
    public var attainmentWindows: Int
    /// Little's law inputs over the measured interval: requests in the system, time-averaged.
    public var meanInSystem: Double
    /// Mean time a request spent in the system, in seconds.
    public var meanTimeInSystem: Double
    /// The measured interval, horizon less warm-up, in seconds.
    public var measuredSeconds: Double
    /// Events the simulation processed.
    public var events: Int
    /// Per tier, how its fleet moved.
    public var fleets: [FleetMeasurements]
    /// Minutes of attainment windows that missed their objective while a fleet was still
    /// scaling (capacity booting); nil without an attainment objective.
    public var underProvisionedMinutes: Double?
    /// What each tenant consumed, for per-tenant cost.
    public var tenantUsage: TenantUsage
    /// Per tier, in the model's order: its balancer's peak load and capacity (BalancerLoad.swift).
    public var balancers: [BalancerLoad] = []
    /// The read-only nodes; `nil` when no read could reach one.
    public var readOnlyNodes: ReadOnlyNodeMeasurements?
    /// Faults that happened (`faults:` and random primary failures), in time order.
    public var faults: [FaultRecord] = []

    public init(replication: Int, seed: UInt64, outcomes: OutcomeCounts, latency: LatencyRecorder, latencyByGroup: [LatencyRecorder], outcomesByGroup: [OutcomeCounts], latencyByOperation: [LatencyRecorder], latencyByPage: [LatencyRecorder], cacheLookupsByOperation: [Int], cacheHitsByOperation: [Int], tiers: [TierMeasurements], database: DatabaseMeasurements, series: [MinuteSample], attainment: Double?, attainmentWindows: Int, meanInSystem: Double, meanTimeInSystem: Double, measuredSeconds: Double, events: Int, fleets: [FleetMeasurements], underProvisionedMinutes: Double?, tenantUsage: TenantUsage, balancers: [BalancerLoad] = []) {
        self.balancers = balancers
        self.replication = replication
        self.seed = seed
        self.outcomes = outcomes
        self.latency = latency
        self.latencyByGroup = latencyByGroup
        self.outcomesByGroup = outcomesByGroup
        self.latencyByOperation = latencyByOperation
        self.latencyByPage = latencyByPage
        self.cacheLookupsByOperation = cacheLookupsByOperation
        self.cacheHitsByOperation = cacheHitsByOperation
        self.tiers = tiers
        self.database = database
        self.series = series
        self.attainment = attainment
        self.attainmentWindows = attainmentWindows
        self.meanInSystem = meanInSystem
        self.meanTimeInSystem = meanTimeInSystem
        self.measuredSeconds = measuredSeconds
        self.events = events
        self.fleets = fleets
        self.underProvisionedMinutes = underProvisionedMinutes
        self.tenantUsage = tenantUsage
    }
}

// A replication can be written by one process (a shard of a sweep) and folded by another:
// a `ReplicationAggregate` of decoded replications is the one of the replications
// themselves. The conformances are declared here because Swift synthesizes them only in
// the file that declares the type; the hand-written codings (counts by cause, a minute as
// one row) are in ReplicationResult+Codable.swift.
extension TierMeasurements: Codable, Equatable {}
extension DatabaseMeasurements: Codable, Equatable {}
extension DropletLifetime: Codable {}
extension ScaleEvent: Codable {}
extension FleetMeasurements: Codable, Equatable {}
extension ReplicationResult: Codable, Equatable {}
