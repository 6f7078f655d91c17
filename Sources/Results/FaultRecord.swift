/// A fault that happened in one replication: a scheduled one (`faults:`) or a random failure
/// of the database's primary (`database.mean_time_between_failures`), with what it cost.
///
/// Random droplet failures are not listed here: they are counted per fleet (`crashes`).
public struct FaultRecord: Sendable, Equatable, Codable {
    /// What happened.
    public enum Kind: String, Sendable, Codable {
        /// The primary failed and a standby was promoted.
        case databaseFailover = "database_failover"
        /// The primary failed with no standby left: the cluster was down until a replacement
        /// was restored.
        case databaseOutage = "database_outage"
        /// Droplets of a tier were lost at once.
        case dropletLoss = "droplet_loss"
    }

    /// The replication it happened in.
    public var replication: Int
    /// Seconds from the start.
    public var time: Double
    public var kind: Kind
    /// Whether a fault at a set time (`faults:`), or a random failure.
    public var scheduled: Bool
    /// For a droplet loss, the tier.
    public var tier: String?
    /// For a droplet loss, the droplets asked for and the droplets in rotation that were lost.
    public var dropletsRequested: Int?
    public var dropletsLost: Int?
    /// For a database fault, seconds until transactions ran again (the failover or the
    /// outage); `nil` when the run ended first.
    public var unavailableSeconds: Double?
    /// For a database fault: transactions that were running or holding their server
    /// connection when the primary failed, and so failed.
    public var transactionsLost: Int
    /// For a database fault: round trips refused while the database was unavailable, and
    /// clients waiting for a server connection when it failed.
    public var requestsFailedFast: Int

    public init(replication: Int, time: Double, kind: Kind, scheduled: Bool, tier: String? = nil, dropletsRequested: Int? = nil,
                dropletsLost: Int? = nil, unavailableSeconds: Double? = nil, transactionsLost: Int = 0, requestsFailedFast: Int = 0) {
        self.replication = replication
        self.time = time
        self.kind = kind
        self.scheduled = scheduled
        self.tier = tier
        self.dropletsRequested = dropletsRequested
        self.dropletsLost = dropletsLost
        self.unavailableSeconds = unavailableSeconds
        self.transactionsLost = transactionsLost
        self.requestsFailedFast = requestsFailedFast
    }
}
