import Results
import SimCore

/// Scale-in as it happens: the decision, a deregistration lag during which the balancer still
/// sends the droplet new requests, then a shutdown grace for the requests in flight, then the
/// destruction, after which what the droplet still held is lost.
extension DropletFleets {
    /// The droplet a scale-in removes: the newest of `tier`'s droplets in rotation and alive
    /// (local index), or `nil` when none is.
    func newestServing(in rotation: [Int32], tier: Int) -> Int? {
        let first = layout.firstDroplet[tier]
        var best: Int?
        for local in rotation where states[first + Int(local)] == .inRotation {
            if let current = best, created[first + Int(local)] <= created[first + current] { continue }
            best = Int(local)
        }
        return best
    }

    /// A scale-in chose `droplet`: it no longer counts. Returns the epoch with which the caller
    /// schedules the end of the deregistration lag, or `nil` when there is no lag and the
    /// caller takes it out of the rotation now (`shutDown`).
    mutating func beginScaleIn(_ droplet: Int, tier: Int, at now: Double) -> UInt32? {
        byTier[tier].ready.add(-1, at: now)
        byTier[tier].counted -= 1
        epochs[droplet] &+= 1
        guard lifecycles[tier].deregistrationLag > 0 else { return nil }
        states[droplet] = .deregistering
        return epochs[droplet]
    }

    /// The deregistration lag ended, unless the event is stale (`false`): the caller takes the
    /// droplet out of its balancer's rotation and shuts it down.
    func deregistrationEnded(_ droplet: Int, epoch: UInt32) -> Bool {
        epochs[droplet] == epoch && states[droplet] == .deregistering
    }

    /// The droplet left the rotation and was sent its shutdown. With no request left and no
    /// reason to wait (not an autoscale pool) it is destroyed at once and this returns `nil`
    /// (the caller closes its processes' pools); otherwise the caller schedules the end of
    /// the grace with the returned epoch.
    mutating func shutDown(_ droplet: Int, tier: Int, inFlight: Int, at now: Double) -> UInt32? {
        states[droplet] = .draining
        if inFlight > 0 { byTier[tier].drainsWithRequests += 1 }
        if inFlight == 0 && !lifecycles[tier].billsWholeGrace {
            retire(droplet, tier: tier, at: now)
            return nil
        }
        epochs[droplet] &+= 1
        return epochs[droplet]
    }

    /// The grace ended, unless the event is stale: the droplet is destroyed and what it still
    /// holds will fail. Returns whether its slot is off (it held nothing), so that its
    /// processes' pools close.
    mutating func graceEnded(_ droplet: Int, epoch: UInt32, inFlight: Int, at now: Double) -> Bool {
        guard epochs[droplet] == epoch, states[droplet] == .draining else { return false }
        let tier = layout.tier(ofDroplet: droplet)
        destroy(droplet, tier: tier, at: now)
        byTier[tier].servingWorkers.add(-Double(tiers[tier].workersPerDroplet), at: now)
        states[droplet] = inFlight == 0 ? .off : .retiring
        return states[droplet] == .off
    }

    /// The last request of a droplet on its way out finished: returns whether its slot is now
    /// off, so that its processes' pools close. A draining droplet is destroyed now, unless its
    /// tier is an autoscale pool, which destroys it only at the end of the grace.
    mutating func emptied(_ droplet: Int, at now: Double) -> Bool {
        let tier = layout.tier(ofDroplet: droplet)
        switch states[droplet] {
        case .draining:
            guard !lifecycles[tier].billsWholeGrace else { return false }
            epochs[droplet] &+= 1
            retire(droplet, tier: tier, at: now)
            return true
        case .retiring, .crashRetiring:
            states[droplet] = .off
            return true
        case .off, .booting, .checking, .failed, .inRotation, .deregistering, .crashed:
            return false
        }
    }

    /// A request completed on a droplet destroyed under it: it counts as lost.
    mutating func lostRequest(tier: Int) {
        byTier[tier].lostRequests += 1
    }

    /// A request completed on a draining droplet, within its grace.
    mutating func finishedDuringGrace(tier: Int) {
        byTier[tier].finishedDuringGrace += 1
    }

    /// A shut-down droplet: destroyed, its slot free again.
    private mutating func retire(_ droplet: Int, tier: Int, at now: Double) {
        destroy(droplet, tier: tier, at: now)
        byTier[tier].servingWorkers.add(-Double(tiers[tier].workersPerDroplet), at: now)
        states[droplet] = .off
    }
}
