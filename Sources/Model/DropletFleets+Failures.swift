import Foundation
import SimCore

/// Failures while serving and the warm-up of fresh droplets.
///
/// A droplet in rotation fails after an exponential time with the tier's mean time between
/// failures, drawn when it joins the rotation from the tier's failure stream. Failing, it
/// stops serving at once: what it held fails, and what the balancer still sends it fails
/// too, until `unhealthy_threshold` health checks in a row have failed. Then it leaves the
/// rotation and is destroyed (FACTS.md: "A dead backend leaves after about 50 s").
extension DropletFleets {
    /// When `droplet`, which just joined the rotation (or starts the run in it), fails, in
    /// seconds; `nil` when its tier's droplets do not fail.
    mutating func failureTime(of droplet: Int, tier: Int, at now: Double) -> Double? {
        let mean = lifecycles[tier].meanTimeBetweenFailures
        guard mean.isFinite else { return nil }
        return now - mean * log(failureStreams[tier].nextOpenUnit())
    }

    /// The droplet fails, unless the event is stale (it left the rotation since): returns when
    /// its balancer takes it out of rotation, at the `unhealthy_threshold`-th failed check.
    /// The caller marks it down at the balancer.
    mutating func crash(_ droplet: Int, epoch: UInt32, at now: Double) -> Double? {
        guard epochs[droplet] == epoch, states[droplet] == .inRotation else { return nil }
        let tier = layout.tier(ofDroplet: droplet)
        let lifecycle = lifecycles[tier].scenario
        let interval = lifecycle.healthCheckInterval
        states[droplet] = .crashed
        byTier[tier].crashes += 1
        byTier[tier].ready.add(-1, at: now)
        byTier[tier].servingWorkers.add(-Double(tiers[tier].workersPerDroplet), at: now)
        // The initial droplets' checks have no phase yet: it is drawn now, from the failure
        // stream, so that runs without failures draw nothing.
        if checkOrigin[droplet].isNaN { checkOrigin[droplet] = failureStreams[tier].nextUnit() * interval }
        var firstFailing = checkOrigin[droplet] + (((now - checkOrigin[droplet]) / interval).rounded(.down) + 1) * interval
        if firstFailing <= now { firstFailing += interval }
        return firstFailing + Double(lifecycle.unhealthyThreshold - 1) * interval
    }

    /// The balancer found the droplet dead, unless the event is stale (`nil`): it is destroyed
    /// (its bill stops) and no longer counts. Returns whether its slot is off (it held
    /// nothing), so that its processes' pools close.
    mutating func failureDetected(_ droplet: Int, epoch: UInt32, inFlight: Int, at now: Double) -> Bool? {
        guard epochs[droplet] == epoch, states[droplet] == .crashed else { return nil }
        let tier = layout.tier(ofDroplet: droplet)
        destroy(droplet, tier: tier, at: now)
        byTier[tier].counted -= 1
        epochs[droplet] &+= 1
        states[droplet] = inFlight == 0 ? .off : .crashRetiring
        return states[droplet] == .off
    }

    /// A request that was on a droplet when it failed ended: it counts as lost to the failure.
    mutating func lostToCrash(tier: Int) {
        byTier[tier].requestsLostToCrash += 1
    }

    /// The factor by which a CPU slice starting now on `droplet` of `tier` is slower than its
    /// demand: `1 + (slowdown − 1) × (time left in the warm-up / warm-up)`, 1 once warm.
    ///
    /// - Complexity: O(1); two loads and a compare for a warm droplet.
    @inline(__always)
    func slowdown(droplet: Int, tier: Int, at now: Double) -> Double {
        let left = warmUntil[droplet] - now
        guard left > 0 else { return 1 }
        return 1 + lifecycles[tier].warmUpExcess * left / lifecycles[tier].warmUpDuration
    }
}
