import Results

extension RunReport {
    /// The text report's "Load balancers" block: each tier's peak load against nodes ×
    /// per-node limits (BalancerLoad.swift), and the requests its limits refused.
    static func balancerBlock(_ loads: [BalancerLoad]) -> String {
        guard !loads.isEmpty else { return "" }
        var out = "\nLoad balancers (peaks: the most in one second after the warm-up; capacity: nodes × per-node limit)\n"
        out += grid(loads.map { load in
            let nodes = load.fewestNodes == load.mostNodes ? "\(load.nodes) node\(load.nodes == 1 ? "" : "s")"
                : "\(load.nodes) node\(load.nodes == 1 ? "" : "s") (\(load.fewestNodes)–\(load.mostNodes))"
            let requests = "requests/s \(count(load.peakRequestsPerSecond))" + (load.requestsPerSecondCapacity.map { " of \(count(Int($0)))" } ?? "")
            let connections = "connections \(count(load.peakConnections)) of \(count(load.connectionCapacity))"
            let tls: String
            if let perConnection = load.requestsPerConnection {
                let peak = load.peakNewTLSConnectionsPerSecond
                tls = "new TLS/s \(peak == peak.rounded() ? count(Int(peak)) : fixed(peak, 1))" + (load.newTLSConnectionsPerSecondCapacity.map { " of \(count(Int($0)))" } ?? "")
                    + " (\(fixed(perConnection, perConnection == perConnection.rounded() ? 0 : 1)) per connection)"
            } else {
                tls = "new TLS/s not counted (keep-alive)"
            }
            return ["\(load.role.rawValue) tier", nodes, requests, connections, tls]
        }, header: nil)
        for load in loads where load.refusedByRequestRate + load.refusedByTLSRate + load.closedByDrain > 0 {
            out += "  \(load.role.rawValue): \(count(load.refusedByRequestRate)) refused at the requests/s limit, "
                + "\(count(load.refusedByTLSRate)) at the new-TLS limit, \(count(load.closedByDrain)) closed by a node's drain\n"
        }
        return out
    }
}
