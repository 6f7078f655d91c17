import SimCore

/// PgBouncer's pool seen as its admin console reports it, over a run's replications: the
/// wait per replication with an interval across them, the waits that ended in
/// `query_wait_timeout`, and `maxwait`.
///
/// `SHOW POOLS` reports `maxwait`, how long the oldest client in the queue has waited, and
/// `cl_waiting`; `SHOW STATS` reports `total_wait_time`, "time spent by clients waiting for
/// a server", which PgBouncer adds when a client is assigned a server, so a client that
/// timed out never adds its wait (pgbouncer doc/usage.md). capsim reports both ways: the
/// pool wait of `RunSummary.PoolWait` counts assigned waits as PgBouncer does, and
/// `waitIncludingTimeouts` adds the timed-out ones, without which an overloaded pool looks
/// better the more clients it turns away. `maxwait` is a level that PgBouncer shows at the
/// moment it is asked; over a run the meaningful summary is its largest value (the
/// longest wait any client had by then), per replication and per minute.
public struct PoolStatistics: Equatable, Sendable {
    /// Each replication's mean wait for a server connection (assigned waits), in seconds.
    public private(set) var meanWaitByReplication: [Double] = []
    /// Waits including those that ended in `query_wait_timeout`, over every replication, in seconds.
    public private(set) var waitIncludingTimeouts = Tally()
    /// Each replication's largest `maxwait`, in seconds.
    public private(set) var maxWaitByReplication: [Double] = []
    /// Per minute of the series, the largest `maxwait` of any replication, in seconds.
    public private(set) var maxWaitByMinute: [Double] = []
    /// Persistent clients configured (`pgbouncer.clients`).
    public let persistentClients: Int
    /// Persistent clients holding a server connection at the end, summed over replications.
    public private(set) var persistentClientsServed = 0
    /// Persistent clients' waits that ended in `query_wait_timeout`, summed over replications.
    public private(set) var persistentClientTimeouts = 0

    public init(persistentClients: Int) {
        self.persistentClients = persistentClients
    }

    /// The 95% Student-t interval of the mean wait across replications.
    public var meanWait: ConfidenceInterval { .studentT(meanWaitByReplication) }

    /// The largest `maxwait` of the run, in seconds.
    public var maxWait: Double { maxWaitByReplication.max() ?? 0 }

    /// Folds the next replication's database measurements.
    public mutating func add(_ database: DatabaseMeasurements) {
        meanWaitByReplication.append(database.poolWait.mean)
        waitIncludingTimeouts.merge(database.poolWaitIncludingTimeouts)
        maxWaitByReplication.append(database.maxWait)
        for (minute, value) in database.maxWaitByMinute.enumerated() {
            if minute < maxWaitByMinute.count {
                maxWaitByMinute[minute] = max(maxWaitByMinute[minute], Double(value))
            } else {
                maxWaitByMinute.append(Double(value))
            }
        }
        persistentClientsServed += database.persistentClientsServed
        persistentClientTimeouts += database.persistentClientTimeouts
    }
}
