/// A fault the scenario schedules at a time (`faults:`), so that a run can ask "what happens at
/// peak if we lose the primary, or two API droplets".
public struct ScheduledFault: Sendable, Equatable {
    /// What fails.
    public enum Kind: Sendable, Equatable {
        /// The database's primary node fails: a standby takes over after `database.failover_time`,
        /// or, without one, the cluster is down for `database.replacement_time`.
        case databaseFailover
        /// `droplets` droplets of the tier fail at once, through the same path as a random
        /// droplet failure (`mean_time_between_failures`).
        case dropletLoss(tier: TierRole, droplets: Int)

        /// The tier whose droplets a droplet loss takes; `nil` for a database fault.
        public var lostTier: TierRole? {
            if case let .dropletLoss(tier, _) = self { return tier }
            return nil
        }

        /// The name the scenario and the reports use.
        public var name: String {
            switch self {
            case .databaseFailover: "database_failover"
            case .dropletLoss: "droplet_loss"
            }
        }
    }

    /// When the fault happens, in seconds from the scenario's start.
    public var at: Double
    public var kind: Kind

    public init(at: Double, kind: Kind) {
        self.at = at
        self.kind = kind
    }
}

/// How the managed database's primary fails and is replaced (`database.mean_time_between_failures`,
/// `failover_time`, `standby_rebuild_time`, `replacement_time`).
///
/// DigitalOcean documents what happens but not how long it takes ("High Availability
/// Configurations for DigitalOcean Managed Database Clusters",
/// https://www.digitalocean.com/docs/databases/resources/high-availability/): with a standby,
/// the standby "immediately takes over as the primary while a new primary is provisioned";
/// with none, a replacement node is provisioned and "restored using the most recent backup"
/// plus the write-ahead log, its time "dependent on the amount of data being stored". The
/// defaults below are therefore assumptions (README "Standbys and failover"), except that a
/// new standby's provisioning follows DigitalOcean's "we recommend allowing at least 5
/// minutes" ("How to Add Standby Nodes to PostgreSQL Database Clusters").
public struct DatabaseFailoverSettings: Sendable, Equatable {
    /// Mean seconds between random failures of the primary; `nil`: it fails only when a fault
    /// says so. Failures are exponential, as droplets' are.
    public var meanTimeBetweenFailures: Double?
    /// Seconds from the primary's failure until a standby serves as the new primary: detection
    /// plus promotion plus PgBouncer reconnecting. Assumption: 30 s.
    public var failoverTime: Double
    /// Seconds after a promotion until the cluster has its standby back. 5 min, DigitalOcean's
    /// "allow at least 5 minutes" for provisioning a standby.
    public var standbyRebuildTime: Double
    /// Seconds of outage when the primary fails without a standby: provisioning plus a restore
    /// from backup and write-ahead log. Assumption: 15 min for a small database.
    public var replacementTime: Double

    public static let defaultFailoverTime = 30.0
    public static let defaultStandbyRebuildTime = 300.0
    public static let defaultReplacementTime = 900.0

    public init(meanTimeBetweenFailures: Double? = nil, failoverTime: Double = Self.defaultFailoverTime,
                standbyRebuildTime: Double = Self.defaultStandbyRebuildTime, replacementTime: Double = Self.defaultReplacementTime) {
        self.meanTimeBetweenFailures = meanTimeBetweenFailures
        self.failoverTime = failoverTime
        self.standbyRebuildTime = standbyRebuildTime
        self.replacementTime = replacementTime
    }
}
