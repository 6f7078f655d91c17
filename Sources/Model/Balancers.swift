import DequeModule
import Results
import Scenarios
import SimCore

/// Each tier's load balancer and what it knows of the droplets behind it: which droplets are
/// in rotation, how many requests each droplet and process holds, the connections it keeps
/// open, and the requests it holds back in central-queue mode (DESIGN §4 "Load balancer").
///
/// The balancer picks among the droplets in rotation only: booting, unhealthy and draining
/// droplets get no new requests. A droplet that failed while serving stays in rotation until
/// its health checks find it dead, and what the balancer sends it meanwhile fails
/// (`ErrorCause.dropletFailed`). It first needs a free connection. A DigitalOcean regional
/// load balancer holds 10,000 simultaneous connections per node (FACTS.md, from
/// DigitalOcean's "How to Scale Regional Load Balancers"; the catalog's
/// `load_balancer.connections_per_node`), so a tier holds at most `nodes × 10,000` requests
/// open and refuses the next. This is the bound a real platform has on the requests it keeps
/// waiting: without it an overloaded tier queued every arrival (gigabytes of request slots and
/// worker queues within a simulated minute). The nodes' rate limits, their count's changes
/// and the peak load are `BalancerNodes`'.
struct Balancers {
    /// Where `route(_:tier:)` sends a request.
    enum Routing {
        /// Every connection of the balancer is in use: none was opened for the request.
        case refused
        /// The balancer's requests/s or new-TLS-connections/s limit refused the request.
        case rateLimited
        /// A connection was opened, but no droplet or process could take the request.
        case failed(ErrorCause)
        /// Held in the central queue until a process has room.
        case held
        /// To this process (a global index); `admit(worker:tier:)` counts it.
        case process(Int)
    }

    let tiers: [PlatformModel.Tier]
    let layout: TierLayout
    /// Per tier, the local indexes of droplets in rotation, in the order they joined.
    private(set) var rotation: [[Int32]]
    /// Per tier, the round-robin position (and least-connections' tie-breaking start).
    private let nextPosition: SlotBuffer<Int>
    private var streams: [Xoshiro256StarStar]
    /// Per tier, connections held open: requests dispatched and not yet answered, whether
    /// queued at a process, held in the central queue, running, or waiting on the database
    /// or on API calls. Bounded by the tier's connection limit.
    private let connections: SlotBuffer<Int32>
    /// Per tier, requests dispatched since the start: the controller's request rate.
    private let dispatched: SlotBuffer<Int>
    private var centralQueues: [Deque<Int32>]
    /// Requests each droplet slot, and each process, holds.
    private let dropletInFlight: SlotBuffer<Int32>
    private let workerInFlight: SlotBuffer<Int32>
    /// Per droplet, the process its cluster module hands the next connection to.
    private let dropletNextWorker: SlotBuffer<Int32>
    /// Per droplet, whether it failed while in rotation; per tier, how many such droplets are
    /// in rotation (0 almost always, so that routing reads no flag), and the requests sent to
    /// them since the start.
    private let dropletDown: SlotBuffer<Bool>
    private let downInRotation: SlotBuffer<Int32>
    private let sentToDown: SlotBuffer<Int>
    /// The nodes' limits, resizes and peaks.
    let nodes: BalancerNodes

    init(tiers: [PlatformModel.Tier], layout: TierLayout, streams: [Xoshiro256StarStar], plans: [BalancerPlan]) {
        nodes = BalancerNodes(plans: plans)
        self.tiers = tiers
        self.layout = layout
        self.streams = streams
        rotation = Array(repeating: [], count: tiers.count)
        nextPosition = SlotBuffer(repeating: 0, count: tiers.count)
        connections = SlotBuffer(repeating: 0, count: tiers.count)
        dispatched = SlotBuffer(repeating: 0, count: tiers.count)
        centralQueues = Array(repeating: Deque<Int32>(), count: tiers.count)
        dropletInFlight = SlotBuffer(repeating: 0, count: layout.dropletCount)
        workerInFlight = SlotBuffer(repeating: 0, count: layout.workerCount)
        dropletNextWorker = SlotBuffer(repeating: 0, count: layout.dropletCount)
        dropletDown = SlotBuffer(repeating: false, count: layout.dropletCount)
        downInRotation = SlotBuffer(repeating: 0, count: tiers.count)
        sentToDown = SlotBuffer(repeating: 0, count: tiers.count)
    }

