import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Results
import Scenarios
import SimCore
import YAMLSupport

/// The catalog as people read it: sizes and prices, with unverified figures flagged.
public struct CatalogListing: Sendable {
    public var catalog: Catalog
    public var path: String

    public init(catalog: Catalog, path: String) {
        self.catalog = catalog
        self.path = path
    }

    var dropletRows: [[String]] {
        catalog.dropletSizes.map { size in
            [size.slug, size.family, "\(size.vcpus)", RunReport.fixed(size.memoryGiB, size.memoryGiB < 1 ? 1 : 0), "\(size.diskGB)",
             RunReport.fixed(size.monthlyUSD, 2), RunReport.fixed(size.monthlyUSD / catalog.dropletBilling.hoursPerMonth, 5),
             transferCell(size.slug)]
        }
    }

    /// A size's monthly outbound allowance in GiB, flagged when unverified, "—" when none is on record.
    func transferCell(_ slug: String) -> String {
        guard let allowance = catalog.transferAllowance(slug) else { return "—" }
        return RunReport.fixed(allowance.monthlyGiB, 0) + (allowance.verified ? "" : " (unverified)")
    }

    var databaseRows: [[String]] {
        catalog.databasePlans.map { plan in
            [plan.slug, "\(plan.vcpus)", RunReport.fixed(plan.memoryGiB, 0), "\(plan.backendConnections)",
             RunReport.fixed(plan.monthlyUSD, 2) + (plan.priceVerified ? "" : " (unverified)"),
             plan.standbyAllowed ? RunReport.fixed(plan.standbyMonthlyUSD, 2) + (plan.standbyPriceVerified ? "" : " (unverified)") : "not allowed"]
        }
    }

    public func table() -> String {
        var out = "DigitalOcean catalog (\(path), read \(catalog.readOn))\n\nDroplet sizes\n"
        out += RunReport.grid(dropletRows, header: ["slug", "family", "vCPU", "GiB", "disk GB", "$/month", "$/hour", "transfer GiB/month"])
        out += "\nManaged PostgreSQL plans (backend connections = 25 per GiB − 3)\n"
        out += RunReport.grid(databaseRows, header: ["slug", "vCPU", "GiB", "connections", "$/month", "standby $/month"])
        let lb = catalog.loadBalancer
        out += "\nLoad balancer: $\(RunReport.fixed(lb.nodeMonthlyUSD, 2))/node/month\(lb.nodePriceVerified ? "" : " (unverified)"), "
        out += "\(Int(lb.requestsPerSecondPerNode)) requests/s, \(lb.connectionsPerNode) connections and \(Int(lb.newTLSConnectionsPerSecondPerNode)) new TLS connections/s per node, up to \(lb.maxNodes) nodes\n"
        let billing = catalog.dropletBilling
        out += "Billing: \(billing.model), minimum \(Int(billing.minimumSeconds)) s or $\(RunReport.fixed(billing.minimumChargeUSD, 2)), "
        out += "hourly = monthly / \(Int(billing.hoursPerMonth)), monthly cap \(billing.monthlyCap ? "on" : "off")\(billing.monthlyCapVerified ? "" : " (unverified)")\n"
        out += "Outbound transfer: $\(RunReport.fixed(catalog.bandwidthUSDPerGiB, 2))/GiB over the allowance"
        out += "\(catalog.bandwidthRules.priceVerified ? "" : " (unverified)"), pooled; each droplet accrues its allowance "
        out += "per hour it exists, up to \(Int(billing.hoursPerMonth)) hours a month\(catalog.bandwidthRules.accrualVerified ? "" : " (unverified)")\n"
        let backups = catalog.dropletBackups
        out += "Droplet backups: weekly \(Units.trim(backups.weeklyShare * 100))%, daily \(Units.trim(backups.dailyShare * 100))% "
        out += "of the droplet charge\(backups.priceVerified ? "" : " (unverified)")\n"
        if !catalog.cpuSpeedNote.isEmpty { out += "CPU speed: \(catalog.cpuSpeedNote)\n" }
        return out
    }

    public func markdown() -> String {
        var out = "# DigitalOcean catalog (read \(catalog.readOn))\n\n## Droplet sizes\n\n| slug | family | vCPU | GiB | disk GB | $/month | $/hour | transfer GiB/month |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
        for row in dropletRows { out += "| " + row.joined(separator: " | ") + " |\n" }
        out += "\n## Managed PostgreSQL plans\n\n| slug | vCPU | GiB | connections | $/month | standby $/month |\n|---|---:|---:|---:|---:|---:|\n"
        for row in databaseRows { out += "| " + row.joined(separator: " | ") + " |\n" }
        return out
    }

