/// The measures a policy can scale on. Each is an average over the controller's window.
public enum ScalingMetric: String, CaseIterable, Sendable, Codable {
    /// Busy CPU time over the CPU capacity of the droplets in rotation, 0…1.
    case cpu
    /// Resident memory over droplet memory, 0…1, from the tier's memory model.
    case memory
    /// Requests per second reaching the tier, per droplet in rotation.
    case requestsPerDroplet = "requests_per_droplet"
    /// The 95th percentile of the tier's response time, in seconds.
    case p95Latency = "p95_latency"
    /// Requests held per Node process (worker), time-averaged.
    case inFlight = "in_flight"
    /// Mean wait for a PgBouncer server connection, in seconds (API tier).
    case poolWait = "pool_wait"
}

/// A metric's value for each metric the tier measured; `nil` when it had nothing to measure
/// (no droplet in rotation, no request completed in the window).
///
/// Plain stored fields rather than a dictionary or an array: the controller builds one per
/// tier every interval, and this needs no allocation.
public struct TierMetrics: Sendable, Equatable {
    public var cpu: Double?
    public var memory: Double?
    public var requestsPerDroplet: Double?
    public var p95Latency: Double?
    public var inFlight: Double?
    public var poolWait: Double?

    public init() {}

    public init(_ pairs: [ScalingMetric: Double]) {
        for (metric, value) in pairs { self[metric] = value }
    }

    public subscript(metric: ScalingMetric) -> Double? {
        get {
            switch metric {
            case .cpu: cpu
            case .memory: memory
            case .requestsPerDroplet: requestsPerDroplet
            case .p95Latency: p95Latency
            case .inFlight: inFlight
            case .poolWait: poolWait
            }
        }
        set {
            switch metric {
            case .cpu: cpu = newValue
            case .memory: memory = newValue
            case .requestsPerDroplet: requestsPerDroplet = newValue
            case .p95Latency: p95Latency = newValue
            case .inFlight: inFlight = newValue
            case .poolWait: poolWait = newValue
            }
        }
    }
}

/// What the controller saw of one tier when it woke: the input of every policy.
///
/// Policies never read the simulation; they see this value only, so that each can be
/// tested on hand-written numbers (the Kubernetes documentation's worked cases) and
/// replayed exactly.
public struct TierObservation: Sendable, Equatable {
    /// Seconds since the scenario start.
    public var time: Double
    /// The window the metrics cover, in seconds.
    public var window: Double
    /// Droplets the tier counts as its size: booting, passing health checks or in rotation.
    /// Draining droplets are on their way out and are not counted.
    public var droplets: Int
    /// Droplets in rotation at the balancer (booted and healthy).
    public var ready: Int
    /// The bounds in force now (scheduled actions may have moved them).
    public var minimum: Int
    public var maximum: Int
    public var metrics: TierMetrics
    /// Requests per second that reached the tier over the window: the load that
    /// predictive scaling learns from.
    public var arrivalRate: Double
    /// When each droplet in rotation was created and joined, for the HPA's CPU
    /// initialization period. Empty when unknown: then every droplet in rotation counts as
    /// measured.
    public var rotation: [DropletReadiness]
    /// CPU and memory averaged over every droplet counted (`droplets`), those still booting
    /// counted idle: what a DigitalOcean autoscale pool reads, where `metrics` averages over
    /// the processes that served.
    public var poolMetrics: TierMetrics

    public init(
        time: Double, window: Double, droplets: Int, ready: Int, minimum: Int, maximum: Int,
        metrics: TierMetrics, arrivalRate: Double, rotation: [DropletReadiness] = [], poolMetrics: TierMetrics = TierMetrics()
    ) {
        self.time = time
        self.window = window
        self.droplets = droplets
        self.ready = ready
        self.minimum = minimum
        self.maximum = maximum
        self.metrics = metrics
        self.arrivalRate = arrivalRate
        self.rotation = rotation
        self.poolMetrics = poolMetrics
    }

    /// Droplets booting or passing health checks: capacity on its way.
    public var notReady: Int { droplets - ready }
}

/// One droplet in rotation: when it was created and when it last joined, in seconds.
public struct DropletReadiness: Sendable, Equatable {
    public var created: Double
    public var readySince: Double

    public init(created: Double, readySince: Double) {
        self.created = created
        self.readySince = readySince
    }
}

/// A policy's answer: the count it wants, why, and any bounds it sets from now on.
public struct ScalingRecommendation: Sendable, Equatable {
    public var desired: Int
    /// A short sentence for the scale-event log ("cpu 0.91 over target 0.70").
    public var reason: String
    /// New lower and upper bounds for the tier (scheduled actions); `nil` keeps them.
    public var minimum: Int?
    public var maximum: Int?
    /// The policy has no count to ask for now (a scheduled action that already set its
    /// desired count): `desired` is the current count, and a ``CombinedPolicy`` leaves this
    /// member out of its maximum, so that the others may scale in.
    public var abstains: Bool

    public init(desired: Int, reason: String, minimum: Int? = nil, maximum: Int? = nil, abstains: Bool = false) {
        self.desired = desired
        self.reason = reason
        self.minimum = minimum
        self.maximum = maximum
        self.abstains = abstains
    }
}

/// A policy: what it observed in, a desired droplet count out.
///
/// The controller calls `recommend` every interval, clamps the answer to the tier's bounds,
/// applies the tier's ``ScalingBehavior`` (stabilization, rate limits) and acts. It then
/// tells the policy what it did through `didScale`, because cooldowns run from actual
/// scaling, not from recommendations.
public protocol ScalingPolicy: Sendable {
    mutating func recommend(for observation: TierObservation) -> ScalingRecommendation
    mutating func didScale(from old: Int, to new: Int, at time: Double)
}

extension ScalingPolicy {
    public mutating func didScale(from old: Int, to new: Int, at time: Double) {}
}
