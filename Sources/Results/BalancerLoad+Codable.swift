import Scenarios

// `capsim.run/v1`'s `balancers.<api|web>`: a tier's balancer keyed by its role, with the
// capacities (nodes at the start × per-node limits) written beside the peaks they bound.
extension BalancerLoad: NamedEntry {
    enum EntryKeys: String, CodingKey {
        case nodes, fewestNodes, mostNodes, requestsPerSecondPerNode, connectionsPerNode, newTLSConnectionsPerSecondPerNode
        case requestsPerConnection, requestsPerSecondCapacity, connectionCapacity, newTLSConnectionsPerSecondCapacity
        case peakRequestsPerSecond, peakConnections, peakNewTLSConnectionsPerSecond
        case refusedByRequestRate, refusedByTLSRate, closedByDrain
    }

    package var entryName: String { role.rawValue }

    package func encodeBody(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EntryKeys.self)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(fewestNodes, forKey: .fewestNodes)
        try container.encode(mostNodes, forKey: .mostNodes)
        try container.encode(requestsPerSecondPerNode, forKey: .requestsPerSecondPerNode)
        try container.encode(connectionsPerNode, forKey: .connectionsPerNode)
        try container.encode(newTLSConnectionsPerSecondPerNode, forKey: .newTLSConnectionsPerSecondPerNode)
        try container.encode(requestsPerConnection, forKey: .requestsPerConnection)
        try container.encode(requestsPerSecondCapacity, forKey: .requestsPerSecondCapacity)
        try container.encode(connectionCapacity, forKey: .connectionCapacity)
        try container.encode(newTLSConnectionsPerSecondCapacity, forKey: .newTLSConnectionsPerSecondCapacity)
        try container.encode(peakRequestsPerSecond, forKey: .peakRequestsPerSecond)
        try container.encode(peakConnections, forKey: .peakConnections)
        try container.encode(peakNewTLSConnectionsPerSecond, forKey: .peakNewTLSConnectionsPerSecond)
        try container.encode(refusedByRequestRate, forKey: .refusedByRequestRate)
        try container.encode(refusedByTLSRate, forKey: .refusedByTLSRate)
        try container.encode(closedByDrain, forKey: .closedByDrain)
    }

    package init(entryName name: String, from decoder: any Decoder) throws {
        guard let role = TierRole(rawValue: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(name)\" is not a tier"))
        }
        let container = try decoder.container(keyedBy: EntryKeys.self)
        self.init(role: role, nodes: try container.decode(Int.self, forKey: .nodes),
                  fewestNodes: try container.decode(Int.self, forKey: .fewestNodes),
                  mostNodes: try container.decode(Int.self, forKey: .mostNodes),
                  requestsPerSecondPerNode: try container.decodeIfPresent(Double.self, forKey: .requestsPerSecondPerNode) ?? .infinity,
                  connectionsPerNode: try container.decode(Int.self, forKey: .connectionsPerNode),
                  newTLSConnectionsPerSecondPerNode: try container.decodeIfPresent(Double.self, forKey: .newTLSConnectionsPerSecondPerNode) ?? .infinity,
                  requestsPerConnection: try container.decodeIfPresent(Double.self, forKey: .requestsPerConnection) ?? .infinity,
                  peakRequestsPerSecond: try container.decode(Int.self, forKey: .peakRequestsPerSecond),
                  peakConnections: try container.decode(Int.self, forKey: .peakConnections),
                  peakNewTLSConnectionsPerSecond: try container.decode(Double.self, forKey: .peakNewTLSConnectionsPerSecond),
                  refusedByRequestRate: try container.decode(Int.self, forKey: .refusedByRequestRate),
                  refusedByTLSRate: try container.decode(Int.self, forKey: .refusedByTLSRate),
                  closedByDrain: try container.decode(Int.self, forKey: .closedByDrain))
    }

    /// As `capsim.run/v1` publishes it: the fractional TLS peak to 3 decimals.
    package func rounded() -> BalancerLoad {
        var copy = self
        copy.peakNewTLSConnectionsPerSecond = peakNewTLSConnectionsPerSecond.rounded(toPlaces: 3)
        return copy
    }
}
