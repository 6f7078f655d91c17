import DigitalOceanCatalog
import Foundation
import Scenarios
import SimCore
import YAMLSupport

/// Percentiles of a latency distribution, in milliseconds.
///
/// Request latencies follow the SLO counting rule: a failed request counts at the client
/// timeout, a rejected or throttled one is left out. A scope in which nothing was recorded
/// reads 0 throughout, with `count` 0 to say so.
public struct LatencySummary: Sendable, Equatable, Codable {
    /// The values summarized (requests, or waits).
    public var count: Int
    /// The median, in milliseconds.
    public var p50Milliseconds: Double
    /// The 90th percentile, in milliseconds.
    public var p90Milliseconds: Double
    /// The 95th percentile, in milliseconds.
    public var p95Milliseconds: Double
    /// The 99th percentile, in milliseconds.
    public var p99Milliseconds: Double
    /// The 99.9th percentile, in milliseconds.
    public var p999Milliseconds: Double
    /// The largest value, in milliseconds.
    public var maxMilliseconds: Double
    /// The mean, in milliseconds.
    public var meanMilliseconds: Double

    /// `capsim.run/v1`'s names: the unit is in the enclosing key (`latencyMs`).
    enum CodingKeys: String, CodingKey {
        case count
        case p50Milliseconds = "p50", p90Milliseconds = "p90", p95Milliseconds = "p95", p99Milliseconds = "p99"
        case p999Milliseconds = "p999", maxMilliseconds = "max", meanMilliseconds = "mean"
    }

    public init(count: Int, p50Milliseconds: Double, p90Milliseconds: Double, p95Milliseconds: Double,
                p99Milliseconds: Double, p999Milliseconds: Double, maxMilliseconds: Double, meanMilliseconds: Double) {
        self.count = count
        self.p50Milliseconds = p50Milliseconds
        self.p90Milliseconds = p90Milliseconds
        self.p95Milliseconds = p95Milliseconds
        self.p99Milliseconds = p99Milliseconds
        self.p999Milliseconds = p999Milliseconds
        self.maxMilliseconds = maxMilliseconds
        self.meanMilliseconds = meanMilliseconds
    }

    public init(_ recorder: LatencyRecorder) {
        count = recorder.count
        p50Milliseconds = recorder.percentile(50) * 1000
        p90Milliseconds = recorder.percentile(90) * 1000
        p95Milliseconds = recorder.percentile(95) * 1000
        p99Milliseconds = recorder.percentile(99) * 1000
        p999Milliseconds = recorder.percentile(99.9) * 1000
        maxMilliseconds = recorder.max * 1000
        meanMilliseconds = recorder.mean * 1000
    }

    /// Every value rounded to `places` decimals, as a report publishes it.
    public func rounded(toPlaces places: Int) -> LatencySummary {
        LatencySummary(
            count: count, p50Milliseconds: p50Milliseconds.rounded(toPlaces: places),
            p90Milliseconds: p90Milliseconds.rounded(toPlaces: places), p95Milliseconds: p95Milliseconds.rounded(toPlaces: places),
            p99Milliseconds: p99Milliseconds.rounded(toPlaces: places), p999Milliseconds: p999Milliseconds.rounded(toPlaces: places),
            maxMilliseconds: maxMilliseconds.rounded(toPlaces: places), meanMilliseconds: meanMilliseconds.rounded(toPlaces: places))
    }
}

/// One objective's verdict across replications.
public struct ObjectiveVerdict: Sendable, Equatable {
    /// The side on which the target bounds the value: latencies and error rates at most,
    /// attainment at least.
    public enum Direction: String, Sendable { case atMost, atLeast }
    /// Met, missed, or without data: a scope in which nothing was measured (no request, no
    /// window with a request) in some replication. No data is never met.
    public enum Status: String, Sendable, Codable { case met, missed, noData }
    /// What the objective measures, for explaining a verdict.
    public enum Kind: Sendable, Equatable {
        case latency(ObjectiveScope)
        case errorRate
        case attainment
    }
    /// The objective as people read it, e.g. "p95 latency of group enterprise".
    public var name: String
    /// What the objective measures.
    public var kind: Kind
    /// The target, in `unit`: milliseconds for a latency, a fraction for an error rate or an
    /// attainment.
    public var target: Double
    /// Whether the value must stay at most or at least the target.
    public var direction: Direction
    /// In `unit`. Mean over replications of each replication's value; over the replications that have
    /// data when some have none, NaN when none has.
    public var value: Double
    /// 95% Student-t interval over replications, in `unit`; its half-width is nil with a
    /// single replication.
    public var interval: ConfidenceInterval
    /// Met, missed, or no data.
    public var status: Status
    /// The unit of `target`, `value` and `interval`: "ms" or "fraction".
    public var unit: String
    /// What the value was computed from, summed over replications: requests counted for a
    /// latency percentile or an error rate, windows with requests for attainment.
    public var samples: Int
    /// Why the objective has no data (nil when it has).
    public var reason: String?