    /// Opens a connection for `request` at `tier`'s balancer and picks its process, or holds
    /// it in the central queue. API calls made while rendering pages go through the API
    /// tier's balancer like any other request, and the page keeps its web-tier connection
    /// meanwhile.
    ///
    /// Inlined into its one caller, whose switch on the routing then folds into the returns
    /// below: out of line, that switch was a second data-dependent branch per dispatch.
    @inline(__always)
    mutating func route(_ request: Int32, tier: Int, at now: Double) -> Routing {
        let spec = tiers[tier]
        let firstWorker = layout.firstWorker[tier]
        dispatched[tier] += 1
        nodes.offer(tier: tier, at: now)
        guard Int(connections[tier]) < nodes.connectionLimit(tier: tier) else { return .refused }
        guard nodes.admits(tier: tier, at: now) else { return .rateLimited }
        connections[tier] += 1
        nodes.opened(tier: tier, open: Int(connections[tier]))
        let serving = rotation[tier].count
        guard serving > 0 else { return .failed(.noHealthyDroplet) }
        if spec.balancing == .centralQueue {
            for position in 0..<serving {
                let first = firstWorker + Int(rotation[tier][position]) * spec.workersPerDroplet
                for worker in first..<first + spec.workersPerDroplet where workerInFlight[worker] < Int32(spec.inFlightLimit) {
                    if downInRotation[tier] > 0 && dropletDown[layout.firstDroplet[tier] + Int(rotation[tier][position])] {
                        sentToDown[tier] += 1
                        return .failed(.dropletFailed)
                    }
                    return .process(worker)
                }
            }
            centralQueues[tier].append(request)
            return .held
        }
        let firstDroplet = layout.firstDroplet[tier]
        let position: Int
        switch spec.balancing {
        case .roundRobin, .centralQueue:
            position = nextPosition[tier] % serving
            nextPosition[tier] = (position + 1) % serving
        case .random:
            position = Int(streams[tier].next() % UInt64(serving))
        case .leastConnections:
            // Ties rotate so that an idle fleet still spreads its load.
            let start = nextPosition[tier] % serving
            var best = start
            for step in 1..<max(1, serving) {
                let candidate = (start + step) % serving
                if dropletInFlight[firstDroplet + Int(rotation[tier][candidate])] < dropletInFlight[firstDroplet + Int(rotation[tier][best])] {
                    best = candidate
                }
            }
            position = best
            nextPosition[tier] = (start + 1) % serving
        }
        let droplet = Int(rotation[tier][position])
        // Node's cluster module hands connections to its workers round robin.
        let globalDroplet = firstDroplet + droplet
        if downInRotation[tier] > 0 && dropletDown[globalDroplet] {
            sentToDown[tier] += 1
            return .failed(.dropletFailed)
        }
        let within = Int(dropletNextWorker[globalDroplet])
        dropletNextWorker[globalDroplet] = Int32((within + 1) % spec.workersPerDroplet)
        let worker = firstWorker + droplet * spec.workersPerDroplet + within
        if spec.inFlightLimit > 0 && workerInFlight[worker] >= Int32(spec.inFlightLimit) {
            return .failed(.overloaded)
        }
        return .process(worker)
    }

    /// `worker` of `tier` takes a request; returns its droplet slot.
    @inline(__always)
    mutating func admit(worker: Int, tier: Int) -> Int {
        workerInFlight[worker] += 1
        let droplet = layout.droplet(ofWorker: worker, tier: tier)
        dropletInFlight[droplet] += 1
        return droplet
    }

    /// `worker` of `tier` is done with a request; returns its droplet slot.
    @inline(__always)
    mutating func release(worker: Int, tier: Int) -> Int {
        workerInFlight[worker] -= 1
        let droplet = layout.droplet(ofWorker: worker, tier: tier)
        dropletInFlight[droplet] -= 1
        return droplet
    }

