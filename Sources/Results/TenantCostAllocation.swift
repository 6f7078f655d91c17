import Scenarios

/// Shares a run's bill among its tenants (DESIGN §4 "Cost").
///
/// Each line of the bill is split in two:
/// - **variable**: the share of the resource's billed capacity that requests used. For a
///   tier's droplets, event-loop seconds over billed worker-seconds (droplet-seconds ×
///   workers per droplet); for the database primary, demanded core-seconds over the plan's
///   vCPU-seconds. It goes to tenants in proportion to their own seconds.
/// - **idle**: the rest, and all of the lines no request uses by the second (load balancer
///   nodes, standby nodes). It goes by the stated `IdleCostRule`.
///
/// Both halves of every line add up to the line, so the tenants' costs add up to the bill;
/// rounding to cents keeps that exact (largest remainders).
public struct TenantCostAllocation: Sendable {
    /// How idle and fixed cost is shared.
    public var rule: IdleCostRule
    /// Tenants published one by one (the costliest, and as many of the worst losses); the
    /// others are summed per group.
    public var shownTenants: Int

    public init(rule: IdleCostRule = .byUsage, shownTenants: Int = 20) {
        self.rule = rule
        self.shownTenants = max(0, shownTenants)
    }

    /// One line of the bill as the allocation sees it.
    struct Line {
        var horizonUSD: Double
        var monthlyUSD: Double
        /// Per tenant, the seconds (or requests) that decide its variable share and, by
        /// usage, its idle share.
        var usage: Measure
        /// The fraction of the line that followed use, 0...1.
        var variableFraction: Double
    }

    /// What a line is shared by.
    enum Measure: Equatable {
        case cpu(tier: Int)
        case database
        case requests
        /// Outbound bytes: the transfer overage follows the bytes that caused it.
        case outbound
    }

