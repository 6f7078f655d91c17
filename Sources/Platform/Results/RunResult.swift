import Foundation
import SimCore

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
    public var replications: [ReplicationResult]
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
        public var meanQueueWait: Double
        public var queueWait: LatencySummary
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
        public var meanPoolWait: Double
        public var poolWait: LatencySummary
        public var poolWaitProbability: Double
        public var poolTimeouts: Int
        public var reserveGrants: Int
        public var refusedClients: Int
        public var transactions: Int
        public var meanServerConnectionsInUse: Double
        public var peakClientConnections: Int
        public var meanApplicationPoolWait: Double
    }

    public init(scenario: Scenario, replications: [ReplicationResult], costModel: CostModel) {
        self.scenario = scenario
        self.replications = replications
        bills = replications.map { costModel.bill(scenario, fleets: $0.fleets) }
        cost = CostBreakdown.mean(bills)
        fleets = (replications.first?.fleets.indices ?? 0..<0).map { index in
            let first = replications[0].fleets[index]
            let all = replications.map { $0.fleets[index] }
            let tier = scenario.tier(first.role)
            let peak = replications.map { replication in
                replication.series.map { Int(first.role == .api ? $0.apiDroplets : $0.webDroplets) }.max() ?? 0
            }.max() ?? 0
            return FleetSummary(
                role: first.role, autoscaled: first.autoscaled,
                policy: tier?.autoscaling?.policy.kindName ?? "static",
                dropletHours: .studentT(all.map { $0.dropletSeconds / 3600 }),
                scaleEvents: .studentT(all.map { Double($0.scaleEvents.count) }),
                meanReady: all.reduce(0) { $0 + $1.meanReady } / Double(all.count),
                peakDroplets: max(peak, tier?.initialDroplets ?? 0),
                failedDroplets: all.reduce(0) { $0 + $1.failedDroplets },
                lostRequests: all.reduce(0) { $0 + $1.lostRequests },
                events: first.scaleEvents)
        }
        underProvisionedMinutes = scenario.objectives.attainment == nil ? nil
            : .studentT(replications.map { $0.underProvisionedMinutes ?? 0 })
        var outcomes = OutcomeCounts()
        var latency = LatencyRecorder()
        for replication in replications {
            outcomes.add(replication.outcomes)
            latency.merge(replication.latency)
        }
        self.outcomes = outcomes
        self.latency = LatencySummary(latency)
        groups = scenario.tenantGroups.enumerated().map { index, group in
            var counts = OutcomeCounts()
            var recorder = LatencyRecorder()
            for replication in replications {
                counts.add(replication.outcomesByGroup[index])
                recorder.merge(replication.latencyByGroup[index])
            }
            return (group.name, counts, LatencySummary(recorder))
        }
        func merged(_ pick: (ReplicationResult) -> LatencyRecorder) -> LatencySummary {
            var recorder = LatencyRecorder()
            for replication in replications { recorder.merge(pick(replication)) }
            return LatencySummary(recorder)
        }
        operations = scenario.operations.enumerated().map { index, operation in
            let lookups = replications.reduce(0) { $0 + $1.cacheLookupsByOperation[index] }
            let hits = replications.reduce(0) { $0 + $1.cacheHitsByOperation[index] }
            let ratio: Double? = operation.cacheTTL == nil ? nil : (lookups > 0 ? Double(hits) / Double(lookups) : 0)
            return (operation.name, merged { $0.latencyByOperation[index] }, ratio)
        }
        pages = scenario.pages.enumerated().map { index, page in (page.name, merged { $0.latencyByPage[index] }) }
        tiers = (replications.first?.tiers.indices ?? 0..<0).map { index in
            let first = replications[0].tiers[index]
            var wait = Tally()
            var histogram = LatencyRecorder()
            var waited = 0
            for replication in replications {
                wait.merge(replication.tiers[index].wait)
                histogram.merge(replication.tiers[index].waitHistogram)
                waited += replication.tiers[index].waited
            }
            return TierSummary(
                role: first.role, size: scenario.tier(first.role)?.size.slug ?? "", droplets: first.droplets,
                workers: first.workers,
                cpuUtilization: .studentT(replications.map { $0.tiers[index].cpuUtilization }),
                meanQueueWait: wait.mean, queueWait: LatencySummary(histogram),
                waitProbability: wait.count > 0 ? Double(waited) / Double(wait.count) : 0)
        }
        var poolWait = Tally(), appPoolWait = Tally()
        var poolHistogram = LatencyRecorder()
        var poolWaited = 0, timeouts = 0, reserve = 0, refused = 0, transactions = 0, peak = 0
        for replication in replications {
            let database = replication.database
            poolWait.merge(database.poolWait)
            appPoolWait.merge(database.appPoolWait)
            poolHistogram.merge(database.poolWaitHistogram)
            poolWaited += database.poolWaited
            timeouts += database.poolTimeouts
            reserve += database.reserveGrants
            refused += database.refusedClients
            transactions += database.transactions
            peak = max(peak, database.peakClientConnections)
        }
        let count = Double(max(1, replications.count))
        database = DatabaseSummary(
            plan: scenario.database.plan.slug,
            cpuUtilization: .studentT(replications.map(\.database.cpuUtilization)),
            meanActiveTransactions: replications.reduce(0) { $0 + $1.database.meanActiveTransactions } / count,
            meanPoolWait: poolWait.mean, poolWait: LatencySummary(poolHistogram),
            poolWaitProbability: poolWait.count > 0 ? Double(poolWaited) / Double(poolWait.count) : 0,
            poolTimeouts: timeouts, reserveGrants: reserve, refusedClients: refused, transactions: transactions,
            meanServerConnectionsInUse: replications.reduce(0) { $0 + $1.database.meanServerConnectionsInUse } / count,
            peakClientConnections: peak, meanApplicationPoolWait: appPoolWait.mean)
        events = replications.reduce(0) { $0 + $1.events }
        meanInSystem = replications.reduce(0) { $0 + $1.meanInSystem } / count
        var sojourn = Tally()
        for replication in replications { sojourn.add(replication.meanTimeInSystem) }
        meanTimeInSystem = sojourn.mean
        let measured = replications.reduce(0) { $0 + $1.measuredSeconds }
        arrivalRate = measured > 0 ? Double(outcomes.total) / measured : 0
        series = Self.averageSeries(replications.map(\.series))
        objectives = Self.verdicts(scenario: scenario, replications: replications)
    }

    /// Element-wise mean of the replications' minute samples.
    static func averageSeries(_ all: [[MinuteSample]]) -> [MinuteSample] {
        guard let length = all.map(\.count).min(), !all.isEmpty else { return [] }
        if all.count == 1 { return all[0] }
        let n = Float(all.count)
        return (0..<length).map { minute in
            var mean = MinuteSample()
            var sums = [Float](repeating: 0, count: 17)
            for series in all {
                let s = series[minute]
                let values: [Float] = [Float(s.arrivals), Float(s.completed), Float(s.errors), Float(s.rejected),
                                       Float(s.throttled), s.p50, s.p95, s.p99, s.apiUtilization, s.webUtilization,
                                       s.databaseUtilization, s.poolWaiting, s.inFlight, Float(s.apiDroplets),
                                       Float(s.apiReady), Float(s.webDroplets), Float(s.webReady)]
                for index in values.indices { sums[index] += values[index] }
            }
            mean.arrivals = Int32((sums[0] / n).rounded())
            mean.completed = Int32((sums[1] / n).rounded())
            mean.errors = Int32((sums[2] / n).rounded())
            mean.rejected = Int32((sums[3] / n).rounded())
            mean.throttled = Int32((sums[4] / n).rounded())
            mean.p50 = sums[5] / n
            mean.p95 = sums[6] / n
            mean.p99 = sums[7] / n
            mean.apiUtilization = sums[8] / n
            mean.webUtilization = sums[9] / n
            mean.databaseUtilization = sums[10] / n
            mean.poolWaiting = sums[11] / n
            mean.inFlight = sums[12] / n
            mean.apiDroplets = Int16((sums[13] / n).rounded())
            mean.apiReady = Int16((sums[14] / n).rounded())
            mean.webDroplets = Int16((sums[15] / n).rounded())
            mean.webReady = Int16((sums[16] / n).rounded())
            return mean
        }
    }

    /// An objective is met when its 95% interval's bound on the bad side meets the target;
    /// with one replication there is no interval and the point estimate decides.
    ///
    /// An objective has no data, and is not met, when some replication measured nothing in
    /// its scope: a latency percentile over no request, an error rate over no request, or an
    /// attainment over no window in which a request ended. A value over nothing would read
    /// 0 ms or 0% and pass; the distributions count failed requests (at the client timeout),
    /// so a scope is empty only when no request of it ended at all.
    static func verdicts(scenario: Scenario, replications: [ReplicationResult]) -> [ObjectiveVerdict] {
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
        for objective in scenario.objectives.latency {
            let p = objective.percentile
            let label = Units.trim(p)
            let recorders: [LatencyRecorder]
            let name: String
            switch objective.scope {
            case .overall:
                name = "p\(label) latency"
                recorders = replications.map(\.latency)
            case let .group(group):
                let index = scenario.tenantGroups.firstIndex { $0.name == group } ?? 0
                name = "p\(label) latency of group \(group)"
                recorders = replications.map { $0.latencyByGroup[index] }
            case let .operation(operation):
                if let index = scenario.operations.firstIndex(where: { $0.name == operation }) {
                    recorders = replications.map { $0.latencyByOperation[index] }
                } else {
                    let index = scenario.pages.firstIndex { $0.name == operation } ?? 0
                    recorders = replications.map { $0.latencyByPage[index] }
                }
                name = "p\(label) latency of \(operation)"
            }
            verdicts.append(verdict(
                name, kind: .latency(objective.scope), target: objective.target * 1000, direction: .atMost, unit: "ms",
                values: recorders.map { $0.isEmpty ? nil : $0.percentile(p) * 1000 },
                samples: recorders.reduce(0) { $0 + $1.count }, empty: noRequests))
        }
        if let errorRate = scenario.objectives.errorRate {
            // Errors (timeouts included, also those still open at the horizon) over every
            // measured request: rejected and throttled requests are answered client errors,
            // in the denominator and not errors.
            let values = replications.map { replication -> Double? in
                let total = replication.outcomes.total
                return total > 0 ? Double(replication.outcomes.errorTotal) / Double(total) : nil
            }
            verdicts.append(verdict(
                "error rate", kind: .errorRate, target: errorRate, direction: .atMost, unit: "fraction", values: values,
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
