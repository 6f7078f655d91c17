import Foundation

// The canonical form of a policy, for capacity plans and their content hash (Scenarios'
// `Configuration`): snake_case keys with units in their names, a `kind` naming the policy as
// scenario files do, and nothing that belongs to the scenario rather than to the plan.

extension AutoscalingConfiguration: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            policy: try container.decode(PolicyConfiguration.self, forKey: .policy),
            minimum: try container.decode(Int.self, forKey: .minimum),
            maximum: try container.decode(Int.self, forKey: .maximum),
            interval: try container.decode(Double.self, forKey: .interval),
            window: try container.decode(Double.self, forKey: .window),
            behavior: try container.decode(ScalingBehavior.self, forKey: .behavior))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(policy, forKey: .policy)
        try container.encode(minimum, forKey: .minimum)
        try container.encode(maximum, forKey: .maximum)
        try container.encode(interval, forKey: .interval)
        try container.encode(window, forKey: .window)
        try container.encode(behavior, forKey: .behavior)
    }
}

extension PolicyConfiguration: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, droplets, targetTracking = "target_tracking", step, scheduled, predictive
        case dropletAutoscalePool = "do_autoscale_pool", policies
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "static": self = .fixed(try container.decodeIfPresent(Int.self, forKey: .droplets))
        case "target-tracking": self = .targetTracking(try container.decode(TargetTrackingConfiguration.self, forKey: .targetTracking))
        case "step": self = .step(try container.decode(StepScalingConfiguration.self, forKey: .step))
        case "scheduled": self = .scheduled(try container.decode(ScheduledScalingConfiguration.self, forKey: .scheduled))
        case "predictive": self = .predictive(try container.decode(PredictiveScalingConfiguration.self, forKey: .predictive))
        case "do-autoscale-pool":
            self = .dropletAutoscalePool(try container.decode(DropletAutoscalePoolConfiguration.self, forKey: .dropletAutoscalePool))
        case "combined": self = .combined(try container.decode([PolicyConfiguration].self, forKey: .policies))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown policy kind \"\(kind)\"; expected static, target-tracking, step, scheduled, predictive, do-autoscale-pool or combined")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kindName, forKey: .kind)
        switch self {
        case let .fixed(droplets): try container.encodeIfPresent(droplets, forKey: .droplets)
        case let .targetTracking(configuration): try container.encode(configuration, forKey: .targetTracking)
        case let .step(configuration): try container.encode(configuration, forKey: .step)
        case let .scheduled(configuration): try container.encode(configuration, forKey: .scheduled)
        case let .predictive(configuration): try container.encode(configuration, forKey: .predictive)
        case let .dropletAutoscalePool(configuration): try container.encode(configuration, forKey: .dropletAutoscalePool)
        case let .combined(members): try container.encode(members, forKey: .policies)
        }
    }
}

/// The actions only: the start instant and time zone the cron fields are read in are the
/// scenario's, set when a plan is applied to one (`withCalendar(start:timeZone:)`), so the
/// same plan has the same form and hash whatever scenario it was taken from.
extension ScheduledScalingConfiguration: Codable {
    enum CodingKeys: String, CodingKey { case actions }

    /// The instant and zone of a configuration that has not been applied to a scenario.
    public static let unappliedStart = Date(timeIntervalSince1970: 0)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(actions: try container.decode([ScheduledAction].self, forKey: .actions),
                  start: Self.unappliedStart, timeZone: TimeZone(identifier: "UTC")!)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(actions, forKey: .actions)
    }
}

extension PolicyConfiguration {
    /// The policy with every scheduled member's calendar set: cron fields are local times of
    /// the scenario that runs the plan.
    public func withCalendar(start: Date, timeZone: TimeZone) -> PolicyConfiguration {
        switch self {
        case var .scheduled(configuration):
            configuration.start = start
            configuration.timeZone = timeZone
            return .scheduled(configuration)
        case let .combined(members):
            return .combined(members.map { $0.withCalendar(start: start, timeZone: timeZone) })
        default:
            return self
        }
    }
}

/// A schedule is written as its five-field expression and parsed again when read.
extension CronSchedule: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let expression = try container.decode(String.self)
        do {
            try self.init(parsing: expression)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "cron expression \"\(expression)\": \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(expression)
    }
}

extension DropletAutoscalePoolConfiguration {
    /// The keys capsim wrote before pools took both targets (`metric`, `target`), still read
    /// so that plans and run histories written then stay readable.
    private enum LegacyKeys: String, CodingKey { case metric, target }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var cpuTarget = try container.decodeIfPresent(Double.self, forKey: .cpuTarget)
        var memoryTarget = try container.decodeIfPresent(Double.self, forKey: .memoryTarget)
        let legacy = try decoder.container(keyedBy: LegacyKeys.self)
        if cpuTarget == nil && memoryTarget == nil, let target = try legacy.decodeIfPresent(Double.self, forKey: .target) {
            let metric = try legacy.decodeIfPresent(ScalingMetric.self, forKey: .metric) ?? .cpu
            if metric == .memory { memoryTarget = target } else { cpuTarget = target }
        }
        self.init(cpuTarget: cpuTarget, memoryTarget: memoryTarget,
                  cooldown: try container.decodeIfPresent(Double.self, forKey: .cooldown) ?? 600,
                  tolerance: try container.decodeIfPresent(Double.self, forKey: .tolerance) ?? 0)
    }
}
