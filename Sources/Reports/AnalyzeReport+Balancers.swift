import Estimate
import Results

/// `capsim analyze`'s load balancers: the busiest hour's rate and connections against nodes
/// × per-node limits (`BalancerAnalysis`).
extension AnalyzeReport {
    static func balancers(_ balancers: [BalancerAnalysis]) -> JSONValue {
        .object(balancers.map { balancer in
            (balancer.role.rawValue, .object([
                ("nodes", .integer(balancer.nodes)),
                ("requestRatePerSecond", .rounded(balancer.requestRate, places: 4)),
                ("requestCapacityPerSecond", balancer.requestCapacity.isFinite ? .rounded(balancer.requestCapacity, places: 4) : .null),
                ("connections", balancer.connections.map { .rounded($0, places: 4) } ?? .null),
                ("connectionCapacity", .integer(balancer.connectionCapacity)),
                ("utilization", balancer.utilization.isFinite ? .rounded(balancer.utilization, places: 6) : .null),
                ("bindingLimit", .string(balancer.bindingLimit)),
                ("nodesNeeded", balancer.nodesNeeded.map(JSONValue.integer) ?? .null),
            ]))
        })
    }

    static func balancerTable(_ balancers: [BalancerAnalysis]) -> String {
        guard !balancers.isEmpty else { return "" }
        var out = "\nLoad balancers, peak hour (mean rate; connections by Little's law)\n"
        out += RunReport.grid(balancers.map { balancer in
            let capacity = balancer.requestCapacity.isFinite ? " of \(RunReport.count(Int(balancer.requestCapacity)))" : ""
            let connections = balancer.connections.map { "connections \(RunReport.fixed($0, 1)) of \(RunReport.count(balancer.connectionCapacity))" } ?? "connections not estimated"
            return ["\(balancer.role.rawValue) balancer", "\(balancer.nodes) node\(balancer.nodes == 1 ? "" : "s")",
                    "requests/s \(RunReport.fixed(balancer.requestRate, 1))\(capacity)", connections,
                    "binds: \(balancer.bindingLimit)", "nodes needed \(balancer.nodesNeeded.map(String.init) ?? "—")"]
        }, header: nil)
        return out
    }
}
