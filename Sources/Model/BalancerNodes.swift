import Results
import Scenarios

/// What one tier's balancer needs to know of its nodes: the count at the start, the
/// per-node limits and the count's changes (`ServiceTier.balancerCapacity`).
package struct BalancerPlan: Sendable {
    package var nodes: Int
    package var connectionsPerNode: Int
    package var capacity: BalancerCapacity

    package init(nodes: Int, connectionsPerNode: Int, capacity: BalancerCapacity) {
        self.nodes = nodes
        self.connectionsPerNode = connectionsPerNode
        self.capacity = capacity
    }

    package init(_ tier: ServiceTier) {
        self.init(nodes: tier.balancerNodes, connectionsPerNode: tier.balancerConnectionsPerNode, capacity: tier.balancerCapacity)
    }
}

/// Each tier's balancer nodes: their rate limits as token buckets, the node count's changes
/// with the removed nodes' drain, and the peak load the report compares with the capacity.
///
/// **Rate limits.** A token bucket per limit, refilled continuously at nodes × the per-node
/// rate and holding at most one second of it (one second is how DigitalOcean states the
/// limits: "requests per second", "new SSL connections per second"; a deeper bucket would
/// let bursts through that a per-second limit refuses). A request takes one request token
/// and `1 / requests_per_connection` of a TLS token; without enough it is refused, counted as
/// `ErrorCause.balancerRateLimit`. Refusal, not queueing: past the TLS limit "the underlying
/// connection is closed" (DigitalOcean "Load Balancers Limits",
/// docs.digitalocean.com/products/networking/load-balancers/details/limits); past the
/// requests/s limit DigitalOcean documents nothing, and capsim assumes the same refusal (a
/// 503). Buckets start full. The arithmetic is a few floating-point operations per request,
/// draws nothing at random and never refuses below the limits, so a scenario far from them
/// runs exactly as before.
///
/// **Resize.** A scale-up adds capacity at once (DigitalOcean documents no delay). A
/// scale-down lowers the rate and connection limits at once, so the removed nodes take no
/// new connections; connections already open stay until they end or the drain runs out
/// (`drain_seconds`, one minute: "How to Scale Regional Load Balancers"). Connections are
/// taken to be spread evenly over the nodes: a connection is on a removed node when its
/// request slot modulo the old node count is at least the new count. Such a connection
/// opened before the scale-down and still open when the drain ends is closed; the model lets
/// its work run out (as it does for droplets destroyed under a request) and fails it when it
/// ends, as `ErrorCause.balancerDrained`. Only the latest scale-down drains: a second one
/// within a minute of the first forgets the first's connections (noted in the README).
///
/// **Peaks.** Requests offered to the balancer (refused ones included) are counted per whole
/// simulated second since the start, and the most in one second after the warm-up is the peak
/// requests/s; likewise new TLS connections (fractional, `1 / requests_per_connection` per
/// request). Peak connections is the most connections open at once after the warm-up.
struct BalancerNodes {
    /// One tier's plain values, mutated in place through `SlotBuffer`.
    struct State: BitwiseCopyable {
        var nodes: Int
        var connectionLimit: Int
        /// Tokens per second and bucket depth: nodes × per-node rate; `.infinity` for none.
        var requestRate: Double
        var tlsRate: Double
        /// TLS tokens one request takes: `1 / requests_per_connection`; 0 with keep-alive.
        var tlsCost: Double
        var requestTokens: Double
        var tlsTokens: Double
        var lastRefill: Double
        /// When the next resize is due; `.infinity` when none is left.
        var nextResize: Double
        var nextResizeIndex: Int
        /// The latest scale-down: connections opened before `drainStart` on a removed node and
        /// open after `drainDeadline` are closed. `drainStart` is `-.infinity` before any.
        var drainStart: Double
        var drainDeadline: Double
        var drainOldNodes: Int
        var drainNewNodes: Int
        /// The second being counted (whole seconds since the start) and what it holds.
        var second: Double
        var requestsInSecond: Int
        var tlsInSecond: Double
        var peakRequestsPerSecond: Int
        var peakNewTLSPerSecond: Double
        var peakConnections: Int
        var fewestNodes: Int
        var mostNodes: Int
        var refusedByRate: Int
        var refusedByTLS: Int
        var closedByDrain: Int
    }

    private let state: SlotBuffer<State>
    private let plans: [BalancerPlan]

