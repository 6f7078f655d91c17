import DigitalOceanCatalog
import Foundation
import Scenarios
import SimCore
import YAMLSupport

/// The outbound-transfer rule: a price per GiB over a pooled allowance each droplet accrues.
public struct TransferPricing: Sendable, Equatable {
    /// US dollars per GiB over the pooled allowance ($0.01 at DigitalOcean).
    public var usdPerGiB: Double
    /// Monthly allowance per droplet size slug; a size missing here brings no allowance.
    public var allowances: [String: DropletTransferAllowance]
    /// Whether DigitalOcean's documentation confirms the price.
    public var priceVerified: Bool

    public init(usdPerGiB: Double, allowances: [String: DropletTransferAllowance], priceVerified: Bool) {
        self.usdPerGiB = usdPerGiB
        self.allowances = allowances
        self.priceVerified = priceVerified
    }
}

/// One replication's outbound transfer and what it costs, over the horizon and per month.
public struct TransferBill: Sendable, Equatable {
    /// GiB sent to clients over the horizon.
    public var outboundGiB: Double
    /// GiB of pooled allowance the fleet accrued over the horizon.
    public var allowanceGiB: Double
    /// GiB over the allowance over the horizon, billed.
    public var overageGiB: Double
    /// The monthly equivalents: transfer at the horizon's rate, the fleet's monthly allowance.
    public var monthlyOutboundGiB: Double
    public var monthlyAllowanceGiB: Double
    public var monthlyOverageGiB: Double
    /// The charge over the horizon and per month, in US dollars.
    public var horizonUSD: Double
    public var monthlyUSD: Double
    /// False when a size's allowance is unverified or unknown (then it counts none).
    public var allowanceVerified: Bool
    /// Size slugs whose allowance the catalog does not record.
    public var unknownAllowances: [String]

    /// Component by component, the mean of several replications' transfer.
    public static func mean(_ bills: [TransferBill]) -> TransferBill? {
        guard let first = bills.first else { return nil }
        let n = Double(bills.count)
        func average(_ value: (TransferBill) -> Double) -> Double { bills.reduce(0) { $0 + value($1) } / n }
        return TransferBill(
            outboundGiB: average(\.outboundGiB), allowanceGiB: average(\.allowanceGiB), overageGiB: average(\.overageGiB),
            monthlyOutboundGiB: average(\.monthlyOutboundGiB), monthlyAllowanceGiB: average(\.monthlyAllowanceGiB),
            monthlyOverageGiB: average(\.monthlyOverageGiB), horizonUSD: average(\.horizonUSD), monthlyUSD: average(\.monthlyUSD),
            allowanceVerified: bills.allSatisfy(\.allowanceVerified), unknownAllowances: first.unknownAllowances)
    }
}

extension CostModel {
    /// The bill with outbound transfer: `bill(_:fleets:)` plus a `transfer` line when
    /// `outboundBytes` was measured (the scenario gives `response_bytes`).
    public func bill(_ scenario: Scenario, fleets: [FleetMeasurements], outboundBytes: Double?) -> CostBreakdown {
        var breakdown = bill(scenario, fleets: fleets)
        guard let outboundBytes else { return breakdown }
        let transfer = transferBill(scenario, fleets: fleets, outboundBytes: outboundBytes)
        let unknown = transfer.unknownAllowances.isEmpty ? "" : "; no allowance on record for \(transfer.unknownAllowances.joined(separator: ", "))"
        breakdown.components.append(CostComponent(
            name: "transfer",
            detail: "$\(Units.trim(self.transfer.usdPerGiB))/GiB over the pooled allowance\(unknown)",
            horizonUSD: transfer.horizonUSD, monthlyUSD: transfer.monthlyUSD,
            priceVerified: self.transfer.priceVerified && transfer.allowanceVerified))
        return breakdown
    }

