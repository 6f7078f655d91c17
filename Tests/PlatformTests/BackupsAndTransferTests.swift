import Foundation
import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
import SimCore

/// Droplet backups and outbound transfer: the catalog's prices and allowances, the scenario
/// fields, the cost lines with hand-computed numbers, and the bytes a run measures.
final class BackupsAndTransferTests: XCTestCase {
    static let costModel = CostModel(catalog: Fixtures.catalog)

    /// A small platform: `tenants` tenants at `rate` each, one operation, an api tier of two
    /// s-2vcpu-4gb droplets ($24/month, 4,000 GiB/month of transfer each).
    static func yaml(rate: String = "5/s", horizon: String = "1h", tenants: Int = 2, operation: String = "",
                     api: String = "", page: String = "", mix: String = "{list: 1}") -> String {
        """
        name: transfer-test
        seed: 11
        replications: 1
        horizon: \(horizon)
        warmup: 0s
        client_timeout: 1h
        tenant_groups:
          clients:
            count: \(tenants)
            rate_per_tenant: \(rate)
            mix: \(mix)
        operations:
          list:
            complexity: 1
            cpu_base: 1ms
            cpu_per_point: 0s
            depth: 1
            query_time: 500us
        \(operation.isEmpty ? "" : "    " + operation)
        pages:
          home:
            rendering: ssr
            render_cpu: 2ms
            calls: [list]
        \(page.isEmpty ? "" : "    " + page)
        tiers:
          web: {size: s-2vcpu-4gb, droplets: 1}
          api:
            size: s-2vcpu-4gb
            droplets: 2
        \(api.isEmpty ? "" : "    " + api)
        database:
          plan: db-s-2vcpu-4gb
          pgbouncer: {mode: transaction, pool_size: 20}
        """
    }

    static func issues(_ yaml: String) -> String {
        do {
            _ = try Fixtures.scenario(yaml: yaml)
            return ""
        } catch {
            return "\(error)"
        }
    }

    // MARK: Catalog

    func testCatalogCarriesVerifiedBackupSharesAndPerSizeAllowances() {
        let catalog = Fixtures.catalog
        XCTAssertEqual(catalog.dropletBackups.weeklyShare, 0.20)
        XCTAssertEqual(catalog.dropletBackups.dailyShare, 0.30)
        XCTAssertTrue(catalog.dropletBackups.priceVerified)
        XCTAssertTrue(catalog.dropletBackups.source.contains("docs.digitalocean.com/products/backups/details/pricing"))
        XCTAssertTrue(catalog.bandwidthRules.priceVerified)
        XCTAssertEqual(catalog.bandwidthUSDPerGiB, 0.01)
        XCTAssertEqual(catalog.transferAllowance("s-1vcpu-512mb-10gb"), DropletTransferAllowance(monthlyGiB: 500, verified: false))
        XCTAssertEqual(catalog.transferAllowance("s-1vcpu-1gb")?.monthlyGiB, 1000)
        XCTAssertEqual(catalog.transferAllowance("s-2vcpu-4gb")?.monthlyGiB, 4000)
        XCTAssertEqual(catalog.transferAllowance("s-8vcpu-16gb-amd")?.monthlyGiB, 6000)
        // No allowance on record for the dedicated sizes: none is invented.
        XCTAssertNil(catalog.transferAllowance("g-2vcpu-8gb"))
        // The load balancer and database prices stay flagged: no DigitalOcean page confirms them.
        XCTAssertFalse(catalog.loadBalancer.nodePriceVerified)
        XCTAssertTrue(catalog.databasePlans.allSatisfy { !$0.priceVerified && !$0.standbyPriceVerified })
    }

