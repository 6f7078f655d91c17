/// The Kubernetes HPA replica rule: desired = ceil(ready × metric / target), per metric, the
/// largest count winning (kubernetes.io, horizontal-pod-autoscale, "Algorithm details";
/// FACTS.md "Autoscalers").
///
/// It follows `pkg/controller/podautoscaler/replica_calculator.go`:
///
/// - No action while |metric / target − 1| ≤ tolerance, so that noise around the target
///   does not move the fleet.
/// - The ratio multiplies the droplets whose sample counts: in rotation, and for CPU past the
///   initialization period (``cpuInitializationPeriod``). Droplets without a sample (booting,
///   or just joined) count as idle (0%) when the tier looks over target, and the tolerance is
///   checked on that rebalanced ratio, for every metric; without this every interval of a
///   boot would add droplets again for the same load.
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
        // replica_calculator.go `groupPods`: droplets whose sample cannot be trusted yet are
        // left out of the count the ratio multiplies, so the count matches the window the
        // metric was averaged over.
        let measured = target.metric == .cpu ? Self.measuredForCPU(observation) : observation.ready
        let unmeasured = observation.droplets - measured
        if ratio > 1 && unmeasured > 0 {
            // On a scale-up, droplets without a sample count as using 0%: the capacity they
            // bring is already on its way. The tolerance is checked on this rebalanced ratio,
            // for every metric (Kubernetes `calcPlainMetricReplicas`).
            let rebalanced = ratio * Double(measured) / Double(observation.droplets)
            // Within tolerance, or no longer over target: the droplets on their way cover it.
            if rebalanced <= 1 + configuration.tolerance { return noAction }
            return ScalingRecommendation(
                desired: max(Self.ceiling(rebalanced * Double(observation.droplets)), observation.droplets),
                reason: "\(shown), \(unmeasured) without a sample counted idle")
        }
        if abs(ratio - 1) <= configuration.tolerance { return noAction }
        guard measured > 0 else { return noAction }
        var desired = Self.ceiling(ratio * Double(measured))
        if ratio > 1 {
            // A metric over target never asks for fewer droplets than the tier has
            // (replica_calculator.go: `newUsageRatio > 1.0 && newReplicas < currentReplicas`).
            desired = max(desired, observation.droplets)
        }
        return ScalingRecommendation(desired: desired, reason: shown)
    }

    /// Kubernetes' CPU initialization period (kube-controller-manager
    /// `--horizontal-pod-autoscaler-cpu-initialization-period`, default 5 min): a pod started
    /// less than this long ago has its CPU sample ignored until one whole metric window has
    /// passed since it turned ready, because a starting process burns CPU its load does not
    /// explain, and a window that began before it served mixes two fleets.
    public static let cpuInitializationPeriod = 300.0

    /// Kubernetes' initial readiness delay (`--horizontal-pod-autoscaler-initial-readiness-delay`,
    /// 30 s) ignores the CPU of pods whose readiness still flips just after start. A droplet
    /// here is unready until it joins the rotation and then stays ready until it leaves, so
    /// that rule never applies and is not modelled; README "Metrics as the HPA reads them".
    ///
    /// Droplets in rotation whose CPU sample counts: past the initialization period, or a
    /// whole window in rotation. Without per-droplet times every droplet in rotation counts.
    static func measuredForCPU(_ observation: TierObservation) -> Int {
        guard !observation.rotation.isEmpty else { return observation.ready }
        return observation.rotation.reduce(0) { count, droplet in
            let initializing = observation.time < droplet.created + cpuInitializationPeriod
                && observation.time < droplet.readySince + observation.window
            return initializing ? count : count + 1
        }
    }

    /// Rounds up, forgiving floating error: 0.7 / 0.7 × 4 may come out as 4.000000000000001,
    /// which must stay 4 (Kubernetes computes on integer milli-units and has no such error).
    static func ceiling(_ value: Double) -> Int {
        Int(clampingDroplets: (value - 1e-9).rounded(.up))
    }
}
