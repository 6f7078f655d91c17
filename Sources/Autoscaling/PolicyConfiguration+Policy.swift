extension PolicyConfiguration {
    /// The policy this configuration describes, ready to run in a controller loop.
    ///
    /// - Parameters:
    ///   - initialDroplets: the tier's starting count, which `static` keeps when it names
    ///     no count of its own.
    ///   - horizon: seconds simulated; scheduled policies precompute their firings over it.
    public func makePolicy(initialDroplets: Int, horizon: Double) -> any ScalingPolicy {
        switch self {
        case let .fixed(count): FixedPolicy(count: count ?? initialDroplets)
        case let .targetTracking(configuration): TargetTrackingPolicy(configuration: configuration)
        case let .step(configuration): StepScalingPolicy(configuration: configuration)
        case let .scheduled(configuration): ScheduledScalingPolicy(configuration: configuration, horizon: horizon)
        case let .predictive(configuration): PredictiveScalingPolicy(configuration: configuration)
        case let .dropletAutoscalePool(configuration): DropletAutoscalePoolPolicy(configuration: configuration)
        case let .combined(members):
            CombinedPolicy(policies: members.map { $0.makePolicy(initialDroplets: initialDroplets, horizon: horizon) })
        }
    }
}