    /// Shares `bill` (the mean over replications) using `usage` summed over `replications`
    /// replications and each tier's billed droplet-seconds, mean over replications.
    public func allocate(scenario: Scenario, bill: CostBreakdown, usage: TenantUsage, replications: Int,
                         meanDropletSeconds: [TierRole: Double]) -> TenantCosts {
        let tenants = usage.tenantCount
        let runs = Double(max(replications, 1))
        let lines = bill.components.map { line(for: $0, scenario: scenario, usage: usage, meanDropletSeconds: meanDropletSeconds, runs: runs) }

        // Totals of each measure, for the shares.
        let tierCount = usage.tierRoles.count
        var cpuTotals = Array(repeating: 0.0, count: tierCount)
        for tier in 0..<tierCount {
            cpuTotals[tier] = usage.cpuSeconds[(tier * tenants)..<((tier + 1) * tenants)].reduce(0, +)
        }
        let databaseTotal = usage.databaseSeconds.reduce(0, +)
        let requestTotal = Double(usage.requests.reduce(0, +))
        let outboundTotal = usage.totalOutboundBytes ?? 0
        func total(_ measure: Measure) -> Double {
            switch measure {
            case let .cpu(tier): cpuTotals[tier]
            case .database: databaseTotal
            case .requests: requestTotal
            case .outbound: outboundTotal
            }
        }
        func amount(_ measure: Measure, _ tenant: Int) -> Double {
            switch measure {
            case let .cpu(tier): usage.cpuSeconds[tier * tenants + tenant]
            case .database: usage.databaseSeconds[tenant]
            case .requests: Double(usage.requests[tenant])
            case .outbound: usage.outboundBytes?[tenant] ?? 0
            }
        }
        let even = tenants > 0 ? 1 / Double(tenants) : 0
        /// A tenant's share of a measure, or an even share when nobody used it.
        func share(_ measure: Measure, _ tenant: Int) -> Double {
            let all = total(measure)
            return all > 0 ? amount(measure, tenant) / all : even
        }

        var horizon = Array(repeating: 0.0, count: tenants)
        var monthly = Array(repeating: 0.0, count: tenants)
        var variable = Array(repeating: 0.0, count: tenants)
        var variableMonthlyTotal = 0.0
        for line in lines {
            let used = total(line.usage) > 0 ? line.variableFraction : 0
            variableMonthlyTotal += line.monthlyUSD * used
            for tenant in 0..<tenants {
                let own = share(line.usage, tenant)
                let idle: Double
                switch rule {
                case .byUsage: idle = own
                case .even: idle = even
                case .byRequests: idle = share(.requests, tenant)
                }
                let fraction = used * own + (1 - used) * idle
                horizon[tenant] += line.horizonUSD * fraction
                monthly[tenant] += line.monthlyUSD * fraction
                variable[tenant] += line.monthlyUSD * used * own
            }
        }
        let horizonCents = Self.cents(horizon, total: bill.horizonUSD)
        let monthlyCents = Self.cents(monthly, total: bill.monthlyUSD)
        let variableCents = Self.cents(variable, total: variableMonthlyTotal)

        // Tenant names and revenue, by global index.
        var groupOfTenant = [Int](repeating: 0, count: tenants)
        var rankInGroup = [Int](repeating: 0, count: tenants)
        var first = 0
        for (index, group) in scenario.tenantGroups.enumerated() {
            for rank in 0..<group.count where first + rank < tenants {
                groupOfTenant[first + rank] = index
                rankInGroup[first + rank] = rank
            }
            first += group.count
        }
        func tenant(_ index: Int) -> TenantCosts.Tenant {
            let group = scenario.tenantGroups[groupOfTenant[index]]
            let requests = Double(usage.requests[index]) / runs
            let revenue = group.revenuePerTenantMonthlyUSD
            let monthlyUSD = Double(monthlyCents[index]) / 100
            let margin = revenue.map { Self.roundCents($0 - monthlyUSD) }
            return TenantCosts.Tenant(
                name: "\(group.name)#\(rankInGroup[index])", group: group.name,
                requests: requests.rounded(toPlaces: 2),
                cpuSeconds: (0..<tierCount).map { (usage.cpuSeconds[$0 * tenants + index] / runs).rounded(toPlaces: 3) },
                databaseSeconds: (usage.databaseSeconds[index] / runs).rounded(toPlaces: 3),
                horizonUSD: Double(horizonCents[index]) / 100, monthlyUSD: monthlyUSD,
                variableMonthlyUSD: Double(variableCents[index]) / 100,
                usdPer1000Requests: requests > 0 ? (horizon[index] / requests * 1000).rounded(toPlaces: 4) : nil,
                revenueMonthlyUSD: revenue, marginMonthlyUSD: margin, atLoss: (margin ?? 0) < 0)
        }
        func atLoss(_ index: Int) -> Bool {
            guard let revenue = scenario.tenantGroups[groupOfTenant[index]].revenuePerTenantMonthlyUSD else { return false }
            return Int((revenue * 100).rounded()) < monthlyCents[index]
        }

        let byCost = (0..<tenants).sorted { monthlyCents[$0] != monthlyCents[$1] ? monthlyCents[$0] > monthlyCents[$1] : $0 < $1 }
        let shown = Array(byCost.prefix(shownTenants))
        let losers = (0..<tenants).filter(atLoss)
        let revenueCents = scenario.tenantGroups.map { $0.revenuePerTenantMonthlyUSD.map { Int(($0 * 100).rounded()) } }
        let worst = losers.sorted {
            let a = monthlyCents[$0] - (revenueCents[groupOfTenant[$0]] ?? 0), b = monthlyCents[$1] - (revenueCents[groupOfTenant[$1]] ?? 0)
            return a != b ? a > b : $0 < $1
        }.prefix(shownTenants)

        func totals(_ group: Int, members: [Int]) -> TenantCosts.GroupTotals {
            let spec = scenario.tenantGroups[group]
            let monthlyUSD = Double(members.reduce(0) { $0 + monthlyCents[$1] }) / 100
            let revenue = spec.revenuePerTenantMonthlyUSD.map { Self.roundCents($0 * Double(members.count)) }
            return TenantCosts.GroupTotals(
                group: spec.name, tenants: members.count,
                requests: (Double(members.reduce(0) { $0 + usage.requests[$1] }) / runs).rounded(toPlaces: 2),
                cpuSeconds: (0..<tierCount).map { tier in
                    (members.reduce(0.0) { $0 + usage.cpuSeconds[tier * tenants + $1] } / runs).rounded(toPlaces: 3)
                },
                databaseSeconds: (members.reduce(0.0) { $0 + usage.databaseSeconds[$1] } / runs).rounded(toPlaces: 3),
                horizonUSD: Double(members.reduce(0) { $0 + horizonCents[$1] }) / 100,
                monthlyUSD: monthlyUSD,
                variableMonthlyUSD: Double(members.reduce(0) { $0 + variableCents[$1] }) / 100,
                revenueMonthlyUSD: revenue, marginMonthlyUSD: revenue.map { Self.roundCents($0 - monthlyUSD) },
                tenantsAtLoss: members.filter(atLoss).count)
        }
        var members = Array(repeating: [Int](), count: scenario.tenantGroups.count)
        for index in 0..<tenants { members[groupOfTenant[index]].append(index) }
        let shownSet = Set(shown).union(worst)
        var others: [TenantCosts.GroupTotals] = []
        for group in members.indices {
            let rest = members[group].filter { !shownSet.contains($0) }
            if !rest.isEmpty { others.append(totals(group, members: rest)) }
        }
        return TenantCosts(
            idleCostRule: rule, tenantCount: tenants,
            horizonUSD: Double(horizonCents.reduce(0, +)) / 100,
            monthlyUSD: Double(monthlyCents.reduce(0, +)) / 100,
            variableMonthlyUSD: Double(variableCents.reduce(0, +)) / 100,
            tenantsAtLoss: losers.count,
            groups: members.indices.map { totals($0, members: members[$0]) },
            top: shown.map(tenant), largestLosses: worst.map(tenant), others: others)
    }

