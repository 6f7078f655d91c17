import Results
import Scenarios
import SimCore

/// What a replication measures of its requests: outcomes, latency distributions, waits,
/// the per-minute series and the SLO attainment windows (DESIGN §4 "SLOs and results").
///
/// The levels of the components (busy processes, database load, pool waiters) stay with
/// the components; the recorder receives their areas once a minute. Its per-request methods
/// are inlined into the event handlers, since one runs for nearly every event.
struct Recorder {
    /// Seconds after which a user gives up: a failed request counts at this latency.
    let clientTimeout: Double
    let warmup: Double
    let attainment: AttainmentObjective?
    private(set) var outcomes = OutcomeCounts()
    private(set) var outcomesByGroup: [OutcomeCounts]
    /// Latencies of user requests, per entry of the groups' mixes (a group and an operation
    /// or page): completed ones at their time in the system, failed ones at the client
    /// timeout (`account`). One record per request serves both the per-group and the
    /// per-operation or per-page distributions, which are merged from these at the end:
    /// recording each request into both cost a twentieth of a run.
    private var latencyByMixEntry: [LatencyRecorder]
    /// Latencies of API calls made while rendering pages, per operation, by the same rule.
    private var latencyOfCalls: [LatencyRecorder]
    private(set) var cacheLookups: [Int]
    private(set) var cacheHits: [Int]
    /// Per tier, seconds requests waited for their process's loop, summed over their slices.
    private(set) var tierWait: SlotBuffer<Tally>
    private(set) var tierWaitHistogram: [LatencyRecorder]
    private(set) var tierWaited: SlotBuffer<Int>
    /// Seconds measured requests waited for a PgBouncer server connection, and for a
    /// connection of their process's application pool.
    private(set) var poolWait = Tally()
    private(set) var poolWaitHistogram = LatencyRecorder()
    private(set) var poolWaited = 0
    private(set) var poolTimeouts = 0
    /// Every measured wait for a server connection, those that ended in `query_wait_timeout`
    /// included (at the length they waited), in seconds.
    private(set) var poolWaitIncludingTimeouts = Tally()
    /// The longest wait in PgBouncer's queue after the warm-up, any client's, in seconds:
    /// the largest `maxwait` that `SHOW POOLS` could have shown.
    private(set) var poolMaxWait = 0.0
    /// The same per minute of the series (waits that ended in the minute, and the oldest
    /// wait still going at its end), in seconds.
    private(set) var poolMaxWaitByMinute: [Float] = []
    private var minutePoolMaxWait = 0.0
    private(set) var applicationPoolWait = Tally()
    /// User requests in the system over time: measured ones (Little's law), and all of them
    /// (the series' in-flight level).
    private(set) var inSystem = TimeWeightedMean()
    private(set) var inSystemAll = TimeWeightedMean()
    private(set) var timeInSystem = Tally()
    /// The per-minute series' percentiles are read and reset every simulated minute, so
    /// one significant digit (about 6% resolution) keeps that cheap; SLO windows need two.
    private var minuteLatency = LatencyRecorder(significantDigits: 1)
    private var windowLatency = LatencyRecorder(significantDigits: 2)
    private let tracksAttainment: Bool
    private(set) var series: [MinuteSample] = []
    /// The minute being counted.
    private var current = MinuteSample()
    /// The levels' areas at the last minute tick (see `closeMinute`).
    private var lastTickAreas: [Double] = []
    private(set) var windowsMet = 0
    private(set) var windowsTotal = 0
    /// Attainment windows missed while a tier had capacity on its way or not yet serving.
    private(set) var underProvisionedWindows = 0

