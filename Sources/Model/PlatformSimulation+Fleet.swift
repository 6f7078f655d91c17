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
            for local in 0..<tier.initialDroplets { balancers.register(local: local, tier: index) }
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
    /// then the newest droplet in rotation is deregistered and drained.
    mutating func removeDroplet(tier: Int) {
        if fleets.removeNotServing(tier: tier, at: now) { return }
        guard let local = fleets.newest(in: balancers.rotation[tier], tier: tier) else { return }
        balancers.deregister(local: local, tier: tier)
        let droplet = layout.firstDroplet[tier] + local
        if let epoch = fleets.drain(droplet, tier: tier, inFlight: balancers.inFlight(droplet: droplet), at: now) {
            calendar.schedule(.drainDeadline(droplet: Int32(droplet), epoch: epoch), after: model.tierLifecycles[tier].drainTimeout)
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

    /// The drain timeout passed with requests still running: the droplet is destroyed and
    /// what it still held fails.
    mutating func drainDeadline(_ droplet: Int, epoch: UInt32) {
        if fleets.drainDeadline(droplet, epoch: epoch, inFlight: balancers.inFlight(droplet: droplet), at: now) {
            closeApplicationConnections(droplet: droplet, tier: layout.tier(ofDroplet: droplet))
        }
    }

    /// Called when a draining or retiring droplet's last request finishes.
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
