import DigitalOceanCatalog
import Foundation
import Scenarios
import SimCore
import YAMLSupport

/// Percentiles of a latency distribution, in milliseconds.
public struct LatencySummary: Sendable, Equatable {
    public var count: Int
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public var mean: Double

    public init(_ recorder: LatencyRecorder) {
        count = recorder.count
        p50 = recorder.percentile(50) * 1000
        p90 = recorder.percentile(90) * 1000
        p95 = recorder.percentile(95) * 1000
        p99 = recorder.percentile(99) * 1000
        p999 = recorder.percentile(99.9) * 1000
        max = recorder.max * 1000
        mean = recorder.mean * 1000
    }
}

/// One objective's verdict across replications.
public struct ObjectiveVerdict: Sendable, Equatable {
    public enum Direction: String, Sendable { case atMost, atLeast }
    /// Met, missed, or without data: a scope in which nothing was measured (no request, no
    /// window with a request) in some replication. No data is never met.
    public enum Status: String, Sendable { case met, missed, noData }
    /// What the objective measures, for explaining a verdict.
    public enum Kind: Sendable, Equatable {
        case latency(ObjectiveScope)
        case errorRate
        case attainment
    }
    public var name: String
    public var kind: Kind
    public var target: Double
    public var direction: Direction
    /// Mean over replications of each replication's value; over the replications that have
    /// data when some have none, NaN when none has.
    public var value: Double
    /// 95% Student-t interval over replications; nil with a single replication.
    public var interval: ConfidenceInterval
    public var status: Status
    public var unit: String
    /// What the value was computed from, summed over replications: requests counted for a
    /// latency percentile or an error rate, windows with requests for attainment.
    public var samples: Int
    /// Why the objective has no data (nil when it has).
    public var reason: String?

    public var met: Bool { status == .met }
}

/// A run's results: replications merged, with means and 95% intervals where they vary.
public struct RunResult: Sendable {
    public var scenario: Scenario
    /// Per replication, in replication order: the values intervals and paired comparisons
    /// need. The replications' histograms and series are merged into the fields below and
    /// not kept (see `ReplicationAggregate`).
    public var replications: [ReplicationSummary]
    public var outcomes: OutcomeCounts
    public var latency: LatencySummary
    public var groups: [(name: String, outcomes: OutcomeCounts, latency: LatencySummary)]
    /// Per operation: latency, and the response cache's hit ratio (nil when not cached).
    public var operations: [(name: String, latency: LatencySummary, cacheHitRatio: Double?)]
    public var pages: [(name: String, latency: LatencySummary)]
    public var tiers: [TierSummary]
    public var database: DatabaseSummary
    public var cost: CostBreakdown
    /// Each replication's bill, in replication order: the paired comparisons' input.
    public var bills: [CostBreakdown]
    public var fleets: [FleetSummary]
    public var underProvisionedMinutes: ConfidenceInterval?
    public var objectives: [ObjectiveVerdict]
    public var series: [MinuteSample]
    public var events: Int
    public var meanInSystem: Double
    public var meanTimeInSystem: Double
    public var arrivalRate: Double

    public var objectivesMet: Bool { objectives.allSatisfy(\.met) }

    public struct TierSummary: Sendable {
        public var role: TierRole
        public var size: String
        public var droplets: Int
        public var workers: Int
        public var cpuUtilization: ConfidenceInterval
        /// Mean wait before CPU, in seconds.
        public var meanQueueWaitSeconds: Double
        /// The wait before CPU, percentiles in milliseconds.
        public var queueWaitMs: LatencySummary
        public var waitProbability: Double
    }

    /// How a tier's fleet moved, across replications.
    public struct FleetSummary: Sendable {
        public var role: TierRole
        public var autoscaled: Bool
        public var policy: String
        public var dropletHours: ConfidenceInterval
        public var scaleEvents: ConfidenceInterval
        public var meanReady: Double
        public var peakDroplets: Int
        public var failedDroplets: Int
        public var lostRequests: Int
        /// The first replication's scale events, in time order.
        public var events: [ScaleEvent]
    }

