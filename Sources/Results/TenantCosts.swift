import Scenarios

/// How the part of the bill that no request used is shared among tenants
/// (`--idle-cost`, DESIGN §4 "Cost").
///
/// Variable cost, the share of each droplet fleet's and the database's capacity that
/// requests kept busy, always follows the tenant's own CPU-seconds and database-seconds.
/// What is left (idle droplet time, booting droplets, load balancers, the database's unused
/// cores, standby nodes) is a decision, not a measurement, so the rule is stated in the
/// report.
public enum IdleCostRule: String, Sendable, Codable, CaseIterable {
    /// In proportion to each tenant's use of the same resource (the tier's CPU-seconds for
    /// its droplets and balancer, database-seconds for the primary and standbys): whoever
    /// needs the capacity pays for its headroom.
    case byUsage = "by-usage"
    /// Equally among all tenants, idle ones included: the platform's floor as a flat fee.
    case even
    /// In proportion to the requests each tenant sent.
    case byRequests = "by-requests"
}

/// Per-tenant cost as a run publishes it: the top tenants by cost exactly, every other
/// tenant folded into its group's aggregate, and totals that add up to the bill to the cent.
///
/// Money is rounded to cents by the largest-remainder method over every tenant, so the
/// published cents of all tenants (shown and folded) sum to the bill's cents exactly.
/// Requests and seconds are means over replications; usage covers the whole horizon,
/// warm-up included, as the bill does.
public struct TenantCosts: Equatable, Sendable, Codable {
    /// The rule that shared the idle and fixed cost.
    public var idleCostRule: IdleCostRule
    /// Tenants over every group.
    public var tenantCount: Int
    /// The bill shared out, in US dollars over the horizon (cents).
    public var horizonUSD: Double
    /// The same per billing month (cents).
    public var monthlyUSD: Double
    /// The part of the monthly bill that followed measured use (CPU- and database-seconds),
    /// in US dollars per month; the rest was shared by `idleCostRule`.
    public var variableMonthlyUSD: Double
    /// Tenants whose monthly cost exceeds their group's revenue per tenant, over all
    /// tenants (shown or not).
    public var tenantsAtLoss: Int
    /// Per group, in the scenario's order: every tenant of the group summed.
    public var groups: [GroupTotals]
    /// The costliest tenants per month, most expensive first (ties: the lower tenant first).
    public var top: [Tenant]
    /// The tenants served at the largest loss, worst first (at most as many as `top`);
    /// empty when no group states a revenue or none loses money.
    public var largestLosses: [Tenant]
    /// Per group, the tenants in neither `top` nor `largestLosses`, summed; groups whose
    /// tenants are all shown are left out. `top`, the losses not in `top` and `others` make
    /// up the bill.
    public var others: [GroupTotals]

    /// One tenant.
    public struct Tenant: Equatable, Sendable, Codable {
        /// The group's name and the tenant's rank by size from 0, as bursts name it
        /// (`enterprise#0` is the group's largest tenant).
        public var name: String
        /// Its group.
        public var group: String
        /// User requests sent over the horizon, mean over replications.
        public var requests: Double
        /// Event-loop seconds per tier, in the order of `RunSummary.tiers`.
        public var cpuSeconds: [Double]
        /// Postgres core-seconds its transactions asked for.
        public var databaseSeconds: Double
        /// Its share of the bill over the horizon, in US dollars (cents).
        public var horizonUSD: Double
        /// Its share per billing month, in US dollars (cents).
        public var monthlyUSD: Double
        /// The part of `monthlyUSD` that followed its measured use, in US dollars (cents).
        public var variableMonthlyUSD: Double
        /// Its share of the bill over the horizon per 1,000 requests, in US dollars (from the
        /// share before rounding to cents, which a short horizon would swamp); nil when it
        /// sent none.
        public var usdPer1000Requests: Double?
        /// What it pays, in US dollars per month; nil when its group states no revenue.
        public var revenueMonthlyUSD: Double?
        /// Revenue less monthly cost, in US dollars per month; nil without revenue.
        public var marginMonthlyUSD: Double?
        /// True when the margin is negative: the tenant is served at a loss.
        public var atLoss: Bool
    }

    /// A group's tenants (or some of them) summed.
    public struct GroupTotals: Equatable, Sendable, Codable {
        /// The group.
        public var group: String
        /// Tenants summed.
        public var tenants: Int
        /// User requests over the horizon, mean over replications.
        public var requests: Double
        /// Event-loop seconds per tier, in the order of `RunSummary.tiers`.
        public var cpuSeconds: [Double]
        /// Postgres core-seconds.
        public var databaseSeconds: Double
        /// In US dollars over the horizon (cents).
        public var horizonUSD: Double
        /// In US dollars per billing month (cents).
        public var monthlyUSD: Double
        /// The part of `monthlyUSD` that followed measured use, in US dollars (cents).
        public var variableMonthlyUSD: Double
        /// What these tenants pay, in US dollars per month; nil without a stated revenue.
        public var revenueMonthlyUSD: Double?
        /// Revenue less monthly cost, in US dollars per month; nil without revenue.
        public var marginMonthlyUSD: Double?
        /// How many of these tenants are served at a loss.
        public var tenantsAtLoss: Int
    }
}

// Absent values are written as null, as everywhere in `capsim.run/v1`; the synthesized
// decoders read null and absence alike.
extension TenantCosts.Tenant {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(group, forKey: .group)
        try container.encode(requests, forKey: .requests)
        try container.encode(cpuSeconds, forKey: .cpuSeconds)
        try container.encode(databaseSeconds, forKey: .databaseSeconds)
        try container.encode(horizonUSD, forKey: .horizonUSD)
        try container.encode(monthlyUSD, forKey: .monthlyUSD)
        try container.encode(variableMonthlyUSD, forKey: .variableMonthlyUSD)
        try container.encode(usdPer1000Requests, forKey: .usdPer1000Requests)
        try container.encode(revenueMonthlyUSD, forKey: .revenueMonthlyUSD)
        try container.encode(marginMonthlyUSD, forKey: .marginMonthlyUSD)
        try container.encode(atLoss, forKey: .atLoss)
    }
}

extension TenantCosts.GroupTotals {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(tenants, forKey: .tenants)
        try container.encode(requests, forKey: .requests)
        try container.encode(cpuSeconds, forKey: .cpuSeconds)
        try container.encode(databaseSeconds, forKey: .databaseSeconds)
        try container.encode(horizonUSD, forKey: .horizonUSD)
        try container.encode(monthlyUSD, forKey: .monthlyUSD)
        try container.encode(variableMonthlyUSD, forKey: .variableMonthlyUSD)
        try container.encode(revenueMonthlyUSD, forKey: .revenueMonthlyUSD)
        try container.encode(marginMonthlyUSD, forKey: .marginMonthlyUSD)
        try container.encode(tenantsAtLoss, forKey: .tenantsAtLoss)
    }
}
