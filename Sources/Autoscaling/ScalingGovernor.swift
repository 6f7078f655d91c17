/// Applies a tier's ``ScalingBehavior`` to a policy's recommendation, as the Kubernetes HPA
/// controller does: stabilization first, then rate limits, then the tier's bounds.
///
/// It follows `pkg/controller/podautoscaler/horizontal.go` (kubernetes/kubernetes):
/// `stabilizeRecommendationWithBehaviors`, `convertDesiredReplicasWithBehaviorRate`,
/// `calculateScaleUpLimitWithScalingRules` and `calculateScaleDownLimitWithBehaviors`
/// (FACTS.md "Autoscalers"; kubernetes.io, horizontal-pod-autoscale, "Configurable scaling
/// behavior"). Two details are copied on purpose because they change counts:
///
/// - Windows and periods are open at their old end: a sample exactly `window` seconds old
///   no longer counts (Go's `timestamp.After(cutoff)`).
/// - A period's starting count is `current − added + removed` within the period, counting
///   scale-ups and scale-downs both, as Kubernetes has since it kept the two event lists apart.
///
/// One deliberate difference: an empty policy list means "no rate limit" here (as
/// ``ScalingRules/policies`` documents), where Kubernetes rejects such a spec at validation.
///
/// The governor keeps state (recent recommendations and scale events), so the controller
/// keeps one per tier and tells it of every change it makes through ``recordScale(from:to:at:)``.
public struct ScalingGovernor: Sendable {
    public let behavior: ScalingBehavior

    /// Recommendations, oldest first; pruned past the longest stabilization window.
    private var recommendations: [TimedCount] = []
    /// Scale events, oldest first; pruned past the longest rate-policy period.
    private var scaleUps: [TimedCount] = []
    private var scaleDowns: [TimedCount] = []

    /// How long a recommendation can matter: the longer stabilization window.
    private let recommendationMemory: Double
    /// How long a scale event can matter: the longest rate-policy period.
    private let eventMemory: Double

    public init(behavior: ScalingBehavior) {
        self.behavior = behavior
        recommendationMemory = max(behavior.scaleUp.stabilizationWindow, behavior.scaleDown.stabilizationWindow)
        eventMemory = (behavior.scaleUp.policies + behavior.scaleDown.policies).map(\.period).max() ?? 0
    }

    /// The count to scale to now, given the policy's recommendation, and remembers the
    /// recommendation for later stabilization.
    ///
    /// - Complexity: O(*r* + *p*·*e*), with *r* the recommendations inside the longest
    ///   window, *p* the rate policies and *e* the scale events inside the longest period;
    ///   all are small (a 300 s window at a 15 s interval holds 20 recommendations).
    public mutating func govern(recommended: Int, current: Int, minimum: Int, maximum: Int, at time: Double) -> Int {
        forget(before: time)
        recommendations.append(TimedCount(time: time, count: recommended))

        let stabilized = stabilize(current: current, at: time)
        var limited = stabilized
        if stabilized > current {
            limited = min(stabilized, scaleUpLimit(current: current, at: time))
        } else if stabilized < current {
            limited = max(stabilized, scaleDownLimit(current: current, at: time))
        }
        // Kubernetes clamps to the bounds inside the rate step; clamping last also covers a
        // count already outside bounds that a scheduled action just moved.
        return min(max(limited, minimum), maximum)
    }

    /// Tells the governor the controller changed the count; rate limits count these changes.
    public mutating func recordScale(from old: Int, to new: Int, at time: Double) {
        if new > old {
            scaleUps.append(TimedCount(time: time, count: new - old))
        } else if new < old {
            scaleDowns.append(TimedCount(time: time, count: old - new))
        }
    }