    init(model: PlatformModel, horizon: Double) {
        let scenario = model.scenario
        clientTimeout = scenario.clientTimeout
        warmup = scenario.warmup
        attainment = scenario.objectives.attainment
        tracksAttainment = attainment != nil
        outcomesByGroup = Array(repeating: OutcomeCounts(), count: scenario.tenantGroups.count)
        latencyByMixEntry = Array(repeating: LatencyRecorder(), count: model.mixTargets.count)
        latencyOfCalls = Array(repeating: LatencyRecorder(), count: scenario.operations.count)
        cacheLookups = Array(repeating: 0, count: scenario.operations.count)
        cacheHits = cacheLookups
        tierWait = SlotBuffer(repeating: Tally(), count: model.tiers.count)
        tierWaitHistogram = Array(repeating: LatencyRecorder(), count: model.tiers.count)
        tierWaited = SlotBuffer(repeating: 0, count: model.tiers.count)
        // The series grows as it goes: reserving the whole horizon up front took 86 GB for a
        // 1,000,000-day horizon before the first event. A week's minutes are reserved at most.
        series.reserveCapacity(Int(min((horizon / 60).rounded(.up), 7 * 1440)))
    }

    // MARK: Requests

    /// A user's request arrived; `measured` once the warm-up is over.
    @inline(__always)
    mutating func arrived(group: Int, measured: Bool, at now: Double) {
        current.arrivals += 1
        inSystemAll.add(1, at: now)
        if measured {
            outcomes.total += 1
            outcomesByGroup[group].total += 1
            inSystem.add(1, at: now)
        }
    }

    /// A measured request looked up `operation`'s response cache.
    @inline(__always)
    mutating func cacheLookup(operation: Int, hit: Bool) {
        cacheLookups[operation] += 1
        if hit { cacheHits[operation] += 1 }
    }

    /// A measured request of `tier` ended after waiting `seconds` for its process's loop.
    @inline(__always)
    mutating func recordProcessWait(_ seconds: Double, tier: Int) {
        tierWait[tier].add(seconds)
        tierWaitHistogram[tier].record(seconds)
        if seconds > 0 { tierWaited[tier] += 1 }
    }

    /// A measured request got its server connection after waiting `seconds`.
    @inline(__always)
    mutating func recordPoolWait(_ seconds: Double) {
        poolWait.add(seconds)
        poolWaitHistogram.record(seconds)
        poolWaitIncludingTimeouts.add(seconds)
        if seconds > 0 { poolWaited += 1 }
    }

    /// A measured request was disconnected by `query_wait_timeout` after waiting `seconds`.
    mutating func poolTimedOut(after seconds: Double) {
        poolTimeouts += 1
        poolWaitIncludingTimeouts.add(seconds)
    }

    /// A wait in PgBouncer's queue, ended or still going, has lasted `seconds`.
    @inline(__always)
    mutating func notePoolMaxWait(_ seconds: Double) {
        if seconds > minutePoolMaxWait { minutePoolMaxWait = seconds }
        if seconds > poolMaxWait { poolMaxWait = seconds }
    }

    /// A measured request got an application-pool connection after waiting `seconds`.
    mutating func recordApplicationPoolWait(_ seconds: Double) { applicationPoolWait.add(seconds) }

    /// Counts a user's request once, by outcome, and records its latency.
    ///
    /// The SLO counting rule (DESIGN §4 "SLOs and results"): every latency distribution an
    /// SLO or a report reads (overall, per group, per operation, per page, per minute, per
    /// attainment window) holds every request that was not a client error. A completed
    /// request counts at its time in the system; a failed one (any `ErrorCause`, including
    /// a late answer the client had given up on) counts at the client timeout, the time
    /// after which its user saw the failure at the latest. Rejected and throttled requests
    /// are client errors and stay out, and CDN pages add no latency. Requests still open at
    /// the horizon are handled by `recordOpenTimeout` and `closeOpen`.
    @inline(__always)
    mutating func account(_ outcome: RequestOutcome, elapsed: Double, group: Int, mixEntry: Int, measured: Bool, at now: Double) {
        inSystemAll.add(-1, at: now)
        switch outcome {
        case .completed, .servedByCDN:
            current.completed += 1
            if outcome == .completed {
                minuteLatency.record(elapsed)
                if tracksAttainment && measured { windowLatency.record(elapsed) }
            }
        case .rejected: current.rejected += 1
        case .throttled: current.throttled += 1
        case .failed:
            current.errors += 1
            minuteLatency.record(clientTimeout)
            if tracksAttainment && measured { windowLatency.record(clientTimeout) }
        }
        guard measured else { return }
        inSystem.add(-1, at: now)
        timeInSystem.add(elapsed)
        func count(_ counts: inout OutcomeCounts) {
            switch outcome {
            case .completed: counts.completed += 1
            case .servedByCDN: counts.completed += 1; counts.servedByCDN += 1
            case .rejected: counts.rejected += 1
            case .throttled: counts.throttled += 1
            case let .failed(cause): counts.errors[cause.index] += 1
            }
        }
        count(&outcomes)
        count(&outcomesByGroup[group])
        // The per-group, per-operation, per-page and overall distributions are merges of
        // these, built once at the end.
        switch outcome {
        case .completed: latencyByMixEntry[mixEntry].record(elapsed)
        case .failed: latencyByMixEntry[mixEntry].record(clientTimeout)
        default: break
        }
    }