    /// Whether the objective is met (no data is never met).
    public var met: Bool { status == .met }
}

/// A run's results: replications merged, with means and 95% intervals where they vary.
public struct RunResult: Sendable {
    /// The scenario that ran, overrides applied.
    public var scenario: Scenario
    /// Per replication, in replication order: the values intervals and paired comparisons
    /// need. The replications' histograms and series are merged into the fields below and
    /// not kept (see `ReplicationAggregate`).
    public var replications: [ReplicationSummary]
    /// Requests by outcome, summed over replications.
    public var outcomes: OutcomeCounts
    /// Request latency over every replication, in milliseconds.
    public var latency: LatencySummary
    /// Per tenant group, in the scenario's order.
    public var groups: [GroupSummary]
    /// Per operation, in the scenario's order.
    public var operations: [OperationSummary]
    /// Per page, in the scenario's order.
    public var pages: [PageSummary]
    /// Per tier, in the model's order.
    public var tiers: [TierSummary]
    /// The database and its PgBouncer pool.
    public var database: DatabaseSummary
    /// The mean bill over replications, in US dollars.
    public var cost: CostBreakdown
    /// Each replication's bill, in replication order: the paired comparisons' input.
    public var bills: [CostBreakdown]
    /// Outbound transfer against the pooled allowance, mean over replications; nil when the
    /// scenario gives no `response_bytes`.
    public var transfer: TransferBill? = nil
    /// The mean bill shared among tenants.
    public var tenantCosts: TenantCosts
    /// The read-only nodes, when reads could reach one (README "Read-only nodes").
    public var readOnlyNodes: ReadOnlyNodeSummary?
    /// Per tier, how its fleet moved.
    public var fleets: [FleetSummary]
    /// Minutes of missed attainment windows while capacity was booting, over replications;
    /// nil without an attainment objective.
    public var underProvisionedMinutes: ConfidenceInterval?
    /// Each objective's verdict, latency objectives first.
    public var objectives: [ObjectiveVerdict]
    /// The replications' per-minute series averaged minute by minute (one replication's as is).
    public var series: [MinuteSample]
    /// Events the simulations processed, summed over replications.
    public var events: Int
    /// Mean requests in the system (time-averaged over the measured interval), mean over
    /// replications.
    public var meanInSystem: Double
    /// Mean time a request spent in the system, in seconds: the mean of the replications' means.
    public var meanTimeInSystem: Double
    /// Requests per second of measured time, over every replication.
    public var arrivalRate: Double
    /// Per tier, its balancer's peak load against its capacity (BalancerLoad.swift).
    public var balancers: [BalancerLoad] = []

    /// Whether every objective is met.
    public var objectivesMet: Bool { objectives.allSatisfy(\.met) }

    /// One tenant group's requests and latency, over every replication.
    public struct GroupSummary: Sendable {
        /// The group's name in the scenario.
        public var name: String
        /// The group's requests by outcome.
        public var outcomes: OutcomeCounts
        /// The group's request latency, in milliseconds.
        public var latency: LatencySummary
    }

    /// One operation's latency and response cache, over every replication.
    public struct OperationSummary: Sendable {
        /// The operation's name in the scenario.
        public var name: String
        /// Latency of the requests that called the operation directly, in milliseconds.
        public var latency: LatencySummary
        /// Hits over lookups of the response cache, a fraction; nil when the operation is
        /// not cached, 0 when it is but was never looked up.
        public var cacheHitRatio: Double?
        /// Lookups of the response cache, summed over replications.
        public var cacheLookups: Int
        /// Lookups that found a fresh response, summed over replications.
        public var cacheHits: Int
    }

    /// One page's latency, over every replication.
    public struct PageSummary: Sendable {
        /// The page's name in the scenario.
        public var name: String
        /// The page's request latency, in milliseconds.
        public var latency: LatencySummary
    }

    public struct TierSummary: Sendable {
        /// Which tier.
        public var role: TierRole
        /// The droplet size's slug, e.g. "s-2vcpu-4gb".
        public var size: String
        /// Droplets at the start.
        public var droplets: Int
        /// Worker processes at the start, over every droplet.
        public var workers: Int
        /// Busy worker-seconds over worker-seconds, a fraction, across replications.
        public var cpuUtilization: ConfidenceInterval
        /// Mean wait before CPU, in seconds.
        public var meanQueueWaitSeconds: Double
        /// The wait before CPU, percentiles in milliseconds.
        public var queueWaitMs: LatencySummary
        /// The fraction of requests that waited at all before CPU.
        public var waitProbability: Double
    }

