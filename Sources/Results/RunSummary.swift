import Foundation
import Scenarios
import SimCore

/// A run's results as `capsim.run/v1` publishes them: plain values, every name resolved,
/// units in the names, numbers rounded to the decimals the schema publishes.
///
/// `capsim run --format json` is this value encoded, and decoding that text gives an equal
/// value. That is why the numbers are rounded here, when the summary is made, and not
/// when it is written: a value and its text then hold the same numbers. The in-memory
/// `RunResult` keeps full precision for what is computed from it (the comparisons' paired
/// differences). Every report format is rendered from the summary alone (`RunReport`), so
/// the summary also carries what the reports print that is not a result: the client
/// timeout, the autoscaling bounds, the PgBouncer pool, an objective's kind, and the few
/// values a format prints with more precision than the JSON rounds to (`unroundedValue`,
/// the counts behind the pool's and the caches' ratios). The Swift names carry units (`p95Milliseconds`,
/// `horizonUSD`); the coding keys are the schema's (see RunSummary+Codable.swift).
///
/// Everything but `wallSeconds` is a function of the scenario and its seed.
public struct RunSummary: Equatable, Sendable {
    /// The schema this type reads and writes.
    public static let currentSchema = "capsim.run/v1"

    /// The schema identifier, `capsim.run/v1`.
    public var schema: String
    /// What ran: the scenario's identity, seed, replications and horizon.
    public var setup: Setup
    /// Requests by outcome over every replication, and Little's law figures.
    public var requests: Requests
    /// Request latency over every replication, in milliseconds (3 decimals).
    public var latency: LatencySummary
    /// Whether every objective is met.
    public var objectivesMet: Bool
    /// Each objective's verdict, latency objectives first.
    public var objectives: [Objective]
    /// Per tenant group, in the scenario's order.
    public var groups: [Group]
    /// Per operation, in the scenario's order.
    public var operations: [Operation]
    /// Per page, in the scenario's order.
    public var pages: [Page]
    /// Per tier, in the model's order.
    public var tiers: [Tier]
    /// The database and its PgBouncer pool.
    public var database: Database
    /// The read-only nodes; absent (and not written) when no read could reach one.
    public var readOnlyNodes: ReadOnlyNodeSummary?
    /// The mean bill over replications.
    public var cost: Cost
    /// The mean bill shared among tenants, with the rule that shared its idle part.
    public var tenantCosts: TenantCosts
    /// Per tier, how its fleet moved.
    public var fleets: [Fleet]
    /// Minutes of missed attainment windows while capacity was booting, mean over
    /// replications (2 decimals); nil without an attainment objective.
    public var underProvisionedMinutes: Double?
    /// Faults that happened, every replication's in replication then time order; written
    /// only when there were some, so that runs without faults keep their bytes.
    public var faults: [FaultRecord] = []
    /// The per-minute series, averaged over replications.
    public var series: Series
    /// Each replication's seed, in replication order.
    public var replicationSeeds: [UInt64]
    /// Events the simulations processed, summed over replications.
    public var events: Int
    /// Wall-clock seconds of the run (3 decimals): the one value that depends on the machine.
    public var wallSeconds: Double
    /// Per tier, its balancer's peak load against its capacity (BalancerLoad.swift).
    public var balancers: [BalancerLoad] = []

    /// What ran.
    public struct Setup: Equatable, Sendable {
        /// The scenario's name.
        public var name: String
        /// The scenario file, as given on the command line.
        public var source: String
        /// The scenario's seed (the JSON writes its 64 bits as a signed integer).
        public var seed: UInt64
        /// Replications run.
        public var replications: Int
        /// The simulated start, local time with its UTC offset, e.g. "2026-11-30T08:00:00+01:00".
        public var start: String
        /// The scenario's time zone, an IANA name such as "Europe/Berlin".
        public var timeZone: String
        /// Simulated time per replication, in seconds.
        public var horizonSeconds: Double
        /// The warm-up left out of every measure, in seconds.
        public var warmupSeconds: Double
        /// How long a client waits before it gives up, in seconds: a failed request counts at
        /// this latency, and the reports say so beside every latency it inflates.
        public var clientTimeoutSeconds: Double
    }

    /// Requests over every replication.
    public struct Requests: Equatable, Sendable {
        /// Requests by outcome.
        public var outcomes: OutcomeCounts
        /// Requests per second of measured time (4 decimals).
        public var arrivalRatePerSecond: Double
        /// Requests in the system, time-averaged, mean over replications (4 decimals).
        public var meanInSystem: Double
        /// Time a request spent in the system, in milliseconds (4 decimals).
        public var meanTimeInSystemMilliseconds: Double
    }