    public struct DatabaseSummary: Sendable {
        public var plan: String
        public var cpuUtilization: ConfidenceInterval
        public var meanActiveTransactions: Double
        /// Mean wait for a PgBouncer server connection, in seconds.
        public var meanPoolWaitSeconds: Double
        /// The PgBouncer wait, percentiles in milliseconds.
        public var poolWaitMs: LatencySummary
        public var poolWaitProbability: Double
        public var poolTimeouts: Int
        public var reserveGrants: Int
        public var refusedClients: Int
        public var transactions: Int
        public var meanServerConnectionsInUse: Double
        public var peakClientConnections: Int
        /// Mean wait for a node-postgres connection, in seconds.
        public var meanApplicationPoolWaitSeconds: Double
    }

    /// Folds `replications` (in their order) and reports them: for callers that already hold
    /// every replication's result. A run that should not hold them all folds as they finish
    /// (`ReplicationRunner.aggregate`) and uses `init(_:costModel:)`.
    public init(scenario: Scenario, replications: [ReplicationResult], costModel: CostModel) {
        var aggregate = ReplicationAggregate(scenario: scenario)
        for replication in replications { aggregate.add(replication) }
        self.init(aggregate, costModel: costModel)
    }

    public init(_ aggregate: ReplicationAggregate, costModel: CostModel) {
        let scenario = aggregate.scenario
        let replications = aggregate.summaries
        self.scenario = scenario
        self.replications = replications
        bills = replications.map { costModel.bill(scenario, fleets: $0.fleets) }
        cost = CostBreakdown.mean(bills)
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
                events: first.scaleEvents)
        }
        underProvisionedMinutes = scenario.objectives.attainment == nil ? nil
            : .studentT(replications.map { $0.underProvisionedMinutes ?? 0 })
        outcomes = aggregate.outcomes
        latency = LatencySummary(aggregate.latency)
        groups = scenario.tenantGroups.enumerated().map { index, group in
            (group.name, aggregate.groupOutcomes[index], LatencySummary(aggregate.groupLatency[index]))
        }
        operations = scenario.operations.enumerated().map { index, operation in
            let lookups = aggregate.cacheLookups[index]
            let hits = aggregate.cacheHits[index]
            let ratio: Double? = operation.cacheTTL == nil ? nil : (lookups > 0 ? Double(hits) / Double(lookups) : 0)
            return (operation.name, LatencySummary(aggregate.operationLatency[index]), ratio)
        }
        pages = scenario.pages.enumerated().map { index, page in (page.name, LatencySummary(aggregate.pageLatency[index])) }
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
            poolTimeouts: aggregate.poolTimeouts, reserveGrants: aggregate.reserveGrants,
            refusedClients: aggregate.refusedClients, transactions: aggregate.transactions,
            meanServerConnectionsInUse: aggregate.meanServerConnectionsSum / count,
            peakClientConnections: aggregate.peakClientConnections, meanApplicationPoolWaitSeconds: aggregate.appPoolWait.mean)
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
                values: replications.map { $0.latencyObjectiveMilliseconds[index] },
                samples: replications.reduce(0) { $0 + $1.latencyObjectiveSamples[index] }, empty: noRequests))
        }
        if let errorRate = scenario.objectives.errorRate {
            // Errors (timeouts included, also those still open at the horizon) over every
            // measured request: rejected and throttled requests are answered client errors,
            // in the denominator and not errors.
            verdicts.append(verdict(
                "error rate", kind: .errorRate, target: errorRate, direction: .atMost, unit: "fraction",
                values: replications.map(\.errorRate),
                samples: replications.reduce(0) { $0 + $1.outcomes.total }, empty: noRequests))
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
