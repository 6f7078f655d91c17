import Analysis
import DigitalOceanCatalog
import Foundation
import Model
import Scenarios
import SimCore

/// The work a scenario offers each tier and the database, in expectation: the analytic
/// inputs (arrival rates, mean service times and their variability) of `capsim analyze`.
///
/// Expected counts are integrated over the load profile hour by hour, so the estimate
/// sees the same hourly rates the simulation draws from. Two effects that depend on the
/// rate are computed per hour from renewal arguments for Poisson arrivals at rate λ:
/// a response cache with time to live T hits a fraction λT/(1 + λT) of lookups, and an ISR
/// page is rendered λ/(1 + λT) times per second. Operations over the complexity limit never
/// reach a worker, which matters more than their count suggests: they are the heaviest
/// ones. Throttling is left out (it only lowers the load).
public struct WorkloadEstimate: Sendable {
    /// Offered work at one tier.
    public struct Tier: Sendable {
        public var role: TierRole
        public var droplets: Int
        public var workersPerDroplet: Int
        public var balancing: BalancingAlgorithm
        /// Requests (or page renders and cached serves) per second reaching the tier.
        public var requestRate: Double
        /// Mean CPU seconds per request on one of the tier's workers (speed applied).
        public var meanService: Double
        /// Coefficient of variation of the CPU per request.
        public var serviceCV: Double

        public var workers: Int { droplets * workersPerDroplet }
        /// Busy workers over workers.
        public var utilization: Double { requestRate * meanService / Double(max(1, workers)) }
    }

    public struct Database: Sendable {
        public var transactionRate: Double
        public var meanQueryTime: Double
        public var queryCV: Double
        public var cores: Int
        /// Server-connection hold time per transaction: query plus the round trip's network time.
        public var meanHold: Double
        public var poolSize: Int
        /// The reads on read-only nodes, taken out of the rates above; `nil` without nodes.
        public var readOnly: ReadOnlyLoad?
        public var utilization: Double { transactionRate * meanQueryTime / Double(max(1, cores)) }
    }

    /// Which stretch of the horizon the rates describe.
    public enum Window: Sendable, Equatable {
        case wholeHorizon
        /// The busiest hour of the horizon: the busiest stretch between knots of the rates
        /// (an hour of a step profile, a half hour of a linear one, less at burst edges).
        case peakHour
    }

    public var window: Window
    /// Seconds from the start of the stretch described, and its length.
    public var start: Double
    public var duration: Double
    public var arrivalRate: Double
    public var tiers: [Tier]
    public var database: Database
    /// Expected response-cache hit ratio per operation (nil when the operation is not cached).
    public var cacheHitRatio: [Double?]

    public func tier(_ role: TierRole) -> Tier? { tiers.first { $0.role == role } }
}

extension PlatformModel {
    /// The expected workload over the whole horizon or in its busiest hour.
    ///
    /// - Complexity: O(hours × tenants × (operations + pages)).
    public func workload(_ window: WorkloadEstimate.Window) -> WorkloadEstimate {
        let segments = hourlySegments()
        switch window {
        case .wholeHorizon:
            return workload(over: segments, window: .wholeHorizon)
        case .peakHour:
            let busiest = segments.max { $0.totalRate < $1.totalRate } ?? segments[0]
            return workload(over: [busiest], window: .peakHour)
        }
    }

    /// One stretch of constant rates: group rates by source, over `[start, start + duration)`.
    package struct Segment {
        package var start: Double
        package var duration: Double
        /// Requests per second of each arrival source.
        package var sourceRates: [Double]
        package var totalRate: Double { sourceRates.reduce(0, +) }
    }

