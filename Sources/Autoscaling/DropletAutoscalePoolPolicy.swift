/// A DigitalOcean Droplet autoscale pool: hold CPU or memory utilization at a target, with a
/// cooldown after every change (FACTS.md "Autoscalers": target 0.05–1.0, cooldown 5–20 min,
/// default 10 min, from the DigitalOcean API spec).
///
/// DigitalOcean documents the settings but not the rule that turns them into a count, so
/// this is an assumption, stated here so that results are read with it in mind:
///
/// - desired = ceil(ready × utilization / target), the proportional rule every target
///   tracker shares (as the Kubernetes HPA's, without its tolerance);
/// - no tolerance band: any distance from the target moves the pool;
/// - no change at all, in either direction, until `cooldown` seconds after the last change.
///
/// With no droplet in rotation (or no metric) the pool keeps its count.
public struct DropletAutoscalePoolPolicy: ScalingPolicy {
    public let configuration: DropletAutoscalePoolConfiguration
    /// When the controller last changed the count: the cooldown runs from here.
    private var lastScaleTime: Double?

    public init(configuration: DropletAutoscalePoolConfiguration) {
        self.configuration = configuration
    }

    /// - Complexity: O(1).
    public func recommend(for observation: TierObservation) -> ScalingRecommendation {
        let current = observation.droplets
        guard let value = observation.metrics[configuration.metric] else {
            return ScalingRecommendation(desired: current, reason: "no metrics")
        }
        let shown = "\(configuration.metric.rawValue) \(ReasonFormat.metric(value)) "
            + "vs target \(ReasonFormat.metric(configuration.target))"
        if let lastScaleTime, observation.time < lastScaleTime + configuration.cooldown {
            let end = ReasonFormat.compact(lastScaleTime + configuration.cooldown)
            return ScalingRecommendation(desired: current, reason: "\(shown), cooldown until \(end) s")
        }
        guard observation.ready > 0 else {
            return ScalingRecommendation(desired: current, reason: "\(shown), no droplet in rotation")
        }
        let desired = TargetTrackingPolicy.ceiling(Double(observation.ready) * value / configuration.target)
        return ScalingRecommendation(desired: desired, reason: shown)
    }

    public mutating func didScale(from old: Int, to new: Int, at time: Double) {
        if old != new { lastScaleTime = time }
    }
}
