import Autoscaling
import Results
import Scenarios
import SimCore

/// The fleets in the loop: the controllers' ticks, acting on their decisions, and the
/// droplets' lifecycle events, each a conversation between `ScalingController`,
/// `DropletFleets`, the balancers and the calendar.
extension PlatformSimulation {
    // MARK: Set-up

    /// Puts each tier's initial droplets in rotation, schedules the first controller ticks
    /// and takes the snapshot every window is measured from.
    mutating func setUpFleets() {
        for (index, tier) in model.tiers.enumerated() {
            for local in 0..<tier.initialDroplets {
                balancers.register(local: local, tier: index)
                scheduleFailure(of: layout.firstDroplet[index] + local, tier: index)
            }
            if controller.isAutoscaled(tier: index) {
                calendar.schedule(.controllerTick(tier: Int32(index)), at: min(controller.interval(tier: index), horizon))
            }
            controller.start(tier: index, with: snapshot(tier: index))
        }
    }

    // MARK: The controller

    /// Observe, recommend, clamp, govern, act: DESIGN §4 "Autoscaling in the loop".
    mutating func controllerTick(tier: Int) {
        let spec = model.tiers[tier]
        let counted = fleets.byTier[tier].counted
        let first = layout.firstDroplet[tier]
        let rotation = balancers.rotation[tier].map { local in
            DropletReadiness(created: fleets.created[first + Int(local)], readySince: fleets.healthySince[first + Int(local)])
        }
        let observation = controller.observe(tier: tier, spec: spec, latest: snapshot(tier: tier), droplets: counted,
                                             rotation: rotation)
        let (target, reason) = controller.decide(tier: tier, observation: observation, counted: counted,
                                                 ceiling: spec.slots / 2, at: now)
        if target != counted {
            let reached = resize(tier: tier, to: target)
            if reached != counted { controller.recordScale(tier: tier, from: counted, to: reached, reason: reason, at: now) }
        }
        if fleets.byTier[tier].counted > balancers.rotation[tier].count { controller.noteCapacityOnItsWay() }
        if now + controller.interval(tier: tier) <= horizon + 1e-9 {
            calendar.schedule(.controllerTick(tier: Int32(tier)), after: controller.interval(tier: tier))
        }
    }

    mutating func snapshot(tier: Int) -> FleetSnapshot {
        controller.snapshot(
            tier: tier, busyArea: workers.busyArea(tier: tier, at: now),
            servingArea: fleets.byTier[tier].servingWorkers.area(at: now), readyArea: fleets.byTier[tier].ready.area(at: now),
            dispatched: balancers.dispatchedCount(tier: tier), at: now)
    }

    // MARK: Acting

    /// Creates or removes droplets until `target` are counted; returns the count reached
    /// (lower than asked when every slot is still busy with a departing droplet).
    mutating func resize(tier: Int, to target: Int) -> Int {
        while fleets.byTier[tier].counted < target {
            guard createDroplet(tier: tier) else { break }
        }
        while fleets.byTier[tier].counted > target {
            removeDroplet(tier: tier)
        }
        return fleets.byTier[tier].counted
    }

    mutating func createDroplet(tier: Int) -> Bool {
        guard let (droplet, bootDelay) = fleets.create(tier: tier, at: now) else { return false }
        calendar.schedule(.dropletBooted(droplet: Int32(droplet), epoch: fleets.epochs[droplet]), after: bootDelay)
        return true
    }

    /// Capacity not yet serving goes first (a failed droplet, then the newest booting one);
    /// then the newest droplet in rotation is scaled in: deregistered (at once, or after the
    /// tier's deregistration lag, meanwhile still getting new requests), then shut down.
    mutating func removeDroplet(tier: Int) {
        if fleets.removeNotServing(tier: tier, at: now) { return }
        guard let local = fleets.newestServing(in: balancers.rotation[tier], tier: tier) else { return }
        let droplet = layout.firstDroplet[tier] + local
        if let epoch = fleets.beginScaleIn(droplet, tier: tier, at: now) {
            calendar.schedule(.deregistered(droplet: Int32(droplet), epoch: epoch), after: fleets.lifecycles[tier].deregistrationLag)
        } else {
            shutDown(droplet, tier: tier)
        }
    }

    /// The droplet leaves its balancer's rotation and is sent its shutdown: its requests in
    /// flight get the tier's grace, then it is destroyed.
    mutating func shutDown(_ droplet: Int, tier: Int) {
        balancers.deregister(local: droplet - layout.firstDroplet[tier], tier: tier)
        if let epoch = fleets.shutDown(droplet, tier: tier, inFlight: balancers.inFlight(droplet: droplet), at: now) {
            calendar.schedule(.graceEnded(droplet: Int32(droplet), epoch: epoch), after: fleets.lifecycles[tier].shutdownGrace)
        } else {
            closeApplicationConnections(droplet: droplet, tier: tier)
        }
    }

    // MARK: Lifecycle events

    mutating func dropletBooted(_ droplet: Int, epoch: UInt32) {
        switch fleets.booted(droplet, epoch: epoch, at: now) {
        case let .failed(replaceAt):
            calendar.schedule(.dropletReplace(droplet: Int32(droplet), epoch: epoch), at: replaceAt)
        case let .checking(healthyAfter):
            calendar.schedule(.dropletHealthy(droplet: Int32(droplet), epoch: epoch), after: healthyAfter)
        case nil:
            break
        }
    }

