import Foundation
import Scenarios

/// The same platform under other load: what the plan's sensitivity and its re-plan month are
/// measured on, and the peak window the search probes.
extension Scenario {
    /// Every tenant group's rate multiplied by `factor` (0.8, 1.2, 1.5): the mix, the tenants'
    /// sizes and the daily shape stay as they are.
    public func scalingLoad(by factor: Double) -> Scenario {
        var scenario = self
        for index in scenario.tenantGroups.indices { scenario.tenantGroups[index].ratePerTenant *= factor }
        return scenario
    }

    /// The load `months` months from the scenario's start, each group grown by its own
    /// `growth_per_month` compounded: `rate × (1 + growth)^months`.
    public func projected(months: Int) -> Scenario {
        var scenario = self
        for index in scenario.tenantGroups.indices {
            let group = scenario.tenantGroups[index]
            scenario.tenantGroups[index].ratePerTenant = group.ratePerTenant * pow(1 + group.growthPerMonth, Double(months))
        }
        return scenario
    }

    /// The stretch `[offset, offset + duration)` of the horizon as a scenario of its own: the
    /// calendar starts at the stretch, bursts keep their wall-clock instants, no warm-up.
    /// Growth restarts at the stretch's start (its load is that of the scenario's start): a
    /// lighter load, which keeps a probe optimistic.
    func window(offset: Double, duration: Double) -> Scenario {
        var scenario = self
        scenario.start = start.addingTimeInterval(offset)
        scenario.horizon = duration
        scenario.warmup = 0
        for index in scenario.tenantGroups.indices {
            scenario.tenantGroups[index].bursts = scenario.tenantGroups[index].bursts.compactMap { burst in
                // A ramped burst is moved whole, not cut: a cut would restart its ramp at the
                // stretch's start. Its start may then lie before 0, which the profile allows.
                if burst.rampUp > 0 || burst.rampDown > 0 {
                    guard burst.start + burst.duration > offset && burst.start < offset + duration else { return nil }
                    var moved = burst
                    moved.start -= offset
                    return moved
                }
                let begin = max(burst.start - offset, 0)
                let end = min(burst.start + burst.duration - offset, duration)
                guard end > begin else { return nil }
                return Burst(start: begin, duration: end - begin, factor: burst.factor, tenant: burst.tenant)
            }
        }
        return scenario
    }

    /// Every autoscaled tier fixed at its maximum: more capacity than the policy would ever
    /// have, from the first second.
    var atLargestFleet: Scenario {
        var scenario = self
        for index in scenario.tiers.indices {
            guard let autoscaling = scenario.tiers[index].autoscaling else { continue }
            scenario.tiers[index].droplets = max(autoscaling.maximum, scenario.tiers[index].droplets)
            scenario.tiers[index].autoscaling = nil
        }
        return scenario
    }
}