    /// A measured API call made while rendering a page ended: it counts in its operation's
    /// distribution by the same rule as a user's request (see `account`).
    @inline(__always)
    mutating func accountCall(_ outcome: RequestOutcome, elapsed: Double, operation: Int) {
        switch outcome {
        case .completed: latencyOfCalls[operation].record(elapsed)
        case .failed: latencyOfCalls[operation].record(clientTimeout)
        default: break
        }
    }

    /// At the last minute tick, a user request still open and already past the client
    /// timeout: it has failed for its user, so it counts at the client timeout in the last
    /// minute and the last attainment window, as it does in the run's distributions.
    mutating func recordOpenTimeout(measured: Bool) {
        minuteLatency.record(clientTimeout)
        if tracksAttainment && measured { windowLatency.record(clientTimeout) }
    }

    /// At the horizon, a measured user request still open: past the client timeout it counts
    /// as a client-timeout error and, in the latency distributions, at the client timeout;
    /// otherwise it is in flight, censored, and left out of the distributions, since its
    /// latency is not known yet (at most the client timeout).
    mutating func closeOpen(group: Int, mixEntry: Int, timedOut: Bool) {
        if timedOut {
            outcomes.errors[ErrorCause.clientTimeout.index] += 1
            outcomesByGroup[group].errors[ErrorCause.clientTimeout.index] += 1
            latencyByMixEntry[mixEntry].record(clientTimeout)
        } else {
            outcomes.inFlightAtEnd += 1
            outcomesByGroup[group].inFlightAtEnd += 1
        }
    }

    // MARK: Minutes and windows

    /// The areas the next minute is measured from (`closeMinute`).
    mutating func startMinute(areas: [Double]) {
        lastTickAreas = areas
    }

    /// The end of the warm-up: Little's-law levels and the attainment window restart, and
    /// the minute goes on from `areas`.
    mutating func endWarmup(areas: [Double], at now: Double) {
        inSystem.reset(at: now)
        windowLatency.reset()
        lastTickAreas = areas
    }

