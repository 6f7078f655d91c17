import Results
import Scenarios
import SimCore

/// Where a droplet slot is in its life. Billing runs from `booting` to the destruction: the
/// end of `draining`, or the detection of a `crashed` droplet. A `retiring` or
/// `crashRetiring` droplet is destroyed but still has requests that will fail.
enum DropletState: UInt8 {
    case off, booting, checking, failed, inRotation
    /// Removed by a scale-in, still getting new requests until the deregistration lag ends.
    case deregistering
    /// Out of the rotation: its requests in flight have the shutdown grace to finish.
    case draining
    case retiring
    /// Failed while serving: answers nothing, but the balancer routes to it until its health
    /// checks fail `unhealthy_threshold` times in a row.
    case crashed
    case crashRetiring

    /// Counted as the tier's size by the controller: everything not on its way out (a crashed
    /// droplet too, until its failure is detected: the platform does not know yet).
    var isCounted: Bool {
        self == .booting || self == .checking || self == .failed || self == .inRotation || self == .crashed
    }

    /// In its balancer's rotation: getting new requests.
    var isInRotation: Bool { self == .inRotation || self == .deregistering || self == .crashed }

    /// Its processes run requests: in rotation and alive, or finishing its requests.
    var runsProcesses: Bool { self == .inRotation || self == .deregistering || self == .draining }
}

/// The droplets of every tier through their lives: created, booted, checked by the
/// balancer, in rotation, deregistered, shut down and destroyed (DESIGN §4 "Load balancer",
/// "Autoscaling in the loop"), or failed and replaced, with what billing and the controller read.
///
/// Each tier owns a fixed range of droplet slots (`TierLayout`); a slot is reused once its
/// droplet is off. Lifecycle events carry the slot's `epochs` value at scheduling, so an event
/// for a droplet since removed is ignored. Methods change this state only and return what
/// the caller must do: schedule an event, put a droplet in rotation or take it out. Scale-in
/// is in `DropletFleets+ScaleIn.swift`, failures and warm-up in `DropletFleets+Failures.swift`.
///
/// Its stored properties are internal so that those files can change them; nothing else does.
struct DropletFleets {
    /// One tier's counts and levels.
    struct TierDroplets {
        /// Booting, checking, failed, in rotation or crashed: the size the controller sees.
        var counted: Int
        /// Droplets in rotation (and not on their way out or crashed) over time, and processes
        /// able to run (`DropletState.runsProcesses`).
        var ready: TimeWeightedMean
        var servingWorkers: TimeWeightedMean
        /// Serving process-seconds before the warm-up ended.
        var servingAreaAtWarmup = 0.0
        var lifetimes: [DropletLifetime] = []
        /// Droplets that never turned healthy and were replaced.
        var failedDroplets = 0
        /// Requests that failed because their droplet was destroyed at the end of its shutdown grace.
        var lostRequests = 0
        /// Requests that completed on a droplet shut down by a scale-in, within its grace.
        var finishedDuringGrace = 0
        /// Scale-ins that found the droplet still serving requests when it stopped taking new ones.
        var drainsWithRequests = 0
        /// Droplets that failed while serving.
        var crashes = 0
        /// Requests in flight on a droplet when it failed, which failed with it.
        var requestsLostToCrash = 0
    }

    /// What became of a droplet that finished booting.
    enum Boot {
        /// It will never turn healthy: replace it at this time (seconds).
        case failed(replaceAt: Double)
        /// Its health checks began: it passes them after this many seconds.
        case checking(healthyAfter: Double)
    }

