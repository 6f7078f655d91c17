import Foundation

/// One tier's autoscaling, as the scenario sets it under `autoscaling:`.
public struct AutoscalingConfiguration: Sendable, Hashable {
    // Codable (AutoscalingConfiguration+Codable.swift): keys as the canonical form writes them.
    enum CodingKeys: String, CodingKey {
        case policy, minimum, maximum, interval = "interval_seconds", window = "window_seconds", behavior
    }
    public var policy: PolicyConfiguration
    public var minimum: Int
    public var maximum: Int
    /// How often the controller wakes (Kubernetes HPA: 15 s).
    public var interval: Double
    /// How far back the metrics look.
    public var window: Double
    public var behavior: ScalingBehavior

    public init(
        policy: PolicyConfiguration, minimum: Int, maximum: Int, interval: Double, window: Double,
        behavior: ScalingBehavior
    ) {
        self.policy = policy
        self.minimum = minimum
        self.maximum = maximum
        self.interval = interval
        self.window = window
        self.behavior = behavior
    }
}

/// The policy kinds of DESIGN §4, with their settings.
public indirect enum PolicyConfiguration: Sendable, Hashable {
    /// The fleet stays at this count (or the tier's `droplets` when `nil`).
    case fixed(Int?)
    case targetTracking(TargetTrackingConfiguration)
    case step(StepScalingConfiguration)
    case scheduled(ScheduledScalingConfiguration)
    case predictive(PredictiveScalingConfiguration)
    case dropletAutoscalePool(DropletAutoscalePoolConfiguration)
    /// The largest count of several policies (predictive beside target tracking).
    case combined([PolicyConfiguration])

    /// The name used in scenario files and reports.
    public var kindName: String {
        switch self {
        case .fixed: "static"
        case .targetTracking: "target-tracking"
        case .step: "step"
        case .scheduled: "scheduled"
        case .predictive: "predictive"
        case .dropletAutoscalePool: "do-autoscale-pool"
        case .combined: "combined"
        }
    }
}

/// A metric and the value a policy holds it at.
public struct MetricTarget: Sendable, Equatable, Hashable, Codable {
    public var metric: ScalingMetric
    public var target: Double
    public init(metric: ScalingMetric, target: Double) {
        self.metric = metric
        self.target = target
    }
}

/// The Kubernetes HPA rule (kubernetes.io, horizontal-pod-autoscale; FACTS.md "Autoscalers").
public struct TargetTrackingConfiguration: Sendable, Equatable, Hashable, Codable {
    public var targets: [MetricTarget]
    /// No action while |metric / target − 1| ≤ tolerance (HPA default 0.1).
    public var tolerance: Double
    public init(targets: [MetricTarget], tolerance: Double = 0.1) {
        self.targets = targets
        self.tolerance = tolerance
    }
}

/// Stabilization and rate limits, the `behavior` of an HPA (FACTS.md "Autoscalers").
public struct ScalingBehavior: Sendable, Equatable, Hashable, Codable {
    enum CodingKeys: String, CodingKey { case scaleUp = "scale_up", scaleDown = "scale_down" }
    public var scaleUp: ScalingRules
    public var scaleDown: ScalingRules
    public init(scaleUp: ScalingRules, scaleDown: ScalingRules) {
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }

    /// HPA defaults: scale up by max(100%, 4 pods) per 15 s with no stabilization; scale
    /// down by 100% per 15 s after a 300 s stabilization window.
    public static let kubernetesDefault = ScalingBehavior(
        scaleUp: ScalingRules(
            stabilizationWindow: 0,
            policies: [RatePolicy(kind: .percent, value: 100, period: 15), RatePolicy(kind: .pods, value: 4, period: 15)],
            select: .max),
        scaleDown: ScalingRules(
            stabilizationWindow: 300,
            policies: [RatePolicy(kind: .percent, value: 100, period: 15)],
            select: .max))

    /// No stabilization and no rate limit: for policies that carry their own cooldowns.
    public static let unlimited = ScalingBehavior(
        scaleUp: ScalingRules(stabilizationWindow: 0, policies: [], select: .max),
        scaleDown: ScalingRules(stabilizationWindow: 0, policies: [], select: .max))
}

public struct ScalingRules: Sendable, Equatable, Hashable, Codable {
    enum CodingKeys: String, CodingKey {
        case stabilizationWindow = "stabilization_window_seconds", policies, select
    }
    public var stabilizationWindow: Double
    /// Empty means no rate limit in this direction.
    public var policies: [RatePolicy]
    public var select: SelectPolicy
    public init(stabilizationWindow: Double, policies: [RatePolicy], select: SelectPolicy) {
        self.stabilizationWindow = stabilizationWindow
        self.policies = policies
        self.select = select
    }
}

