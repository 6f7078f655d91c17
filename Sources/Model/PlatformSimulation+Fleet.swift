import Autoscaling
import DequeModule
import DigitalOceanCatalog
import HeapModule
import Results
import Scenarios
import SimCore
import YAMLSupport

/// Where a droplet slot is in its life. Billing runs from `booting` to the end of
/// `draining`; a `retiring` droplet is destroyed but still has requests that will fail.
enum DropletState: UInt8 {
    case off, booting, checking, failed, inRotation, draining, retiring

    /// Counted as the tier's size by the controller: everything not on its way out.
    var isCounted: Bool { self == .booting || self == .checking || self == .failed || self == .inRotation }
}

/// One tier's autoscaling state: the policy in the loop, its governor, the bounds in force,
/// and the cumulative measures the controller differences over its window.
struct Fleet {
    var policy: (any ScalingPolicy)?
    var governor: ScalingGovernor
    /// Predictive scaling alone never scales in (AWS): its count is a floor.
    var scalesOutOnly: Bool
    var minimum: Int
    var maximum: Int
    var interval: Double
    var window: Double
    /// Booting, checking, failed or in rotation. (Those in rotation are `rotation[tier]`.)
    var counted: Int
    /// Droplets in rotation over time, and workers able to run (in rotation or draining).
    var readyDroplets = TimeWeightedMean()
    var servingWorkers = TimeWeightedMean()
    /// Busy-worker area accumulated before the warm-up reset the tier's utilization.
    var busyAreaBeforeReset = 0.0
    var inFlight = 0
    var inFlightArea = TimeWeightedMean()
    var tracksLatency = false
    /// One histogram per controller interval, used as a ring; merged for the window's p95.
    var latencyRing: [LatencyRecorder] = []
    /// The ring's slot recording now.
    var latencyRingHead = 0
    var snapshots: [FleetSnapshot] = []
    var lifetimes: [DropletLifetime] = []
    var scaleEvents: [ScaleEvent] = []
    var failedDroplets = 0
    var lostRequests = 0
    /// Scale-ins that found the droplet still serving requests, which then drained.
    var drainsWithRequests = 0
}

/// Cumulative measures at one controller wake-up.
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

extension PlatformSimulation {
    // MARK: Set-up

    mutating func setUpFleets() {
        for (index, tier) in model.tiers.enumerated() {
            let first = layout.firstDroplet[index]
            for local in 0..<tier.initialDroplets {
                dropletState[first + local] = .inRotation
                balancers.register(local: local, tier: index)
            }
            let initial = tier.initialDroplets
            let autoscaling = model.tierAutoscaling[index]
            var fleet = Fleet(
                policy: autoscaling.map { $0.policy.makePolicy(initialDroplets: initial, horizon: horizon) },
                governor: ScalingGovernor(behavior: autoscaling?.behavior ?? .unlimited),
                scalesOutOnly: autoscaling.map { if case .predictive = $0.policy { true } else { false } } ?? false,
                minimum: autoscaling?.minimum ?? initial, maximum: autoscaling?.maximum ?? initial,
                interval: autoscaling?.interval ?? 0, window: autoscaling?.window ?? 0,
                counted: initial)
            fleet.readyDroplets = TimeWeightedMean(value: Double(initial), at: 0)
            fleet.servingWorkers = TimeWeightedMean(value: Double(initial * tier.workersPerDroplet), at: 0)
            if let autoscaling {
                fleet.tracksLatency = autoscaling.policy.reads(.p95Latency)
                let intervals = Int((autoscaling.window / autoscaling.interval).rounded(.up))
                if fleet.tracksLatency { fleet.latencyRing = Array(repeating: LatencyRecorder(significantDigits: 2), count: intervals) }
                calendar.schedule(.controllerTick(tier: Int32(index)), at: min(autoscaling.interval, horizon))
            }
            fleets.append(fleet)
            fleets[index].snapshots = [snapshot(tier: index)]
        }
    }

    // MARK: The controller

