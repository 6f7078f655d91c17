import DigitalOceanCatalog
import Scenarios
import SimCore

/// What a run keeps of one replication once it is folded: the per-replication values that
/// Student-t intervals, SLO verdicts, bills and paired comparisons need, and nothing that
/// grows with the horizon or holds a histogram.
public struct ReplicationSummary: Sendable {
    /// The replication's index, from 0.
    public var replication: Int
    /// The seed of its random streams.
    public var seed: UInt64
    /// Requests by outcome.
    public var outcomes: OutcomeCounts
    /// Fraction of attainment windows met; nil without an attainment objective.
    public var attainment: Double?
    /// Minutes of missed attainment windows while capacity was booting; nil without an
    /// attainment objective.
    public var underProvisionedMinutes: Double?
    /// Droplet lifetimes and scale events, for the replication's bill and fleet figures.
    public var fleets: [FleetMeasurements]
    /// Per tier, in `ReplicationResult.tiers` order: busy worker-seconds over worker-seconds,
    /// a fraction.
    public var tierCPUUtilization: [Double]
    /// The database's busy cores over cores, time-averaged, a fraction.
    public var databaseCPUUtilization: Double
    /// Overall latency percentiles, in milliseconds; NaN when no request was measured.
    public var p95Milliseconds: Double
    /// See `p95Milliseconds`; in milliseconds.
    public var p99Milliseconds: Double
    /// Per latency objective, in `scenario.objectives.latency` order: the replication's
    /// percentile of the objective's scope, in milliseconds; nil when the scope measured
    /// no request (the objective then has no data).
    public var latencyObjectiveMilliseconds: [Double?]
    /// Per latency objective: the requests its scope measured.
    public var latencyObjectiveSamples: [Int]
    /// Attainment windows in which a request ended.
    public var attainmentWindows: Int
    /// Bytes sent to clients over the horizon (outbound transfer); nil when the scenario
    /// gives no `response_bytes`.
    public var outboundBytes: Double? = nil
    /// Faults that happened in the replication, in time order (`FaultRecord`).
    public var faults: [FaultRecord] = []

    /// The replication's error rate: errors over requests; nil without requests.
    public var errorRate: Double? {
        outcomes.total > 0 ? Double(outcomes.errorTotal) / Double(outcomes.total) : nil
    }

    /// What the SLO verdicts read of this replication.
    public var objectiveMeasurements: ObjectiveMeasurements {
        ObjectiveMeasurements(latencyMilliseconds: latencyObjectiveMilliseconds, latencySamples: latencyObjectiveSamples,
                              requests: outcomes.total, errorRate: errorRate, attainment: attainment,
                              attainmentWindows: attainmentWindows)
    }
}

/// One replication's values for the scenario's objectives: all a verdict needs, small enough
/// to store per trial (the optimizer keeps these, not the replication).
public struct ObjectiveMeasurements: Sendable, Equatable, Codable {
    /// Per latency objective, in `scenario.objectives.latency` order, in milliseconds; nil
    /// when its scope measured no request.
    public var latencyMilliseconds: [Double?]
    /// Per latency objective: the requests its scope measured.
    public var latencySamples: [Int]
    /// Requests measured.
    public var requests: Int
    /// Errors over requests; nil without requests.
    public var errorRate: Double?
    /// Fraction of attainment windows met; nil without an attainment objective or window.
    public var attainment: Double?
    /// Attainment windows in which a request ended.
    public var attainmentWindows: Int
    /// Bytes sent to clients over the horizon (outbound transfer); nil when the scenario
    /// gives no `response_bytes`.
    public var outboundBytes: Double? = nil

    public init(latencyMilliseconds: [Double?], latencySamples: [Int], requests: Int, errorRate: Double?,
                attainment: Double?, attainmentWindows: Int) {
        self.latencyMilliseconds = latencyMilliseconds
        self.latencySamples = latencySamples
        self.requests = requests
        self.errorRate = errorRate
        self.attainment = attainment
        self.attainmentWindows = attainmentWindows
    }

    enum CodingKeys: String, CodingKey {
        case latencyMilliseconds, latencySamples, requests, errorRate, attainment, attainmentWindows
    }