    /// How a bill line is shared: droplets, their backups and balancers by the tier's
    /// CPU-seconds, the database's lines by database-seconds, the transfer overage by
    /// outbound bytes, anything else by requests. Droplets, backups (a share of the same
    /// droplet charge, so split the same way), the primary and transfer have a variable
    /// part; balancers and standbys are capacity nobody uses by the second.
    func line(for component: CostComponent, scenario: Scenario, usage: TenantUsage,
              meanDropletSeconds: [TierRole: Double], runs: Double) -> Line {
        let name = component.name
        var line = Line(horizonUSD: component.horizonUSD, monthlyUSD: component.monthlyUSD, usage: .requests, variableFraction: 0)
        let tenants = usage.tenantCount
        if name == "transfer" {
            // The overage exists only because of bytes sent: all of it follows them.
            line.usage = .outbound
            line.variableFraction = 1
        } else if let tierName = Self.suffix(of: name, after: "droplets.") ?? Self.suffix(of: name, after: "loadBalancer.")
                    ?? Self.suffix(of: name, after: "backups."),
           let tierIndex = usage.tierRoles.firstIndex(where: { $0.rawValue == tierName }) {
            line.usage = .cpu(tier: tierIndex)
            let role = usage.tierRoles[tierIndex]
            if name.hasPrefix("droplets.") || name.hasPrefix("backups."), let tier = scenario.tier(role) {
                let capacity = (meanDropletSeconds[role] ?? 0) * Double(tier.workersPerDroplet)
                let used = usage.cpuSeconds[(tierIndex * tenants)..<((tierIndex + 1) * tenants)].reduce(0, +) / runs
                line.variableFraction = capacity > 0 ? min(1, used / capacity) : 0
            }
        } else if name.hasPrefix("database.") {
            line.usage = .database
            if name == "database.primary" {
                let capacity = Double(scenario.database.plan.vcpus) * scenario.horizon
                let used = usage.databaseSeconds.reduce(0, +) / runs
                line.variableFraction = capacity > 0 ? min(1, used / capacity) : 0
            }
        }
        return line
    }

    static func suffix(of name: String, after prefix: String) -> String? {
        name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : nil
    }

    static func roundCents(_ usd: Double) -> Double { (usd * 100).rounded() / 100 }

    /// Whole cents per tenant that sum to `total` rounded to cents: each value's floor, then
    /// one more cent to the largest remainders (ties: the lower tenant), as many as needed.
    static func cents(_ values: [Double], total: Double) -> [Int] {
        let target = Int((total * 100).rounded())
        var result = values.map { Int(($0 * 100).rounded(.down)) }
        var missing = target - result.reduce(0, +)
        guard missing != 0, !values.isEmpty else { return result }
        let remainders = values.indices.map { values[$0] * 100 - Double(result[$0]) }
        if missing > 0 {
            let order = values.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
            var position = 0
            while missing > 0 {
                result[order[position % order.count]] += 1
                missing -= 1
                position += 1
            }
        } else {
            let order = values.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] < remainders[$1] : $0 < $1 }
            var position = 0
            while missing < 0 && position < order.count * 2 {
                let index = order[position % order.count]
                if result[index] > 0 {
                    result[index] -= 1
                    missing += 1
                }
                position += 1
            }
        }
        return result
    }
}
