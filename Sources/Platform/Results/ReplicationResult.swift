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
    var index: Int {
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

    mutating func add(_ other: OutcomeCounts) {
        total += other.total
        completed += other.completed
        servedByCDN += other.servedByCDN
        rejected += other.rejected
        throttled += other.throttled
        for index in errors.indices { errors[index] += other.errors[index] }
        inFlightAtEnd += other.inFlightAtEnd
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
}

/// One droplet's billed life: from the create request to its destruction (or the horizon).
public struct DropletLifetime: Sendable, Equatable {
    public var created: Double
    public var destroyed: Double
    public var seconds: Double { destroyed - created }
}

/// A change of a tier's droplet count by its controller.
public struct ScaleEvent: Sendable, Equatable {
    public var time: Double
    public var from: Int
    public var to: Int
    public var reason: String
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
}