    // Optional members are written as null, so that every trial's record has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(latencyMilliseconds, forKey: .latencyMilliseconds)
        try container.encode(latencySamples, forKey: .latencySamples)
        try container.encode(requests, forKey: .requests)
        try container.encode(errorRate, forKey: .errorRate)
        try container.encode(attainment, forKey: .attainment)
        try container.encode(attainmentWindows, forKey: .attainmentWindows)
    }
}

/// Replications folded one at a time, in replication index order, into what `RunResult`
/// reports: summed counts, merged histograms and tallies, the summed per-minute series, and
/// one small `ReplicationSummary` per replication.
///
/// A run's memory then stays flat in the replication count (beyond the summaries): each
/// `ReplicationResult` (about 3.4 MB for the baseline, mostly its per-minute series and
/// latency histograms) is released as soon as it is folded. Folding in index order keeps
/// every floating-point sum in the order `RunResult` always used, so the output is the same
/// bytes whatever the thread count or the order in which replications finish.
public struct ReplicationAggregate: Sendable {
    /// The scenario the replications ran.
    public let scenario: Scenario
    /// One per replication folded, in index order.
    public private(set) var summaries: [ReplicationSummary] = []
    /// Replications folded.
    public var count: Int { summaries.count }

    package var outcomes = OutcomeCounts()
    package var latency = LatencyRecorder()
    package var groupOutcomes: [OutcomeCounts]
    package var groupLatency: [LatencyRecorder]
    package var operationLatency: [LatencyRecorder]
    package var pageLatency: [LatencyRecorder]
    package var cacheLookups: [Int]
    package var cacheHits: [Int]
    /// The first replication's tier measurements, with their wait tallies and histograms
    /// merged over every replication folded so far.
    package var tiers: [TierMeasurements] = []
    package var poolWait = Tally()
    package var appPoolWait = Tally()
    package var poolHistogram = LatencyRecorder()
    package var poolWaited = 0, poolTimeouts = 0, reserveGrants = 0, refusedClients = 0, transactions = 0
    package var peakClientConnections = 0
    package var meanActiveTransactionsSum = 0.0
    package var meanServerConnectionsSum = 0.0
    /// PgBouncer's statistics as its admin console reports them, replication by replication.
    package var poolStatistics: PoolStatistics
    /// Per fleet index: the most droplets counted in any minute of any replication.
    package var peakDroplets: [Int] = []
    package var events = 0
    package var meanInSystemSum = 0.0
    package var sojourn = Tally()
    package var measuredSeconds = 0.0
    /// The only replication's series while there is one; then empty, and `seriesSums` holds
    /// the per-minute sums of `MinuteSample.averagedFields` over the replications.
    package var firstSeries: [MinuteSample] = []
    /// Each tenant's usage summed over the replications folded, in index order; nil before the first.
    package var tenantUsage: TenantUsage?
    /// Each replication's read-only nodes, in index order; empty when none had any.
    package var readOnlyNodes: [ReadOnlyNodeMeasurements] = []
    package var seriesSums: [Float] = []
    /// Per tier, the balancers' peaks (the largest of any replication) and counts (summed).
    package var balancers: [BalancerLoad] = []

    public init(scenario: Scenario) {
        self.scenario = scenario
        groupOutcomes = Array(repeating: OutcomeCounts(), count: scenario.tenantGroups.count)
        groupLatency = Array(repeating: LatencyRecorder(), count: scenario.tenantGroups.count)
        operationLatency = Array(repeating: LatencyRecorder(), count: scenario.operations.count)
        pageLatency = Array(repeating: LatencyRecorder(), count: scenario.pages.count)
        cacheLookups = Array(repeating: 0, count: scenario.operations.count)
        cacheHits = cacheLookups
        poolStatistics = PoolStatistics(persistentClients: scenario.database.persistentClients.count)
    }