    /// The answer went out: the request's connection closes.
    @inline(__always)
    mutating func closeConnection(tier: Int) {
        connections[tier] -= 1
    }

    /// Whether `worker` of `tier` has room for a request held in the central queue.
    @inline(__always)
    func hasRoom(_ worker: Int, tier: Int) -> Bool {
        workerInFlight[worker] < Int32(tiers[tier].inFlightLimit)
    }

    /// The request held longest in `tier`'s central queue, removed from it: the caller
    /// assigns it to a process with room (one that just finished a request has room).
    @inline(__always)
    mutating func takeHeld(tier: Int) -> Int32? {
        centralQueues[tier].popFirst()
    }

    /// The droplet passed its health checks: the balancer sends it requests.
    mutating func register(local droplet: Int, tier: Int) {
        rotation[tier].append(Int32(droplet))
    }

    /// The droplet is deregistered (scale-in, or found dead): it gets no new requests.
    mutating func deregister(local droplet: Int, tier: Int) {
        rotation[tier].removeAll { $0 == Int32(droplet) }
        let global = layout.firstDroplet[tier] + droplet
        if dropletDown[global] {
            dropletDown[global] = false
            downInRotation[tier] -= 1
        }
    }

    /// The droplet failed while in rotation: it stays there, and what it is sent fails.
    mutating func markDown(local droplet: Int, tier: Int) {
        dropletDown[layout.firstDroplet[tier] + droplet] = true
        downInRotation[tier] += 1
    }

    /// Whether global droplet slot `droplet` failed and is still in rotation.
    func isDown(droplet: Int) -> Bool { dropletDown[droplet] }

    /// Requests `tier`'s balancer sent to failed droplets since the start.
    func sentToFailed(tier: Int) -> Int { sentToDown[tier] }

    /// Requests global droplet slot `droplet` holds.
    @inline(__always)
    func inFlight(droplet: Int) -> Int { Int(dropletInFlight[droplet]) }

    /// Requests dispatched to `tier` since the start.
    func dispatchedCount(tier: Int) -> Int { dispatched[tier] }

    /// Connections `tier`'s balancer holds open.
    func openConnections(tier: Int) -> Int { Int(connections[tier]) }

    /// Requests held in `tier`'s central queue.
    func heldCount(tier: Int) -> Int { centralQueues[tier].count }

    func checkInvariants() throws(InvariantViolation) {
        let name = "Balancers"
        for (tier, spec) in tiers.enumerated() {
            // A scale-down leaves the connections above its new limit open until they end or drain.
            let limit = max(spec.balancerConnectionLimit, nodes.largestConnectionLimit(tier: tier))
            try InvariantViolation.require((0...limit).contains(Int(connections[tier])), name,
                                           "tier \(tier): \(connections[tier]) connections open, limit \(limit)")
            try InvariantViolation.require(Set(rotation[tier]).count == rotation[tier].count, name, "tier \(tier): a droplet is in rotation twice")
            let down = rotation[tier].filter { dropletDown[layout.firstDroplet[tier] + Int($0)] }.count
            try InvariantViolation.require(down == Int(downInRotation[tier]), name,
                                           "tier \(tier): \(downInRotation[tier]) failed droplets counted in rotation, \(down) flagged")
            for local in 0..<spec.slots {
                let droplet = layout.firstDroplet[tier] + local
                let first = layout.firstWorker[tier] + local * spec.workersPerDroplet
                let held = (first..<first + spec.workersPerDroplet).reduce(0) { $0 + Int(workerInFlight[$1]) }
                try InvariantViolation.require(held == Int(dropletInFlight[droplet]) && held >= 0, name,
                                               "droplet \(droplet): \(dropletInFlight[droplet]) requests, its processes hold \(held)")
                if spec.inFlightLimit > 0 {
                    for worker in first..<first + spec.workersPerDroplet {
                        try InvariantViolation.require(workerInFlight[worker] <= Int32(spec.inFlightLimit), name,
                                                       "process \(worker) holds \(workerInFlight[worker]) requests, in-flight limit \(spec.inFlightLimit)")
                    }
                }
            }
        }
    }
}
