import DigitalOceanCatalog
import Foundation
import Scenarios
import SimCore

// How a `RunSummary` is made from a `RunResult`: the names resolved from the scenario and
// every number rounded to the decimals `capsim.run/v1` publishes (RunSummary.swift holds
// the schema's types, RunSummary+Codable.swift their codings).

extension RunSummary {
    /// The summary of `result`, rounded as `capsim.run/v1` publishes it.
    public init(_ result: RunResult, wallSeconds: Double) {
        let scenario = result.scenario
        schema = Self.currentSchema
        setup = Setup(scenario)
        requests = Requests(
            outcomes: result.outcomes, arrivalRatePerSecond: result.arrivalRate.rounded(toPlaces: 4),
            meanInSystem: result.meanInSystem.rounded(toPlaces: 4),
            meanTimeInSystemMilliseconds: (result.meanTimeInSystem * 1000).rounded(toPlaces: 4))
        latency = result.latency.rounded(toPlaces: 3)
        objectivesMet = result.objectivesMet
        objectives = result.objectives.map(Objective.init)
        groups = result.groups.map { Group(name: $0.name, requests: $0.outcomes, latency: $0.latency.rounded(toPlaces: 3)) }
        operations = result.operations.map {
            Operation(name: $0.name, latency: $0.latency.rounded(toPlaces: 3), cacheHitRatio: $0.cacheHitRatio?.rounded(toPlaces: 6),
                      cacheLookups: $0.cacheLookups, cacheHits: $0.cacheHits)
        }
        pages = result.pages.map { Page(name: $0.name, latency: $0.latency.rounded(toPlaces: 3)) }
        tiers = result.tiers.map { tier in
            let autoscaling = scenario.tier(tier.role)?.autoscaling
            return Tier(tier, minimumDroplets: autoscaling?.minimum, maximumDroplets: autoscaling?.maximum)
        }
        database = Database(result.database, pgBouncer: scenario.database.pgBouncer)
        readOnlyNodes = result.readOnlyNodes
        cost = Cost(result.cost)
        cost.transfer = result.transfer.map(Transfer.init)
        tenantCosts = result.tenantCosts
        fleets = result.fleets.map(Fleet.init)
        underProvisionedMinutes = result.underProvisionedMinutes?.mean.rounded(toPlaces: 2)
        faults = result.replications.flatMap(\.faults)
        series = Series(result.series)
        replicationSeeds = result.replications.map(\.seed)
        events = result.events
        balancers = result.balancers.map { $0.rounded() }
        self.wallSeconds = wallSeconds.rounded(toPlaces: 3)
    }
}

extension RunSummary.Setup {
    init(_ scenario: Scenario) {
        name = scenario.name
        source = scenario.source
        seed = scenario.seed
        replications = scenario.replications
        start = Self.isoFormatter(scenario.timeZone).string(from: scenario.start)
        timeZone = scenario.timeZoneName
        horizonSeconds = scenario.horizon
        warmupSeconds = scenario.warmup
        clientTimeoutSeconds = scenario.clientTimeout
    }

    /// Local time with its offset, e.g. "2026-11-30T08:00:00+01:00" ("Z" for UTC).
    package static func isoFormatter(_ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssXXXXX"
        return formatter
    }
}

extension RunSummary.Objective {
    /// Milliseconds to 3 decimals, fractions to 6.
    init(_ verdict: ObjectiveVerdict) {
        let places = verdict.unit == "ms" ? 3 : 6
        name = verdict.name
        kind = verdict.kind
        target = verdict.target.rounded(toPlaces: places)
        comparison = verdict.direction == .atMost ? .atMost : .atLeast
        unit = verdict.unit
        value = verdict.value.isFinite ? verdict.value.rounded(toPlaces: places) : nil
        unroundedValue = verdict.value.isFinite ? verdict.value : nil
        interval = RunSummary.Bounds(verdict.interval, places: places)
        met = verdict.met
        status = verdict.status
        samples = verdict.samples
        reason = verdict.reason
    }
}

extension RunSummary.Bounds {
    /// The interval's ends rounded to `places` decimals; nil when it has no half-width.
    package init?(_ interval: ConfidenceInterval, places: Int) {
        guard let lower = interval.lower, let upper = interval.upper else { return nil }
        self.init(lower: lower.rounded(toPlaces: places), upper: upper.rounded(toPlaces: places))
    }
}

extension RunSummary.Tier {
    /// The bounds are the tier's autoscaling policy's in the scenario, nil without one.
    init(_ tier: RunResult.TierSummary, minimumDroplets: Int?, maximumDroplets: Int?) {
        role = tier.role
        size = tier.size
        droplets = tier.droplets
        self.minimumDroplets = minimumDroplets
        self.maximumDroplets = maximumDroplets
        workers = tier.workers
        cpuUtilization = tier.cpuUtilization.mean.rounded(toPlaces: 6)
        cpuUtilizationInterval = RunSummary.Bounds(tier.cpuUtilization, places: 6)
        queueWait = RunSummary.QueueWait(
            meanMilliseconds: (tier.meanQueueWaitSeconds * 1000).rounded(toPlaces: 4),
            p95Milliseconds: tier.queueWaitMs.p95Milliseconds.rounded(toPlaces: 4),
            p99Milliseconds: tier.queueWaitMs.p99Milliseconds.rounded(toPlaces: 4))
        waitProbability = tier.waitProbability.rounded(toPlaces: 6)
    }
}

