import DigitalOceanCatalog
import YAMLSupport
import Yams

/// A tier's load balancer: `tiers.<role>.load_balancer` (`algorithm`, `nodes`,
/// `requests_per_connection`, `resize`).
extension ScenarioBuilder {
    package static let loadBalancerFields = ["algorithm", "nodes", "requests_per_connection", "resize"]

    /// The limits the catalog gives every node, with the scenario's connection reuse and node
    /// changes. `requests_per_connection` is a number of at least 1 (1: every request opens
    /// its own TLS connection) or `keep_alive` (the default: handshakes too rare to count).
    package func parseBalancerCapacity(_ balancer: MappingFields?, nodes: Int) -> BalancerCapacity {
        let pricing = catalog.loadBalancer
        var capacity = BalancerCapacity(requestsPerSecondPerNode: pricing.requestsPerSecondPerNode,
                                        newTLSConnectionsPerSecondPerNode: pricing.newTLSConnectionsPerSecondPerNode,
                                        drainSeconds: pricing.drainSeconds)
        guard let balancer else { return capacity }
        if let node = balancer["requests_per_connection"] {
            if case let .scalar(scalar) = node, scalar.string == "keep_alive" {
                capacity.requestsPerConnection = .infinity
            } else if case let .scalar(scalar) = node, Double(scalar.string.replacingOccurrences(of: "_", with: "")) == nil {
                reader.report("expected a number of requests of at least 1, or keep_alive, found \"\(scalar.string)\"",
                              at: node, path: balancer.path("requests_per_connection"))
            } else if let value = reader.number(node, path: balancer.path("requests_per_connection"), minimum: 1, maximum: 1e9) {
                capacity.requestsPerConnection = value
            }
        }
        if let node = balancer["resize"] {
            capacity.resizes = parseResizes(node, path: balancer.path("resize"), initialNodes: nodes)
        }
        return capacity
    }

    /// `[{at: 2d, nodes: 1}, …]`: strictly later times, each a change of the node count.
    private func parseResizes(_ node: Node, path: String, initialNodes: Int) -> [BalancerResize] {
        guard let items = reader.sequence(node, path: path) else { return [] }
        var result: [BalancerResize] = []
        var previousNodes = initialNodes
        for (index, item) in items.enumerated() {
            let itemPath = "\(path).\(index)"
            guard let fields = reader.fields(of: item, path: itemPath, allowed: ["at", "nodes"]) else { continue }
            let time = fields.require("at", reader: reader).flatMap {
                reader.duration($0, path: fields.path("at"), exclusiveMinimum: true)
            }
            let nodes = fields.require("nodes", reader: reader).flatMap {
                reader.integer($0, path: fields.path("nodes"), minimum: 1, maximum: catalog.loadBalancer.maxNodes)
            }
            guard let time, let nodes else { continue }
            if let last = result.last, time <= last.time {
                reader.report("resizes must come in time order: \(Units.describe(seconds: time)) is not after \(Units.describe(seconds: last.time))",
                              at: fields["at"], path: fields.path("at"))
                continue
            }
            if nodes == previousNodes {
                reader.report("the balancer already has \(nodes) node\(nodes == 1 ? "" : "s") then; a resize changes the count",
                              at: fields["nodes"], path: fields.path("nodes"))
                continue
            }
            previousNodes = nodes
            result.append(BalancerResize(time: time, nodes: nodes))
        }
        return result
    }
}
