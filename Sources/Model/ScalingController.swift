import Autoscaling
import Results
import Scenarios
import SimCore

/// Cumulative measures of one tier at one controller wake-up: the controller differences
/// two of them over its window. Areas are in process-seconds, droplet-seconds or
/// request-seconds; `poolWaitSum` in seconds over `poolWaitCount` waits.
struct FleetSnapshot {
    var time: Double
    var busyArea: Double
    var servingArea: Double
    var readyArea: Double
    var inFlightArea: Double
    var arrivals: Int
    var poolWaitSum: Double
    var poolWaitCount: Int
}

/// The autoscaling controllers of the tiers that have one, and the measures only they read
/// (DESIGN §4 "Autoscaling in the loop"): observe the window, recommend, clamp, govern.
///
/// Acting on a decision (creating and draining droplets) is the caller's, through
/// `DropletFleets`; the controller learns the count reached through `recordScale`. Policies
/// are existentials, called once per controller interval, never per request.
struct ScalingController {
    /// One tier's policy in the loop, its governor, the bounds in force, and its measures.
    struct TierAutoscaler {
        var policy: (any ScalingPolicy)?
        var governor: ScalingGovernor
        /// Predictive scaling alone never scales in (AWS): its count is a floor.
        var scalesOutOnly: Bool
        var minimum: Int
        var maximum: Int
        /// Seconds between wake-ups, and seconds of history each one reads.
        var interval: Double
        var window: Double
        /// Busy process-seconds accumulated before the warm-up reset the tier's utilisation.
        var busyAreaBeforeReset = 0.0
        /// Requests the tier's processes hold, over time (kept when a policy reads in-flight
        /// or memory).
        var inFlight = 0
        var inFlightArea = TimeWeightedMean()
        var tracksLatency = false
        /// One histogram per controller interval, used as a ring; merged for the window's p95.
        var latencyRing: [LatencyRecorder] = []
        /// The ring's slot recording now.
        var latencyRingHead = 0
        var snapshots: [FleetSnapshot] = []
        var scaleEvents: [ScaleEvent] = []
    }

    private var autoscalers: [TierAutoscaler]
    /// Per tier, whether requests held are counted: a flat table read on every request.
    private let tracksInFlight: [Bool]
    /// Pool waits of every request (warm-up included) since the start, for the pool-wait metric.
    private(set) var poolWaitSum = 0.0
    private(set) var poolWaitCount = 0
    /// Set when a tier had capacity on its way during the current SLO window.
    private(set) var scaledDuringWindow = false

    init(model: PlatformModel, horizon: Double) {
        tracksInFlight = model.tierAutoscaling.map { autoscaling in
            autoscaling.map { $0.policy.reads(.inFlight) || $0.policy.reads(.memory) } ?? false
        }
        autoscalers = zip(model.tiers, model.tierAutoscaling).map { tier, autoscaling in
            let initial = tier.initialDroplets
            var autoscaler = TierAutoscaler(
                policy: autoscaling.map { $0.policy.makePolicy(initialDroplets: initial, horizon: horizon) },
                governor: ScalingGovernor(behavior: autoscaling?.behavior ?? .unlimited),
                scalesOutOnly: autoscaling.map { if case .predictive = $0.policy { true } else { false } } ?? false,
                minimum: autoscaling?.minimum ?? initial, maximum: autoscaling?.maximum ?? initial,
                interval: autoscaling?.interval ?? 0, window: autoscaling?.window ?? 0)
            if let autoscaling {
                autoscaler.tracksLatency = autoscaling.policy.reads(.p95Latency)
                let intervals = Int((autoscaling.window / autoscaling.interval).rounded(.up))
                if autoscaler.tracksLatency {
                    autoscaler.latencyRing = Array(repeating: LatencyRecorder(significantDigits: 2), count: intervals)
                }
            }
            return autoscaler
        }
    }

    /// Whether `tier` has a controller.
    func isAutoscaled(tier: Int) -> Bool { autoscalers[tier].policy != nil }

    /// Seconds between `tier`'s wake-ups.
    func interval(tier: Int) -> Double { autoscalers[tier].interval }

    // MARK: Measures

