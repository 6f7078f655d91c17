import Scenarios

/// One tier's load balancer: its peak load against its capacity (nodes × per-node limits).
///
/// Peak requests/s and peak new TLS connections/s are the most in one whole simulated
/// second after the warm-up, counting every request offered to the balancer (those it
/// refused included); peak connections is the most open at once. Over several replications,
/// the peaks are the largest of any replication and the counts are summed.
public struct BalancerLoad: Sendable, Equatable, Codable {
    /// Which tier.
    public var role: TierRole
    /// Nodes at the start, and the fewest and most during the run (`load_balancer.resize`).
    public var nodes: Int
    public var fewestNodes: Int
    public var mostNodes: Int
    /// Per-node limits (catalog `load_balancer`); nil for none (a tier built in code).
    public var requestsPerSecondPerNode: Double?
    public var connectionsPerNode: Int
    public var newTLSConnectionsPerSecondPerNode: Double?
    /// Requests per TLS connection (`load_balancer.requests_per_connection`); nil under
    /// keep-alive, where new TLS connections are not counted.
    public var requestsPerConnection: Double?
    /// The most requests offered in one second.
    public var peakRequestsPerSecond: Int
    /// The most connections open at once.
    public var peakConnections: Int
    /// The most new TLS connections in one second (fractional: a request is
    /// `1 / requests_per_connection` of one); 0 under keep-alive.
    public var peakNewTLSConnectionsPerSecond: Double
    /// Requests refused at the requests/s limit, and at the new-TLS-connections/s limit
    /// (both `ErrorCause.balancerRateLimit`).
    public var refusedByRequestRate: Int
    public var refusedByTLSRate: Int
    /// Connections closed at the end of a removed node's drain (`ErrorCause.balancerDrained`).
    public var closedByDrain: Int

    public init(role: TierRole, nodes: Int, fewestNodes: Int, mostNodes: Int, requestsPerSecondPerNode: Double, connectionsPerNode: Int,
                newTLSConnectionsPerSecondPerNode: Double, requestsPerConnection: Double, peakRequestsPerSecond: Int, peakConnections: Int,
                peakNewTLSConnectionsPerSecond: Double, refusedByRequestRate: Int, refusedByTLSRate: Int, closedByDrain: Int) {
        self.role = role
        self.nodes = nodes
        self.fewestNodes = fewestNodes
        self.mostNodes = mostNodes
        self.requestsPerSecondPerNode = requestsPerSecondPerNode.isFinite ? requestsPerSecondPerNode : nil
        self.connectionsPerNode = connectionsPerNode
        self.newTLSConnectionsPerSecondPerNode = newTLSConnectionsPerSecondPerNode.isFinite ? newTLSConnectionsPerSecondPerNode : nil
        self.requestsPerConnection = requestsPerConnection.isFinite ? requestsPerConnection : nil
        self.peakRequestsPerSecond = peakRequestsPerSecond
        self.peakConnections = peakConnections
        self.peakNewTLSConnectionsPerSecond = peakNewTLSConnectionsPerSecond
        self.refusedByRequestRate = refusedByRequestRate
        self.refusedByTLSRate = refusedByTLSRate
        self.closedByDrain = closedByDrain
    }

    /// Requests per second `nodes` nodes pass; nil without a limit.
    public var requestsPerSecondCapacity: Double? { requestsPerSecondPerNode.map { Double(nodes) * $0 } }
    /// Simultaneous connections the starting nodes hold.
    public var connectionCapacity: Int { nodes * connectionsPerNode }
    /// New TLS connections per second the starting nodes establish; nil without a limit.
    public var newTLSConnectionsPerSecondCapacity: Double? { newTLSConnectionsPerSecondPerNode.map { Double(nodes) * $0 } }

    /// Folds another replication's load of the same tier: the larger peaks, the summed counts.
    public mutating func merge(_ other: BalancerLoad) {
        fewestNodes = min(fewestNodes, other.fewestNodes)
        mostNodes = max(mostNodes, other.mostNodes)
        peakRequestsPerSecond = max(peakRequestsPerSecond, other.peakRequestsPerSecond)
        peakConnections = max(peakConnections, other.peakConnections)
        peakNewTLSConnectionsPerSecond = max(peakNewTLSConnectionsPerSecond, other.peakNewTLSConnectionsPerSecond)
        refusedByRequestRate += other.refusedByRequestRate
        refusedByTLSRate += other.refusedByTLSRate
        closedByDrain += other.closedByDrain
    }

    /// The loads of several replications folded into one per tier.
    public static func merged(_ replications: [[BalancerLoad]]) -> [BalancerLoad] {
        guard var result = replications.first else { return [] }
        for loads in replications.dropFirst() where loads.count == result.count {
            for index in result.indices { result[index].merge(loads[index]) }
        }
        return result
    }
}