/// At most `value` pods, or `value` percent, of change per `period` seconds.
public struct RatePolicy: Sendable, Equatable, Hashable, Codable {
    enum CodingKeys: String, CodingKey { case kind, value, period = "period_seconds" }
    public enum Kind: String, Sendable, Codable { case pods = "Pods", percent = "Percent" }
    public var kind: Kind
    public var value: Int
    public var period: Double
    public init(kind: Kind, value: Int, period: Double) {
        self.kind = kind
        self.value = value
        self.period = period
    }
}

/// Which rate policy wins: the one allowing the most change (`max`, the default), the
/// least (`min`), or none, which forbids scaling in that direction (`disabled`).
public enum SelectPolicy: String, Sendable, Codable { case max = "Max", min = "Min", disabled = "Disabled" }

/// AWS step scaling (FACTS.md "Autoscalers"): alarms on one metric, each with steps given
/// as offsets from its threshold.
public struct StepScalingConfiguration: Sendable, Equatable, Hashable, Codable {
    enum CodingKeys: String, CodingKey { case metric, alarms, cooldown = "cooldown_seconds" }
    public var metric: ScalingMetric
    public var alarms: [StepAlarm]
    /// After a scaling action, only a larger scale-out applies until it ends (300 s).
    public var cooldown: Double
    public init(metric: ScalingMetric, alarms: [StepAlarm], cooldown: Double = 300) {
        self.metric = metric
        self.alarms = alarms
        self.cooldown = cooldown
    }
}

public struct StepAlarm: Sendable, Equatable, Hashable, Codable {
    enum CodingKeys: String, CodingKey {
        case threshold, comparison, adjustmentType = "adjustment_type", minAdjustmentMagnitude = "min_adjustment_magnitude", steps
    }
    public enum Comparison: String, Sendable, Codable { case above, below }
    public enum AdjustmentType: String, Sendable, Codable {
        case changeInCapacity = "ChangeInCapacity"
        case exactCapacity = "ExactCapacity"
        case percentChangeInCapacity = "PercentChangeInCapacity"
    }
    public var threshold: Double
    /// `above` fires when metric ≥ threshold (scale out); `below` when metric ≤ threshold.
    public var comparison: Comparison
    public var adjustmentType: AdjustmentType
    /// With PercentChangeInCapacity: change at least this many droplets.
    public var minAdjustmentMagnitude: Int?
    public var steps: [StepAdjustment]
    public init(
        threshold: Double, comparison: Comparison, adjustmentType: AdjustmentType,
        minAdjustmentMagnitude: Int? = nil, steps: [StepAdjustment]
    ) {
        self.threshold = threshold
        self.comparison = comparison
        self.adjustmentType = adjustmentType
        self.minAdjustmentMagnitude = minAdjustmentMagnitude
        self.steps = steps
    }
}

/// A step: offsets from the threshold (`nil` is unbounded) and the adjustment to apply.
public struct StepAdjustment: Sendable, Equatable, Hashable, Codable {
    enum CodingKeys: String, CodingKey { case lowerBound = "lower_bound", upperBound = "upper_bound", adjustment }
    public var lowerBound: Double?
    public var upperBound: Double?
    public var adjustment: Double
    public init(lowerBound: Double?, upperBound: Double?, adjustment: Double) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.adjustment = adjustment
    }
}

/// Cron entries that set the tier's bounds or its desired count (AWS scheduled actions).
public struct ScheduledScalingConfiguration: Sendable, Hashable {
    public var actions: [ScheduledAction]
    /// The scenario's wall-clock start and time zone: cron fields are local times.
    public var start: Date
    public var timeZone: TimeZone
    public init(actions: [ScheduledAction], start: Date, timeZone: TimeZone) {
        self.actions = actions
        self.start = start
        self.timeZone = timeZone
    }
}

/// One scheduled action: when its cron entry fires, the fields it sets hold from then on;
/// `nil` fields keep their value (AWS Application Auto Scaling scheduled actions).
public struct ScheduledAction: Sendable, Equatable, Hashable, Codable {
    /// A five-field cron expression, in the scenario's time zone. Parsed when the scenario
    /// loads, so that a bad expression is a load error and the policy's initializer need
    /// not throw.
    public var schedule: CronSchedule
    public var minimum: Int?
    public var maximum: Int?
    public var desired: Int?
    public init(schedule: CronSchedule, minimum: Int? = nil, maximum: Int? = nil, desired: Int? = nil) {
        self.schedule = schedule
        self.minimum = minimum
        self.maximum = maximum
        self.desired = desired
    }

    /// An action from the expression as written in a scenario file.
    /// - Throws: ``CronError`` naming the field at fault.
    public init(
        parsing expression: String, minimum: Int? = nil, maximum: Int? = nil, desired: Int? = nil
    ) throws(CronError) {
        self.init(
            schedule: try CronSchedule(parsing: expression), minimum: minimum, maximum: maximum,
            desired: desired)
    }
}