    /// Folds the next replication; replications must come in index order.
    public mutating func add(_ replication: ReplicationResult) {
        summaries.append(Self.summary(of: replication, scenario: scenario))
        outcomes.add(replication.outcomes)
        latency.merge(replication.latency)
        for index in groupOutcomes.indices {
            groupOutcomes[index].add(replication.outcomesByGroup[index])
            groupLatency[index].merge(replication.latencyByGroup[index])
        }
        for index in operationLatency.indices {
            operationLatency[index].merge(replication.latencyByOperation[index])
            cacheLookups[index] += replication.cacheLookupsByOperation[index]
            cacheHits[index] += replication.cacheHitsByOperation[index]
        }
        for index in pageLatency.indices { pageLatency[index].merge(replication.latencyByPage[index]) }
        if count == 1 {
            tiers = replication.tiers.map { tier in
                var first = tier
                first.wait = Tally()
                first.waitHistogram = LatencyRecorder()
                first.waited = 0
                return first
            }
        }
        for index in tiers.indices {
            tiers[index].wait.merge(replication.tiers[index].wait)
            tiers[index].waitHistogram.merge(replication.tiers[index].waitHistogram)
            tiers[index].waited += replication.tiers[index].waited
        }
        let database = replication.database
        poolWait.merge(database.poolWait)
        appPoolWait.merge(database.appPoolWait)
        poolHistogram.merge(database.poolWaitHistogram)
        poolWaited += database.poolWaited
        poolTimeouts += database.poolTimeouts
        reserveGrants += database.reserveGrants
        refusedClients += database.refusedClients
        transactions += database.transactions
        peakClientConnections = max(peakClientConnections, database.peakClientConnections)
        meanActiveTransactionsSum += database.meanActiveTransactions
        meanServerConnectionsSum += database.meanServerConnectionsInUse
        poolStatistics.add(database)
        if count == 1 { peakDroplets = Array(repeating: 0, count: replication.fleets.count) }
        for index in peakDroplets.indices {
            let role = replication.fleets[index].role
            let peak = replication.series.map { Int(role == .api ? $0.apiDroplets : $0.webDroplets) }.max() ?? 0
            peakDroplets[index] = max(peakDroplets[index], peak)
        }
        events += replication.events
        balancers = count == 1 ? replication.balancers : BalancerLoad.merged([balancers, replication.balancers])
        meanInSystemSum += replication.meanInSystem
        sojourn.add(replication.meanTimeInSystem)
        measuredSeconds += replication.measuredSeconds
        addSeries(replication.series)
        if let nodes = replication.readOnlyNodes { readOnlyNodes.append(nodes) }
        if tenantUsage == nil {
            tenantUsage = replication.tenantUsage
        } else {
            tenantUsage?.add(replication.tenantUsage)
        }
    }

    /// Keeps the first series whole (a single replication's series is reported as it is);
    /// from the second on, sums each field per minute, in replication order, as
    /// `RunResult.averageSeries` always did, over the shortest series.
    package mutating func addSeries(_ series: [MinuteSample]) {
        let width = MinuteSample.averagedFieldCount
        if count == 1 {
            firstSeries = series
            return
        }
        if count == 2 {
            seriesSums = [Float](repeating: 0, count: firstSeries.count * width)
            for (minute, sample) in firstSeries.enumerated() { sample.addFields(to: &seriesSums, at: minute * width) }
            firstSeries = []
        }
        let minutes = min(seriesSums.count / width, series.count)
        if minutes * width < seriesSums.count { seriesSums.removeLast(seriesSums.count - minutes * width) }
        for minute in 0..<minutes { series[minute].addFields(to: &seriesSums, at: minute * width) }
    }

    /// The element-wise mean of the replications' series.
    package var averageSeries: [MinuteSample] {
        if count <= 1 { return firstSeries }
        let width = MinuteSample.averagedFieldCount
        let n = Float(count)
        return (0..<seriesSums.count / width).map { minute in
            MinuteSample(means: seriesSums[minute * width..<(minute + 1) * width], over: n)
        }
    }