    /// How a tier's fleet moved, across replications.
    public struct FleetSummary: Sendable {
        /// Which tier.
        public var role: TierRole
        /// Whether a policy moved the fleet.
        public var autoscaled: Bool
        /// The policy's kind, e.g. "target-tracking", or "static".
        public var policy: String
        /// Droplet-hours billed over the horizon, across replications.
        public var dropletHours: ConfidenceInterval
        /// Scale events per replication, across replications.
        public var scaleEvents: ConfidenceInterval
        /// Droplets in rotation, time-averaged, mean over replications.
        public var meanReady: Double
        /// The most droplets counted in any minute of any replication (at least the initial count).
        public var peakDroplets: Int
        /// Droplets that never turned healthy, summed over replications.
        public var failedDroplets: Int
        /// Requests lost when a droplet shut down by a scale-in was destroyed at the end of its
        /// grace, summed over replications.
        public var lostRequests: Int
        /// Requests that finished within a scale-in's shutdown grace, summed over replications.
        public var finishedDuringGrace: Int
        /// Droplets that failed while serving, summed over replications.
        public var crashes: Int
        /// Requests lost with droplets that failed while serving, summed over replications.
        public var requestsLostToCrash: Int
        /// The first replication's scale events, in time order.
        public var events: [ScaleEvent]
    }

    public struct DatabaseSummary: Sendable {
        /// The database plan's slug, e.g. "db-s-2vcpu-4gb".
        public var plan: String
        /// Busy cores over cores, a fraction, across replications.
        public var cpuUtilization: ConfidenceInterval
        /// Transactions in service, time-averaged, mean over replications.
        public var meanActiveTransactions: Double
        /// Mean wait for a PgBouncer server connection, in seconds.
        public var meanPoolWaitSeconds: Double
        /// The PgBouncer wait, percentiles in milliseconds.
        public var poolWaitMs: LatencySummary
        /// The fraction of acquisitions that queued for a server connection.
        public var poolWaitProbability: Double
        /// Server connections acquired from PgBouncer, summed over replications.
        public var poolAcquisitions: Int
        /// Acquisitions that queued for a server connection, summed over replications.
        public var queuedPoolAcquisitions: Int
        /// Acquisitions that gave up after `query_wait_timeout`, summed over replications.
        public var poolTimeouts: Int
        /// Server connections granted from the reserve pool, summed over replications.
        public var reserveGrants: Int
        /// Clients refused at `max_client_conn`, summed over replications.
        public var refusedClients: Int
        /// Transactions run, summed over replications.
        public var transactions: Int
        /// Server connections in use, time-averaged, mean over replications.
        public var meanServerConnectionsInUse: Double
        /// The most client connections PgBouncer held in any replication.
        public var peakClientConnections: Int
        /// Mean wait for a node-postgres connection, in seconds.
        public var meanApplicationPoolWaitSeconds: Double
        /// PgBouncer's pool per replication, with `maxwait` and the waits that timed out.
        public var pool: PoolStatistics = PoolStatistics(persistentClients: 0)
    }

    /// Folds `replications` (in their order) and reports them: for callers that already hold
    /// every replication's result. A run that should not hold them all folds as they finish
    /// (`ReplicationRunner.aggregate`) and uses `init(_:costModel:)`.
    public init(scenario: Scenario, replications: [ReplicationResult], costModel: CostModel,
                tenantAllocation: TenantCostAllocation = TenantCostAllocation()) {
        var aggregate = ReplicationAggregate(scenario: scenario)
        for replication in replications { aggregate.add(replication) }
        self.init(aggregate, costModel: costModel, tenantAllocation: tenantAllocation)
    }