    mutating func dropletHealthy(_ droplet: Int, epoch: UInt32) {
        guard fleets.turnedHealthy(droplet, epoch: epoch, at: now) else { return }
        let tier = layout.tier(ofDroplet: droplet)
        let spec = model.tiers[tier]
        let local = droplet - layout.firstDroplet[tier]
        balancers.register(local: local, tier: tier)
        scheduleFailure(of: droplet, tier: tier)
        if spec.balancing == .centralQueue {
            // Requests held at the balancer flow to the new droplet's workers at once.
            let firstWorker = layout.firstWorker[tier] + local * spec.workersPerDroplet
            for worker in firstWorker..<firstWorker + spec.workersPerDroplet {
                while balancers.hasRoom(worker, tier: tier), let next = balancers.takeHeld(tier: tier) {
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
        guard fleets.removeFailed(droplet, epoch: epoch, at: now) else { return }
        _ = createDroplet(tier: layout.tier(ofDroplet: droplet))
    }

    /// A scale-in's deregistration lag ended: the balancer sends the droplet nothing more.
    mutating func deregistrationEnded(_ droplet: Int, epoch: UInt32) {
        guard fleets.deregistrationEnded(droplet, epoch: epoch) else { return }
        shutDown(droplet, tier: layout.tier(ofDroplet: droplet))
    }

    /// The shutdown grace ended: the droplet is destroyed and what it still held fails.
    mutating func graceEnded(_ droplet: Int, epoch: UInt32) {
        if fleets.graceEnded(droplet, epoch: epoch, inFlight: balancers.inFlight(droplet: droplet), at: now) {
            closeApplicationConnections(droplet: droplet, tier: layout.tier(ofDroplet: droplet))
        }
    }

    // MARK: Failures while serving

    /// Draws when a droplet that just joined the rotation fails, and schedules it within the horizon.
    mutating func scheduleFailure(of droplet: Int, tier: Int) {
        guard let time = fleets.failureTime(of: droplet, tier: tier, at: now), time <= horizon else { return }
        calendar.schedule(.dropletFailed(droplet: Int32(droplet), epoch: fleets.epochs[droplet]), at: time)
    }

    /// The droplet stops serving; the balancer keeps routing to it until its health checks
    /// find it dead.
    mutating func dropletFailed(_ droplet: Int, epoch: UInt32) {
        guard let detection = fleets.crash(droplet, epoch: epoch, at: now) else { return }
        let tier = layout.tier(ofDroplet: droplet)
        balancers.markDown(local: droplet - layout.firstDroplet[tier], tier: tier)
        if detection <= horizon {
            calendar.schedule(.failureDetected(droplet: Int32(droplet), epoch: fleets.epochs[droplet]), at: detection)
        }
    }

    /// The failed droplet leaves the rotation and is destroyed. A tier without a controller is
    /// repaired at once with a new droplet (which boots and passes its checks like any); an
    /// autoscaled tier's controller sees one droplet fewer at its next tick and decides.
    mutating func failureDetected(_ droplet: Int, epoch: UInt32) {
        let tier = layout.tier(ofDroplet: droplet)
        guard let off = fleets.failureDetected(droplet, epoch: epoch, inFlight: balancers.inFlight(droplet: droplet), at: now) else { return }
        balancers.deregister(local: droplet - layout.firstDroplet[tier], tier: tier)
        if off { closeApplicationConnections(droplet: droplet, tier: tier) }
        if fleets.lifecycles[tier].replacesFailedDroplets { _ = createDroplet(tier: tier) }
    }

    // MARK: Warm-up

    /// How long the request's next CPU slice takes on `worker`: its demand, times the
    /// droplet's warm-up slowdown while it is fresh.
    @inline(__always)
    func sliceSeconds(_ slot: Int, worker: Int) -> Double {
        let cpu = requests[slot].sliceCPU
        guard fleets.warmsUp else { return cpu }
        let tier = Int(requests[slot].tier)
        return cpu * fleets.slowdown(droplet: layout.droplet(ofWorker: worker, tier: tier), tier: tier, at: now)
    }

    /// Called when the last request of a droplet out of rotation (or failed) finishes.
    mutating func dropletEmptied(_ droplet: Int) {
        if fleets.emptied(droplet, at: now) {
            closeApplicationConnections(droplet: droplet, tier: layout.tier(ofDroplet: droplet))
        }
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
}

extension PolicyConfiguration {
    /// Whether any policy in this configuration reads `metric`: the simulation records
    /// per-tier latencies only when some policy needs their percentile.
    func reads(_ metric: ScalingMetric) -> Bool {
        switch self {
        case let .targetTracking(configuration): configuration.targets.contains { $0.metric == metric }
        case let .step(configuration): configuration.metric == metric
        case let .dropletAutoscalePool(configuration): configuration.targets.contains { $0.metric == metric }
        case let .combined(members): members.contains { $0.reads(metric) }
        case .fixed, .scheduled, .predictive: false
        }
    }
}