    package static func summary(of replication: ReplicationResult, scenario: Scenario) -> ReplicationSummary {
        // A scope whose name is unknown measured nothing: the objective reads "no data",
        // never another group's percentile. (Validation refuses such names; this keeps a
        // scenario built in code honest too.)
        let recorders = scenario.objectives.latency.map { objective -> LatencyRecorder in
            switch objective.scope {
            case .overall:
                return replication.latency
            case let .group(group):
                return scenario.tenantGroups.firstIndex { $0.name == group }.map { replication.latencyByGroup[$0] } ?? LatencyRecorder()
            case let .operation(operation):
                if let index = scenario.operations.firstIndex(where: { $0.name == operation }) {
                    return replication.latencyByOperation[index]
                }
                return scenario.pages.firstIndex { $0.name == operation }.map { replication.latencyByPage[$0] } ?? LatencyRecorder()
            }
        }
        let objectives = zip(scenario.objectives.latency, recorders).map { objective, recorder in
            recorder.isEmpty ? nil : recorder.percentile(objective.percentile) * 1000
        }
        let overall = replication.latency
        var summary = ReplicationSummary(
            replication: replication.replication, seed: replication.seed, outcomes: replication.outcomes,
            attainment: replication.attainment, underProvisionedMinutes: replication.underProvisionedMinutes,
            fleets: replication.fleets, tierCPUUtilization: replication.tiers.map(\.cpuUtilization),
            databaseCPUUtilization: replication.database.cpuUtilization,
            p95Milliseconds: overall.isEmpty ? .nan : overall.percentile(95) * 1000,
            p99Milliseconds: overall.isEmpty ? .nan : overall.percentile(99) * 1000,
            latencyObjectiveMilliseconds: objectives, latencyObjectiveSamples: recorders.map(\.count),
            attainmentWindows: replication.attainmentWindows)
        summary.outboundBytes = replication.tenantUsage.totalOutboundBytes
        summary.faults = replication.faults
        return summary
    }
}

extension MinuteSample {
    /// The fields `RunResult.series` averages, in the order they are summed.
    package static let averagedFieldCount = 17

    package func addFields(to sums: inout [Float], at offset: Int) {
        sums[offset] += Float(arrivals)
        sums[offset + 1] += Float(completed)
        sums[offset + 2] += Float(errors)
        sums[offset + 3] += Float(rejected)
        sums[offset + 4] += Float(throttled)
        sums[offset + 5] += p50
        sums[offset + 6] += p95
        sums[offset + 7] += p99
        sums[offset + 8] += apiUtilization
        sums[offset + 9] += webUtilization
        sums[offset + 10] += databaseUtilization
        sums[offset + 11] += poolWaiting
        sums[offset + 12] += inFlight
        sums[offset + 13] += Float(apiDroplets)
        sums[offset + 14] += Float(apiReady)
        sums[offset + 15] += Float(webDroplets)
        sums[offset + 16] += Float(webReady)
    }

    /// The mean sample from the sums of `addFields`, rounding the counts.
    package init(means sums: ArraySlice<Float>, over n: Float) {
        let s = Array(sums)
        self.init()
        arrivals = Int32((s[0] / n).rounded())
        completed = Int32((s[1] / n).rounded())
        errors = Int32((s[2] / n).rounded())
        rejected = Int32((s[3] / n).rounded())
        throttled = Int32((s[4] / n).rounded())
        p50 = s[5] / n
        p95 = s[6] / n
        p99 = s[7] / n
        apiUtilization = s[8] / n
        webUtilization = s[9] / n
        databaseUtilization = s[10] / n
        poolWaiting = s[11] / n
        inFlight = s[12] / n
        apiDroplets = Int16((s[13] / n).rounded())
        apiReady = Int16((s[14] / n).rounded())
        webDroplets = Int16((s[15] / n).rounded())
        webReady = Int16((s[16] / n).rounded())
    }
}

extension ReplicationAggregate {
    /// Bytes the aggregate holds: its merged histograms and the summed series, plus one
    /// summary per replication (which holds the replication's droplet lifetimes and scale
    /// events). An estimate for the pre-run check, not an exact count.
    public var estimatedBytes: Int {
        let recorders = [latency, poolHistogram] + groupLatency + operationLatency + pageLatency + tiers.map(\.waitHistogram)
        let histograms = recorders.reduce(0) { $0 + $1.estimatedBytes }
        let series = firstSeries.count * MemoryLayout<MinuteSample>.stride + seriesSums.count * MemoryLayout<Float>.stride
        let perReplication = summaries.reduce(0) { total, summary in
            total + MemoryLayout<ReplicationSummary>.stride + summary.fleets.reduce(0) { fleetTotal, fleet in
                fleetTotal + MemoryLayout<FleetMeasurements>.stride
                    + fleet.lifetimes.count * MemoryLayout<DropletLifetime>.stride
                    + fleet.scaleEvents.count * (MemoryLayout<ScaleEvent>.stride + 32)
            }
        }
        return histograms + series + perReplication
    }
}

