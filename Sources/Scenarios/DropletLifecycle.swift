import Autoscaling
import SimCore

/// How a droplet comes and goes (DESIGN §4 "Droplets join after boot plus passing health
/// checks and leave through deregistration and draining"), and how it behaves in between:
/// its failures while serving and its warm-up.
///
/// The defaults (`ScenarioBuilder.defaultLifecycle()`) leave out failures and warm-up, so a
/// scenario that does not ask for them keeps its numbers.
public struct DropletLifecycle: Sendable {
    /// From the create request to `active`, then the app's start (FACTS.md "Creation time").
    public var bootTime: Distribution
    public var appStart: Double
    /// The balancer's health checks (FACTS.md, DigitalOcean API `health_check.yml`): every
    /// interval (seconds); `healthyThreshold` passes in a row put a droplet in rotation,
    /// `unhealthyThreshold` failures in a row take it out.
    public var healthCheckInterval: Double
    public var healthyThreshold: Int
    public var unhealthyThreshold: Int
    /// A droplet that never turns healthy (a bad image, a failed start) with this probability.
    public var failureProbability: Double
    /// A droplet not healthy this long after its creation is destroyed and replaced.
    public var replaceAfter: Double
    /// Seconds from a scale-in decision to the balancer's last new request to the droplet: the
    /// removal (API call, tag change or failing health checks) takes effect only then.
    public var deregistrationLag: Double
    /// Seconds the droplet's requests in flight get to finish once it stops taking new ones;
    /// then it is destroyed and what it still holds is lost. A tier scaled by a DigitalOcean
    /// droplet autoscale pool ignores it and gets DigitalOcean's 60 s
    /// (`dropletAutoscalePoolShutdownGrace`).
    public var shutdownGrace: Double
    /// Mean seconds between failures of one droplet while it serves (exponential lifetimes);
    /// `nil`: droplets never fail while serving.
    public var meanTimeBetweenFailures: Double?
    /// Per droplet size slug, a mean time between failures that replaces the one above for
    /// that size (so that a search over sizes can give each its own).
    public var meanTimeBetweenFailuresBySize: [String: Double]
    /// How a droplet new to the rotation serves slower at first; `nil`: at full speed at once.
    public var warmUp: WarmUp?

    /// A fresh droplet's slowdown: CPU slices that start `t` seconds after it joined the
    /// rotation take `1 + (slowdown − 1) × (1 − t / duration)` times their demand, until
    /// `duration` (JIT compilation, cold V8 inline caches and connection set-up: Node is
    /// slow for its first requests).
    public struct WarmUp: Sendable, Equatable {
        /// Seconds over which the factor decays linearly to 1.
        public var duration: Double
        /// The factor at the moment the droplet joins the rotation (≥ 1).
        public var slowdown: Double

        public init(duration: Double, slowdown: Double) {
            self.duration = duration
            self.slowdown = slowdown
        }
    }

    /// DigitalOcean's droplet autoscale pools send a droplet removed by a scale-in a
    /// shutdown, give it 60 s, then destroy it (FACTS.md "Autoscalers", from
    /// docs.digitalocean.com products/droplets/concepts/autoscale-pools); it is billed until then.
    public static let dropletAutoscalePoolShutdownGrace = 60.0

    public init(bootTime: Distribution, appStart: Double, healthCheckInterval: Double, healthyThreshold: Int,
                unhealthyThreshold: Int = 5, failureProbability: Double, replaceAfter: Double,
                deregistrationLag: Double = 0, shutdownGrace: Double = DropletLifecycle.dropletAutoscalePoolShutdownGrace,
                meanTimeBetweenFailures: Double? = nil, meanTimeBetweenFailuresBySize: [String: Double] = [:],
                warmUp: WarmUp? = nil) {
        self.bootTime = bootTime
        self.appStart = appStart
        self.healthCheckInterval = healthCheckInterval
        self.healthyThreshold = healthyThreshold
        self.unhealthyThreshold = unhealthyThreshold
        self.failureProbability = failureProbability
        self.replaceAfter = replaceAfter
        self.deregistrationLag = deregistrationLag
        self.shutdownGrace = shutdownGrace
        self.meanTimeBetweenFailures = meanTimeBetweenFailures
        self.meanTimeBetweenFailuresBySize = meanTimeBetweenFailuresBySize
        self.warmUp = warmUp
    }

    /// The mean time between failures of a droplet of size `slug`, seconds, or `nil`.
    public func meanTimeBetweenFailures(size slug: String) -> Double? {
        meanTimeBetweenFailuresBySize[slug] ?? meanTimeBetweenFailures
    }

    /// The grace a scale-in gives under `autoscaling`: DigitalOcean's 60 s for an autoscale
    /// pool (alone or in `combined`), this lifecycle's `shutdownGrace` otherwise.
    public func shutdownGrace(under autoscaling: AutoscalingConfiguration?) -> Double {
        autoscaling?.policy.includesDropletAutoscalePool == true ? Self.dropletAutoscalePoolShutdownGrace : shutdownGrace
    }
}

extension PolicyConfiguration {
    /// Whether a DigitalOcean droplet autoscale pool scales the tier, alone or as a member of
    /// `combined`: its scale-in then follows DigitalOcean's shutdown, 60 s, destroy.
    public var includesDropletAutoscalePool: Bool {
        switch self {
        case .dropletAutoscalePool: true
        case let .combined(members): members.contains { $0.includesDropletAutoscalePool }
        case .fixed, .targetTracking, .step, .scheduled, .predictive: false
        }
    }
}