    /// One objective's verdict.
    public struct Objective: Equatable, Sendable {
        /// How the value must compare with the target.
        public enum Comparison: String, Codable, Sendable {
            case atMost = "<="
            case atLeast = ">="
        }

        /// The objective as people read it, e.g. "p95 latency of group enterprise".
        public var name: String
        /// What the objective measures, and over which requests: a report explaining a missed
        /// objective describes those requests.
        public var kind: ObjectiveVerdict.Kind
        /// The target, in `unit` (3 decimals for milliseconds, 6 for fractions).
        public var target: Double
        /// How the value must compare with the target.
        public var comparison: Comparison
        /// "ms" or "fraction": the unit of `target`, `value` and `interval`.
        public var unit: String
        /// Mean over the replications that measured something, in `unit`; nil when none did.
        public var value: Double?
        /// `value` before rounding, in `unit`: the CSV writes an objective's value to 6
        /// decimals whatever its unit, 3 more than `value` keeps for milliseconds, and an error
        /// rate of one in millions, 0 in `value`, still reads "<0.01%" in the table.
        public var unroundedValue: Double?
        /// The 95% interval over replications, in `unit`; nil with fewer than two values.
        public var interval: Bounds?
        /// Whether the objective is met (no data is never met).
        public var met: Bool
        /// Met, missed, or no data.
        public var status: ObjectiveVerdict.Status
        /// Requests (or, for attainment, windows with requests) the value was computed from,
        /// summed over replications.
        public var samples: Int
        /// Why the objective has no data; nil when it has.
        public var reason: String?
    }

    /// The ends of a 95% interval, in the unit of the value they bound.
    public struct Bounds: Codable, Equatable, Sendable {
        /// The lower end.
        public var lower: Double
        /// The upper end.
        public var upper: Double
    }

    /// One tenant group's requests and latency.
    public struct Group: Equatable, Sendable {
        /// The group's name in the scenario.
        public var name: String
        /// Its requests by outcome.
        public var requests: OutcomeCounts
        /// Its request latency, in milliseconds (3 decimals).
        public var latency: LatencySummary
    }

    /// One operation's latency and response cache.
    public struct Operation: Equatable, Sendable {
        /// The operation's name in the scenario.
        public var name: String
        /// Latency of the requests that called it directly, in milliseconds (3 decimals).
        public var latency: LatencySummary
        /// Hits over lookups of the response cache, a fraction (6 decimals); nil when the
        /// operation is not cached.
        public var cacheHitRatio: Double?
        /// Lookups of the response cache, summed over replications; 0 when not cached.
        public var cacheLookups: Int
        /// Lookups that found a fresh response, summed over replications.
        public var cacheHits: Int
    }

    /// One page's latency.
    public struct Page: Equatable, Sendable {
        /// The page's name in the scenario.
        public var name: String
        /// Its request latency, in milliseconds (3 decimals).
        public var latency: LatencySummary
    }

    /// One tier's capacity and queueing.
    public struct Tier: Equatable, Sendable {
        /// Which tier.
        public var role: TierRole
        /// The droplet size's slug, e.g. "s-2vcpu-4gb".
        public var size: String
        /// Droplets at the start.
        public var droplets: Int
        /// The fewest droplets its autoscaling policy may leave; nil for a fleet of fixed size.
        public var minimumDroplets: Int?
        /// The most droplets its autoscaling policy may run; nil for a fleet of fixed size.
        public var maximumDroplets: Int?
        /// Worker processes at the start, over every droplet.
        public var workers: Int
        /// Busy worker-seconds over worker-seconds, a fraction, mean over replications (6 decimals).
        public var cpuUtilization: Double
        /// Its 95% interval over replications; nil with one replication.
        public var cpuUtilizationInterval: Bounds?
        /// The wait before CPU.
        public var queueWait: QueueWait
        /// The fraction of requests that waited at all before CPU (6 decimals).
        public var waitProbability: Double
    }