    /// Observe, recommend, clamp, govern, act: DESIGN §4 "Autoscaling in the loop".
    mutating func controllerTick(tier: Int) {
        let spec = model.tiers[tier]
        let observation = observe(tier: tier)
        var recommendation = fleets[tier].policy!.recommend(for: observation)
        let ceiling = spec.slots / 2
        if let minimum = recommendation.minimum { fleets[tier].minimum = min(minimum, ceiling) }
        if let maximum = recommendation.maximum { fleets[tier].maximum = min(maximum, ceiling) }
        if fleets[tier].minimum > fleets[tier].maximum { fleets[tier].minimum = fleets[tier].maximum }
        let counted = fleets[tier].counted
        if fleets[tier].scalesOutOnly && recommendation.desired < counted { recommendation.desired = counted }
        let (minimum, maximum) = (fleets[tier].minimum, fleets[tier].maximum)
        let clamped = min(max(recommendation.desired, minimum), maximum)
        let governed = fleets[tier].governor.govern(
            recommended: clamped, current: counted, minimum: minimum, maximum: maximum, at: now)
        if governed != counted {
            let reached = resize(tier: tier, to: governed)
            if reached != counted {
                fleets[tier].scaleEvents.append(ScaleEvent(time: now, from: counted, to: reached, reason: recommendation.reason))
                fleets[tier].governor.recordScale(from: counted, to: reached, at: now)
                fleets[tier].policy!.didScale(from: counted, to: reached, at: now)
            }
        }
        if fleets[tier].counted > balancers.rotation[tier].count { fleetScaling = true }
        if now + fleets[tier].interval <= horizon + 1e-9 {
            calendar.schedule(.controllerTick(tier: Int32(tier)), after: fleets[tier].interval)
        }
    }

    /// The tier's measures over the last `window`, from the snapshot at its start.
    mutating func observe(tier: Int) -> TierObservation {
        let spec = model.tiers[tier]
        let latest = snapshot(tier: tier)
        fleets[tier].snapshots.append(latest)
        // The oldest snapshot kept is the last one at or before the window's start.
        let windowStart = now - fleets[tier].window + 1e-9
        while fleets[tier].snapshots.count > 1 && fleets[tier].snapshots[1].time <= windowStart {
            fleets[tier].snapshots.removeFirst()
        }
        let oldest = fleets[tier].snapshots[0]
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
        let waits = latest.poolWaitCount - oldest.poolWaitCount
        if tier == PlatformModel.apiTier && waits > 0 { metrics[.poolWait] = (latest.poolWaitSum - oldest.poolWaitSum) / Double(waits) }
        if fleets[tier].tracksLatency {
            var merged = LatencyRecorder(significantDigits: 2)
            for recorder in fleets[tier].latencyRing { merged.merge(recorder) }
            if !merged.isEmpty { metrics[.p95Latency] = merged.percentile(95) }
            // The oldest slot becomes the newest, emptied in O(1).
            let next = (fleets[tier].latencyRingHead + 1) % fleets[tier].latencyRing.count
            fleets[tier].latencyRing[next].reset()
            fleets[tier].latencyRingHead = next
        }
        return TierObservation(
            time: now, window: span, droplets: fleets[tier].counted, ready: balancers.rotation[tier].count,
            minimum: fleets[tier].minimum, maximum: fleets[tier].maximum, metrics: metrics,
            arrivalRate: arrivals / span)
    }

    mutating func snapshot(tier: Int) -> FleetSnapshot {
        FleetSnapshot(
            time: now,
            busyArea: fleets[tier].busyAreaBeforeReset + workers.busyArea(tier: tier, at: now),
            servingArea: fleets[tier].servingWorkers.area(at: now),
            readyArea: fleets[tier].readyDroplets.area(at: now),
            inFlightArea: fleets[tier].inFlightArea.area(at: now),
            arrivals: balancers.dispatchedCount(tier: tier),
            poolWaitSum: controllerPoolWaitSum, poolWaitCount: controllerPoolWaitCount)
    }

    // MARK: Acting

    /// Creates or removes droplets until `target` are counted; returns the count reached
    /// (lower than asked when every slot is still busy with a departing droplet).
    mutating func resize(tier: Int, to target: Int) -> Int {
        while fleets[tier].counted < target {
            guard createDroplet(tier: tier) else { break }
        }
        while fleets[tier].counted > target {
            removeDroplet(tier: tier)
        }
        return fleets[tier].counted
    }

    mutating func createDroplet(tier: Int) -> Bool {
        let spec = model.tiers[tier]
        let first = layout.firstDroplet[tier]
        guard let local = (0..<spec.slots).first(where: { dropletState[first + $0] == .off && balancers.inFlight(droplet: first + $0) == 0 }) else {
            return false
        }
        let droplet = first + local
        dropletState[droplet] = .booting
        dropletCreated[droplet] = now
        dropletEpoch[droplet] &+= 1
        fleets[tier].counted += 1
        let lifecycle = model.tierLifecycles[tier]
        let boot = lifecycle.bootTime.sample(using: &lifecycleStreams[tier]) + lifecycle.appStart
        calendar.schedule(.dropletBooted(droplet: Int32(droplet), epoch: dropletEpoch[droplet]), after: boot)
        return true
    }

