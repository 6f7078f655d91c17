/// A tier's load balancer beyond its simultaneous-connection limit: the per-node rate limits,
/// how many requests a client sends over one TLS connection, and the node count's changes
/// during the run (`tiers.<role>.load_balancer.resize`).
///
/// DigitalOcean documents per node 10,000 requests/s, 10,000 simultaneous connections and
/// 250 new TLS connections/s ("How to Scale Regional Load Balancers",
/// docs.digitalocean.com/products/networking/load-balancers/how-to/scale). Past the TLS limit
/// "the underlying connection is closed" ("Load Balancers Limits", .../details/limits): the
/// model refuses. What happens past the requests/s limit is not documented; capsim assumes
/// the same refusal (a 503 from the balancer) rather than a queue.
public struct BalancerCapacity: Sendable, Equatable {
    /// Requests one node passes per second (catalog `requests_per_second_per_node`);
    /// `.infinity` for no limit (a tier built in code without the catalog).
    public var requestsPerSecondPerNode: Double
    /// New TLS connections one node establishes per second (catalog
    /// `new_tls_connections_per_second_per_node`); `.infinity` for no limit.
    public var newTLSConnectionsPerSecondPerNode: Double
    /// Requests a client sends over one TLS connection (`load_balancer.requests_per_connection`):
    /// each request costs `1 / requestsPerConnection` of a new TLS connection. `.infinity`
    /// (the default) means clients keep their connections alive, so handshakes are too rare
    /// to count; 1 means every request opens its own.
    public var requestsPerConnection: Double
    /// How long a node removed by a scale-down keeps its open connections before closing
    /// them, in seconds (catalog `drain_seconds`: one minute on DigitalOcean).
    public var drainSeconds: Double
    /// Changes of the node count during the run, in time order.
    public var resizes: [BalancerResize]

    public init(requestsPerSecondPerNode: Double, newTLSConnectionsPerSecondPerNode: Double,
                requestsPerConnection: Double = .infinity, drainSeconds: Double, resizes: [BalancerResize] = []) {
        self.requestsPerSecondPerNode = requestsPerSecondPerNode
        self.newTLSConnectionsPerSecondPerNode = newTLSConnectionsPerSecondPerNode
        self.requestsPerConnection = requestsPerConnection
        self.drainSeconds = drainSeconds
        self.resizes = resizes
    }

    /// No rate limit, no resize: what a tier built in code without the catalog has.
    public static let unlimited = BalancerCapacity(requestsPerSecondPerNode: .infinity, newTLSConnectionsPerSecondPerNode: .infinity,
                                                   drainSeconds: 0)

    /// New TLS connections per second that `nodes` nodes carry, counted in requests: the
    /// request rate at which the TLS limit binds.
    public func tlsRequestsPerSecond(nodes: Int) -> Double {
        requestsPerConnection.isInfinite ? .infinity : Double(nodes) * newTLSConnectionsPerSecondPerNode * requestsPerConnection
    }

    /// The request rate `nodes` nodes carry: the smaller of the requests/s and the TLS limits.
    public func requestsPerSecond(nodes: Int) -> Double {
        min(Double(nodes) * requestsPerSecondPerNode, tlsRequestsPerSecond(nodes: nodes))
    }

    /// The fewest nodes that carry `rate` requests per second (at least 1); nil when no
    /// count does (a zero per-node limit).
    public func nodesNeeded(forRequestsPerSecond rate: Double) -> Int? {
        var needed = 1.0
        if requestsPerSecondPerNode.isFinite { needed = max(needed, (rate / requestsPerSecondPerNode).rounded(.up)) }
        let tls = tlsRequestsPerSecond(nodes: 1)
        if tls.isFinite { needed = max(needed, (rate / tls).rounded(.up)) }
        return needed.isFinite && needed < Double(Int.max) ? Int(needed) : nil
    }
}

/// `{at: 2d, nodes: 1}`: the balancer has `nodes` nodes from `time` on.
public struct BalancerResize: Sendable, Equatable {
    /// When, in simulated seconds since the start.
    public var time: Double
    /// Nodes from then on.
    public var nodes: Int

    public init(time: Double, nodes: Int) {
        self.time = time
        self.nodes = nodes
    }
}

extension BalancerCapacity {
    /// The node count over `[0, horizon)` as `(nodes, seconds)` spans, starting from
    /// `startNodes`, for the bill (nodes are prorated hourly: every span is charged apart).
    public func nodeSpans(startNodes: Int, horizon: Double) -> [(nodes: Int, seconds: Double)] {
        var spans: [(nodes: Int, seconds: Double)] = []
        var nodes = startNodes, from = 0.0
        for resize in resizes where resize.time < horizon {
            spans.append((nodes, resize.time - from))
            nodes = resize.nodes
            from = resize.time
        }
        spans.append((nodes, horizon - from))
        return spans.filter { $0.seconds > 0 }
    }
}