    /// `tenantAllocation` says how the bill is shared among tenants (`--idle-cost`, `--top-tenants`).
    public init(_ aggregate: ReplicationAggregate, costModel: CostModel, tenantAllocation: TenantCostAllocation = TenantCostAllocation()) {
        let scenario = aggregate.scenario
        let replications = aggregate.summaries
        self.scenario = scenario
        self.replications = replications
        bills = replications.map { costModel.bill(scenario, fleets: $0.fleets, outboundBytes: $0.outboundBytes) }
        transfer = TransferBill.mean(replications.compactMap { replication in
            replication.outboundBytes.map { costModel.transferBill(scenario, fleets: replication.fleets, outboundBytes: $0) }
        })
        cost = CostBreakdown.mean(bills)
        var meanDropletSeconds: [TierRole: Double] = [:]
        for replication in replications {
            for fleet in replication.fleets {
                meanDropletSeconds[fleet.role, default: 0] += fleet.dropletSeconds / Double(replications.count)
            }
        }
        tenantCosts = tenantAllocation.allocate(
            scenario: scenario, bill: cost,
            usage: aggregate.tenantUsage ?? TenantUsage(tierRoles: scenario.tiers.map(\.role), tenantCount: 0),
            replications: replications.count, meanDropletSeconds: meanDropletSeconds)
        fleets = (replications.first?.fleets.indices ?? 0..<0).map { index in
            let first = replications[0].fleets[index]
            let all = replications.map { $0.fleets[index] }
            let tier = scenario.tier(first.role)
            return FleetSummary(
                role: first.role, autoscaled: first.autoscaled,
                policy: tier?.autoscaling?.policy.kindName ?? "static",
                dropletHours: .studentT(all.map { $0.dropletSeconds / 3600 }),
                scaleEvents: .studentT(all.map { Double($0.scaleEvents.count) }),
                meanReady: all.reduce(0) { $0 + $1.meanReady } / Double(all.count),
                peakDroplets: max(aggregate.peakDroplets[index], tier?.initialDroplets ?? 0),
                failedDroplets: all.reduce(0) { $0 + $1.failedDroplets },
                lostRequests: all.reduce(0) { $0 + $1.lostRequests },
                finishedDuringGrace: all.reduce(0) { $0 + $1.finishedDuringGrace },
                crashes: all.reduce(0) { $0 + $1.crashes },
                requestsLostToCrash: all.reduce(0) { $0 + $1.requestsLostToCrash },
                events: first.scaleEvents)
        }
        underProvisionedMinutes = scenario.objectives.attainment == nil ? nil
            : .studentT(replications.map { $0.underProvisionedMinutes ?? 0 })
        outcomes = aggregate.outcomes
        balancers = aggregate.balancers
        latency = LatencySummary(aggregate.latency)
        readOnlyNodes = ReadOnlyNodeSummary(aggregate.readOnlyNodes, plan: scenario.database.readOnlyPlan.slug)
        groups = scenario.tenantGroups.enumerated().map { index, group in
            GroupSummary(name: group.name, outcomes: aggregate.groupOutcomes[index], latency: LatencySummary(aggregate.groupLatency[index]))
        }
        operations = scenario.operations.enumerated().map { index, operation in
            let lookups = aggregate.cacheLookups[index]
            let hits = aggregate.cacheHits[index]
            let ratio: Double? = operation.cacheTTL == nil ? nil : (lookups > 0 ? Double(hits) / Double(lookups) : 0)
            return OperationSummary(name: operation.name, latency: LatencySummary(aggregate.operationLatency[index]), cacheHitRatio: ratio,
                                    cacheLookups: lookups, cacheHits: hits)
        }
        pages = scenario.pages.enumerated().map { index, page in
            PageSummary(name: page.name, latency: LatencySummary(aggregate.pageLatency[index]))
        }
        tiers = aggregate.tiers.enumerated().map { index, tier in
            TierSummary(
                role: tier.role, size: scenario.tier(tier.role)?.size.slug ?? "", droplets: tier.droplets,
                workers: tier.workers,
                cpuUtilization: .studentT(replications.map { $0.tierCPUUtilization[index] }),
                meanQueueWaitSeconds: tier.wait.mean, queueWaitMs: LatencySummary(tier.waitHistogram),
                waitProbability: tier.wait.count > 0 ? Double(tier.waited) / Double(tier.wait.count) : 0)
        }
        let count = Double(max(1, replications.count))
        let poolWait = aggregate.poolWait
        database = DatabaseSummary(
            plan: scenario.database.plan.slug,
            cpuUtilization: .studentT(replications.map(\.databaseCPUUtilization)),
            meanActiveTransactions: aggregate.meanActiveTransactionsSum / count,
            meanPoolWaitSeconds: poolWait.mean, poolWaitMs: LatencySummary(aggregate.poolHistogram),
            poolWaitProbability: poolWait.count > 0 ? Double(aggregate.poolWaited) / Double(poolWait.count) : 0,
            poolAcquisitions: poolWait.count, queuedPoolAcquisitions: aggregate.poolWaited,
            poolTimeouts: aggregate.poolTimeouts, reserveGrants: aggregate.reserveGrants,
            refusedClients: aggregate.refusedClients, transactions: aggregate.transactions,
            meanServerConnectionsInUse: aggregate.meanServerConnectionsSum / count,
            peakClientConnections: aggregate.peakClientConnections, meanApplicationPoolWaitSeconds: aggregate.appPoolWait.mean,
            pool: aggregate.poolStatistics)
        events = aggregate.events
        meanInSystem = aggregate.meanInSystemSum / count
        meanTimeInSystem = aggregate.sojourn.mean
        let measured = aggregate.measuredSeconds
        arrivalRate = measured > 0 ? Double(outcomes.total) / measured : 0
        series = aggregate.averageSeries
        objectives = Self.verdicts(scenario: scenario, replications: replications)
    }

