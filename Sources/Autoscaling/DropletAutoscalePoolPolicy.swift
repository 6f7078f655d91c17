/// A DigitalOcean Droplet autoscale pool, as DigitalOcean documents it (docs.digitalocean.com,
/// products/droplets/concepts/autoscale-pools; FACTS.md "Autoscalers"):
///
/// - desired = ceil(droplets in the pool × average utilization / target), where the pool is
///   every droplet it holds (booting ones too, which are idle) and the average is over them;
/// - with both a CPU and a memory target, each gives a count and the larger wins;
/// - the cooldown is the least time between scaling events, in either direction;
/// - the bounds are the API's: min 1–500, max 1–1000 (validated with the scenario);
/// - on scale-in a droplet is sent a shutdown, given 60 s, then destroyed (the platform's
///   droplet lifecycle, not this rule).
///
/// What DigitalOcean does not document is assumed, named, and sweepable with `capsim compare
/// --sweep`: the evaluation interval and the metric window (the controller's `interval` and
/// `window`) and a tolerance band (``DropletAutoscalePoolConfiguration/tolerance``, none by
/// default, so any distance from the target moves the pool).
///
/// It reads ``TierObservation/poolMetrics``, not the serving processes' averages: a pool's
/// average includes droplets still booting.
public struct DropletAutoscalePoolPolicy: ScalingPolicy {
    public let configuration: DropletAutoscalePoolConfiguration

    /// Assumed seconds between evaluations: DigitalOcean does not document it. One minute is
    /// the finest resolution of its Monitoring metrics as the control panel graphs them.
    public static let assumedInterval = 60.0
    /// Assumed seconds the utilization is averaged over: not documented either. Five minutes
    /// is the shortest window a DigitalOcean Monitoring alert policy can average over.
    public static let assumedWindow = 300.0
    /// When the controller last changed the count: the cooldown runs from here.
    private var lastScaleTime: Double?

    public init(configuration: DropletAutoscalePoolConfiguration) {
        self.configuration = configuration
    }

    /// - Complexity: O(1).
    public func recommend(for observation: TierObservation) -> ScalingRecommendation {
        let current = observation.droplets
        var best: ScalingRecommendation?
        for target in configuration.targets {
            guard let value = observation.poolMetrics[target.metric] else { continue }
            let candidate = recommendation(for: target, value: value, droplets: current)
            // Strictly larger: on a tie CPU gives the reason.
            if best == nil || candidate.desired > best!.desired { best = candidate }
        }
        guard var answer = best else { return ScalingRecommendation(desired: current, reason: "no metrics") }
        if let lastScaleTime, observation.time < lastScaleTime + configuration.cooldown {
            let end = ReasonFormat.compact(lastScaleTime + configuration.cooldown)
            return ScalingRecommendation(desired: current, reason: "\(answer.reason), cooldown until \(end) s")
        }
        if current == 0 { answer.desired = 0 }
        return answer
    }

    private func recommendation(for target: MetricTarget, value: Double, droplets: Int) -> ScalingRecommendation {
        let shown = "\(target.metric.rawValue) \(ReasonFormat.metric(value)) vs target \(ReasonFormat.metric(target.target))"
        let ratio = value / target.target
        if configuration.tolerance > 0 && abs(ratio - 1) <= configuration.tolerance {
            return ScalingRecommendation(desired: droplets, reason: "\(shown), within tolerance")
        }
        return ScalingRecommendation(desired: TargetTrackingPolicy.ceiling(Double(droplets) * ratio), reason: shown)
    }

    public mutating func didScale(from old: Int, to new: Int, at time: Double) {
        if old != new { lastScaleTime = time }
    }
}