    /// Capacity not yet serving goes first (a failed droplet, then the newest booting one);
    /// then the newest droplet in rotation is deregistered and drained.
    mutating func removeDroplet(tier: Int) {
        let first = layout.firstDroplet[tier]
        let slots = model.tiers[tier].slots
        let order: [DropletState] = [.failed, .booting, .checking]
        for state in order {
            let candidates = (0..<slots).filter { dropletState[first + $0] == state }
            if let newest = candidates.max(by: { dropletCreated[first + $0] < dropletCreated[first + $1] }) {
                destroy(droplet: first + newest, tier: tier)
                dropletState[first + newest] = .off
                fleets[tier].counted -= 1
                return
            }
        }
        let rotation = balancers.rotation[tier]
        guard let newest = rotation.indices.max(by: {
            dropletCreated[first + Int(rotation[$0])] <= dropletCreated[first + Int(rotation[$1])]
        }) else { return }
        let local = Int(rotation[newest])
        leaveRotation(tier: tier, local: local)
        let droplet = first + local
        fleets[tier].counted -= 1
        dropletState[droplet] = .draining
        if balancers.inFlight(droplet: droplet) == 0 {
            retire(droplet: droplet, tier: tier)
        } else {
            fleets[tier].drainsWithRequests += 1
            dropletEpoch[droplet] &+= 1
            calendar.schedule(.drainDeadline(droplet: Int32(droplet), epoch: dropletEpoch[droplet]),
                              after: model.tierLifecycles[tier].drainTimeout)
        }
    }

    mutating func leaveRotation(tier: Int, local: Int) {
        balancers.deregister(local: local, tier: tier)
        fleets[tier].readyDroplets.add(-1, at: now)
    }

    /// Stops the bill: the droplet's lifetime goes to the cost model.
    mutating func destroy(droplet: Int, tier: Int) {
        fleets[tier].lifetimes.append(DropletLifetime(created: dropletCreated[droplet], destroyed: now))
    }

    // MARK: Lifecycle events

    /// `active` and the app started: health checks begin. The balancer checks every
    /// interval at its own phase; `healthy_threshold` passes in a row put the droplet in
    /// rotation. Some droplets never pass and are replaced.
    mutating func dropletBooted(_ droplet: Int, epoch: UInt32) {
        guard dropletEpoch[droplet] == epoch, dropletState[droplet] == .booting else { return }
        let tier = layout.tier(ofDroplet: droplet)
        let lifecycle = model.tierLifecycles[tier]
        let draw = lifecycleStreams[tier].nextUnit()
        if draw < lifecycle.failureProbability {
            dropletState[droplet] = .failed
            let due = max(now, dropletCreated[droplet] + lifecycle.replaceAfter)
            calendar.schedule(.dropletReplace(droplet: Int32(droplet), epoch: epoch), at: due)
            return
        }
        dropletState[droplet] = .checking
        let phase = lifecycleStreams[tier].nextUnit() * lifecycle.healthCheckInterval
        let healthy = phase + Double(lifecycle.healthyThreshold - 1) * lifecycle.healthCheckInterval
        calendar.schedule(.dropletHealthy(droplet: Int32(droplet), epoch: epoch), after: healthy)
    }

    mutating func dropletHealthy(_ droplet: Int, epoch: UInt32) {
        guard dropletEpoch[droplet] == epoch, dropletState[droplet] == .checking else { return }
        let tier = layout.tier(ofDroplet: droplet)
        let spec = model.tiers[tier]
        let local = droplet - layout.firstDroplet[tier]
        dropletState[droplet] = .inRotation
        dropletHealthyAt[droplet] = now
        balancers.register(local: local, tier: tier)
        fleets[tier].readyDroplets.add(1, at: now)
        fleets[tier].servingWorkers.add(Double(spec.workersPerDroplet), at: now)
        if spec.balancing == .centralQueue {
            // Requests held at the balancer flow to the new droplet's workers at once.
            let firstWorker = layout.firstWorker[tier] + local * spec.workersPerDroplet
            for worker in firstWorker..<firstWorker + spec.workersPerDroplet {
                while let next = balancers.nextHeld(for: worker, tier: tier) {
                    let nextSlot = Int(next)
                    requests[nextSlot].queueWait += now - requests[nextSlot].waitStart
                    requests[nextSlot].waiting = .none
                    assign(nextSlot, worker: worker)
                }
            }
        }
    }

