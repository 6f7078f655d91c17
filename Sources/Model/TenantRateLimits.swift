import Scenarios

/// GraphQL's per-tenant rate limit: a token bucket in complexity points per tenant
/// (DESIGN §4 "GraphQL operations"), refilled continuously up to its capacity.
///
/// Buckets are refilled lazily, when a request of their tenant arrives, so idle tenants
/// cost nothing.
struct TenantRateLimits {
    /// `nil` when the scenario sets no rate limit: every request passes.
    let bucket: TokenBucketSettings?
    /// Points in each tenant's bucket at its last update, and that update's time (seconds).
    private let tokens: SlotBuffer<Double>
    private let updated: SlotBuffer<Double>

    /// Every tenant's bucket full at time 0.
    init(bucket: TokenBucketSettings?, tenants: Int) {
        self.bucket = bucket
        tokens = SlotBuffer(repeating: bucket?.capacity ?? 0, count: tenants)
        updated = SlotBuffer(repeating: 0, count: tenants)
    }

    /// Takes `points` from `tenant`'s bucket, or returns `false` (the request is throttled,
    /// HTTP 429) when the bucket holds fewer.
    @inline(__always)
    mutating func admit(tenant: Int, points: Double, at now: Double) -> Bool {
        guard let bucket else { return true }
        let available = min(bucket.capacity, tokens[tenant] + (now - updated[tenant]) * bucket.refillPerSecond)
        updated[tenant] = now
        if available < points {
            tokens[tenant] = available
            return false
        }
        tokens[tenant] = available - points
        return true
    }
}