    init(plans: [BalancerPlan]) {
        self.plans = plans
        state = SlotBuffer(plans.map { plan in
            let capacity = plan.capacity
            let nodes = Double(plan.nodes)
            let requestRate = nodes * capacity.requestsPerSecondPerNode
            let tlsRate = nodes * capacity.newTLSConnectionsPerSecondPerNode
            return State(nodes: plan.nodes, connectionLimit: plan.nodes * plan.connectionsPerNode,
                         requestRate: requestRate, tlsRate: tlsRate,
                         tlsCost: capacity.requestsPerConnection.isInfinite ? 0 : 1 / capacity.requestsPerConnection,
                         requestTokens: requestRate, tlsTokens: tlsRate, lastRefill: 0,
                         nextResize: capacity.resizes.first?.time ?? .infinity, nextResizeIndex: 0,
                         drainStart: -.infinity, drainDeadline: .infinity, drainOldNodes: plan.nodes, drainNewNodes: plan.nodes,
                         second: 0, requestsInSecond: 0, tlsInSecond: 0, peakRequestsPerSecond: 0, peakNewTLSPerSecond: 0,
                         peakConnections: 0, fewestNodes: plan.nodes, mostNodes: plan.nodes,
                         refusedByRate: 0, refusedByTLS: 0, closedByDrain: 0)
        })
    }

    /// The most connections `tier`'s balancer holds open now.
    @inline(__always)
    func connectionLimit(tier: Int) -> Int { state[tier].connectionLimit }

    /// A request reaches `tier`'s balancer at `now`: applies the resizes due and counts it
    /// in its second.
    @inline(__always)
    func offer(tier: Int, at now: Double) {
        let tierState = state.pointer(to: tier)
        if now >= tierState.pointee.nextResize { applyResizes(tier: tier, at: now) }
        let second = now.rounded(.down)
        if second != tierState.pointee.second {
            tierState.pointee.second = second
            tierState.pointee.requestsInSecond = 0
            tierState.pointee.tlsInSecond = 0
        }
        tierState.pointee.requestsInSecond += 1
        if tierState.pointee.requestsInSecond > tierState.pointee.peakRequestsPerSecond {
            tierState.pointee.peakRequestsPerSecond = tierState.pointee.requestsInSecond
        }
        let cost = tierState.pointee.tlsCost
        if cost > 0 {
            tierState.pointee.tlsInSecond += cost
            if tierState.pointee.tlsInSecond > tierState.pointee.peakNewTLSPerSecond { tierState.pointee.peakNewTLSPerSecond = tierState.pointee.tlsInSecond }
        }
    }

    /// Whether the rate limits let the request through; takes its tokens when they do.
    @inline(__always)
    func admits(tier: Int, at now: Double) -> Bool {
        let tierState = state.pointer(to: tier)
        let elapsed = now - tierState.pointee.lastRefill
        tierState.pointee.lastRefill = now
        let requestRate = tierState.pointee.requestRate
        if requestRate.isFinite {
            tierState.pointee.requestTokens = min(requestRate, tierState.pointee.requestTokens + elapsed * requestRate)
            guard tierState.pointee.requestTokens >= 1 else {
                tierState.pointee.refusedByRate += 1
                return false
            }
        }
        let cost = tierState.pointee.tlsCost
        let tlsRate = tierState.pointee.tlsRate
        if cost > 0 && tlsRate.isFinite {
            tierState.pointee.tlsTokens = min(tlsRate, tierState.pointee.tlsTokens + elapsed * tlsRate)
            // A hair of slack: a bucket refilled in floating point may fall short of a whole
            // token by a rounding error exactly at the limit.
            guard tierState.pointee.tlsTokens >= cost - 1e-9 else {
                tierState.pointee.refusedByTLS += 1
                return false
            }
            tierState.pointee.tlsTokens -= cost
        }
        if requestRate.isFinite { tierState.pointee.requestTokens -= 1 }
        return true
    }

    /// A connection opened: the peak follows it.
    @inline(__always)
    func opened(tier: Int, open: Int) {
        let tierState = state.pointer(to: tier)
        if open > tierState.pointee.peakConnections { tierState.pointee.peakConnections = open }
    }

    /// Whether the connection of the request in `slot`, opened at `openedAt`, was closed by a
    /// removed node's drain before the request ended at `now`; counts it when it was.
    @inline(__always)
    func closedByDrain(slot: Int, openedAt: Double, tier: Int, at now: Double) -> Bool {
        let tierState = state.pointer(to: tier)
        if now >= tierState.pointee.nextResize { applyResizes(tier: tier, at: now) }
        guard openedAt < tierState.pointee.drainStart && now > tierState.pointee.drainDeadline else { return false }
        guard slot % tierState.pointee.drainOldNodes >= tierState.pointee.drainNewNodes else { return false }
        tierState.pointee.closedByDrain += 1
        return true
    }