    /// A process of `tier` took a request.
    @inline(__always)
    mutating func requestAdmitted(tier: Int, at now: Double) {
        guard tracksInFlight[tier] else { return }
        autoscalers[tier].inFlight += 1
        autoscalers[tier].inFlightArea.update(to: Double(autoscalers[tier].inFlight), at: now)
    }

    /// A process of `tier` is done with a request.
    @inline(__always)
    mutating func requestLeft(tier: Int, at now: Double) {
        guard tracksInFlight[tier] else { return }
        autoscalers[tier].inFlight -= 1
        autoscalers[tier].inFlightArea.update(to: Double(autoscalers[tier].inFlight), at: now)
    }

    /// A request served by `tier` completed in `seconds`, for the p95-latency metric.
    @inline(__always)
    mutating func recordLatency(_ seconds: Double, tier: Int) {
        guard autoscalers[tier].tracksLatency else { return }
        autoscalers[tier].latencyRing[autoscalers[tier].latencyRingHead].record(seconds)
    }

    /// A request got its PgBouncer server connection after waiting `seconds`.
    @inline(__always)
    mutating func notePoolWait(_ seconds: Double) {
        poolWaitSum += seconds
        poolWaitCount += 1
    }

    /// `tier`'s utilisation restarts at the end of the warm-up: the controller keeps the
    /// busy area until then (`busyArea`, process-seconds).
    mutating func endWarmup(tier: Int, busyArea: Double) {
        autoscalers[tier].busyAreaBeforeReset += busyArea
    }

    /// `tier`'s cumulative measures now, from the areas the other components keep.
    func snapshot(tier: Int, busyArea: Double, servingArea: Double, readyArea: Double, dispatched: Int, at now: Double) -> FleetSnapshot {
        FleetSnapshot(
            time: now, busyArea: autoscalers[tier].busyAreaBeforeReset + busyArea, servingArea: servingArea,
            readyArea: readyArea, inFlightArea: autoscalers[tier].inFlightArea.area(at: now),
            arrivals: dispatched, poolWaitSum: poolWaitSum, poolWaitCount: poolWaitCount)
    }

    /// The first snapshot, at the start: every window is measured from one.
    mutating func start(tier: Int, with snapshot: FleetSnapshot) {
        autoscalers[tier].snapshots = [snapshot]
    }

    // MARK: Deciding

    /// The tier's measures over the last `window`, from the snapshot at its start to
    /// `latest`; `droplets` are counted, `rotation` the droplets in rotation with their ages.
    mutating func observe(tier: Int, spec: PlatformModel.Tier, latest: FleetSnapshot, droplets: Int,
                          rotation: [DropletReadiness]) -> TierObservation {
        let ready = rotation.count
        let now = latest.time
        autoscalers[tier].snapshots.append(latest)
        // The oldest snapshot kept is the last one at or before the window's start.
        let windowStart = now - autoscalers[tier].window + 1e-9
        while autoscalers[tier].snapshots.count > 1 && autoscalers[tier].snapshots[1].time <= windowStart {
            autoscalers[tier].snapshots.removeFirst()
        }
        let oldest = autoscalers[tier].snapshots[0]
        let span = max(latest.time - oldest.time, 1e-9)
        let serving = latest.servingArea - oldest.servingArea
        let readyArea = latest.readyArea - oldest.readyArea
        let arrivals = Double(latest.arrivals - oldest.arrivals)
        var metrics = TierMetrics()
        if serving > 1e-9 {
            metrics[.cpu] = min(1, max(0, (latest.busyArea - oldest.busyArea) / serving))
            metrics[.inFlight] = (latest.inFlightArea - oldest.inFlightArea) / serving
        }
        if readyArea > 1e-9 {
            let meanReady = readyArea / span
            metrics[.requestsPerDroplet] = arrivals / span / meanReady
            let perDroplet = (latest.inFlightArea - oldest.inFlightArea) / readyArea
            metrics[.memory] = (spec.processMemoryGiB * Double(spec.workersPerDroplet) + spec.requestMemoryGiB * perDroplet) / spec.memoryGiB
        }
        // A DigitalOcean pool averages over every droplet it holds, booting ones idle: busy
        // processes over all the pool's processes, over the same window as the busy time.
        var poolMetrics = TierMetrics()
        if droplets > 0 {
            let processes = Double(droplets * spec.workersPerDroplet)
            poolMetrics[.cpu] = min(1, max(0, (latest.busyArea - oldest.busyArea) / span / processes))
            let perDroplet = (latest.inFlightArea - oldest.inFlightArea) / span / Double(droplets)
            poolMetrics[.memory] = (spec.processMemoryGiB * Double(spec.workersPerDroplet) + spec.requestMemoryGiB * perDroplet) / spec.memoryGiB
        }
        let waits = latest.poolWaitCount - oldest.poolWaitCount
        if tier == PlatformModel.apiTier && waits > 0 { metrics[.poolWait] = (latest.poolWaitSum - oldest.poolWaitSum) / Double(waits) }
        if autoscalers[tier].tracksLatency {
            var merged = LatencyRecorder(significantDigits: 2)
            for recorder in autoscalers[tier].latencyRing { merged.merge(recorder) }
            if !merged.isEmpty { metrics[.p95Latency] = merged.percentile(95) }
            // The oldest slot becomes the newest, emptied in O(1).
            let next = (autoscalers[tier].latencyRingHead + 1) % autoscalers[tier].latencyRing.count
            autoscalers[tier].latencyRing[next].reset()
            autoscalers[tier].latencyRingHead = next
        }
        return TierObservation(
            time: now, window: span, droplets: droplets, ready: ready,
            minimum: autoscalers[tier].minimum, maximum: autoscalers[tier].maximum, metrics: metrics,
            arrivalRate: arrivals / span, rotation: rotation, poolMetrics: poolMetrics)
    }

