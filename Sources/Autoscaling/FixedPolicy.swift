/// A fleet of constant size: the baseline every autoscaler is compared against.
public struct FixedPolicy: ScalingPolicy {
    public let count: Int

    public init(count: Int) {
        self.count = count
    }

    /// - Complexity: O(1).
    public func recommend(for observation: TierObservation) -> ScalingRecommendation {
        ScalingRecommendation(desired: count, reason: "static")
    }
}
