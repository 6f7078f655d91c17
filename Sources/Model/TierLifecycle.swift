import Scenarios

/// A tier's droplet lifecycle as the simulation applies it: the scenario's fields resolved
/// against the tier's size (the mean time between failures) and its policy (a DigitalOcean
/// autoscale pool's shutdown grace and billing), in plain numbers for the event loop.
struct TierLifecycle {
    /// Everything the scenario said, for the boot and health-check parts.
    let scenario: DropletLifecycle
    /// Seconds from a scale-in decision to the balancer's last new request.
    let deregistrationLag: Double
    /// Seconds a droplet's requests in flight get once it stops taking new ones.
    let shutdownGrace: Double
    /// Whether the droplet lives (and is billed) for the whole grace even when its last request
    /// finished sooner: DigitalOcean's autoscale pools destroy it 60 s after the shutdown
    /// whatever it holds. Other tiers are destroyed as soon as they are empty, as a
    /// drain-then-destroy script does.
    let billsWholeGrace: Bool
    /// Mean seconds between failures while serving; `.infinity` when droplets do not fail.
    let meanTimeBetweenFailures: Double
    /// Seconds of warm-up (0: none) and the slowdown's excess over 1 when a droplet joins.
    let warmUpDuration: Double
    let warmUpExcess: Double
    /// Whether the simulation itself replaces a droplet that failed while serving: a tier with
    /// no controller (a fixed fleet) is repaired at once when the failure is detected; an
    /// autoscaled tier's controller sees the count drop and decides.
    let replacesFailedDroplets: Bool

    init(_ tier: ServiceTier) {
        scenario = tier.lifecycle
        deregistrationLag = tier.lifecycle.deregistrationLag
        shutdownGrace = tier.lifecycle.shutdownGrace(under: tier.autoscaling)
        billsWholeGrace = tier.autoscaling?.policy.includesDropletAutoscalePool == true
        meanTimeBetweenFailures = tier.lifecycle.meanTimeBetweenFailures(size: tier.size.slug) ?? .infinity
        warmUpDuration = tier.lifecycle.warmUp?.duration ?? 0
        warmUpExcess = (tier.lifecycle.warmUp?.slowdown ?? 1) - 1
        replacesFailedDroplets = tier.autoscaling == nil
    }

    /// Each of `model`'s tiers, in `model.tiers` order.
    static func of(_ model: PlatformModel) -> [TierLifecycle] {
        model.tiers.compactMap { model.scenario.tier($0.role).map(TierLifecycle.init) }
    }

    var failsWhileServing: Bool { meanTimeBetweenFailures.isFinite }
    var warmsUp: Bool { warmUpDuration > 0 && warmUpExcess > 0 }
}