extension ReplicationResult {
    /// Bytes one replication's result holds for `scenario`, before it is folded: its latency
    /// histograms (overall, per group, per operation, per page, per tier's wait, the pool
    /// wait: about 180 KiB each at three significant digits) and its per-minute series. The
    /// droplet lifetimes and scale events are left out (they depend on the run). A run holds
    /// about this much per replication in progress (`--jobs` of them) plus one aggregate of
    /// about the same size; the simulation's own state is bounded apart by the balancers'
    /// connection limits.
    public static func estimatedBytes(for scenario: Scenario) -> Int {
        let tiers = scenario.tiers.count
        let recorders = 2 + scenario.tenantGroups.count + scenario.operations.count + scenario.pages.count + tiers
        let minutes = Int(min((scenario.horizon / 60).rounded(.up), Double(Int.max / 1024)))
        let histogram = LatencyRecorder().estimatedBytes
        let (series, overflow) = minutes.multipliedReportingOverflow(by: MemoryLayout<MinuteSample>.stride)
        return overflow ? Int.max : recorders * histogram + series + 4096
    }
}

extension ReplicationAggregate {
    /// Why a replication read back from elsewhere cannot be folded next.
    public struct Mismatch: Error, CustomStringConvertible, Equatable {
        /// What did not match, in words.
        public var description: String
    }

    /// Folds a replication read back from a file or another process (a shard of a sweep, a
    /// store), after checking that it is the next in index order and has the shape of this
    /// scenario's replications: its groups, operations, pages, tiers and fleets, and
    /// histograms of the same precision.
    ///
    /// `add(_:)` takes that on trust from the runner that simulated the replication; a
    /// replication of another scenario would make it trap on an index or a histogram merge.
    /// Folding every replication `0..<n` this way, whichever process ran each, gives the
    /// aggregate (and the summary, to the byte) of one run of `n` replications.
    public mutating func addChecked(_ replication: ReplicationResult) throws(Mismatch) {
        func require(_ condition: Bool, _ what: @autoclosure () -> String) throws(Mismatch) {
            if !condition { throw Mismatch(description: "replication \(replication.replication): \(what())") }
        }
        try require(replication.replication == count, "expected replication \(count) next, in index order")
        let groups = scenario.tenantGroups.count, operations = scenario.operations.count, pages = scenario.pages.count
        try require(replication.latencyByGroup.count == groups && replication.outcomesByGroup.count == groups,
                    "\(replication.outcomesByGroup.count) tenant groups, the scenario has \(groups)")
        try require([replication.latencyByOperation.count, replication.cacheLookupsByOperation.count,
                      replication.cacheHitsByOperation.count].allSatisfy { $0 == operations },
                    "\(replication.latencyByOperation.count) operations, the scenario has \(operations)")
        try require(replication.latencyByPage.count == pages, "\(replication.latencyByPage.count) pages, the scenario has \(pages)")
        let roles = replication.tiers.map(\.role)
        try require(roles.count == scenario.tiers.count && Set(roles) == Set(scenario.tiers.map(\.role))
                        && replication.fleets.map(\.role) == roles && (tiers.isEmpty || tiers.map(\.role) == roles),
                    "tiers \(roles.map(\.rawValue)) and fleets \(replication.fleets.map(\.role.rawValue)) do not match the scenario's")
        let recorders = [replication.latency, replication.database.poolWaitHistogram] + replication.latencyByGroup
            + replication.latencyByOperation + replication.latencyByPage + replication.tiers.map(\.waitHistogram)
        let tenants = scenario.tenantGroups.reduce(0) { $0 + $1.count }
        try require(replication.tenantUsage.tenantCount == tenants && replication.tenantUsage.tierRoles == roles
                        && replication.tenantUsage.cpuSeconds.count == tenants * roles.count
                        && replication.tenantUsage.databaseSeconds.count == tenants,
                    "usage of \(replication.tenantUsage.tenantCount) tenants, the scenario has \(tenants)")
        try require(recorders.allSatisfy { $0.significantDigits == latency.significantDigits },
                    "latency histograms of another precision than \(latency.significantDigits) significant digits")
        add(replication)
    }
}
