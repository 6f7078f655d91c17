import SimCore

extension RunSummary {
    /// PgBouncer's statistics in the run's JSON (`database.poolStats`), in milliseconds
    /// (4 decimals); see `PoolStatistics` for what each means and why.
    public struct PoolStats: Codable, Equatable, Sendable {
        /// Each replication's mean wait for a server connection (assigned waits).
        public var meanWaitByReplicationMs: [Double]
        /// The 95% interval of the mean wait across replications; nil with one replication.
        public var meanWaitCI95Ms: Bounds?
        /// Waits including those that ended in `query_wait_timeout`, summed over replications.
        public var waitsIncludingTimeouts: Int
        /// Their mean.
        public var meanWaitIncludingTimeoutsMs: Double
        /// The largest `maxwait` (`SHOW POOLS`) of any replication after the warm-up.
        public var maxWaitMs: Double
        /// Each replication's largest `maxwait`.
        public var maxWaitByReplicationMs: [Double]
        /// Per minute of the series, the largest `maxwait` of any replication.
        public var maxWaitByMinuteMs: [Double]
        /// Persistent clients (`pgbouncer.clients`); nil when the scenario has none.
        public var persistentClients: PersistentClientStats?
    }

    /// The session-mode clients opened at the start (`pgbouncer.clients`).
    public struct PersistentClientStats: Codable, Equatable, Sendable {
        /// Clients configured.
        public var count: Int
        /// Holding a server connection at the end, mean over replications (4 decimals).
        public var served: Double
        /// Their waits that ended in `query_wait_timeout`, summed over replications.
        public var timeouts: Int
    }
}

extension RunSummary.PoolStats {
    init(_ pool: PoolStatistics) {
        func ms(_ seconds: Double) -> Double { (seconds * 1000).rounded(toPlaces: 4) }
        meanWaitByReplicationMs = pool.meanWaitByReplication.map(ms)
        let interval = pool.meanWait
        meanWaitCI95Ms = interval.lower.flatMap { lower in interval.upper.map { RunSummary.Bounds(lower: ms(lower), upper: ms($0)) } }
        waitsIncludingTimeouts = pool.waitIncludingTimeouts.count
        meanWaitIncludingTimeoutsMs = ms(pool.waitIncludingTimeouts.mean)
        maxWaitMs = ms(pool.maxWait)
        maxWaitByReplicationMs = pool.maxWaitByReplication.map(ms)
        maxWaitByMinuteMs = pool.maxWaitByMinute.map(ms)
        persistentClients = pool.persistentClients > 0
            ? RunSummary.PersistentClientStats(
                count: pool.persistentClients,
                served: (Double(pool.persistentClientsServed) / Double(max(1, pool.meanWaitByReplication.count))).rounded(toPlaces: 4),
                timeouts: pool.persistentClientTimeouts)
            : nil
    }
}