    let tiers: [PlatformModel.Tier]
    let layout: TierLayout
    let lifecycles: [TierLifecycle]
    /// Whether any tier has a warm-up: the event loop asks for a slowdown only then.
    let warmsUp: Bool
    var states: [DropletState]
    /// When each slot's droplet was created, and when it last joined the rotation (seconds).
    var created: [Double]
    var healthySince: [Double]
    /// When each droplet's warm-up ends (seconds); 0 for droplets warm from the start.
    var warmUntil: [Double]
    /// A time at which the balancer checks each droplet (its checks come every interval from
    /// there), or NaN when not drawn yet (the initial droplets).
    var checkOrigin: [Double]
    var epochs: [UInt32]
    /// Boot delays and health-check phases of new droplets, per tier.
    var streams: [Xoshiro256StarStar]
    /// Times to failure and the initial droplets' health-check phases, per tier: a stream of
    /// their own, so that asking for failures shifts no other draw.
    var failureStreams: [Xoshiro256StarStar]
    var byTier: [TierDroplets]

    /// Each tier's initial droplets, in rotation from time 0.
    init(tiers: [PlatformModel.Tier], layout: TierLayout, lifecycles: [TierLifecycle], streams: [Xoshiro256StarStar],
         failureStreams: [Xoshiro256StarStar]) {
        self.tiers = tiers
        self.layout = layout
        self.lifecycles = lifecycles
        warmsUp = lifecycles.contains(where: \.warmsUp)
        self.streams = streams
        self.failureStreams = failureStreams
        states = Array(repeating: .off, count: layout.dropletCount)
        created = Array(repeating: 0, count: layout.dropletCount)
        // The initial droplets have served since before the start: no warm-up of any kind.
        healthySince = Array(repeating: -.infinity, count: layout.dropletCount)
        warmUntil = created
        checkOrigin = Array(repeating: .nan, count: layout.dropletCount)
        epochs = Array(repeating: 0, count: layout.dropletCount)
        byTier = tiers.map { tier in
            TierDroplets(counted: tier.initialDroplets, ready: TimeWeightedMean(value: Double(tier.initialDroplets), at: 0),
                         servingWorkers: TimeWeightedMean(value: Double(tier.initialDroplets * tier.workersPerDroplet), at: 0))
        }
        for (index, tier) in tiers.enumerated() {
            for local in 0..<tier.initialDroplets { states[layout.firstDroplet[index] + local] = .inRotation }
        }
    }

    /// Creates a droplet in `tier`'s first free slot: returns it and its boot delay (to
    /// `active`, then the app's start), or `nil` when every slot is still taken by a
    /// departing droplet.
    mutating func create(tier: Int, at now: Double) -> (droplet: Int, bootDelay: Double)? {
        let first = layout.firstDroplet[tier]
        guard let local = (0..<tiers[tier].slots).first(where: { states[first + $0] == .off }) else { return nil }
        let droplet = first + local
        states[droplet] = .booting
        created[droplet] = now
        epochs[droplet] &+= 1
        byTier[tier].counted += 1
        let lifecycle = lifecycles[tier].scenario
        return (droplet, lifecycle.bootTime.sample(using: &streams[tier]) + lifecycle.appStart)
    }

    /// Removes the capacity of `tier` that is not serving yet, if any: a failed droplet, else
    /// the newest booting one, else the newest one under health checks.
    mutating func removeNotServing(tier: Int, at now: Double) -> Bool {
        let first = layout.firstDroplet[tier]
        for state in [DropletState.failed, .booting, .checking] {
            let candidates = (0..<tiers[tier].slots).filter { states[first + $0] == state }
            if let newest = candidates.max(by: { created[first + $0] < created[first + $1] }) {
                destroy(first + newest, tier: tier, at: now)
                states[first + newest] = .off
                byTier[tier].counted -= 1
                return true
            }
        }
        return false
    }

    /// The droplet is `active` and its app started, unless the event is stale (`nil`). The
    /// balancer checks every interval at its own phase; `healthy_threshold` passes in a row
    /// put the droplet in rotation. Some droplets never pass and are replaced.
    mutating func booted(_ droplet: Int, epoch: UInt32, at now: Double) -> Boot? {
        guard epochs[droplet] == epoch, states[droplet] == .booting else { return nil }
        let tier = layout.tier(ofDroplet: droplet)
        let lifecycle = lifecycles[tier].scenario
        let draw = streams[tier].nextUnit()
        if draw < lifecycle.failureProbability {
            states[droplet] = .failed
            return .failed(replaceAt: max(now, created[droplet] + lifecycle.replaceAfter))
        }
        states[droplet] = .checking
        let phase = streams[tier].nextUnit() * lifecycle.healthCheckInterval
        checkOrigin[droplet] = now + phase
        return .checking(healthyAfter: phase + Double(lifecycle.healthyThreshold - 1) * lifecycle.healthCheckInterval)
    }

