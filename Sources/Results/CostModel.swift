import DigitalOceanCatalog
import Foundation
import Scenarios
import SimCore
import YAMLSupport

/// What a fleet costs under DigitalOcean's billing rules, from the catalog.
///
/// Droplets are billed per second since 2026-01-01 with a 60-second minimum, at the monthly
/// price divided by 672 hours, capped at the monthly price (the cap's survival under
/// per-second billing is unverified, so it is a catalog setting). Load balancer nodes and
/// database nodes are billed by the same rule here; their prices are marked unverified in
/// the catalog where FACTS.md says so.
public struct CostModel: Sendable {
    /// The catalog's billing rule: hours per month, minimum seconds and charge, monthly cap.
    public var billing: DropletBilling
    /// Load balancer node prices, in US dollars per month.
    public var loadBalancer: LoadBalancerPricing
    /// Backup prices as shares of the droplet charge.
    public var backups = DropletBackupPricing(weeklyShare: 0.2, dailyShare: 0.3, priceVerified: false, source: "")
    /// Outbound transfer: the price over the allowance and each size's monthly allowance.
    public var transfer = TransferPricing(usdPerGiB: 0.01, allowances: [:], priceVerified: false)

    public init(catalog: Catalog) {
        billing = catalog.dropletBilling
        loadBalancer = catalog.loadBalancer
        backups = catalog.dropletBackups
        transfer = TransferPricing(usdPerGiB: catalog.bandwidthUSDPerGiB, allowances: catalog.dropletTransfer,
                                   priceVerified: catalog.bandwidthRules.priceVerified)
    }

    /// Hours in a billing month (`Month.billingHours`), for the monthly equivalent of a
    /// horizon and the monthly cap.
    public static let hoursPerAverageMonth = Month.billingHours

    /// The bill for one resource kept for `seconds`: per second at monthly/672 per hour,
    /// at least the minimum, and at most the monthly price per 730-hour month.
    public func charge(monthlyUSD: Double, seconds: Double) -> Double {
        let hourly = monthlyUSD / billing.hoursPerMonth
        let billedSeconds = max(seconds, billing.minimumSeconds)
        let monthSeconds = Self.hoursPerAverageMonth * 3600
        var remaining = billedSeconds
        var total = 0.0
        while remaining > 0 {
            let chunk = min(remaining, monthSeconds)
            let uncapped = hourly * chunk / 3600
            total += billing.monthlyCap ? min(uncapped, monthlyUSD) : uncapped
            remaining -= chunk
        }
        return max(total, billing.minimumChargeUSD)
    }

    /// One replication's bill. Droplets are charged per lifetime, as DigitalOcean bills them:
    /// each create-to-destroy span separately, with its minimum. The monthly figure counts a
    /// droplet that lived through the whole horizon as running all month (capped at the
    /// monthly price) and scales the rest of the bill up from the horizon to a month.
    public func bill(_ scenario: Scenario, fleets: [FleetMeasurements]) -> CostBreakdown {
        var components = fixedFleet(scenario).components
        let horizon = scenario.horizon
        let month = Self.hoursPerAverageMonth * 3600
        for fleet in fleets {
            guard let tier = scenario.tier(fleet.role),
                  let index = components.firstIndex(where: { $0.name == "droplets.\(tier.name)" }) else { continue }
            let each = tier.size.monthlyUSD
            var horizonUSD = 0.0, persistent = 0, transientUSD = 0.0
            for lifetime in fleet.lifetimes {
                let charge = charge(monthlyUSD: each, seconds: lifetime.seconds)
                horizonUSD += charge
                if lifetime.created <= 0 && lifetime.destroyed >= horizon {
                    persistent += 1
                } else {
                    transientUSD += charge
                }
            }
            let monthlyUSD = Double(persistent) * charge(monthlyUSD: each, seconds: month) + transientUSD * month / horizon
            let hours = fleet.dropletSeconds / 3600
            components[index].horizonUSD = horizonUSD
            components[index].monthlyUSD = monthlyUSD
            if fleet.autoscaled {
                components[index].detail = "\(Units.trim((hours * 10).rounded() / 10)) droplet-hours of \(tier.size.slug)"
            }
        }
        return CostBreakdown(components: repricedBackups(components, scenario: scenario))
    }