    /// Applies every resize due by `now`, each at its own time.
    private func applyResizes(tier: Int, at now: Double) {
        let resizes = plans[tier].capacity.resizes
        while state[tier].nextResizeIndex < resizes.count && resizes[state[tier].nextResizeIndex].time <= now {
            let resize = resizes[state[tier].nextResizeIndex]
            resizeNodes(tier: tier, to: resize.nodes, at: resize.time)
            state[tier].nextResizeIndex += 1
        }
        let index = state[tier].nextResizeIndex
        state[tier].nextResize = index < resizes.count ? resizes[index].time : .infinity
    }

    private func resizeNodes(tier: Int, to nodes: Int, at time: Double) {
        let plan = plans[tier]
        let old = state[tier].nodes
        // Refill the buckets up to the resize at the old rates; the new depth caps them.
        _ = refill(tier: tier, at: max(time, state[tier].lastRefill))
        state[tier].nodes = nodes
        state[tier].connectionLimit = nodes * plan.connectionsPerNode
        state[tier].requestRate = Double(nodes) * plan.capacity.requestsPerSecondPerNode
        state[tier].tlsRate = Double(nodes) * plan.capacity.newTLSConnectionsPerSecondPerNode
        if state[tier].requestRate.isFinite { state[tier].requestTokens = min(state[tier].requestTokens, state[tier].requestRate) }
        if state[tier].tlsRate.isFinite { state[tier].tlsTokens = min(state[tier].tlsTokens, state[tier].tlsRate) }
        state[tier].fewestNodes = min(state[tier].fewestNodes, nodes)
        state[tier].mostNodes = max(state[tier].mostNodes, nodes)
        if nodes < old {
            state[tier].drainStart = time
            state[tier].drainDeadline = time + plan.capacity.drainSeconds
            state[tier].drainOldNodes = old
            state[tier].drainNewNodes = nodes
        }
    }

    /// Brings the buckets' tokens up to `time`.
    private func refill(tier: Int, at time: Double) -> Bool {
        let elapsed = time - state[tier].lastRefill
        guard elapsed > 0 else { return false }
        state[tier].lastRefill = time
        if state[tier].requestRate.isFinite {
            state[tier].requestTokens = min(state[tier].requestRate, state[tier].requestTokens + elapsed * state[tier].requestRate)
        }
        if state[tier].tlsCost > 0 && state[tier].tlsRate.isFinite {
            state[tier].tlsTokens = min(state[tier].tlsRate, state[tier].tlsTokens + elapsed * state[tier].tlsRate)
        }
        return true
    }

    /// The peaks restart at the end of the warm-up; the second being counted restarts too.
    func resetPeaks(openConnections: [Int]) {
        for tier in state.indices {
            state[tier].requestsInSecond = 0
            state[tier].tlsInSecond = 0
            state[tier].peakRequestsPerSecond = 0
            state[tier].peakNewTLSPerSecond = 0
            state[tier].peakConnections = openConnections[tier]
            state[tier].refusedByRate = 0
            state[tier].refusedByTLS = 0
            state[tier].closedByDrain = 0
        }
    }

    /// The tier's load against its capacity, for the replication's result.
    func load(tier: Int, role: TierRole) -> BalancerLoad {
        let plan = plans[tier]
        let s = state[tier]
        return BalancerLoad(
            role: role, nodes: plan.nodes, fewestNodes: s.fewestNodes, mostNodes: s.mostNodes,
            requestsPerSecondPerNode: plan.capacity.requestsPerSecondPerNode, connectionsPerNode: plan.connectionsPerNode,
            newTLSConnectionsPerSecondPerNode: plan.capacity.newTLSConnectionsPerSecondPerNode,
            requestsPerConnection: plan.capacity.requestsPerConnection,
            peakRequestsPerSecond: s.peakRequestsPerSecond, peakConnections: s.peakConnections,
            peakNewTLSConnectionsPerSecond: s.peakNewTLSPerSecond,
            refusedByRequestRate: s.refusedByRate, refusedByTLSRate: s.refusedByTLS, closedByDrain: s.closedByDrain)
    }

    /// The most connections `tier`'s balancer ever allowed: the invariant's bound, since a
    /// scale-down leaves connections above the new limit open.
    func largestConnectionLimit(tier: Int) -> Int { state[tier].mostNodes * plans[tier].connectionsPerNode }
}
