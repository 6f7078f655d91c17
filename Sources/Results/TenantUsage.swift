import Scenarios

/// What each tenant consumed over one replication: the requests it sent, the event-loop
/// seconds they took on each tier and the Postgres core-seconds their transactions asked
/// for. Per-tenant cost is allocated from these (`TenantCostAllocation`).
///
/// The whole horizon counts, warm-up included, because the bill covers the whole horizon.
/// Memory is per tenant, never per request: `(2 + tiers) × 8` bytes per tenant, flat in the
/// horizon (a million tenants with two tiers hold 32 MB per replication).
public struct TenantUsage: Sendable, Equatable, Codable {
    /// The tiers, in the model's order: the order of `cpuSeconds`' rows.
    public var tierRoles: [TierRole]
    /// User requests each tenant sent (pages and API operations, whatever their outcome; a
    /// page's server-side API calls are part of the page), by global tenant index (groups in
    /// the scenario's order, each group's tenants largest first).
    public var requests: [Int]
    /// Event-loop seconds on each tier, row-major by tier: `cpuSeconds[tier * tenantCount + tenant]`.
    /// A slice counts when it ends; seconds of the droplet's own (speed-scaled) CPU.
    public var cpuSeconds: [Double]
    /// Core-seconds of Postgres demand each tenant's transactions asked for (before the
    /// slowdown of contention, which is the platform's inefficiency, not the tenant's).
    public var databaseSeconds: [Double]
    /// Bytes of responses each tenant's clients received from droplets (outbound transfer),
    /// or nil when the scenario gives no `response_bytes` (then nothing was measured).
    public var outboundBytes: [Double]?

    /// Tenants over every group.
    public var tenantCount: Int { requests.count }

    public init(tierRoles: [TierRole], tenantCount: Int) {
        self.tierRoles = tierRoles
        requests = Array(repeating: 0, count: tenantCount)
        cpuSeconds = Array(repeating: 0, count: tenantCount * tierRoles.count)
        databaseSeconds = Array(repeating: 0, count: tenantCount)
    }

    /// Event-loop seconds of `tenant` on tier `tier` (model order).
    public func cpuSeconds(tier: Int, tenant: Int) -> Double {
        cpuSeconds[tier * tenantCount + tenant]
    }

    /// Adds another replication's usage (same tenants and tiers), in place: the sums a run's
    /// mean is taken from.
    package mutating func add(_ other: TenantUsage) {
        for index in requests.indices { requests[index] += other.requests[index] }
        for index in cpuSeconds.indices { cpuSeconds[index] += other.cpuSeconds[index] }
        for index in databaseSeconds.indices { databaseSeconds[index] += other.databaseSeconds[index] }
        if let theirs = other.outboundBytes {
            var mine = outboundBytes ?? Array(repeating: 0, count: theirs.count)
            for index in mine.indices where index < theirs.count { mine[index] += theirs[index] }
            outboundBytes = mine
        }
    }

    /// Outbound bytes over every tenant, or nil when not measured.
    public var totalOutboundBytes: Double? { outboundBytes?.reduce(0, +) }
}