extension RunSummary.Database {
    /// `pgBouncer` is the scenario's, for the pool's mode and size.
    init(_ database: RunResult.DatabaseSummary, pgBouncer: PgBouncerSettings) {
        plan = database.plan
        poolMode = pgBouncer.mode.rawValue
        poolSize = pgBouncer.poolSize
        cpuUtilization = database.cpuUtilization.mean.rounded(toPlaces: 6)
        cpuUtilizationInterval = RunSummary.Bounds(database.cpuUtilization, places: 6)
        meanActiveTransactions = database.meanActiveTransactions.rounded(toPlaces: 4)
        transactions = database.transactions
        poolWait = RunSummary.PoolWait(
            meanMilliseconds: (database.meanPoolWaitSeconds * 1000).rounded(toPlaces: 4),
            p50Milliseconds: database.poolWaitMs.p50Milliseconds.rounded(toPlaces: 4),
            p95Milliseconds: database.poolWaitMs.p95Milliseconds.rounded(toPlaces: 4),
            p99Milliseconds: database.poolWaitMs.p99Milliseconds.rounded(toPlaces: 4),
            maxMilliseconds: database.poolWaitMs.maxMilliseconds.rounded(toPlaces: 4))
        poolWaitProbability = database.poolWaitProbability.rounded(toPlaces: 6)
        poolAcquisitions = database.poolAcquisitions
        queuedPoolAcquisitions = database.queuedPoolAcquisitions
        poolTimeouts = database.poolTimeouts
        reserveGrants = database.reserveGrants
        refusedClients = database.refusedClients
        meanServerConnectionsInUse = database.meanServerConnectionsInUse.rounded(toPlaces: 4)
        peakClientConnections = database.peakClientConnections
        meanApplicationPoolWaitMilliseconds = (database.meanApplicationPoolWaitSeconds * 1000).rounded(toPlaces: 4)
        poolStats = RunSummary.PoolStats(database.pool)
    }
}

extension RunSummary.Cost {
    package init(_ bill: CostBreakdown) {
        horizonUSD = bill.horizonUSD.rounded(toPlaces: 2)
        monthlyUSD = bill.monthlyUSD.rounded(toPlaces: 2)
        components = bill.components.map { component in
            RunSummary.CostLine(
                name: component.name, detail: component.detail, horizonUSD: component.horizonUSD.rounded(toPlaces: 2),
                monthlyUSD: component.monthlyUSD.rounded(toPlaces: 2), priceVerified: component.priceVerified)
        }
    }
}

extension RunSummary.Fleet {
    package init(_ fleet: RunResult.FleetSummary) {
        role = fleet.role
        policy = fleet.policy
        autoscaled = fleet.autoscaled
        dropletHours = fleet.dropletHours.mean.rounded(toPlaces: 3)
        dropletHoursInterval = RunSummary.Bounds(fleet.dropletHours, places: 3)
        meanDropletsInRotation = fleet.meanReady.rounded(toPlaces: 4)
        peakDroplets = fleet.peakDroplets
        scaleEventsPerReplication = fleet.scaleEvents.mean.rounded(toPlaces: 2)
        failedDroplets = fleet.failedDroplets
        requestsLostToDrain = fleet.lostRequests
        requestsFinishedInGrace = fleet.finishedDuringGrace
        dropletsFailedWhileServing = fleet.crashes
        requestsLostToFailure = fleet.requestsLostToCrash
        scaleEvents = fleet.events.map { event in
            RunSummary.ScaleChange(timeSeconds: event.time.rounded(toPlaces: 3), fromDroplets: event.from,
                                   toDroplets: event.to, reason: event.reason)
        }
    }
}

extension RunSummary.Series {
    /// The series in rows of published precision, minute 0 first.
    public init(_ samples: [MinuteSample]) {
        intervalSeconds = 60
        rows = samples.enumerated().map { minute, sample in
            RunSummary.Minute(
                minute: minute, arrivals: Int(sample.arrivals), completed: Int(sample.completed), errors: Int(sample.errors),
                rejected: Int(sample.rejected), throttled: Int(sample.throttled),
                p50Milliseconds: Double(sample.p50).rounded(toPlaces: 2), p95Milliseconds: Double(sample.p95).rounded(toPlaces: 2),
                p99Milliseconds: Double(sample.p99).rounded(toPlaces: 2),
                apiUtilization: Double(sample.apiUtilization).rounded(toPlaces: 4),
                webUtilization: Double(sample.webUtilization).rounded(toPlaces: 4),
                databaseUtilization: Double(sample.databaseUtilization).rounded(toPlaces: 4),
                poolWaiting: Double(sample.poolWaiting).rounded(toPlaces: 3), inFlight: Double(sample.inFlight).rounded(toPlaces: 3),
                apiDroplets: Int(sample.apiDroplets), apiInRotation: Int(sample.apiReady),
                webDroplets: Int(sample.webDroplets), webInRotation: Int(sample.webReady))
        }
    }
}

extension Double {
    /// The value rounded to `places` decimals, half away from zero, as the summaries publish
    /// it; a non-finite value is kept (and written as null).
    package func rounded(toPlaces places: Int) -> Double {
        guard isFinite else { return self }
        // The C library's pow, as `JSONValue.rounded` uses: the same scale gives the same digits.
        let scale = Foundation.pow(10.0, Double(places))
        return (self * scale).rounded() / scale
    }
}