    /// A droplet that never turned healthy is destroyed and a new one created in its place.
    mutating func replaceDroplet(_ droplet: Int, epoch: UInt32) {
        guard dropletEpoch[droplet] == epoch, dropletState[droplet] == .failed else { return }
        let tier = layout.tier(ofDroplet: droplet)
        destroy(droplet: droplet, tier: tier)
        dropletState[droplet] = .off
        fleets[tier].counted -= 1
        fleets[tier].failedDroplets += 1
        _ = createDroplet(tier: tier)
    }

    /// The drain timeout passed with requests still running: the droplet is destroyed and
    /// what it still held fails.
    mutating func drainDeadline(_ droplet: Int, epoch: UInt32) {
        guard dropletEpoch[droplet] == epoch, dropletState[droplet] == .draining else { return }
        let tier = layout.tier(ofDroplet: droplet)
        destroy(droplet: droplet, tier: tier)
        fleets[tier].servingWorkers.add(-Double(model.tiers[tier].workersPerDroplet), at: now)
        dropletState[droplet] = balancers.inFlight(droplet: droplet) == 0 ? .off : .retiring
        if dropletState[droplet] == .off { closeApplicationConnections(droplet: droplet, tier: tier) }
    }

    /// Called when a draining or retiring droplet's last request finishes.
    mutating func dropletEmptied(_ droplet: Int) {
        let tier = layout.tier(ofDroplet: droplet)
        switch dropletState[droplet] {
        case .draining:
            dropletEpoch[droplet] &+= 1
            retire(droplet: droplet, tier: tier)
        case .retiring:
            dropletState[droplet] = .off
            closeApplicationConnections(droplet: droplet, tier: tier)
        default:
            break
        }
    }

    /// A drained droplet: destroyed, its slot free again.
    mutating func retire(droplet: Int, tier: Int) {
        destroy(droplet: droplet, tier: tier)
        fleets[tier].servingWorkers.add(-Double(model.tiers[tier].workersPerDroplet), at: now)
        dropletState[droplet] = .off
        closeApplicationConnections(droplet: droplet, tier: tier)
    }

    /// The processes' node-postgres pools close with the droplet: their PgBouncer clients
    /// disconnect, and in session mode their server connections return to the pool.
    mutating func closeApplicationConnections(droplet: Int, tier: Int) {
        guard tier == PlatformModel.apiTier, applicationPools.size > 0 else { return }
        let spec = model.tiers[tier]
        let local = droplet - layout.firstDroplet[tier]
        for worker in local * spec.workersPerDroplet..<(local + 1) * spec.workersPerDroplet {
            for connection in applicationPools.idleConnections(of: worker) {
                pgBouncer.disconnectClient()
                if let reserve = applicationPools.unpinServer(from: Int(connection)) { releaseServer(reserve: reserve) }
            }
            applicationPools.reset(worker)
        }
    }

    // MARK: End of run

    /// Droplets still alive at the horizon are billed up to it.
    mutating func closeFleets() -> [FleetMeasurements] {
        model.tiers.enumerated().map { index, tier in
            let first = layout.firstDroplet[index]
            var lifetimes = fleets[index].lifetimes
            for local in 0..<tier.slots {
                switch dropletState[first + local] {
                case .booting, .checking, .failed, .inRotation, .draining:
                    lifetimes.append(DropletLifetime(created: dropletCreated[first + local], destroyed: horizon))
                case .off, .retiring:
                    break
                }
            }
            return FleetMeasurements(
                role: tier.role, autoscaled: tier.autoscaled, lifetimes: lifetimes,
                scaleEvents: fleets[index].scaleEvents, failedDroplets: fleets[index].failedDroplets,
                lostRequests: fleets[index].lostRequests, drainsWithRequests: fleets[index].drainsWithRequests, meanReady: fleets[index].readyDroplets.area(at: horizon) / max(horizon, 1e-9))
        }
    }
}

extension PolicyConfiguration {
    /// Whether any policy in this configuration reads `metric`: the simulation records
    /// per-tier latencies only when some policy needs their percentile.
    func reads(_ metric: ScalingMetric) -> Bool {
        switch self {
        case let .targetTracking(configuration): configuration.targets.contains { $0.metric == metric }
        case let .step(configuration): configuration.metric == metric
        case let .dropletAutoscalePool(configuration): configuration.metric == metric
        case let .combined(members): members.contains { $0.reads(metric) }
        case .fixed, .scheduled, .predictive: false
        }
    }
}
