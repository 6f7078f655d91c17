import Results

extension RunReport {
    /// The read-only nodes' section of the text report (README "Read-only nodes"): how many
    /// reads they served, how many went to the primary for freshness, and each node's load.
    static func readOnlyNodesText(_ nodes: ReadOnlyNodeSummary) -> String {
        var out = "\n## Read-only nodes\n\n"
        out += "\(nodes.nodes.count) × \(nodes.plan), \(nodes.connectionLimit) connections each. "
        out += "Reads served by read-only nodes: \(nodes.replicaReads); sent to the primary for freshness: \(nodes.redirectedReads) "
        out += "(\(fixed(nodes.redirectedShare * 100, 2))%); waited for a connection: \(nodes.waitedReads), "
        out += "mean wait \(ms(nodes.meanConnectionWaitMilliseconds)) ms.\n\n"
        out += "| node | CPU utilization | mean active transactions | transactions | mean connections | peak connections |\n"
        out += "|---:|---:|---:|---:|---:|---:|\n"
        for (index, node) in nodes.nodes.enumerated() {
            out += "| \(index + 1) | \(fixed(node.cpuUtilization * 100, 1))% | \(fixed(node.meanActiveTransactions, 2)) | \(node.transactions) "
            out += "| \(fixed(node.meanConnectionsInUse, 2)) | \(node.peakConnections) |\n"
        }
        return out
    }
}