    /// The droplet passed its health checks, unless the event is stale (`false`): the caller
    /// puts it in its balancer's rotation.
    mutating func turnedHealthy(_ droplet: Int, epoch: UInt32, at now: Double) -> Bool {
        guard epochs[droplet] == epoch, states[droplet] == .checking else { return false }
        let tier = layout.tier(ofDroplet: droplet)
        states[droplet] = .inRotation
        healthySince[droplet] = now
        if lifecycles[tier].warmsUp { warmUntil[droplet] = now + lifecycles[tier].warmUpDuration }
        byTier[tier].ready.add(1, at: now)
        byTier[tier].servingWorkers.add(Double(tiers[tier].workersPerDroplet), at: now)
        return true
    }

    /// A droplet that never turned healthy is destroyed, unless the event is stale (`false`):
    /// the caller creates one in its place.
    mutating func removeFailed(_ droplet: Int, epoch: UInt32, at now: Double) -> Bool {
        guard epochs[droplet] == epoch, states[droplet] == .failed else { return false }
        let tier = layout.tier(ofDroplet: droplet)
        destroy(droplet, tier: tier, at: now)
        states[droplet] = .off
        byTier[tier].counted -= 1
        byTier[tier].failedDroplets += 1
        return true
    }

    /// Stops the bill: the droplet's lifetime goes to the cost model. A droplet destroyed at
    /// the instant it was created (a replacement and a controller tick at the same time) never
    /// existed: the removal cancels the creation, and no 0 s lifetime (billed a whole minute)
    /// is recorded.
    mutating func destroy(_ droplet: Int, tier: Int, at now: Double) {
        guard now > created[droplet] else { return }
        byTier[tier].lifetimes.append(DropletLifetime(created: created[droplet], destroyed: now))
    }

    /// Serving capacity is measured from the end of the warm-up.
    mutating func endWarmup(at now: Double) {
        for tier in byTier.indices { byTier[tier].servingAreaAtWarmup = byTier[tier].servingWorkers.area(at: now) }
    }

    /// What each tier's fleet did, droplets still alive billed up to the horizon, with the
    /// controller's `scaleEvents` per tier and the requests each balancer `sentToFailed`
    /// droplets before it found them dead.
    func measurements(horizon: Double, scaleEvents: [[ScaleEvent]], sentToFailed: [Int]) -> [FleetMeasurements] {
        tiers.enumerated().map { index, tier in
            let first = layout.firstDroplet[index]
            var lifetimes = byTier[index].lifetimes
            for local in 0..<tier.slots {
                switch states[first + local] {
                case .booting, .checking, .failed, .inRotation, .deregistering, .draining, .crashed:
                    // A droplet created at the horizon itself never ran within it.
                    if horizon > created[first + local] {
                        lifetimes.append(DropletLifetime(created: created[first + local], destroyed: horizon))
                    }
                case .off, .retiring, .crashRetiring:
                    break
                }
            }
            let fleet = byTier[index]
            return FleetMeasurements(
                role: tier.role, autoscaled: tier.autoscaled, lifetimes: lifetimes,
                scaleEvents: scaleEvents[index], failedDroplets: fleet.failedDroplets,
                lostRequests: fleet.lostRequests, drainsWithRequests: fleet.drainsWithRequests,
                meanReady: fleet.ready.area(at: horizon) / max(horizon, 1e-9),
                finishedDuringGrace: fleet.finishedDuringGrace, crashes: fleet.crashes,
                requestsLostToCrash: fleet.requestsLostToCrash + sentToFailed[index])
        }
    }
}