    /// The horizon cut where any source's rate changes (hour boundaries, burst edges) or
    /// bends (the half-hour knots of a linear profile, burst ramps), each source at its mean
    /// rate over the stretch.
    package func hourlySegments() -> [Segment] {
        let horizon = scenario.horizon
        var segments: [Segment] = []
        var time = 0.0
        while time < horizon {
            let stretches = sources.map { $0.profile.segment(at: time) }
            var end = stretches.reduce(horizon) { min($0, $1.end) }
            if end <= time { end = min(horizon, time + 1) }
            // Each source's mean rate over [time, end): exact for expected counts on a ramp.
            let rates = stretches.map { stretch -> Double in
                let stop = min(end, stretch.end)
                return stretch.rate == stretch.endRate || stop <= time ? stretch.rate : stretch.requests(until: stop) / (stop - time)
            }
            segments.append(Segment(start: time, duration: end - time, sourceRates: rates))
            time = end
        }
        return segments
    }

    /// Per-second rates of each (tenant, target) in a segment: what the renewal formulas need.
    package func workload(over segments: [Segment], window: WorkloadEstimate.Window) -> WorkloadEstimate {
        let operationCount = operations.count, pageCount = pages.count
        let admitted = operations.map { admittedComplexity($0.complexity) }
        var totalTime = 0.0
        // Accumulated expected counts over the segments.
        var apiWork = Moments(), webWork = Moments(), query = Moments(), replicaQuery = Moments()
        let toReplica = readOnlyRouting()
        var apiRequests = 0.0, webRequests = 0.0, transactions = 0.0, arrivals = 0.0
        // Connection-seconds held without a core (`db_wait`), summed like the transactions.
        var dbWaitSeconds = 0.0
        var lookups = Array(repeating: 0.0, count: operationCount), hits = lookups
        for segment in segments {
            let d = segment.duration
            totalTime += d
            // Rates per tenant and target.
            var operationRate = Array(repeating: 0.0, count: tenantCount * max(1, operationCount))
            var pageRate = Array(repeating: 0.0, count: tenantCount * max(1, pageCount))
            for (sourceIndex, source) in sources.enumerated() {
                let rate = segment.sourceRates[sourceIndex]
                guard rate > 0 else { continue }
                arrivals += rate * d
                let group = groups[source.group]
                for tenantOffset in 0..<group.tenantCount {
                    let tenant = group.firstTenant + tenantOffset
                    let share: Double
                    if source.tenant >= 0 {
                        guard tenant == source.tenant else { continue }
                        share = 1
                    } else {
                        share = group.tenantPicker.probability(of: tenantOffset)
                    }
                    for (entryIndex, target) in group.mixTargets.enumerated() {
                        let r = rate * share * group.mixPicker.probability(of: entryIndex)
                        switch target {
                        case let .operation(op): operationRate[tenant * operationCount + op] += r
                        case let .page(page): pageRate[tenant * pageCount + page] += r
                        }
                    }
                }
            }
            // Pages: web work, and the API calls of renders.
            for tenant in 0..<tenantCount {
                for page in 0..<pageCount {
                    let rate = pageRate[tenant * pageCount + page]
                    guard rate > 0 else { continue }
                    let spec = pages[page]
                    let renders: Double
                    switch spec.rendering {
                    case .cdn: continue
                    case .serverSide: renders = rate
                    case .incremental:
                        renders = rate / (1 + rate * spec.revalidate)
                        let serves = rate - renders
                        webRequests += serves * d
                        webWork.add(count: serves * d, value: spec.cachedServeCPU / webSpeed, variance: 0)
                    }
                    webRequests += renders * d
                    let render = spec.renderCPU
                    webWork.add(count: renders * d, value: render.mean / webSpeed, variance: render.variance / (webSpeed * webSpeed))
                    for call in spec.calls { operationRate[tenant * operationCount + call] += renders }
                }
            }
            // Operations: API work, cache hits, database transactions.
            for tenant in 0..<tenantCount {
                for op in 0..<operationCount {
                    let spec = operations[op]
                    let complexity = admitted[op]
                    let rate = operationRate[tenant * operationCount + op] * complexity.fraction
                    guard rate > 0 else { continue }
                    let hitRate = spec.cacheTTL >= 0 ? rate * (rate * spec.cacheTTL) / (1 + rate * spec.cacheTTL) : 0
                    let missRate = rate - hitRate
                    if spec.cacheTTL >= 0 {
                        lookups[op] += rate * d
                        hits[op] += hitRate * d
                    }
                    apiRequests += rate * d
                    apiWork.add(count: hitRate * d, value: spec.cpuBase / apiSpeed, variance: 0)
                    let perPoint = spec.cpuPerPoint / apiSpeed
                    apiWork.add(count: missRate * d, value: spec.cpuBase / apiSpeed + perPoint * complexity.mean,
                                variance: perPoint * perPoint * complexity.variance)
                    let trips = Double(spec.roundTrips)
                    let q = spec.queryTime
                    if toReplica[op] {
                        replicaQuery.add(count: missRate * trips * d, value: q.mean, variance: q.variance)
                        continue
                    }
                    transactions += missRate * trips * d
                    query.add(count: missRate * trips * d, value: q.mean, variance: q.variance)
                    dbWaitSeconds += missRate * trips * d * spec.dbWait.mean
                }
            }
        }
        let time = max(totalTime, 1e-9)
        var tierEstimates: [WorkloadEstimate.Tier] = []
        for tier in tiers {
            let work = tier.role == .api ? apiWork : webWork
            let requests = tier.role == .api ? apiRequests : webRequests
            tierEstimates.append(WorkloadEstimate.Tier(
                role: tier.role, droplets: tier.initialDroplets, workersPerDroplet: tier.workersPerDroplet, balancing: tier.balancing,
                requestRate: requests / time, meanService: work.mean, serviceCV: work.coefficientOfVariation))
        }
        var database = WorkloadEstimate.Database(
            transactionRate: transactions / time, meanQueryTime: query.mean, queryCV: query.coefficientOfVariation,
            cores: scenario.database.plan.vcpus, meanHold: query.mean + dbWaitSeconds / max(transactions, 1e-12)
                + (latencyOnClientSide ? 0 : roundTripLatency.distribution.mean), poolSize: pgBouncer.poolSize)
        database.readOnly = readOnlyLoad(replicaQuery, over: time)
        return WorkloadEstimate(
            window: window, start: segments.first?.start ?? 0, duration: totalTime, arrivalRate: arrivals / time,
            tiers: tierEstimates, database: database,
            cacheHitRatio: operations.indices.map { op in
                operations[op].cacheTTL >= 0 ? (lookups[op] > 0 ? hits[op] / lookups[op] : 0) : nil
            })
    }