    public func csv() -> String {
        var lines = ["kind,slug,family,vcpus,memory_gib,disk_gb,monthly_usd,connections,price_verified,source,transfer_gib,transfer_verified"]
        for size in catalog.dropletSizes {
            let allowance = catalog.transferAllowance(size.slug)
            lines.append(["droplet", size.slug, size.family, "\(size.vcpus)", "\(size.memoryGiB)", "\(size.diskGB)", "\(size.monthlyUSD)", "",
                          "true", size.source, allowance.map { "\($0.monthlyGiB)" } ?? "", allowance.map { "\($0.verified)" } ?? ""]
                .map(RunReport.csvField).joined(separator: ","))
        }
        for plan in catalog.databasePlans {
            lines.append(["database", plan.slug, "", "\(plan.vcpus)", "\(plan.memoryGiB)", "", "\(plan.monthlyUSD)", "\(plan.backendConnections)",
                          "\(plan.priceVerified)", plan.source, "", ""].map(RunReport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> JSONValue {
        .object([
            ("schema", .string("capsim.catalog/v1")),
            ("readOn", .string(catalog.readOn)),
            ("dropletSizes", .array(catalog.dropletSizes.map { size in
                .object([("slug", .string(size.slug)), ("family", .string(size.family)), ("vcpus", .integer(size.vcpus)),
                         ("memoryGiB", .number(size.memoryGiB)), ("diskGB", .integer(size.diskGB)),
                         ("monthlyUSD", .number(size.monthlyUSD)), ("dedicatedCPU", .bool(size.dedicatedCPU)),
                         ("cpuSpeed", .number(size.cpuSpeed)), ("source", .string(size.source)),
                         ("transferGiB", catalog.transferAllowance(size.slug).map { .number($0.monthlyGiB) } ?? .null),
                         ("transferVerified", catalog.transferAllowance(size.slug).map { .bool($0.verified) } ?? .null)])
            })),
            ("databasePlans", .array(catalog.databasePlans.map { plan in
                .object([("slug", .string(plan.slug)), ("vcpus", .integer(plan.vcpus)), ("memoryGiB", .number(plan.memoryGiB)),
                         ("backendConnections", .integer(plan.backendConnections)), ("monthlyUSD", .number(plan.monthlyUSD)),
                         ("priceVerified", .bool(plan.priceVerified)), ("standbyAllowed", .bool(plan.standbyAllowed)),
                         ("standbyMonthlyUSD", .number(plan.standbyMonthlyUSD)),
                         ("standbyPriceVerified", .bool(plan.standbyPriceVerified)), ("source", .string(plan.source))])
            })),
            ("loadBalancer", .object([("nodeMonthlyUSD", .number(catalog.loadBalancer.nodeMonthlyUSD)),
                                      ("nodePriceVerified", .bool(catalog.loadBalancer.nodePriceVerified)),
                                      ("source", .string(catalog.loadBalancer.source))])),
            ("dropletBilling", .object([("model", .string(catalog.dropletBilling.model)),
                                        ("minimumSeconds", .number(catalog.dropletBilling.minimumSeconds)),
                                        ("hoursPerMonth", .number(catalog.dropletBilling.hoursPerMonth)),
                                        ("monthlyCap", .bool(catalog.dropletBilling.monthlyCap)),
                                        ("monthlyCapVerified", .bool(catalog.dropletBilling.monthlyCapVerified)),
                                        ("source", .string(catalog.dropletBilling.source))])),
            ("bandwidth", .object([("outboundUSDPerGiB", .number(catalog.bandwidthUSDPerGiB)),
                                   ("priceVerified", .bool(catalog.bandwidthRules.priceVerified)),
                                   ("allowanceAccrualVerified", .bool(catalog.bandwidthRules.accrualVerified)),
                                   ("source", .string(catalog.bandwidthRules.source)),
                                   ("transferSource", .string(catalog.bandwidthRules.transferSource))])),
            ("dropletBackups", .object([("weeklyShare", .number(catalog.dropletBackups.weeklyShare)),
                                        ("dailyShare", .number(catalog.dropletBackups.dailyShare)),
                                        ("priceVerified", .bool(catalog.dropletBackups.priceVerified)),
                                        ("source", .string(catalog.dropletBackups.source))])),
        ])
    }
}
