import Results
import Scenarios

/// Per-tenant counters the event loop adds to on every arrival, slice and transaction:
/// requests, event-loop seconds per tier and Postgres core-seconds, for per-tenant cost.
///
/// Kept in `SlotBuffer`s rather than `TenantUsage`'s arrays because three writes per
/// request through arrays stored in the simulation struct paid a uniqueness check each,
/// 4.5% of a run's instructions; a buffer write is a plain store. `usage` copies them out
/// once, at the end.
struct TenantMeters {
    let tierRoles: [TierRole]
    let tenantCount: Int
    private let requests: SlotBuffer<Int>
    /// Tier-major: `cpuSeconds[tier * tenantCount + tenant]`.
    private let cpuSeconds: SlotBuffer<Double>
    private let databaseSeconds: SlotBuffer<Double>

    init(tierRoles: [TierRole], tenantCount: Int) {
        self.tierRoles = tierRoles
        self.tenantCount = tenantCount
        requests = SlotBuffer(repeating: 0, count: tenantCount)
        cpuSeconds = SlotBuffer(repeating: 0, count: tenantCount * tierRoles.count)
        databaseSeconds = SlotBuffer(repeating: 0, count: tenantCount)
    }

    /// One user request of `tenant` arrived.
    @inline(__always)
    func countRequest(tenant: Int) {
        requests[tenant] &+= 1
    }

    /// A slice of `seconds` of event-loop time ran for `tenant` on tier `tier` (model order).
    @inline(__always)
    func addCPU(_ seconds: Double, tier: Int, tenant: Int) {
        cpuSeconds[tier &* tenantCount &+ tenant] += seconds
    }

    /// A transaction of `tenant` asked Postgres for `seconds` core-seconds.
    @inline(__always)
    func addDatabase(_ seconds: Double, tenant: Int) {
        databaseSeconds[tenant] += seconds
    }

    /// The counters as a replication's result reports them.
    var usage: TenantUsage {
        var usage = TenantUsage(tierRoles: tierRoles, tenantCount: tenantCount)
        for index in requests.indices { usage.requests[index] = requests[index] }
        for index in cpuSeconds.indices { usage.cpuSeconds[index] = cpuSeconds[index] }
        for index in databaseSeconds.indices { usage.databaseSeconds[index] = databaseSeconds[index] }
        return usage
    }
}
