/// The Kubernetes HPA replica rule: desired = ceil(ready × metric / target), per metric, the
/// largest count winning (kubernetes.io, horizontal-pod-autoscale, "Algorithm details";
/// FACTS.md "Autoscalers").
///
/// It follows `pkg/controller/podautoscaler/replica_calculator.go`:
///
/// - No action while |metric / target − 1| ≤ tolerance, so that noise around the target
///   does not move the fleet.
/// - CPU and memory are averages over droplets in rotation. Droplets still booting have no
///   metric yet; when the tier looks over target, Kubernetes counts them as idle (0%) before
///   deciding, because the capacity they bring is already on its way. Without this, every
///   interval of a boot would add droplets again for the same load.
/// - A metric the tier could not measure (`nil`) is left out; with none left, nothing moves.
///
/// This policy carries no stabilization or rate limit: the controller applies the tier's
/// ``ScalingBehavior`` through a ``ScalingGovernor``, as the HPA does after this rule.
public struct TargetTrackingPolicy: ScalingPolicy {
    public let configuration: TargetTrackingConfiguration

    public init(configuration: TargetTrackingConfiguration) {
        self.configuration = configuration
    }

    /// The largest count any measured metric asks for.
    ///
    /// - Complexity: O(*m*) for *m* metric targets.
    public func recommend(for observation: TierObservation) -> ScalingRecommendation {
        var best: ScalingRecommendation?
        for target in configuration.targets {
            guard let value = observation.metrics[target.metric] else { continue }
            let candidate = recommendation(for: target, value: value, observation: observation)
            // Strictly larger: on a tie the first metric listed gives the reason.
            if best == nil || candidate.desired > best!.desired { best = candidate }
        }
        return best ?? ScalingRecommendation(desired: observation.droplets, reason: "no metrics")
    }

    private func recommendation(
        for target: MetricTarget, value: Double, observation: TierObservation
    ) -> ScalingRecommendation {
        let name = target.metric.rawValue
        let shown = "\(name) \(ReasonFormat.metric(value)) vs target \(ReasonFormat.metric(target.target))"
        let noAction = ScalingRecommendation(desired: observation.droplets, reason: "\(shown), within tolerance")
        let ratio = value / target.target
        if abs(ratio - 1) <= configuration.tolerance { return noAction }

        let ready = observation.ready
        if target.metric.isUtilization && ratio > 1 && observation.notReady > 0 {
            // replica_calculator.go: on a scale-up, unready pods count as using 0%.
            let all = ready + observation.notReady
            let rebalanced = value * Double(ready) / (target.target * Double(all))
            // Within tolerance, or no longer over target: the booting droplets cover it.
            if rebalanced <= 1 + configuration.tolerance { return noAction }
            return ScalingRecommendation(
                desired: Self.ceiling(rebalanced * Double(all)),
                reason: "\(shown), \(observation.notReady) booting counted idle")
        }
        guard ready > 0 else { return noAction }
        var desired = Self.ceiling(ratio * Double(ready))
        if ratio > 1 {
            // A metric over target never asks for fewer droplets than the tier has: without
            // this, a latency over target with droplets still booting (ready < droplets)
            // would cancel the boots. Kubernetes makes the same check on its rebalanced path
            // (replica_calculator.go: `newUsageRatio > 1.0 && newReplicas < currentReplicas`).
            desired = max(desired, observation.droplets)
        }
        return ScalingRecommendation(desired: desired, reason: shown)
    }

    /// Rounds up, forgiving floating error: 0.7 / 0.7 × 4 may come out as 4.000000000000001,
    /// which must stay 4 (Kubernetes computes on integer milli-units and has no such error).
    static func ceiling(_ value: Double) -> Int {
        Int(clampingDroplets: (value - 1e-9).rounded(.up))
    }
}