    /// Closes the minute ending at `now` into the series, and the attainment window when it
    /// ends too; returns whether one did.
    ///
    /// `areas` are the levels' areas since the start, as `PlatformSimulation.currentAreas()`
    /// lays them out: busy processes per tier, then the database's busy fraction, PgBouncer's
    /// waiting clients and the user requests in the system, then serving processes per tier.
    /// `api` and `web` are the tiers' counted droplets and droplets in rotation now;
    /// `underProvisioned` whether a tier had capacity on its way during the window.
    mutating func closeMinute(areas: [Double], tierCount: Int, webTier: Int, api: (droplets: Int, ready: Int),
                              web: (droplets: Int, ready: Int), underProvisioned: Bool, at now: Double) -> Bool {
        let span = 60.0
        let last = lastTickAreas
        func perMinute(_ index: Int) -> Float { Float(max(0, areas[index] - last[index]) / span) }
        // Busy workers over the workers able to run (in rotation or draining) this minute.
        func utilization(_ tier: Int) -> Float {
            let capacity = perMinute(tierCount + 3 + tier)
            return capacity > 0 ? perMinute(tier) / capacity : 0
        }
        current.apiUtilization = utilization(PlatformModel.apiTier)
        current.apiDroplets = Int16(clamping: api.droplets)
        current.apiReady = Int16(clamping: api.ready)
        if webTier >= 0 {
            current.webUtilization = utilization(webTier)
            current.webDroplets = Int16(clamping: web.droplets)
            current.webReady = Int16(clamping: web.ready)
        }
        current.databaseUtilization = perMinute(tierCount)
        current.poolWaiting = perMinute(tierCount + 1)
        poolMaxWaitByMinute.append(Float(minutePoolMaxWait))
        minutePoolMaxWait = 0
        current.inFlight = perMinute(tierCount + 2)
        if !minuteLatency.isEmpty {
            let values = minuteLatency.percentiles([50, 95, 99])
            current.p50 = Float(values[0] * 1000)
            current.p95 = Float(values[1] * 1000)
            current.p99 = Float(values[2] * 1000)
        }
        series.append(current)
        current = MinuteSample()
        minuteLatency.reset()
        lastTickAreas = areas
        guard let attainment, now > warmup else { return false }
        let minutesPerWindow = max(1, Int(attainment.window / 60))
        guard series.count % minutesPerWindow == 0 else { return false }
        // A window in which no request ended measured nothing: it is neither met nor
        // missed, and a run without any such window has no attainment data.
        if !windowLatency.isEmpty {
            let met = windowLatency.percentile(attainment.percentile) <= attainment.target
            windowsTotal += 1
            if met { windowsMet += 1 } else if underProvisioned { underProvisionedWindows += 1 }
        }
        windowLatency.reset()
        return true
    }

    // MARK: End of run

    /// The run's latency distributions, merged from the per-mix-entry ones: overall, per
    /// tenant group, per operation (user requests and API calls) and per page.
    func distributions(model: PlatformModel) -> (overall: LatencyRecorder, byGroup: [LatencyRecorder],
                                                 byOperation: [LatencyRecorder], byPage: [LatencyRecorder]) {
        var overall = LatencyRecorder()
        var byGroup = Array(repeating: LatencyRecorder(), count: model.scenario.tenantGroups.count)
        var byOperation = latencyOfCalls
        var byPage = Array(repeating: LatencyRecorder(), count: model.scenario.pages.count)
        for group in byGroup.indices {
            let entries = model.mixFirstTarget[group]..<(group + 1 < model.mixFirstTarget.count ? model.mixFirstTarget[group + 1] : model.mixTargets.count)
            for entry in entries {
                let recorded = latencyByMixEntry[entry]
                byGroup[group].merge(recorded)
                switch model.mixTargets[entry] {
                case let .operation(operation): byOperation[operation].merge(recorded)
                case let .page(page): byPage[page].merge(recorded)
                }
            }
            overall.merge(byGroup[group])
        }
        return (overall, byGroup, byOperation, byPage)
    }

    /// Checks that every user request arrived is counted once: as an outcome, or still in
    /// the system (`open`, the live user requests; warm-up ones are not counted).
    func checkInvariants(openMeasured: Int, openAll: Int) throws(InvariantViolation) {
        let o = outcomes
        try InvariantViolation.require(o.total == o.completed + o.rejected + o.throttled + o.errorTotal + o.inFlightAtEnd + openMeasured,
                                       "Recorder", "\(o.total) measured arrivals, \(o.completed) completed, \(o.rejected) rejected, \(o.throttled) throttled, \(o.errorTotal) failed, \(openMeasured) open")
        try InvariantViolation.require(inSystemAll.value == Double(openAll), "Recorder",
                                       "in-system level \(inSystemAll.value), \(openAll) user requests open")
        try InvariantViolation.require(inSystem.value == Double(openMeasured), "Recorder",
                                       "measured in-system level \(inSystem.value), \(openMeasured) measured user requests open")
    }
}
