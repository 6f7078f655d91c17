import Analysis
import DigitalOceanCatalog
import Foundation
import Model
import Scenarios
import SimCore

/// `capsim analyze`: queueing formulas applied to a scenario's expected workload.
///
/// Each tier is read as c servers: one queue in front of all workers under a central queue
/// (M/G/c), otherwise one queue per worker fed an even share of the traffic (M/G/1 per
/// worker), since the balancer and Node's cluster module split requests among processes.
/// Means use Pollaczek–Khinchine and Allen–Cunneen; percentiles stretch the M/M/c tail by
/// the Allen–Cunneen factor, which is exact only for exponential service. The pool is
/// Erlang C with k = pool_size servers holding a connection for query time plus network time.
public struct CapacityAnalysis: Sendable {
    public struct TierAnalysis: Sendable {
        public var role: TierRole
        public var workload: WorkloadEstimate.Tier
        public var utilization: Double
        public var isStable: Bool
        public var meanWait: Double
        public var p95Wait: Double
        /// Queue wait plus CPU: the tier's share of a request's latency.
        public var meanResponse: Double
        public var p95Response: Double
        /// Smallest droplet count with ρ < 1, and with ρ below the 0.9 headroom rule of thumb.
        public var smallestStableDroplets: Int?
        /// Smallest droplet count whose estimated response at the overall latency objective's
        /// percentile (that percentile of the wait, plus the mean CPU) meets its target.
        public var smallestDropletsMeetingTarget: Int?
        public var waitModel: String
    }

    public struct PoolAnalysis: Sendable {
        public var utilization: Double
        public var isStable: Bool
        public var probabilityOfWaiting: Double
        public var meanWait: Double
        public var p95Wait: Double
        public var smallestStablePool: Int?
    }

    public struct DatabaseAnalysis: Sendable {
        public var workload: WorkloadEstimate.Database
        public var utilization: Double
        public var pool: PoolAnalysis
    }

    public struct WindowAnalysis: Sendable {
        public var estimate: WorkloadEstimate
        public var tiers: [TierAnalysis]
        public var database: DatabaseAnalysis
    }

    public var scenario: Scenario
    public var peakHour: WindowAnalysis
    public var wholeHorizon: WindowAnalysis
    /// The overall latency objective used for fleet sizing, if the scenario has one.
    public var latencyTarget: (percentile: Double, target: Double)?
    public var assumptions: [String]
    /// Each tier's balancer in the busiest hour (BalancerAnalysis.swift).
    public var balancers: [BalancerAnalysis] = []

    public init(model: PlatformModel) {
        scenario = model.scenario
        let overall = model.scenario.objectives.latency.first { $0.scope == .overall }
        latencyTarget = overall.map { ($0.percentile, $0.target) }
        peakHour = Self.analyze(model.workload(.peakHour), target: latencyTarget)
        wholeHorizon = Self.analyze(model.workload(.wholeHorizon), target: latencyTarget)
        assumptions = [
            "arrivals are Poisson within each hour of the profile (coefficient of variation 1)",
            "service-time coefficients of variation come from the scenario's distributions and operation mix",
            "tiers: M/G/1 per worker under round robin, least connections and random balancing; M/G/c under a central queue",
            "mean waits: Pollaczek–Khinchine (exact for M/G/1) and Allen–Cunneen (approximate for M/G/c, exact for M/M/c)",
            "p95 waits: the M/M/c tail stretched by the Allen–Cunneen factor (approximate unless service is exponential)",
            "p95 response ≈ p95 wait + mean CPU: an approximation that ignores the spread of CPU times",
            "response-cache hits: λT/(1+λT) per tenant and operation (Poisson arrivals, time to live T)",
            "the PgBouncer pool: Erlang C with pool_size servers, hold = query time + round-trip latency, no reserve pool or timeouts",
            "database and pool times are not part of the tier response estimates",
            "balancers: the busiest hour's mean request rate against nodes × the per-node requests/s and new-TLS limits; connections by Little's law from the tier's mean response (a lower bound)",
        ]
        balancers = peakHour.tiers.compactMap { tier in
            model.scenario.tier(tier.role).map {
                BalancerAnalysis(tier: $0, requestRate: tier.workload.requestRate, meanResponse: tier.isStable ? tier.meanResponse : nil)
            }
        }
    }

    /// Sizes each tier for `target`: its percentile (the objective's own, p99 for a p99
    /// SLO) of the wait plus the mean CPU must be within the target duration.
    package static func analyze(_ estimate: WorkloadEstimate, target: (percentile: Double, target: Double)?) -> WindowAnalysis {
        let tiers = estimate.tiers.map { tier -> TierAnalysis in
            let queue = queueModel(tier, droplets: tier.droplets)
            let stable = Self.smallestDroplets(tier) { queueModel(tier, droplets: $0).isStable }
            let meeting = target.flatMap { target in
                Self.smallestDroplets(tier) { droplets in
                    let model = queueModel(tier, droplets: droplets)
                    return model.isStable && model.waitPercentile(target.percentile / 100) + tier.meanService <= target.target
                }
            }
            return TierAnalysis(
                role: tier.role, workload: tier, utilization: tier.utilization, isStable: queue.isStable,
                meanWait: queue.meanWait, p95Wait: queue.waitPercentile(0.95),
                meanResponse: queue.meanWait + tier.meanService, p95Response: queue.waitPercentile(0.95) + tier.meanService,
                smallestStableDroplets: stable, smallestDropletsMeetingTarget: meeting,
                waitModel: tier.balancing == .centralQueue ? "M/G/\(tier.workers) (central queue)" : "M/G/1 per worker")
        }
        let database = estimate.database
        let hold = max(database.meanHold, 1e-12)
        let pool = MMc(arrivalRate: database.transactionRate, serviceRate: 1 / hold, servers: database.poolSize)
        let smallestPool = Capacity.smallestServers(forArrivalRate: database.transactionRate, serviceRate: 1 / hold,
                                                    maxUtilization: 0.999_999)
        return WindowAnalysis(
            estimate: estimate, tiers: tiers,
            database: DatabaseAnalysis(
                workload: database, utilization: database.utilization,
                pool: PoolAnalysis(utilization: pool.utilization, isStable: pool.isStable,
                                   probabilityOfWaiting: pool.probabilityOfWaiting, meanWait: pool.meanWait,
                                   p95Wait: pool.waitPercentile(0.95), smallestStablePool: smallestPool)))
    }

    /// The tier as a queue with `droplets` droplets.
    package static func queueModel(_ tier: WorkloadEstimate.Tier, droplets: Int) -> MGc {
        let workers = droplets * tier.workersPerDroplet
        if tier.balancing == .centralQueue {
            return MGc(arrivalRate: tier.requestRate, meanService: tier.meanService, servers: workers,
                       serviceCoefficientOfVariation: tier.serviceCV)
        }
        return MGc(arrivalRate: tier.requestRate / Double(max(1, workers)), meanService: tier.meanService, servers: 1,
                   serviceCoefficientOfVariation: tier.serviceCV)
    }

    package static func smallestDroplets(_ tier: WorkloadEstimate.Tier, where accept: (Int) -> Bool) -> Int? {
        guard tier.requestRate > 0 else { return 1 }
        for droplets in 1...1000 where accept(droplets) { return droplets }
        return nil
    }
}
