import Scenarios

/// A tier's load balancer against the busiest hour: the hour's mean request rate against
/// nodes × the per-node requests/s and new-TLS-connections/s limits, and the connections
/// held by Little's law (rate × the tier's estimated mean response) against nodes × 10,000.
///
/// Both are optimistic, as the optimizer's screen needs: an hour's mean rate is below its
/// busiest second, and the tier's response leaves out database and API-call time, during
/// which a request keeps its connection. A configuration whose balancer falls short even so
/// cannot carry the hour; one that passes may still be refused in bursts, which the
/// simulation measures.
public struct BalancerAnalysis: Sendable {
    public var role: TierRole
    public var nodes: Int
    /// Requests per second reaching the tier's balancer, the hour's mean.
    public var requestRate: Double
    /// Requests per second the nodes pass: the smaller of the requests/s limit and the TLS
    /// limit counted in requests (`.infinity` without either).
    public var requestCapacity: Double
    /// Connections open on average (Little's law), when a latency estimate is given.
    public var connections: Double?
    public var connectionCapacity: Int
    /// The fewest nodes carrying the rate and the connections; nil when none does.
    public var nodesNeeded: Int?

    /// `requestRate` over `requestCapacity`, and connections over their capacity: the larger.
    public var utilization: Double {
        max(requestCapacity > 0 ? requestRate / requestCapacity : .infinity,
            (connections ?? 0) / Double(max(1, connectionCapacity)))
    }

    /// Which limit binds, in words: "requests/s", "new TLS connections/s" or "connections".
    public var bindingLimit: String {
        if let connections, connections / Double(max(1, connectionCapacity)) >= requestRate / max(requestCapacity, .leastNonzeroMagnitude) {
            return "connections"
        }
        return requestCapacity < Double(nodes) * tierCapacity.requestsPerSecondPerNode ? "new TLS connections/s" : "requests/s"
    }

    let tierCapacity: BalancerCapacity

    /// The analysis of `tier`'s balancer under `requestRate` requests/s, each holding its
    /// connection `meanResponse` seconds (nil: connections not estimated).
    public init(tier: ServiceTier, requestRate: Double, meanResponse: Double?) {
        role = tier.role
        nodes = tier.balancerNodes
        tierCapacity = tier.balancerCapacity
        self.requestRate = requestRate
        requestCapacity = tier.balancerCapacity.requestsPerSecond(nodes: tier.balancerNodes)
        connections = meanResponse.map { requestRate * $0 }
        connectionCapacity = tier.balancerConnectionLimit
        let forRate = tier.balancerCapacity.nodesNeeded(forRequestsPerSecond: requestRate)
        let forConnections = connections.map { Int(($0 / Double(max(1, tier.balancerConnectionsPerNode))).rounded(.up)) } ?? 1
        nodesNeeded = forRate.map { max($0, forConnections, 1) }
    }
}