    /// A fixed fleet's cost over the horizon and per month, by component.
    public func fixedFleet(_ scenario: Scenario) -> CostBreakdown {
        var components: [CostComponent] = []
        let horizon = scenario.horizon
        let month = Self.hoursPerAverageMonth * 3600
        for tier in scenario.tiers {
            let each = tier.size.monthlyUSD
            components.append(CostComponent(
                name: "droplets.\(tier.name)",
                detail: "\(tier.droplets) × \(tier.size.slug)",
                horizonUSD: Double(tier.droplets) * charge(monthlyUSD: each, seconds: horizon),
                monthlyUSD: Double(tier.droplets) * charge(monthlyUSD: each, seconds: month),
                priceVerified: true))
            if tier.balancerCapacity.resizes.isEmpty {
                components.append(CostComponent(
                    name: "loadBalancer.\(tier.name)",
                    detail: "\(tier.balancerNodes) node\(tier.balancerNodes == 1 ? "" : "s")",
                    horizonUSD: Double(tier.balancerNodes) * charge(monthlyUSD: loadBalancer.nodeMonthlyUSD, seconds: horizon),
                    monthlyUSD: Double(tier.balancerNodes) * charge(monthlyUSD: loadBalancer.nodeMonthlyUSD, seconds: month),
                    priceVerified: loadBalancer.nodePriceVerified))
            } else {
                components.append(resizedBalancer(tier, horizon: horizon, month: month))
            }
        }
        let plan = scenario.database.plan
        components.append(CostComponent(
            name: "database.primary", detail: plan.slug,
            horizonUSD: charge(monthlyUSD: plan.monthlyUSD, seconds: horizon),
            monthlyUSD: charge(monthlyUSD: plan.monthlyUSD, seconds: month),
            priceVerified: plan.priceVerified))
        if scenario.database.standbyNodes > 0 {
            let count = Double(scenario.database.standbyNodes)
            components.append(CostComponent(
                name: "database.standby", detail: "\(scenario.database.standbyNodes) × \(plan.slug)",
                horizonUSD: count * charge(monthlyUSD: plan.standbyMonthlyUSD, seconds: horizon),
                monthlyUSD: count * charge(monthlyUSD: plan.standbyMonthlyUSD, seconds: month),
                priceVerified: plan.standbyPriceVerified))
        }
        if let readOnly = readOnlyNodesComponent(scenario.database, horizon: horizon, month: month) { components.append(readOnly) }
        components += backupLines(scenario)
        return CostBreakdown(components: repricedBackups(components, scenario: scenario))
    }
}

/// One line of a bill.
public struct CostComponent: Sendable, Equatable {
    /// What is billed, e.g. "droplets.api", "loadBalancer.api", "database.primary".
    public var name: String
    /// How many of what, e.g. "2 × s-2vcpu-4gb", or the droplet-hours of an autoscaled fleet.
    public var detail: String
    /// The charge over the horizon, in US dollars.
    public var horizonUSD: Double
    /// The monthly equivalent, in US dollars per billing month.
    public var monthlyUSD: Double
    /// False where the catalog marks the price as not confirmed by the vendor.
    public var priceVerified: Bool
}

/// A bill by component.
public struct CostBreakdown: Sendable, Equatable {
    /// The lines: per tier its droplets and load balancer, then the database.
    public var components: [CostComponent]
    public init(components: [CostComponent]) { self.components = components }

    /// Component by component, the mean of several replications' bills (same components).
    public static func mean(_ bills: [CostBreakdown]) -> CostBreakdown {
        guard var result = bills.first else { return CostBreakdown(components: []) }
        let n = Double(bills.count)
        for index in result.components.indices {
            result.components[index].horizonUSD = bills.reduce(0) { $0 + $1.components[index].horizonUSD } / n
            result.components[index].monthlyUSD = bills.reduce(0) { $0 + $1.components[index].monthlyUSD } / n
        }
        return result
    }
    /// The charge over the horizon, in US dollars.
    public var horizonUSD: Double { components.reduce(0) { $0 + $1.horizonUSD } }
    /// The monthly equivalent, in US dollars per billing month.
    public var monthlyUSD: Double { components.reduce(0) { $0 + $1.monthlyUSD } }
}