    /// Outbound transfer against the pooled allowance.
    ///
    /// DigitalOcean accrues each droplet's allowance for every hour it exists, up to
    /// `hours_per_month` (672) hours a month, and pools it over the team
    /// (docs.digitalocean.com/products/droplets/details/pricing/ "Droplet Bandwidth";
    /// the hourly accrual: www.digitalocean.com/docs/droplets/overview/ "Monthly Allowance").
    /// So a droplet's accrual over a lifetime is allowance × hours / 672, at most one
    /// allowance per 730-hour billing month, as the droplet charge is capped. Per month, a
    /// droplet alive the whole horizon brings its full allowance; the rest scales from the
    /// horizon to a month, as the droplet line does.
    public func transferBill(_ scenario: Scenario, fleets: [FleetMeasurements], outboundBytes: Double) -> TransferBill {
        let horizon = scenario.horizon
        let month = Self.hoursPerAverageMonth * 3600
        let accrualSeconds = billing.hoursPerMonth * 3600
        var allowance = 0.0, monthlyAllowance = 0.0, verified = true
        var unknown: [String] = []
        /// GiB a droplet of `gib` per month accrues in `seconds`, capped per billing month.
        func accrued(_ gib: Double, seconds: Double) -> Double {
            var remaining = seconds, total = 0.0
            while remaining > 0 {
                let chunk = min(remaining, month)
                total += gib * min(chunk / accrualSeconds, 1)
                remaining -= chunk
            }
            return total
        }
        for tier in scenario.tiers {
            guard let size = transfer.allowances[tier.size.slug] else {
                if !unknown.contains(tier.size.slug) { unknown.append(tier.size.slug) }
                verified = false
                continue
            }
            if !size.verified { verified = false }
            if let fleet = fleets.first(where: { $0.role == tier.role }) {
                var transient = 0.0
                for lifetime in fleet.lifetimes {
                    let gib = accrued(size.monthlyGiB, seconds: lifetime.seconds)
                    allowance += gib
                    if lifetime.created <= 0 && lifetime.destroyed >= horizon {
                        monthlyAllowance += size.monthlyGiB
                    } else {
                        transient += gib
                    }
                }
                monthlyAllowance += transient * month / horizon
            } else {
                allowance += Double(tier.droplets) * accrued(size.monthlyGiB, seconds: horizon)
                monthlyAllowance += Double(tier.droplets) * size.monthlyGiB
            }
        }
        let outbound = outboundBytes / 1_073_741_824
        let monthlyOutbound = outbound * month / horizon
        let overage = max(0, outbound - allowance)
        let monthlyOverage = max(0, monthlyOutbound - monthlyAllowance)
        return TransferBill(
            outboundGiB: outbound, allowanceGiB: allowance, overageGiB: overage,
            monthlyOutboundGiB: monthlyOutbound, monthlyAllowanceGiB: monthlyAllowance, monthlyOverageGiB: monthlyOverage,
            horizonUSD: overage * transfer.usdPerGiB, monthlyUSD: monthlyOverage * transfer.usdPerGiB,
            allowanceVerified: verified, unknownAllowances: unknown)
    }

    /// The share of the droplet charge a tier's backups add: DigitalOcean's basic backup
    /// plans (docs.digitalocean.com/products/backups/details/pricing/).
    public func backupShare(_ schedule: BackupSchedule) -> Double {
        switch schedule {
        case .none: 0
        case .weekly: backups.weeklyShare
        case .daily: backups.dailyShare
        }
    }

    /// A `backups.<tier>` line per tier with backups, priced later from its droplets line.
    func backupLines(_ scenario: Scenario) -> [CostComponent] {
        scenario.tiers.filter { $0.backups != .none }.map { tier in
            CostComponent(name: "backups.\(tier.name)",
                          detail: "\(tier.backups.rawValue), \(Units.trim(backupShare(tier.backups) * 100))% of droplets.\(tier.name)",
                          horizonUSD: 0, monthlyUSD: 0, priceVerified: backups.priceVerified)
        }
    }

    /// Each `backups.<tier>` line as its share of the tier's droplets line: the same
    /// droplet-seconds, so an autoscaled fleet's backups follow its droplet-hours.
    func repricedBackups(_ components: [CostComponent], scenario: Scenario) -> [CostComponent] {
        var result = components
        for tier in scenario.tiers where tier.backups != .none {
            guard let line = result.firstIndex(where: { $0.name == "backups.\(tier.name)" }),
                  let droplets = result.first(where: { $0.name == "droplets.\(tier.name)" }) else { continue }
            let share = backupShare(tier.backups)
            result[line].horizonUSD = droplets.horizonUSD * share
            result[line].monthlyUSD = droplets.monthlyUSD * share
        }
        return result
    }
}
