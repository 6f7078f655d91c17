/// Several policies at once, the largest count winning: predictive scaling beside target
/// tracking, as AWS runs them (FACTS.md "Autoscalers": predictive is "used beside dynamic
/// scaling"), or a schedule beside either.
///
/// Taking the largest is AWS's rule for several scaling policies ("out if any says out, in
/// only if all agree") and the HPA's rule for several metrics: capacity is cheaper than
/// an outage.
///
/// Bound changes are not competed for: the first member (in order) that sets a minimum or
/// maximum gives it, whichever member wins the count. Every member hears of every change
/// through `didScale`, since each one's cooldown runs from actual scaling.
public struct CombinedPolicy: ScalingPolicy {
    public private(set) var policies: [any ScalingPolicy]

    public init(policies: [any ScalingPolicy]) {
        self.policies = policies
    }

    /// Asks every member (each may update its own state) and keeps the largest count; on a
    /// tie the earlier member gives the reason. With no members the count stays.
    ///
    /// - Complexity: O(*n*) calls for *n* members.
    public mutating func recommend(for observation: TierObservation) -> ScalingRecommendation {
        var best: ScalingRecommendation?
        var minimum: Int?
        var maximum: Int?
        for index in policies.indices {
            let answer = policies[index].recommend(for: observation)
            minimum = minimum ?? answer.minimum
            maximum = maximum ?? answer.maximum
            // A member with no count to ask for (a scheduled desired already applied) does
            // not hold the fleet up: AWS lets the other policies scale in after it.
            if answer.abstains { continue }
            if best == nil || answer.desired > best!.desired {
                best = ScalingRecommendation(
                    desired: answer.desired, reason: "[\(index)] \(Self.kind(of: policies[index])): \(answer.reason)")
            }
        }
        var result = best ?? ScalingRecommendation(desired: observation.droplets, reason: "no member asks for a count", abstains: true)
        result.minimum = minimum
        result.maximum = maximum
        return result
    }

    public mutating func didScale(from old: Int, to new: Int, at time: Double) {
        for index in policies.indices {
            policies[index].didScale(from: old, to: new, at: time)
        }
    }

    /// The member's type name ("TargetTrackingPolicy"), so that the scale-event log says
    /// which policy drove a change.
    private static func kind(of policy: any ScalingPolicy) -> String {
        String(describing: type(of: policy))
    }
}