    static func catalogText(replacing original: String, with replacement: String) throws -> String {
        let text = try String(contentsOfFile: Fixtures.path("datasets/digitalocean-catalog.yaml"), encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: original).count, 2, "test bug: \(original) must occur once")
        return text.replacingOccurrences(of: original, with: replacement)
    }

    static func catalogError(_ text: String) -> String {
        do {
            _ = try Catalog.parse(text, path: "catalog.yaml")
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testCatalogRefusesABackupShareAboveOneNamingLineAndField() throws {
        let text = try Self.catalogText(replacing: "weekly_share: 0.20", with: "weekly_share: 1.5")
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("weekly_share: 1.5") }! + 1
        let message = Self.catalogError(text)
        XCTAssertTrue(message.contains("catalog.yaml:\(line):"), message)
        XCTAssertTrue(message.contains("droplet_backups.weekly_share"), message)
        XCTAssertTrue(message.contains("found 1.5"), message)
    }

    func testCatalogRefusesANegativeTransferAllowance() throws {
        let text = try Self.catalogText(replacing: "transfer_gib: 500,", with: "transfer_gib: -1,")
        let message = Self.catalogError(text)
        XCTAssertTrue(message.contains("droplet_sizes.0.transfer_gib"), message)
        XCTAssertTrue(message.contains("found -1"), message)
    }

    func testCatalogNeedsTheBackupSection() throws {
        let text = try Self.catalogText(replacing: "droplet_backups:", with: "droplet_backup_prices:")
        let message = Self.catalogError(text)
        XCTAssertTrue(message.contains("droplet_backups"), message)
    }

    // MARK: Scenario fields

    func testBackupsAndResponseBytesParse() throws {
        let scenario = try Fixtures.scenario(yaml: Self.yaml(
            operation: "response_bytes: {distribution: lognormal, mean: 40KiB, cv: 1}", api: "backups: daily",
            page: "response_bytes: 12KB"))
        XCTAssertEqual(scenario.tier(.api)?.backups, .daily)
        XCTAssertEqual(scenario.tier(.web)?.backups, BackupSchedule.none)
        XCTAssertEqual(scenario.operations[0].responseBytes, .lognormal(mean: 40 * 1024, coefficientOfVariation: 1))
        XCTAssertEqual(scenario.pages[0].responseBytes, .constant(12_000))
        XCTAssertTrue(scenario.measuresTransfer)
        let plain = try Fixtures.scenario(yaml: Self.yaml())
        XCTAssertFalse(plain.measuresTransfer)
        XCTAssertNil(plain.operations[0].responseBytes)
    }

    func testByteUnits() {
        XCTAssertEqual(Units.byteCount(from: "800B"), 800)
        XCTAssertEqual(Units.byteCount(from: "12KB"), 12_000)
        XCTAssertEqual(Units.byteCount(from: "40KiB"), 40_960)
        XCTAssertEqual(Units.byteCount(from: "1.5MB"), 1_500_000)
        XCTAssertEqual(Units.byteCount(from: "2MiB"), 2_097_152)
        XCTAssertNil(Units.byteCount(from: "12"))
        XCTAssertNil(Units.byteCount(from: "12kb"))
        XCTAssertNil(Units.byteCount(from: "-3KB"))
    }

    func testBadBackupScheduleIsAnErrorAtItsLineAndField() {
        let yaml = Self.yaml(api: "backups: monthly")
        let line = yaml.components(separatedBy: "\n").firstIndex { $0.contains("backups: monthly") }! + 1
        let message = Self.issues(yaml)
        XCTAssertTrue(message.contains("inline.yaml:\(line):"), message)
        XCTAssertTrue(message.contains("tiers.api.backups"), message)
        XCTAssertTrue(message.contains("monthly"), message)
    }

    func testResponseBytesNeedAUnit() {
        let yaml = Self.yaml(operation: "response_bytes: 40")
        let line = yaml.components(separatedBy: "\n").firstIndex { $0.contains("response_bytes: 40") }! + 1
        let message = Self.issues(yaml)
        XCTAssertTrue(message.contains("inline.yaml:\(line):"), message)
        XCTAssertTrue(message.contains("operations.list.response_bytes"), message)
        XCTAssertTrue(message.contains("a size needs a unit"), message)
        let distribution = Self.issues(Self.yaml(page: "response_bytes: {distribution: exponential, mean: 3 apples}"))
        XCTAssertTrue(distribution.contains("pages.home.response_bytes.mean"), distribution)
        let unknown = Self.issues(Self.yaml(page: "response_size: 3KB"))
        XCTAssertTrue(unknown.contains("pages.home.response_size"), unknown)
    }

    // MARK: Cost lines

    /// 2 droplets × $24 × 20% for a month = $9.60 of weekly backups; daily: 30%, $14.40.
    func testBackupLinesAreTheirShareOfTheDropletCharge() throws {
        let weekly = try Fixtures.scenario(yaml: Self.yaml(api: "backups: weekly"))
        let bill = Self.costModel.fixedFleet(weekly)
        let line = try XCTUnwrap(bill.components.first { $0.name == "backups.api" })
        XCTAssertEqual(line.monthlyUSD, 9.60, accuracy: 1e-9)
        // One hour: 2 × $24 / 672 h × 20%.
        XCTAssertEqual(line.horizonUSD, 2 * 24.0 / 672 * 0.2, accuracy: 1e-12)
        XCTAssertTrue(line.priceVerified)
        XCTAssertEqual(bill.components.last?.name, "backups.api", "new lines come after the existing ones")
        XCTAssertNil(bill.components.first { $0.name == "backups.web" })

        let daily = try Fixtures.scenario(yaml: Self.yaml(api: "backups: daily"))
        XCTAssertEqual(Self.costModel.fixedFleet(daily).components.first { $0.name == "backups.api" }?.monthlyUSD ?? 0, 14.40, accuracy: 1e-9)
        let none = try Fixtures.scenario(yaml: Self.yaml())
        XCTAssertFalse(Self.costModel.fixedFleet(none).components.contains { $0.name.hasPrefix("backups.") })
    }

    /// Backups follow the droplet-seconds of the run's bill, as the droplets line does.
    func testBackupLineFollowsTheMeasuredDropletLine() throws {
        let scenario = try Fixtures.scenario(yaml: Self.yaml(rate: "2/s", horizon: "10m", api: "backups: weekly"))
        let result = RunResult(scenario: scenario, replications: Fixtures.run(scenario), costModel: Self.costModel)
        let droplets = try XCTUnwrap(result.cost.components.first { $0.name == "droplets.api" })
        let backups = try XCTUnwrap(result.cost.components.first { $0.name == "backups.api" })
        XCTAssertEqual(backups.horizonUSD, droplets.horizonUSD * 0.2, accuracy: 1e-12)
        XCTAssertEqual(backups.monthlyUSD, droplets.monthlyUSD * 0.2, accuracy: 1e-12)
    }

    /// Three droplets of 4,000 GiB a month accrue 3 × 4000 / 672 ≈ 17.857 GiB in an hour;
    /// 20 GiB sent leaves 2.143 GiB over, $0.0214. Per month: 20 × 730 = 14,600 GiB sent
    /// against 12,000 GiB: 2,600 GiB over, $26.00.
    func testTransferOverageArithmetic() throws {
        let scenario = try Fixtures.scenario(yaml: Self.yaml(operation: "response_bytes: 10KB"))
        let bytes = 20.0 * 1_073_741_824
        let transfer = Self.costModel.transferBill(scenario, fleets: [], outboundBytes: bytes)
        XCTAssertEqual(transfer.outboundGiB, 20, accuracy: 1e-9)
        XCTAssertEqual(transfer.allowanceGiB, 3 * 4000.0 / 672, accuracy: 1e-9)
        XCTAssertEqual(transfer.overageGiB, 20 - 3 * 4000.0 / 672, accuracy: 1e-9)
        XCTAssertEqual(transfer.horizonUSD, (20 - 3 * 4000.0 / 672) * 0.01, accuracy: 1e-12)
        XCTAssertEqual(transfer.monthlyOutboundGiB, 14_600, accuracy: 1e-6)
        XCTAssertEqual(transfer.monthlyAllowanceGiB, 12_000, accuracy: 1e-9)
        XCTAssertEqual(transfer.monthlyUSD, 26.00, accuracy: 1e-9)
        XCTAssertFalse(transfer.allowanceVerified, "the per-size allowances are third-party figures")
        // Under the allowance nothing is billed.
        let small = Self.costModel.transferBill(scenario, fleets: [], outboundBytes: 1_073_741_824)
        XCTAssertEqual(small.overageGiB, 0)
        XCTAssertEqual(small.horizonUSD, 0)
        XCTAssertEqual(small.monthlyUSD, 0)
        // The allowance accrues at most one month's worth per 730-hour month.
        // 40 days = 960 h: the first 730-hour month accrues a full allowance (730 > 672),
        // the remaining 230 h accrue 230/672 of one.
        let longer = try Fixtures.scenario(yaml: Self.yaml(horizon: "40d", operation: "response_bytes: 10KB"))
        let long = Self.costModel.transferBill(longer, fleets: [], outboundBytes: 0)
        let perDroplet: Double = 4000 * (1 + 230.0 / 672)
        XCTAssertEqual(long.allowanceGiB, 3 * perDroplet, accuracy: 1e-6)
    }

    func testSizesWithoutAnAllowanceCountNoneAndSaySo() throws {
        let yaml = Self.yaml(operation: "response_bytes: 10KB").replacingOccurrences(of: "web: {size: s-2vcpu-4gb", with: "web: {size: g-2vcpu-8gb")
        let scenario = try Fixtures.scenario(yaml: yaml)
        let transfer = Self.costModel.transferBill(scenario, fleets: [], outboundBytes: 0)
        XCTAssertEqual(transfer.allowanceGiB, 2 * 4000.0 / 672, accuracy: 1e-9)
        XCTAssertEqual(transfer.unknownAllowances, ["g-2vcpu-8gb"])
        let line = try XCTUnwrap(Self.costModel.bill(scenario, fleets: [], outboundBytes: 0).components.last)
        XCTAssertEqual(line.name, "transfer")
        XCTAssertTrue(line.detail.contains("no allowance on record for g-2vcpu-8gb"), line.detail)
        XCTAssertFalse(line.priceVerified)
    }

    // MARK: Measured transfer

    /// 2 tenants × 10/s for 20 minutes with 40 KB responses (lognormal, cv 1): the bytes
    /// measured are the completed responses × 40 KB, within the noise of ~24,000 draws
    /// (standard error of the mean 0.65%; 3% is over four of them).
    func testOutboundBytesMatchRateTimesMeanSize() throws {
        let scenario = try Fixtures.scenario(yaml: Self.yaml(rate: "10/s", horizon: "20m",
                                                             operation: "response_bytes: {distribution: lognormal, mean: 40KB, cv: 1}"))
        let replication = Fixtures.run(scenario)[0]
        let bytes = try XCTUnwrap(replication.tenantUsage.totalOutboundBytes)
        let completed = Double(replication.outcomes.completed)
        XCTAssertGreaterThan(completed, 20_000)
        XCTAssertEqual(bytes / completed, 40_000, accuracy: 40_000 * 0.03)
        let expectedGiB = 2 * 10 * 1200 * 40_000 / 1_073_741_824.0
        let result = RunResult(scenario: scenario, replications: [replication], costModel: Self.costModel)
        let transfer = try XCTUnwrap(result.transfer)
        XCTAssertEqual(transfer.outboundGiB, expectedGiB, accuracy: expectedGiB * 0.04)
        XCTAssertTrue(result.cost.components.contains { $0.name == "transfer" })
    }

    /// A page counts its own bytes, not those of the API calls it makes server-side
    /// (internal VPC traffic), and an operation without `response_bytes` counts none.
    func testPageCountsOnlyItsOwnBytes() throws {
        let scenario = try Fixtures.scenario(yaml: Self.yaml(rate: "10/s", horizon: "10m", operation: "response_bytes: 1MB",
                                                             page: "response_bytes: 5KB", mix: "{home: 1}"))
        let replication = Fixtures.run(scenario)[0]
        let bytes = try XCTUnwrap(replication.tenantUsage.totalOutboundBytes)
        XCTAssertEqual(bytes, 5000 * Double(replication.outcomes.completed), accuracy: 1e-6)
    }

    /// Without `response_bytes` nothing is measured and no line is added: the bill and the
    /// usage are those of before the feature.
    func testNoResponseBytesNoTransfer() throws {
        let scenario = try Fixtures.scenario(yaml: Self.yaml(rate: "2/s", horizon: "10m"))
        let replication = Fixtures.run(scenario)[0]
        XCTAssertNil(replication.tenantUsage.outboundBytes)
        let result = RunResult(scenario: scenario, replications: [replication], costModel: Self.costModel)
        XCTAssertNil(result.transfer)
        XCTAssertEqual(result.cost.components.map(\.name),
                       ["droplets.web", "loadBalancer.web", "droplets.api", "loadBalancer.api", "database.primary"])
    }

    /// Per-tenant costs add up to the bill with backups and transfer, under every rule, and
    /// the transfer overage goes by bytes: a tenant that sent all the bytes bears it all.
    func testPerTenantCostsAddUpWithBackupsAndTransfer() throws {
        let yaml = """
            name: bytes-by-tenant
            seed: 5
            replications: 1
            horizon: 30m
            warmup: 0s
            client_timeout: 1h
            tenant_groups:
              heavy:
                count: 1
                rate_per_tenant: 20/s
                mix: {download: 1}
              light:
                count: 3
                rate_per_tenant: 20/s
                mix: {ping: 1}
            operations:
              download: {complexity: 1, cpu_base: 1ms, cpu_per_point: 0s, depth: 1, query_time: 500us, response_bytes: 2MB}
              ping: {complexity: 1, cpu_base: 1ms, cpu_per_point: 0s, depth: 1, query_time: 500us}
            tiers:
              api: {size: s-1vcpu-512mb-10gb, droplets: 1, backups: daily}
            database:
              plan: db-s-2vcpu-4gb
              pgbouncer: {mode: transaction, pool_size: 20}
            """
        let scenario = try Fixtures.scenario(yaml: yaml)
        let runs = Fixtures.run(scenario)
        for rule in IdleCostRule.allCases {
            let result = RunResult(scenario: scenario, replications: runs, costModel: Self.costModel,
                                   tenantAllocation: TenantCostAllocation(rule: rule, shownTenants: 10))
            let transfer = try XCTUnwrap(result.cost.components.first { $0.name == "transfer" })
            XCTAssertGreaterThan(transfer.horizonUSD, 0.5, "36,000 × 2 MB is far over a $4 droplet's half hour of allowance")
            XCTAssertNotNil(result.cost.components.first { $0.name == "backups.api" })
            let costs = result.tenantCosts
            XCTAssertEqual(TenantCostTests.cents(costs.horizonUSD), TenantCostTests.cents(result.cost.horizonUSD), rule.rawValue)
            XCTAssertEqual(TenantCostTests.cents(costs.monthlyUSD), TenantCostTests.cents(result.cost.monthlyUSD), rule.rawValue)
            let heavy = try XCTUnwrap(costs.top.first { $0.group == "heavy" })
            XCTAssertGreaterThanOrEqual(heavy.horizonUSD, transfer.horizonUSD - 0.01, rule.rawValue)
            for light in costs.top where light.group == "light" {
                XCTAssertLessThan(light.horizonUSD, heavy.horizonUSD - transfer.horizonUSD + 0.01, rule.rawValue)
            }
        }
    }
}

