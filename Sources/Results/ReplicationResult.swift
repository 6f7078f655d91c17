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
    /// The droplet was destroyed at the end of its drain timeout with the request still open.
    case drained
    /// Refused by the tier's load balancer: it already held its simultaneous-connection limit
    /// (10,000 per node, DigitalOcean's "How to Scale Regional Load Balancers"; the catalog's
    /// `load_balancer.connections_per_node`). Also what keeps an overloaded run's memory bounded.
    case balancerConnectionLimit
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
        }
    }
}

/// Request counts by outcome. Conservation holds by construction:
/// total = completed + rejected + throttled + errors + in flight at the end.
public struct OutcomeCounts: Sendable, Equatable {
    public var total = 0
    public var completed = 0
    /// Pages the CDN served (SSG): completed without touching a droplet.
    public var servedByCDN = 0
    public var rejected = 0
    public var throttled = 0
    public var errors: [Int] = Array(repeating: 0, count: ErrorCause.allCases.count)
    public var inFlightAtEnd = 0

    public var errorTotal: Int { errors.reduce(0, +) }
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
    public var role: TierRole
    public var droplets: Int
    public var workers: Int
    /// Busy worker-seconds over worker-seconds in the measured interval.
    public var cpuUtilization: Double
    public var wait: Tally
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

public struct DatabaseMeasurements: Sendable {
    /// Busy cores over cores, time-averaged.
    public var cpuUtilization: Double
    /// Mean transactions in service (more than the cores means contention).
    public var meanActiveTransactions: Double
    public var poolWait: Tally
    public var poolWaitHistogram: LatencyRecorder
    /// Acquisitions that had to queue for a server connection.
    public var poolWaited: Int
    public var poolTimeouts: Int
    public var reserveGrants: Int
    public var refusedClients: Int
    public var appPoolWait: Tally
    public var transactions: Int
    public var meanServerConnectionsInUse: Double
    public var peakServerConnections: Int
    public var peakClientConnections: Int

    public init(cpuUtilization: Double, meanActiveTransactions: Double, poolWait: Tally, poolWaitHistogram: LatencyRecorder, poolWaited: Int, poolTimeouts: Int, reserveGrants: Int, refusedClients: Int, appPoolWait: Tally, transactions: Int, meanServerConnectionsInUse: Double, peakServerConnections: Int, peakClientConnections: Int) {
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
    public var arrivals: Int32 = 0
    public var completed: Int32 = 0
    public var errors: Int32 = 0
    public var rejected: Int32 = 0
    public var throttled: Int32 = 0
    public var p50: Float = 0
    public var p95: Float = 0
    public var p99: Float = 0
    public var apiUtilization: Float = 0
    public var webUtilization: Float = 0
    public var databaseUtilization: Float = 0
    public var poolWaiting: Float = 0
    public var inFlight: Float = 0
    /// Droplets counted (booting, checking or in rotation) and in rotation at the minute's end.
    public var apiDroplets: Int16 = 0
    public var apiReady: Int16 = 0
    public var webDroplets: Int16 = 0
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
    public var created: Double
    public var destroyed: Double
    public var seconds: Double { destroyed - created }

    public init(created: Double, destroyed: Double) {
        self.created = created
        self.destroyed = destroyed
    }
}

/// A change of a tier's droplet count by its controller.
public struct ScaleEvent: Sendable, Equatable {
    public var time: Double
    public var from: Int
    public var to: Int
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
    public var role: TierRole
    public var autoscaled: Bool
    public var lifetimes: [DropletLifetime]
    public var scaleEvents: [ScaleEvent]
    /// Droplets that never turned healthy and were replaced.
    public var failedDroplets: Int
    /// Requests that failed because their droplet was destroyed at the end of its drain.
    public var lostRequests: Int
    /// Scale-ins that drained a droplet still serving requests.
    public var drainsWithRequests: Int
    /// Time-averaged droplets in rotation.
    public var meanReady: Double

    public var dropletSeconds: Double { lifetimes.reduce(0) { $0 + $1.seconds } }

    public init(role: TierRole, autoscaled: Bool, lifetimes: [DropletLifetime], scaleEvents: [ScaleEvent], failedDroplets: Int, lostRequests: Int, drainsWithRequests: Int, meanReady: Double) {
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
    public var replication: Int
    public var seed: UInt64
    public var outcomes: OutcomeCounts
    public var latency: LatencyRecorder
    public var latencyByGroup: [LatencyRecorder]
    public var outcomesByGroup: [OutcomeCounts]
    public var latencyByOperation: [LatencyRecorder]
    public var latencyByPage: [LatencyRecorder]
    /// Response-cache lookups and hits per operation (measured requests, cached operations only).
    public var cacheLookupsByOperation: [Int]
    public var cacheHitsByOperation: [Int]
    public var tiers: [TierMeasurements]
    public var database: DatabaseMeasurements
    public var series: [MinuteSample]
    /// Fraction of attainment windows that met the attainment objective, over the windows in
    /// which at least one request ended; nil without the objective or without such a window.
    public var attainment: Double?
    /// Attainment windows in which at least one request ended (the windows measured).
    public var attainmentWindows: Int
    /// Little's law inputs over the measured interval.
    public var meanInSystem: Double
    public var meanTimeInSystem: Double
    public var measuredSeconds: Double
    public var events: Int
    public var fleets: [FleetMeasurements]
    /// Minutes of attainment windows that missed their objective while a fleet was still
    /// scaling (capacity booting); nil without an attainment objective.
    public var underProvisionedMinutes: Double?

    public init(replication: Int, seed: UInt64, outcomes: OutcomeCounts, latency: LatencyRecorder, latencyByGroup: [LatencyRecorder], outcomesByGroup: [OutcomeCounts], latencyByOperation: [LatencyRecorder], latencyByPage: [LatencyRecorder], cacheLookupsByOperation: [Int], cacheHitsByOperation: [Int], tiers: [TierMeasurements], database: DatabaseMeasurements, series: [MinuteSample], attainment: Double?, attainmentWindows: Int, meanInSystem: Double, meanTimeInSystem: Double, measuredSeconds: Double, events: Int, fleets: [FleetMeasurements], underProvisionedMinutes: Double?) {
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
    }
}
