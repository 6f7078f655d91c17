import Results
import Scenarios
import SimCore

/// Where a droplet slot is in its life. Billing runs from `booting` to the end of
/// `draining`; a `retiring` droplet is destroyed but still has requests that will fail.
enum DropletState: UInt8 {
    case off, booting, checking, failed, inRotation, draining, retiring

    /// Counted as the tier's size by the controller: everything not on its way out.
    var isCounted: Bool { self == .booting || self == .checking || self == .failed || self == .inRotation }
}

/// The droplets of every tier through their lives: created, booted, checked by the
/// balancer, in rotation, drained and destroyed, or failed and replaced (DESIGN §4
/// "Load balancer", "Autoscaling in the loop"), with what billing and the controller read.
///
/// Each tier owns a fixed range of droplet slots (`TierLayout`); a slot is reused once its
/// droplet is off. Lifecycle events carry the slot's `epochs` value at scheduling, so an event
/// for a droplet since removed is ignored. Methods change this state only and return what
/// the caller must do: schedule an event, put a droplet in rotation or take it out.
struct DropletFleets {
    /// One tier's counts and levels.
    struct TierDroplets {
        /// Booting, checking, failed or in rotation: the size the controller sees.
        var counted: Int
        /// Droplets in rotation over time, and processes able to run (in rotation or draining).
        var ready: TimeWeightedMean
        var servingWorkers: TimeWeightedMean
        /// Serving process-seconds before the warm-up ended.
        var servingAreaAtWarmup = 0.0
        var lifetimes: [DropletLifetime] = []
        /// Droplets that never turned healthy and were replaced.
        var failedDroplets = 0
        /// Requests that failed because their droplet was destroyed at the end of its drain.
        var lostRequests = 0
        /// Scale-ins that found the droplet still serving requests, which then drained.
        var drainsWithRequests = 0
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
    let lifecycles: [DropletLifecycle]
    private(set) var states: [DropletState]
    /// When each slot's droplet was created, and when it last joined the rotation (seconds).
    private(set) var created: [Double]
    private(set) var healthySince: [Double]
    private(set) var epochs: [UInt32]
    private var streams: [Xoshiro256StarStar]
    private(set) var byTier: [TierDroplets]

