/// AWS step scaling: alarms on one metric, each with steps of adjustment chosen by how far
/// the metric is past the alarm's threshold (docs.aws.amazon.com, Amazon EC2 Auto Scaling,
/// "Step and simple scaling policies"; FACTS.md "Autoscalers").
///
/// Step bounds are offsets from the threshold. For an `above` alarm a step holds offsets
/// from its lower bound (inclusive) to its upper bound (exclusive); for a `below` alarm from
/// its lower bound (exclusive) to its upper bound (inclusive), so that the offset 0, the
/// threshold itself, falls inside a breached alarm's steps either way. `nil` is unbounded.
///
/// When several alarms are breached the largest count wins, as AWS chooses "the policy that
/// provides the largest capacity". After the controller scales, a cooldown lets only a
/// scale-out beyond the count just reached through, so that one burst, seen again every
/// interval while new droplets boot, does not add capacity twice. Scale-in waits for the
/// cooldown to end.
///
/// Within the cooldown a scale-out is computed from the droplets in rotation, leaving out
/// those still booting: AWS does not count instances in their warm-up as part of the
/// current capacity, so a breach that stays in the same step launches nothing more, and
/// one that reaches a larger step adds only the difference (docs.aws.amazon.com, "Set the
/// default instance warmup for an Auto Scaling group"). Counting booting droplets instead
/// would add the step again at every interval of the cooldown. Outside the cooldown the
/// base is all droplets, booting or not.
///
/// Steps are used as given; ``validate(_:)`` reports the gaps and overlaps AWS would reject.
/// An offset in a gap matches no step and that alarm does nothing.
public struct StepScalingPolicy: ScalingPolicy {
    public let configuration: StepScalingConfiguration
    /// When the controller last changed the count, and to what: the cooldown's start.
    private var lastScale: (time: Double, count: Int)?

    public init(configuration: StepScalingConfiguration) {
        self.configuration = configuration
    }

    /// The count the breached alarms ask for, held back during a cooldown.
    ///
    /// - Complexity: O(*s*) for *s* steps over all alarms.
    public func recommend(for observation: TierObservation) -> ScalingRecommendation {
        let current = observation.droplets
        let name = configuration.metric.rawValue
        guard let value = observation.metrics[configuration.metric] else {
            return ScalingRecommendation(desired: current, reason: "no metrics")
        }
        let cooldown = lastScale.flatMap { observation.time < $0.time + configuration.cooldown ? $0 : nil }
        var best: ScalingRecommendation?
        for alarm in configuration.alarms where alarm.isBreached(by: value) {
            let offset = value - alarm.threshold
            guard let step = alarm.steps.first(where: { alarm.step($0, contains: offset) }) else { continue }
            var desired = max(0, Self.apply(step, of: alarm, to: current))
            if cooldown != nil && desired > current {
                desired = max(0, Self.apply(step, of: alarm, to: observation.ready))
            }
            if best == nil || desired > best!.desired {
                best = ScalingRecommendation(
                    desired: desired,
                    reason: "\(name) \(ReasonFormat.compact(value)) \(alarm.comparison.rawValue) \(ReasonFormat.compact(alarm.threshold)): "
                        + "\(alarm.adjustmentType.rawValue) \(ReasonFormat.compact(step.adjustment))")
            }
        }
        guard let best else {
            return ScalingRecommendation(desired: current, reason: "\(name) \(ReasonFormat.compact(value)), no alarm")
        }
        if let lastScale = cooldown, best.desired != current {
            // AWS: during the cooldown only a scale-out larger than the one under way applies.
            let largerScaleOut = best.desired > current && best.desired > lastScale.count
            if !largerScaleOut {
                let end = ReasonFormat.compact(lastScale.time + configuration.cooldown)
                return ScalingRecommendation(desired: current, reason: "\(best.reason), held by cooldown until \(end) s")
            }
        }
        return best
    }

    public mutating func didScale(from old: Int, to new: Int, at time: Double) {
        if old != new { lastScale = (time, new) }
    }

    /// The count after applying a step's adjustment to the current count.
    static func apply(_ step: StepAdjustment, of alarm: StepAlarm, to current: Int) -> Int {
        switch alarm.adjustmentType {
        case .changeInCapacity:
            return current + Int(clampingDroplets: step.adjustment.rounded(.towardZero))
        case .exactCapacity:
            return Int(clampingDroplets: step.adjustment.rounded(.towardZero))
        case .percentChangeInCapacity:
            // current × adjustment is exact for whole percentages, so one division rounds once.
            var change = roundedPercentChange(Double(current) * step.adjustment / 100)
            if let magnitude = alarm.minAdjustmentMagnitude, change != 0, abs(change) < magnitude {
                change = change > 0 ? magnitude : -magnitude
            }
            return current + change
        }
    }

    /// AWS's rounding of a percentage change: a fraction of one droplet is one droplet (so a
    /// small fleet still moves), anything larger is rounded toward zero (12.7 → 12,
    /// −6.67 → −6).
    static func roundedPercentChange(_ change: Double) -> Int {
        if change > 0 && change < 1 { return 1 }
        if change < 0 && change > -1 { return -1 }
        return Int(clampingDroplets: change.rounded(.towardZero))
    }
}