    /// The wait before CPU, over every replication, in milliseconds (4 decimals).
    public struct QueueWait: Codable, Equatable, Sendable {
        /// The mean wait, in milliseconds.
        public var meanMilliseconds: Double
        /// The 95th percentile, in milliseconds.
        public var p95Milliseconds: Double
        /// The 99th percentile, in milliseconds.
        public var p99Milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case meanMilliseconds = "mean", p95Milliseconds = "p95", p99Milliseconds = "p99"
        }
    }

    /// The database and its PgBouncer pool.
    public struct Database: Equatable, Sendable {
        /// The plan's slug, e.g. "db-s-2vcpu-4gb".
        public var plan: String
        /// PgBouncer's pool mode, "session" or "transaction".
        public var poolMode: String
        /// PgBouncer's server connections per pool (`default_pool_size`).
        public var poolSize: Int
        /// Busy cores over cores, a fraction, mean over replications (6 decimals).
        public var cpuUtilization: Double
        /// Its 95% interval over replications; nil with one replication.
        public var cpuUtilizationInterval: Bounds?
        /// Transactions in service, time-averaged, mean over replications (4 decimals).
        public var meanActiveTransactions: Double
        /// Transactions run, summed over replications.
        public var transactions: Int
        /// The wait for a PgBouncer server connection.
        public var poolWait: PoolWait
        /// The fraction of acquisitions that queued for a server connection (6 decimals).
        public var poolWaitProbability: Double
        /// Server connections acquired from PgBouncer, summed over replications.
        public var poolAcquisitions: Int
        /// Acquisitions that queued for a server connection, summed over replications. With
        /// `poolAcquisitions` it gives the fraction that waited to full precision: one wait in
        /// millions rounds to 0 in `poolWaitProbability`, and a report should still say "<0.01%".
        public var queuedPoolAcquisitions: Int
        /// Acquisitions that gave up after `query_wait_timeout`, summed over replications.
        public var poolTimeouts: Int
        /// Server connections granted from the reserve pool, summed over replications.
        public var reserveGrants: Int
        /// Clients refused at `max_client_conn`, summed over replications.
        public var refusedClients: Int
        /// Server connections in use, time-averaged, mean over replications (4 decimals).
        public var meanServerConnectionsInUse: Double
        /// The most client connections PgBouncer held in any replication.
        public var peakClientConnections: Int
        /// Mean wait for a node-postgres connection, in milliseconds (4 decimals).
        public var meanApplicationPoolWaitMilliseconds: Double
        /// PgBouncer's statistics per replication and `maxwait`; nil in runs recorded before them.
        public var poolStats: PoolStats? = nil
    }

    /// The wait for a PgBouncer server connection, over every replication, in milliseconds
    /// (4 decimals).
    public struct PoolWait: Codable, Equatable, Sendable {
        /// The mean wait, in milliseconds.
        public var meanMilliseconds: Double
        /// The median, in milliseconds.
        public var p50Milliseconds: Double
        /// The 95th percentile, in milliseconds.
        public var p95Milliseconds: Double
        /// The 99th percentile, in milliseconds.
        public var p99Milliseconds: Double
        /// The longest wait, in milliseconds.
        public var maxMilliseconds: Double

        enum CodingKeys: String, CodingKey {
            case meanMilliseconds = "mean", p50Milliseconds = "p50", p95Milliseconds = "p95", p99Milliseconds = "p99"
            case maxMilliseconds = "max"
        }
    }

    /// The mean bill over replications, in US dollars (2 decimals).
    public struct Cost: Equatable, Sendable {
        /// The charge over the horizon, in US dollars.
        public var horizonUSD: Double
        /// The monthly equivalent, in US dollars per billing month.
        public var monthlyUSD: Double
        /// The bill's lines.
        public var components: [CostLine]
        /// Outbound transfer against the pooled allowance; nil (and absent from the JSON)
        /// when the scenario gives no `response_bytes`.
        public var transfer: Transfer? = nil
    }

    /// One line of the bill.
    public struct CostLine: Equatable, Sendable {
        /// What is billed, e.g. "droplets.api".
        public var name: String
        /// How many of what, e.g. "2 × s-2vcpu-4gb".
        public var detail: String
        /// The charge over the horizon, in US dollars (2 decimals).
        public var horizonUSD: Double
        /// The monthly equivalent, in US dollars per billing month (2 decimals).
        public var monthlyUSD: Double
        /// False where the catalog marks the price as not confirmed by the vendor.
        public var priceVerified: Bool
    }

    /// How one tier's fleet moved.
    public struct Fleet: Equatable, Sendable {
        /// Which tier.
        public var role: TierRole
        /// The policy's kind, e.g. "target-tracking", or "static".
        public var policy: String
        /// Whether an autoscaling policy ran the fleet. A policy that holds the count
        /// (`policy: static` under `autoscaling:`) still ran, so `policy` does not tell.
        public var autoscaled: Bool
        /// Droplet-hours billed over the horizon, mean over replications (3 decimals).
        public var dropletHours: Double
        /// Its 95% interval over replications; nil with one replication.
        public var dropletHoursInterval: Bounds?
        /// Droplets in rotation, time-averaged, mean over replications (4 decimals).
        public var meanDropletsInRotation: Double
        /// The most droplets counted in any minute of any replication.
        public var peakDroplets: Int
        /// Scale events per replication, mean (2 decimals).
        public var scaleEventsPerReplication: Double
        /// Droplets that never turned healthy, summed over replications.
        public var failedDroplets: Int
        /// Requests lost when a droplet shut down by a scale-in was destroyed at the end of its
        /// grace, summed over replications.
        public var requestsLostToDrain: Int
        /// Requests that finished within a scale-in's shutdown grace, summed over replications.
        public var requestsFinishedInGrace: Int
        /// Droplets that failed while serving, summed over replications.
        public var dropletsFailedWhileServing: Int
        /// Requests lost with droplets that failed while serving (in flight on them, or sent to
        /// them before the failure was detected), summed over replications.
        public var requestsLostToFailure: Int
        /// The first replication's scale events, in time order.
        public var scaleEvents: [ScaleChange]
    }

    /// A change of a fleet's droplet count.
    public struct ScaleChange: Codable, Equatable, Sendable {
        /// When, in simulated seconds since the start (3 decimals).
        public var timeSeconds: Double
        /// Droplets counted before.
        public var fromDroplets: Int
        /// Droplets counted after.
        public var toDroplets: Int
        /// Why the policy moved, in its own words.
        public var reason: String

        enum CodingKeys: String, CodingKey {
            case timeSeconds, fromDroplets = "from", toDroplets = "to", reason
        }
    }

    /// The per-minute series averaged over replications (one replication's as it is).
    public struct Series: Equatable, Sendable {
        /// The published columns, in row order.
        public static let columns = [
            "minute", "arrivals", "completed", "errors", "rejected", "throttled", "p50Ms", "p95Ms", "p99Ms",
            "apiUtilization", "webUtilization", "databaseUtilization", "poolWaiting", "inFlight",
            "apiDroplets", "apiInRotation", "webDroplets", "webInRotation",
        ]

        /// The span of a row, in seconds.
        public var intervalSeconds: Int
        /// One row per minute from the start, warm-up included.
        public var rows: [Minute]
    }

    /// One minute of the series; written as an array in `Series.columns` order.
    public struct Minute: Equatable, Sendable {
        /// Minutes since the start.
        public var minute: Int
        /// Requests that arrived in the minute.
        public var arrivals: Int
        /// Requests answered in full in the minute.
        public var completed: Int
        /// Requests that failed in the minute.
        public var errors: Int
        /// Requests refused for their complexity in the minute.
        public var rejected: Int
        /// Requests refused by the rate limit in the minute.
        public var throttled: Int
        /// Latency percentiles of the requests that ended in the minute, in milliseconds (2 decimals).
        public var p50Milliseconds: Double
        /// See `p50Milliseconds`; in milliseconds (2 decimals).
        public var p95Milliseconds: Double
        /// See `p50Milliseconds`; in milliseconds (2 decimals).
        public var p99Milliseconds: Double
        /// The API tier's busy workers over workers able to run, a fraction (4 decimals).
        public var apiUtilization: Double
        /// The web tier's, likewise (4 decimals); 0 without a web tier.
        public var webUtilization: Double
        /// The database's busy cores over cores, a fraction (4 decimals).
        public var databaseUtilization: Double
        /// Clients waiting for a PgBouncer server connection, time-averaged (3 decimals).
        public var poolWaiting: Double
        /// Requests in the system, time-averaged (3 decimals).
        public var inFlight: Double
        /// API droplets counted (booting, checking or in rotation) at the minute's end.
        public var apiDroplets: Int
        /// API droplets in rotation at the minute's end.
        public var apiInRotation: Int
        /// Web droplets counted at the minute's end.
        public var webDroplets: Int
        /// Web droplets in rotation at the minute's end.
        public var webInRotation: Int
    }
}

extension RunSummary.Operation {
    /// Hits over lookups to full precision, computed as `RunResult` computes it: 0 for a
    /// cached operation never looked up, nil for one not cached.
    package var unroundedCacheHitRatio: Double? {
        guard cacheHitRatio != nil else { return nil }
        return cacheLookups > 0 ? Double(cacheHits) / Double(cacheLookups) : 0
    }
}

extension RunSummary.Database {
    /// Queued acquisitions over acquisitions to full precision, computed as `RunResult`
    /// computes it: 0 without an acquisition.
    package var unroundedPoolWaitProbability: Double {
        poolAcquisitions > 0 ? Double(queuedPoolAcquisitions) / Double(poolAcquisitions) : 0
    }
}