    /// Each tier's initial droplets, in rotation from time 0.
    init(tiers: [PlatformModel.Tier], layout: TierLayout, lifecycles: [DropletLifecycle], streams: [Xoshiro256StarStar]) {
        self.tiers = tiers
        self.layout = layout
        self.lifecycles = lifecycles
        self.streams = streams
        states = Array(repeating: .off, count: layout.dropletCount)
        created = Array(repeating: 0, count: layout.dropletCount)
        // The initial droplets have served since before the start: no warm-up of any kind.
        healthySince = Array(repeating: -.infinity, count: layout.dropletCount)
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
        let lifecycle = lifecycles[tier]
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

    /// The newest of `tier`'s droplets in `rotation` (local indexes), the one a scale-in drains.
    func newest(in rotation: [Int32], tier: Int) -> Int? {
        let first = layout.firstDroplet[tier]
        return rotation.indices.max(by: { created[first + Int(rotation[$0])] <= created[first + Int(rotation[$1])] })
            .map { Int(rotation[$0]) }
    }

    /// The droplet left the rotation for a scale-in. With no request left it is retired at
    /// once and returns `nil` (the caller closes its processes' pools); otherwise it drains,
    /// and the caller schedules the drain's deadline with the returned epoch.
    mutating func drain(_ droplet: Int, tier: Int, inFlight: Int, at now: Double) -> UInt32? {
        byTier[tier].ready.add(-1, at: now)
        byTier[tier].counted -= 1
        states[droplet] = .draining
        if inFlight == 0 {
            retire(droplet, tier: tier, at: now)
            return nil
        }
        byTier[tier].drainsWithRequests += 1
        epochs[droplet] &+= 1
        return epochs[droplet]
    }

    /// The droplet is `active` and its app started, unless the event is stale (`nil`). The
    /// balancer checks every interval at its own phase; `healthy_threshold` passes in a row
    /// put the droplet in rotation. Some droplets never pass and are replaced.
    mutating func booted(_ droplet: Int, epoch: UInt32, at now: Double) -> Boot? {
        guard epochs[droplet] == epoch, states[droplet] == .booting else { return nil }
        let tier = layout.tier(ofDroplet: droplet)
        let lifecycle = lifecycles[tier]
        let draw = streams[tier].nextUnit()
        if draw < lifecycle.failureProbability {
            states[droplet] = .failed
            return .failed(replaceAt: max(now, created[droplet] + lifecycle.replaceAfter))
        }
        states[droplet] = .checking
        let phase = streams[tier].nextUnit() * lifecycle.healthCheckInterval
        return .checking(healthyAfter: phase + Double(lifecycle.healthyThreshold - 1) * lifecycle.healthCheckInterval)
    }

    /// The droplet passed its health checks, unless the event is stale (`false`): the caller
    /// puts it in its balancer's rotation.
    mutating func turnedHealthy(_ droplet: Int, epoch: UInt32, at now: Double) -> Bool {
        guard epochs[droplet] == epoch, states[droplet] == .checking else { return false }
        let tier = layout.tier(ofDroplet: droplet)
        states[droplet] = .inRotation
        healthySince[droplet] = now
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

    /// The drain timeout passed with requests still running, unless the event is stale: the
    /// droplet is destroyed and what it still holds will fail. Returns whether its slot is
    /// off (it held nothing after all), so that its processes' pools close.
    mutating func drainDeadline(_ droplet: Int, epoch: UInt32, inFlight: Int, at now: Double) -> Bool {
        guard epochs[droplet] == epoch, states[droplet] == .draining else { return false }
        let tier = layout.tier(ofDroplet: droplet)
        destroy(droplet, tier: tier, at: now)
        byTier[tier].servingWorkers.add(-Double(tiers[tier].workersPerDroplet), at: now)
        states[droplet] = inFlight == 0 ? .off : .retiring
        return states[droplet] == .off
    }

    /// The last request of a draining or retiring droplet finished: returns whether its slot
    /// is now off, so that its processes' pools close.
    mutating func emptied(_ droplet: Int, at now: Double) -> Bool {
        let tier = layout.tier(ofDroplet: droplet)
        switch states[droplet] {
        case .draining:
            epochs[droplet] &+= 1
            retire(droplet, tier: tier, at: now)
            return true
        case .retiring:
            states[droplet] = .off
            return true
        default:
            return false
        }
    }

    /// A request completed on a droplet destroyed under it: it counts as lost.
    mutating func lostRequest(tier: Int) {
        byTier[tier].lostRequests += 1
    }

    /// A drained droplet: destroyed, its slot free again.
    private mutating func retire(_ droplet: Int, tier: Int, at now: Double) {
        destroy(droplet, tier: tier, at: now)
        byTier[tier].servingWorkers.add(-Double(tiers[tier].workersPerDroplet), at: now)
        states[droplet] = .off
    }

    /// Stops the bill: the droplet's lifetime goes to the cost model.
    private mutating func destroy(_ droplet: Int, tier: Int, at now: Double) {
        byTier[tier].lifetimes.append(DropletLifetime(created: created[droplet], destroyed: now))
    }

    /// Serving capacity is measured from the end of the warm-up.
    mutating func endWarmup(at now: Double) {
        for tier in byTier.indices { byTier[tier].servingAreaAtWarmup = byTier[tier].servingWorkers.area(at: now) }
    }

    /// What each tier's fleet did, droplets still alive billed up to the horizon, with the
    /// controller's `scaleEvents` per tier.
    func measurements(horizon: Double, scaleEvents: [[ScaleEvent]]) -> [FleetMeasurements] {
        tiers.enumerated().map { index, tier in
            let first = layout.firstDroplet[index]
            var lifetimes = byTier[index].lifetimes
            for local in 0..<tier.slots {
                switch states[first + local] {
                case .booting, .checking, .failed, .inRotation, .draining:
                    lifetimes.append(DropletLifetime(created: created[first + local], destroyed: horizon))
                case .off, .retiring:
                    break
                }
            }
            let fleet = byTier[index]
            return FleetMeasurements(
                role: tier.role, autoscaled: tier.autoscaled, lifetimes: lifetimes,
                scaleEvents: scaleEvents[index], failedDroplets: fleet.failedDroplets,
                lostRequests: fleet.lostRequests, drainsWithRequests: fleet.drainsWithRequests,
                meanReady: fleet.ready.area(at: horizon) / max(horizon, 1e-9))
        }
    }

    /// Checks counts against states, and the balancer's view (`rotation`, `inFlight`) against
    /// the droplets' states.
    func checkInvariants(rotation: [[Int32]], inFlight: (Int) -> Int) throws(InvariantViolation) {
        let name = "DropletFleets"
        for (index, tier) in tiers.enumerated() {
            let first = layout.firstDroplet[index]
            let slots = first..<first + tier.slots
            let counted = slots.filter { states[$0].isCounted }.count
            try InvariantViolation.require(counted == byTier[index].counted, name,
                                           "tier \(index): \(byTier[index].counted) droplets counted, \(counted) in counted states")
            let inRotation = slots.filter { states[$0] == .inRotation }.map { Int32($0 - first) }
            try InvariantViolation.require(Set(inRotation) == Set(rotation[index]) && inRotation.count == rotation[index].count, name,
                                           "tier \(index): droplets \(inRotation) in rotation, the balancer has \(rotation[index])")
            try InvariantViolation.require(byTier[index].ready.value == Double(inRotation.count), name,
                                           "tier \(index): ready level \(byTier[index].ready.value), \(inRotation.count) in rotation")
            for droplet in slots {
                switch states[droplet] {
                case .off, .booting, .checking, .failed:
                    try InvariantViolation.require(inFlight(droplet) == 0, name,
                                                   "droplet \(droplet) is \(states[droplet]) but holds \(inFlight(droplet)) requests")
                case .retiring:
                    try InvariantViolation.require(inFlight(droplet) > 0, name, "droplet \(droplet) is retiring with no request left")
                case .inRotation, .draining:
                    break
                }
            }
        }
    }
}