    /// The complexity of operations that pass the limit: the admitted fraction and the
    /// conditional mean and variance. Exact without a limit; with one, computed from 100,000
    /// draws at a fixed seed, since truncated moments have no closed form for most families.
    package func admittedComplexity(_ distribution: Distribution) -> (fraction: Double, mean: Double, variance: Double) {
        let limit = complexityLimit
        guard limit.isFinite else { return (1, distribution.mean, distribution.variance) }
        if case let .constant(value) = distribution {
            return value > limit ? (0, 0, 0) : (1, value, 0)
        }
        var generator = Xoshiro256StarStar(seed: 0x5EED)
        let sampler = Sampler(distribution)
        var kept = Tally()
        let draws = 100_000
        for _ in 0..<draws {
            let value = sampler.sample(using: &generator)
            if value <= limit { kept.add(value) }
        }
        return (Double(kept.count) / Double(draws), kept.mean, kept.variance)
    }

    private var apiSpeed: Double { tiers.first { $0.role == .api }?.cpuSpeed ?? 1 }
    private var webSpeed: Double { tiers.first { $0.role == .web }?.cpuSpeed ?? 1 }
}

/// Mean and variance of a mixture, from weighted component means and variances.
package struct Moments {
    private(set) var weight = 0.0
    private var sum = 0.0
    private var sumOfSecondMoments = 0.0

    package mutating func add(count: Double, value: Double, variance: Double) {
        guard count > 0 else { return }
        weight += count
        sum += count * value
        sumOfSecondMoments += count * (variance + value * value)
    }

    package var mean: Double { weight > 0 ? sum / weight : 0 }
    package var variance: Double { weight > 0 ? max(0, sumOfSecondMoments / weight - mean * mean) : 0 }
    package var coefficientOfVariation: Double { mean > 0 ? variance.squareRoot() / mean : 0 }
}
