import SimCore

/// What one replication's read-only nodes did (README "Read-only nodes"); `nil` in a
/// `ReplicationResult` when no read could reach one, so such runs keep their bytes.
public struct ReadOnlyNodeMeasurements: Sendable, Codable, Equatable {
    public struct Node: Sendable, Codable, Equatable {
        /// Busy fraction of the node's cores over the measured interval.
        public var cpuUtilization: Double
        public var meanActiveTransactions: Double
        /// Transactions started, warm-up included.
        public var transactions: Int
        /// Direct connections in use, time-averaged over the measured interval.
        public var meanConnectionsInUse: Double
        public var peakConnections: Int

        public init(cpuUtilization: Double, meanActiveTransactions: Double, transactions: Int, meanConnectionsInUse: Double, peakConnections: Int) {
            self.cpuUtilization = cpuUtilization
            self.meanActiveTransactions = meanActiveTransactions
            self.transactions = transactions
            self.meanConnectionsInUse = meanConnectionsInUse
            self.peakConnections = peakConnections
        }
    }

    /// Measured round trips served by a read-only node.
    public var replicaReads: Int
    /// Measured round trips of `reads: replica` operations sent to the primary because the
    /// lag drawn exceeded their `max_staleness`.
    public var redirectedReads: Int
    /// Waits for a node's connection, seconds, one per replica read (0 when none was needed).
    public var connectionWait: Tally
    public var waitedReads: Int
    /// Connections each node serves at once (its plan's, bounded by the API's pools).
    public var connectionLimit: Int
    public var nodes: [Node]

    public init(replicaReads: Int, redirectedReads: Int, connectionWait: Tally, waitedReads: Int, connectionLimit: Int, nodes: [Node]) {
        self.connectionLimit = connectionLimit
        self.replicaReads = replicaReads
        self.redirectedReads = redirectedReads
        self.connectionWait = connectionWait
        self.waitedReads = waitedReads
        self.nodes = nodes
    }
}

/// The read-only nodes of a run, over its replications: `readOnlyNodes` of `capsim.run/v1`,
/// present only when reads could reach a node.
public struct ReadOnlyNodeSummary: Sendable, Codable, Equatable {
    public struct Node: Sendable, Codable, Equatable {
        /// Mean over replications of the busy fraction of the node's cores (6 decimals).
        public var cpuUtilization: Double
        public var meanActiveTransactions: Double
        /// Transactions, summed over replications.
        public var transactions: Int
        public var meanConnectionsInUse: Double
        /// The most connections in use in any replication.
        public var peakConnections: Int
    }

    /// The nodes' plan slug.
    public var plan: String
    /// Connections each node serves at once: its plan's backend connections, bounded by the
    /// API processes' pools when `app_pool_size` is set.
    public var connectionLimit: Int
    /// Measured reads served by read-only nodes and sent to the primary for freshness,
    /// summed over replications, and the redirected share of the two.
    public var replicaReads: Int
    public var redirectedReads: Int
    public var redirectedShare: Double
    /// Reads that waited for a node's connection, and the mean wait over all replica reads.
    public var waitedReads: Int
    public var meanConnectionWaitMilliseconds: Double
    public var nodes: [Node]

    /// The summary of `replications` (each non-nil, in replication order).
    public init?(_ replications: [ReadOnlyNodeMeasurements], plan: String) {
        guard let first = replications.first else { return nil }
        let count = Double(replications.count)
        self.plan = plan
        connectionLimit = first.connectionLimit
        replicaReads = replications.reduce(0) { $0 + $1.replicaReads }
        redirectedReads = replications.reduce(0) { $0 + $1.redirectedReads }
        let routed = replicaReads + redirectedReads
        redirectedShare = routed > 0 ? (Double(redirectedReads) / Double(routed)).rounded(toPlaces: 6) : 0
        waitedReads = replications.reduce(0) { $0 + $1.waitedReads }
        var wait = Tally()
        for replication in replications { wait.merge(replication.connectionWait) }
        meanConnectionWaitMilliseconds = ((wait.count > 0 ? wait.mean : 0) * 1000).rounded(toPlaces: 4)
        nodes = first.nodes.indices.map { index in
            let all = replications.map { $0.nodes[index] }
            return Node(cpuUtilization: (all.reduce(0) { $0 + $1.cpuUtilization } / count).rounded(toPlaces: 6),
                        meanActiveTransactions: (all.reduce(0) { $0 + $1.meanActiveTransactions } / count).rounded(toPlaces: 4),
                        transactions: all.reduce(0) { $0 + $1.transactions },
                        meanConnectionsInUse: (all.reduce(0) { $0 + $1.meanConnectionsInUse } / count).rounded(toPlaces: 4),
                        peakConnections: all.map(\.peakConnections).max() ?? 0)
        }
    }
}