    /// Kubernetes' stabilization: scale up no further than the lowest recommendation of the
    /// scale-up window, down no further than the highest of the scale-down window. With the
    /// default 300 s scale-down window a brief dip in load does not remove droplets.
    private func stabilize(current: Int, at time: Double) -> Int {
        let upCutoff = time - behavior.scaleUp.stabilizationWindow
        let downCutoff = time - behavior.scaleDown.stabilizationWindow
        // The newest recommendation is always in both windows, even a window of 0 s.
        let newest = recommendations[recommendations.count - 1].count
        var upRecommendation = newest
        var downRecommendation = newest
        for recommendation in recommendations.dropLast() {
            if recommendation.time > upCutoff { upRecommendation = min(upRecommendation, recommendation.count) }
            if recommendation.time > downCutoff { downRecommendation = max(downRecommendation, recommendation.count) }
        }
        var result = current
        if result < upRecommendation { result = upRecommendation }
        if result > downRecommendation { result = downRecommendation }
        return result
    }

    /// The highest count the scale-up rate policies allow now.
    private func scaleUpLimit(current: Int, at time: Double) -> Int {
        let rules = behavior.scaleUp
        if rules.select == .disabled { return current }
        if rules.policies.isEmpty { return Int.max }
        let proposals = rules.policies.map { policy -> Int in
            let start = periodStart(current: current, period: policy.period, at: time)
            switch policy.kind {
            case .pods:
                return start.addingReportingOverflow(policy.value).overflow ? Int.max : start + policy.value
            case .percent:
                // Rounded up so that a small fleet can always grow (horizontal.go's comment).
                return Int(clampingDroplets: (Double(start) * (1 + Double(policy.value) / 100)).rounded(.up))
            }
        }
        // .max allows the most change, which for scaling up is the largest count.
        let limit = rules.select == .max ? proposals.max()! : proposals.min()!
        // Kubernetes: never below current, "we shouldn't scale up further until the
        // scaleUpEvents will be cleaned up".
        return max(limit, current)
    }

    /// The lowest count the scale-down rate policies allow now.
    private func scaleDownLimit(current: Int, at time: Double) -> Int {
        let rules = behavior.scaleDown
        if rules.select == .disabled { return current }
        if rules.policies.isEmpty { return Int.min }
        let proposals = rules.policies.map { policy -> Int in
            let start = periodStart(current: current, period: policy.period, at: time)
            switch policy.kind {
            case .pods:
                return start - policy.value
            case .percent:
                // Go's int32(...) conversion truncates toward zero; the value is ≥ 0 here
                // whenever the percentage is at most 100.
                return Int(Double(start) * (1 - Double(policy.value) / 100))
            }
        }
        // .max allows the most change, which for scaling down is the smallest count.
        let limit = rules.select == .max ? proposals.min()! : proposals.max()!
        return min(limit, current)
    }

    /// The count at the start of a policy's period: the current count with the period's
    /// scale events undone (kubernetes `periodStartReplicas`).
    private func periodStart(current: Int, period: Double, at time: Double) -> Int {
        let cutoff = time - period
        let added = scaleUps.reduce(0) { $1.time > cutoff ? $0 + $1.count : $0 }
        let removed = scaleDowns.reduce(0) { $1.time > cutoff ? $0 + $1.count : $0 }
        return current - added + removed
    }

    /// Recommendations and scale events held: tests check that it stays bounded.
    var rememberedCount: Int { recommendations.count + scaleUps.count + scaleDowns.count }

    /// Drops what no window or period can reach any more, so that memory stays bounded over
    /// a week-long run.
    private mutating func forget(before time: Double) {
        let recommendationCutoff = time - recommendationMemory
        recommendations.removeAll { $0.time <= recommendationCutoff }
        let eventCutoff = time - eventMemory
        scaleUps.removeAll { $0.time <= eventCutoff }
        scaleDowns.removeAll { $0.time <= eventCutoff }
    }

    /// A count with the time it was recorded: a recommendation or the size of a scale event.
    private struct TimedCount: Sendable {
        var time: Double
        var count: Int
    }
}
