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

extension RunReport {
    /// The read-only nodes' rows of the table report's capacity grid: the reads they served
    /// and sent to the primary, then one row per node.
    static func readOnlyNodeRows(_ nodes: ReadOnlyNodeSummary) -> [[String]] {
        var rows = [["read-only", "\(nodes.nodes.count) × \(nodes.plan), \(nodes.connectionLimit) connections each",
                     "\(count(nodes.replicaReads)) reads served, \(count(nodes.redirectedReads)) to the primary (\(fixed(nodes.redirectedShare * 100, 2))%)",
                     "\(count(nodes.waitedReads)) waited for a connection, mean wait \(ms(nodes.meanConnectionWaitMilliseconds)) ms"]]
        for (index, node) in nodes.nodes.enumerated() {
            rows.append(["  node \(index + 1)", "", "CPU \(fixed(node.cpuUtilization * 100, 1))%",
                         "\(fixed(node.meanActiveTransactions, 2)) active transactions, \(fixed(node.meanConnectionsInUse, 2)) connections on average, peak \(node.peakConnections)"])
        }
        return rows
    }
}