    /// The count `tier` should have now: the policy's recommendation for `observation`,
    /// within the bounds in force (at most `ceiling`, the slots a tier can fill while as many
    /// droplets drain), then governed (rate limits, stabilisation). With the reason the
    /// policy gave, for the scale-event log.
    mutating func decide(tier: Int, observation: TierObservation, counted: Int, ceiling: Int, at now: Double) -> (target: Int, reason: String) {
        var recommendation = autoscalers[tier].policy!.recommend(for: observation)
        if let minimum = recommendation.minimum { autoscalers[tier].minimum = min(minimum, ceiling) }
        if let maximum = recommendation.maximum { autoscalers[tier].maximum = min(maximum, ceiling) }
        if autoscalers[tier].minimum > autoscalers[tier].maximum { autoscalers[tier].minimum = autoscalers[tier].maximum }
        if autoscalers[tier].scalesOutOnly && recommendation.desired < counted { recommendation.desired = counted }
        let (minimum, maximum) = (autoscalers[tier].minimum, autoscalers[tier].maximum)
        let clamped = min(max(recommendation.desired, minimum), maximum)
        let governed = autoscalers[tier].governor.govern(
            recommended: clamped, current: counted, minimum: minimum, maximum: maximum, at: now)
        return (governed, recommendation.reason)
    }

    /// The fleet went from `old` to `new` droplets: logged, and told to the governor and
    /// the policy.
    mutating func recordScale(tier: Int, from old: Int, to new: Int, reason: String, at now: Double) {
        autoscalers[tier].scaleEvents.append(ScaleEvent(time: now, from: old, to: new, reason: reason))
        autoscalers[tier].governor.recordScale(from: old, to: new, at: now)
        autoscalers[tier].policy!.didScale(from: old, to: new, at: now)
    }

    /// A tier had capacity on its way (counted droplets not yet in rotation).
    mutating func noteCapacityOnItsWay() { scaledDuringWindow = true }

    /// An SLO window closed: the next one starts with no capacity on its way noted.
    mutating func startWindow() { scaledDuringWindow = false }

    /// Every tier's scale events, in tier order.
    var scaleEvents: [[ScaleEvent]] { autoscalers.map(\.scaleEvents) }

    func checkInvariants() throws(InvariantViolation) {
        for (tier, autoscaler) in autoscalers.enumerated() {
            try InvariantViolation.require(autoscaler.inFlight >= 0 && autoscaler.inFlightArea.value == Double(autoscaler.inFlight),
                                           "ScalingController", "tier \(tier): \(autoscaler.inFlight) requests held, level \(autoscaler.inFlightArea.value)")
            try InvariantViolation.require(autoscaler.minimum <= autoscaler.maximum, "ScalingController",
                                           "tier \(tier): bounds [\(autoscaler.minimum), \(autoscaler.maximum)]")
        }
    }
}