    /// An objective is met when its 95% interval's bound on the bad side meets the target;
    /// with one replication there is no interval and the point estimate decides.
    ///
    /// An objective has no data, and is not met, when some replication measured nothing in
    /// its scope: a latency percentile over no request, an error rate over no request, or an
    /// attainment over no window in which a request ended. A value over nothing would read
    /// 0 ms or 0% and pass; the distributions count failed requests (at the client timeout),
    /// so a scope is empty only when no request of it ended at all.
    package static func verdicts(scenario: Scenario, replications: [ReplicationSummary]) -> [ObjectiveVerdict] {
        verdicts(scenario: scenario, measurements: replications.map(\.objectiveMeasurements))
    }

    /// The verdicts from each replication's objective measurements alone (see
    /// `verdicts(scenario:replications:)`): what the optimizer's stored trials keep.
    public static func verdicts(scenario: Scenario, measurements replications: [ObjectiveMeasurements]) -> [ObjectiveVerdict] {
        var verdicts: [ObjectiveVerdict] = []
        /// `values[i]` is replication i's value, nil when it measured nothing.
        func verdict(_ name: String, kind: ObjectiveVerdict.Kind, target: Double, direction: ObjectiveVerdict.Direction,
                     unit: String, values: [Double?], samples: Int, empty: String) -> ObjectiveVerdict {
            let measured = values.compactMap { $0 }
            var interval = ConfidenceInterval.studentT(measured)
            if measured.isEmpty { interval = ConfidenceInterval(mean: .nan, halfWidth: nil, level: interval.level, count: 0) }
            let status: ObjectiveVerdict.Status
            var reason: String?
            if measured.count < values.count || values.isEmpty {
                status = .noData
                let missing = values.count - measured.count
                reason = measured.isEmpty || values.count <= 1
                    ? empty : "\(empty) of \(missing) of \(values.count) replications"
            } else {
                let bound: Double
                switch direction {
                case .atMost: bound = interval.upper ?? interval.mean
                case .atLeast: bound = interval.lower ?? interval.mean
                }
                status = (direction == .atMost ? bound <= target : bound >= target) ? .met : .missed
            }
            return ObjectiveVerdict(name: name, kind: kind, target: target, direction: direction, value: interval.mean,
                                    interval: interval, status: status, unit: unit, samples: samples, reason: reason)
        }
        let noRequests = "no requests in the measured interval"
        for (index, objective) in scenario.objectives.latency.enumerated() {
            let label = Units.trim(objective.percentile)
            let name: String
            switch objective.scope {
            case .overall: name = "p\(label) latency"
            case let .group(group): name = "p\(label) latency of group \(group)"
            case let .operation(operation): name = "p\(label) latency of \(operation)"
            }
            verdicts.append(verdict(
                name, kind: .latency(objective.scope), target: objective.target * 1000, direction: .atMost, unit: "ms",
                values: replications.map { $0.latencyMilliseconds[index] },
                samples: replications.reduce(0) { $0 + $1.latencySamples[index] }, empty: noRequests))
        }
        if let errorRate = scenario.objectives.errorRate {
            // Errors (timeouts included, also those still open at the horizon) over every
            // measured request: rejected and throttled requests are answered client errors,
            // in the denominator and not errors.
            verdicts.append(verdict(
                "error rate", kind: .errorRate, target: errorRate, direction: .atMost, unit: "fraction",
                values: replications.map(\.errorRate),
                samples: replications.reduce(0) { $0 + $1.requests }, empty: noRequests))
        }
        if let attainment = scenario.objectives.attainment {
            verdicts.append(verdict(
                "\(Units.describe(seconds: attainment.window)) windows with p\(Units.trim(attainment.percentile)) ≤ \(Units.describe(seconds: attainment.target))",
                kind: .attainment, target: attainment.objective, direction: .atLeast, unit: "fraction",
                values: replications.map(\.attainment), samples: replications.reduce(0) { $0 + $1.attainmentWindows },
                empty: "no window in which a request ended"))
        }
        return verdicts
    }
}
