import DigitalOceanCatalog
import SimCore

/// Where an operation's read transactions go (`operations.<name>.reads`).
public enum ReadTarget: String, Sendable, CaseIterable {
    /// Every transaction on the primary: what capsim always did.
    case primary
    /// Read transactions on a read-only node while the scenario has one, unless the node's
    /// replication lag exceeds the operation's `max_staleness`.
    case replica
}

/// `database.read_only_nodes`, `database.read_only_plan` and `database.replication_lag`.
///
/// DigitalOcean's read-only nodes are replicas of the primary that serve queries but accept
/// no writes; a node's size "must be equal to or larger than the primary node"
/// (docs.digitalocean.com/products/databases/postgresql/how-to/add-read-only-nodes). The
/// connection-pool API returns connection details for the primary and the standby only
/// (docs.digitalocean.com/reference/pydo/reference/databases/add_connection_pool/, fields
/// `connection`, `private_connection`, `standby_connection`), so capsim takes pools to be
/// primary-only and models replica reads as direct connections (README "Read-only nodes").
public struct ReadOnlyNodeSettings: Sendable, Equatable {
    /// The default replication lag, a choice and not a DigitalOcean figure (DigitalOcean
    /// documents none): streaming replication within a region usually trails by tens of
    /// milliseconds, and these nodes replicate over the public network.
    public static let defaultReplicationLag = Distribution.lognormal(mean: 0.05, coefficientOfVariation: 1)
    /// The most read-only nodes capsim accepts: DigitalOcean's pages state no limit; the
    /// bound keeps a search space finite.
    public static let maximumCount = 10

    /// Read-only nodes, 0 when the cluster has none.
    public var count: Int
    /// Their plan; `nil` means the primary's plan.
    public var plan: DatabasePlan?
    /// Seconds a read-only node trails the primary, drawn for each read routed to a node
    /// whose operation bounds the staleness it accepts.
    public var replicationLag: Distribution

    public init(count: Int = 0, plan: DatabasePlan? = nil, replicationLag: Distribution = Self.defaultReplicationLag) {
        self.count = count
        self.plan = plan
        self.replicationLag = replicationLag
    }
}

extension DatabaseSettings {
    /// The plan each read-only node runs on.
    public var readOnlyPlan: DatabasePlan { readOnly.plan ?? plan }
}