/// AWS-style predictive scaling (FACTS.md "Autoscalers"): a seasonal regression of the
/// tier's load, capacity scheduled one boot time ahead, scale-out only.
public struct PredictiveScalingConfiguration: Sendable, Equatable, Hashable, Codable {
    enum CodingKeys: String, CodingKey {
        case targetUtilization = "target_utilization", warmup = "warmup_seconds", history = "history_requests_per_second"
        case refresh = "refresh_seconds", leadTime = "lead_time_seconds", maximumHistory = "maximum_history_seconds"
        case dailyHarmonics = "daily_harmonics", weeklyHarmonics = "weekly_harmonics"
    }
    /// The utilization the forecast load should run at (CPU, like the target-tracking
    /// policy it is paired with).
    public var targetUtilization: Double
    /// Observed hours needed before the first forecast (AWS: 24 h).
    public var warmup: Double
    /// Hourly requests/s of the tier before the scenario starts, oldest first; it counts
    /// towards the warm-up.
    public var history: [Double]
    /// Seconds between refits (AWS: 6 h).
    public var refresh: Double
    /// How far ahead capacity is scheduled: the boot time plus health checks, set by the
    /// platform from the droplet lifecycle.
    public var leadTime: Double
    /// Most history used in a fit (AWS: 14 days).
    public var maximumHistory: Double
    /// Fourier terms of the 24-hour cycle, used while the history is shorter than a week.
    public var dailyHarmonics: Int
    /// Fourier terms of the 168-hour cycle once a week of history exists. Many are needed:
    /// a working-day cycle that stops at the weekend is a daily wave switched on and off,
    /// whose spectrum has sidebands around every daily harmonic (k = 7, 14, 21…); 24
    /// terms resolve features of about seven hours.
    public var weeklyHarmonics: Int
    public init(
        targetUtilization: Double = 0.7, warmup: Double = 86_400, history: [Double] = [],
        refresh: Double = 3600, leadTime: Double = 120, maximumHistory: Double = 14 * 86_400,
        dailyHarmonics: Int = 4, weeklyHarmonics: Int = 24
    ) {
        self.targetUtilization = targetUtilization
        self.warmup = warmup
        self.history = history
        self.refresh = refresh
        self.leadTime = leadTime
        self.maximumHistory = maximumHistory
        self.dailyHarmonics = dailyHarmonics
        self.weeklyHarmonics = weeklyHarmonics
    }
}

/// DigitalOcean Droplet autoscale pools (FACTS.md "Autoscalers": the API spec's bounds and
/// docs.digitalocean.com, products/droplets/concepts/autoscale-pools): a target CPU and/or
/// memory utilization, the larger answer winning, and a cooldown (5–20 min, default 10).
///
/// `tolerance` is not DigitalOcean's: its documentation gives no tolerance band, so the
/// default is none. It is a named assumption (README "DigitalOcean pools: what is assumed")
/// that `capsim compare --sweep` can vary, like the controller's evaluation interval and
/// metric window.
public struct DropletAutoscalePoolConfiguration: Sendable, Equatable, Hashable, Codable {
    enum CodingKeys: String, CodingKey {
        case cpuTarget = "target_cpu_utilization", memoryTarget = "target_memory_utilization"
        case cooldown = "cooldown_seconds", tolerance
    }
    /// Target average CPU utilization of the pool's droplets, 0.05…1 (`nil`: not scaled on CPU).
    public var cpuTarget: Double?
    /// Target average memory utilization, 0.05…1 (`nil`: not scaled on memory).
    public var memoryTarget: Double?
    /// Seconds between scaling events, in either direction.
    public var cooldown: Double
    /// Assumed: no change while |utilization / target − 1| ≤ tolerance. 0 means any distance moves.
    public var tolerance: Double

    public init(cpuTarget: Double?, memoryTarget: Double? = nil, cooldown: Double = 600, tolerance: Double = 0) {
        self.cpuTarget = cpuTarget
        self.memoryTarget = memoryTarget
        self.cooldown = cooldown
        self.tolerance = tolerance
    }

    /// A pool scaled on one metric (`cpu` or `memory`).
    public init(metric: ScalingMetric, target: Double, cooldown: Double = 600, tolerance: Double = 0) {
        self.init(cpuTarget: metric == .memory ? nil : target, memoryTarget: metric == .memory ? target : nil,
                  cooldown: cooldown, tolerance: tolerance)
    }

    /// The targets set, CPU first.
    public var targets: [MetricTarget] {
        [cpuTarget.map { MetricTarget(metric: .cpu, target: $0) }, memoryTarget.map { MetricTarget(metric: .memory, target: $0) }]
            .compactMap { $0 }
    }
}
