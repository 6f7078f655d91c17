import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Evaluation

/// Per-tenant cost: usage measured per tenant, the bill shared by a stated rule, and the
/// shares adding up to the bill to the cent.
final class TenantCostTests: XCTestCase {
    static let costModel = CostModel(catalog: Fixtures.catalog)

    static func result(_ scenario: Scenario, replications: Int = 2, allocation: TenantCostAllocation = TenantCostAllocation()) -> RunResult {
        RunResult(scenario: scenario, replications: Fixtures.run(scenario, replications: replications),
                  costModel: costModel, tenantAllocation: allocation)
    }

    static func cents(_ usd: Double) -> Int { Int((usd * 100).rounded()) }

    /// Every example scenario, under every rule: the groups' cents add up to the bill's, and
    /// the shown tenants plus the others make up the groups.
    func testAllocationsAddUpToTheBillOnEveryExampleScenario() throws {
        let folder = Fixtures.path("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 4)
        for file in files {
            let scenario = try Fixtures.scenario(file: "scenarios/\(file)", overrides: ["horizon=2h", "warmup=0s"])
            let runs = Fixtures.run(scenario, replications: 2)
            for rule in IdleCostRule.allCases {
                let result = RunResult(scenario: scenario, replications: runs, costModel: Self.costModel,
                                       tenantAllocation: TenantCostAllocation(rule: rule, shownTenants: 5))
                let costs = result.tenantCosts
                let label = "\(file) \(rule.rawValue)"
                XCTAssertEqual(Self.cents(costs.horizonUSD), Self.cents(result.cost.horizonUSD), label)
                XCTAssertEqual(Self.cents(costs.monthlyUSD), Self.cents(result.cost.monthlyUSD), label)
                XCTAssertEqual(costs.groups.map { Self.cents($0.horizonUSD) }.reduce(0, +), Self.cents(result.cost.horizonUSD), label)
                XCTAssertEqual(costs.groups.map { Self.cents($0.monthlyUSD) }.reduce(0, +), Self.cents(result.cost.monthlyUSD), label)
                let shown = Set(costs.top.map(\.name))
                let losses = costs.largestLosses.filter { !shown.contains($0.name) }
                let parts = (costs.top + losses).map { Self.cents($0.monthlyUSD) }.reduce(0, +)
                    + costs.others.map { Self.cents($0.monthlyUSD) }.reduce(0, +)
                XCTAssertEqual(parts, Self.cents(result.cost.monthlyUSD), label)
                XCTAssertEqual(costs.tenantCount, scenario.tenantGroups.reduce(0) { $0 + $1.count }, label)
                XCTAssertEqual(costs.groups.map(\.tenants), scenario.tenantGroups.map(\.count), label)
                XCTAssertLessThanOrEqual(costs.variableMonthlyUSD, costs.monthlyUSD, label)
                // Every user request arrived belongs to one tenant (no warm-up: the counts match).
                let requests = costs.groups.reduce(0) { $0 + $1.requests } * 2
                XCTAssertEqual(requests, Double(result.outcomes.total), accuracy: 0.5, label)
                XCTAssertEqual(costs.top.map(\.monthlyUSD), costs.top.map(\.monthlyUSD).sorted(by: >), label)
            }
        }
    }

    /// Measured usage matches what the tiers and the database measured on their own: a
    /// tenant's seconds are real seconds of the platform.
    func testUsageAgreesWithTheTiersBusyTime() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=2h", "warmup=0s", "replications=1"])
        let replication = Fixtures.run(scenario, replications: 1)[0]
        let usage = replication.tenantUsage
        XCTAssertEqual(usage.requests.reduce(0, +), replication.outcomes.total)
        XCTAssertEqual(usage.tierRoles, replication.tiers.map(\.role))
        let tenants = usage.tenantCount
        for (index, tier) in replication.tiers.enumerated() {
            let busy = usage.cpuSeconds[(index * tenants)..<((index + 1) * tenants)].reduce(0, +)
            let capacity = Double(tier.workers) * scenario.horizon
            // Slices still running at the horizon are not counted: a hair below the busy time.
            XCTAssertEqual(busy / capacity, tier.cpuUtilization, accuracy: tier.cpuUtilization * 0.02, "\(tier.role)")
        }
        let demand = usage.databaseSeconds.reduce(0, +)
        let cores = Double(scenario.database.plan.vcpus)
        XCTAssertEqual(demand / (cores * scenario.horizon), replication.database.cpuUtilization,
                       accuracy: replication.database.cpuUtilization * 0.03)
    }

    /// The rules differ only in the idle part: `even` gives a tenant that sent nothing an
    /// equal share of it; `by-usage` and `by-requests` give it nothing.
    func testIdleRulesShareTheIdlePartAsStated() throws {
        let yaml = """
            name: two-tenants
            seed: 3
            horizon: 1h
            tenant_groups:
              busy: {count: 1, rate_per_tenant: 20/s, mix: {q: 1}}
              idle: {count: 1, rate_per_tenant: 0/s, mix: {q: 1}}
            operations:
              q: {complexity: 0, cpu_base: 5ms, cpu_per_point: 0s, query_time: 1ms}
            tiers:
              api: {size: s-2vcpu-4gb, droplets: 2, workers: 2}
            database: {plan: db-s-1vcpu-1gb}
            """
        let scenario = try Fixtures.scenario(yaml: yaml)
        let runs = Fixtures.run(scenario, replications: 2)
        func costs(_ rule: IdleCostRule) -> TenantCosts {
            RunResult(scenario: scenario, replications: runs, costModel: Self.costModel,
                      tenantAllocation: TenantCostAllocation(rule: rule, shownTenants: 2)).tenantCosts
        }
        func tenant(_ costs: TenantCosts, _ name: String) -> TenantCosts.Tenant { costs.top.first { $0.name == name }! }
        let usage = costs(.byUsage), even = costs(.even), requests = costs(.byRequests)
        XCTAssertEqual(tenant(usage, "idle#0").monthlyUSD, 0)
        XCTAssertEqual(tenant(requests, "idle#0").monthlyUSD, 0)
        XCTAssertEqual(tenant(usage, "busy#0").monthlyUSD, usage.monthlyUSD)
        // Evenly: the idle tenant pays half of everything nobody used.
        let idlePart = even.monthlyUSD - even.variableMonthlyUSD
        XCTAssertEqual(tenant(even, "idle#0").monthlyUSD, idlePart / 2, accuracy: 0.011)
        XCTAssertEqual(tenant(even, "busy#0").variableMonthlyUSD, even.variableMonthlyUSD, accuracy: 0.011)
        XCTAssertNil(tenant(even, "idle#0").usdPer1000Requests)
        // 20 requests per second of 5 ms on 4 workers: about 2.5% of the API's capacity is
        // variable cost.
        let api = Fixtures.catalog.dropletSizes.first { $0.slug == "s-2vcpu-4gb" }!
        XCTAssertGreaterThan(usage.variableMonthlyUSD, 2 * api.monthlyUSD * 0.02)
    }

    /// A group's revenue per tenant gives margins; the tenants whose cost exceeds it are
    /// flagged and counted, and listed worst first.
    func testTenantsServedAtALossAreFlagged() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: [
            "horizon=2h", "warmup=0s",
            "tenant_groups.enterprise.revenue_per_tenant=5/month",
            "tenant_groups.business.revenue_per_tenant=588/year",
        ])
        XCTAssertEqual(scenario.tenantGroups[1].revenuePerTenantMonthlyUSD, 49)
        let costs = Self.result(scenario, allocation: TenantCostAllocation(rule: .byUsage, shownTenants: 10)).tenantCosts
        let enterprise = costs.groups[0]
        XCTAssertEqual(enterprise.revenueMonthlyUSD, 50)
        XCTAssertGreaterThan(costs.tenantsAtLoss, 0, "the largest enterprise tenants cost more than $5 a month")
        XCTAssertEqual(costs.tenantsAtLoss, costs.groups.reduce(0) { $0 + $1.tenantsAtLoss })
        XCTAssertEqual(costs.groups[1].tenantsAtLoss, 0, "no business tenant costs $49 a month")
        XCTAssertEqual(costs.groups[2].revenueMonthlyUSD, 0, "the baseline's starter plan is free")
        XCTAssertFalse(costs.largestLosses.isEmpty)
        XCTAssertTrue(costs.largestLosses.contains { $0.group == "enterprise" })
        for tenant in costs.largestLosses {
            XCTAssertTrue(tenant.atLoss)
            let revenue = tenant.group == "enterprise" ? 5.0 : 0.0
            XCTAssertEqual(tenant.revenueMonthlyUSD, revenue)
            XCTAssertEqual(tenant.marginMonthlyUSD!, revenue - tenant.monthlyUSD, accuracy: 0.001)
        }
        XCTAssertEqual(costs.largestLosses.map { $0.marginMonthlyUSD! }, costs.largestLosses.map { $0.marginMonthlyUSD! }.sorted())
        for tenant in costs.top where tenant.group == "enterprise" {
            XCTAssertEqual(tenant.atLoss, tenant.monthlyUSD > 5, tenant.name)
        }
    }

    func testRevenueIsReadWithItsUnitAndRefusedWithout() throws {
        XCTAssertEqual(Units.usdPerMonth(from: "49/month"), 49)
        XCTAssertEqual(Units.usdPerMonth(from: "$600/year"), 50)
        XCTAssertEqual(Units.usdPerMonth(from: "19"), 19)
        XCTAssertNil(Units.usdPerMonth(from: "49/week"))
        XCTAssertNil(Units.usdPerMonth(from: "lots"))
        XCTAssertThrowsError(try Fixtures.scenario(file: "scenarios/baseline.yaml",
                                                   overrides: ["tenant_groups.starter.revenue_per_tenant=9/fortnight"])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("tenant_groups.starter.revenue_per_tenant"), text)
            XCTAssertTrue(text.contains("49/month"), text)
        }
    }

    /// Whole cents that add up to the rounded total, whatever the fractions.
    func testLargestRemaindersKeepTheTotal() {
        let values = [0.333333, 0.333333, 0.333334]
        XCTAssertEqual(TenantCostAllocation.cents(values, total: 1).reduce(0, +), 100)
        let many = (0..<1000).map { _ in 0.0123456 }
        XCTAssertEqual(TenantCostAllocation.cents(many, total: many.reduce(0, +)).reduce(0, +), 1235)
        XCTAssertEqual(TenantCostAllocation.cents([], total: 0), [])
    }

    /// A million tenants: the allocation keeps only the top tenants one by one and is fast
    /// enough not to matter beside the simulation.
    func testAMillionTenantsFoldIntoGroupAggregates() throws {
        let yaml = """
            name: many-tenants
            seed: 5
            horizon: 10m
            tenant_groups:
              free: {count: 999000, rate_per_tenant: 1/h, size_spread: {distribution: zipf, exponent: 1.0}, mix: {q: 1}, revenue_per_tenant: 0/month}
              paid: {count: 1000, rate_per_tenant: 1/m, mix: {q: 1}, revenue_per_tenant: 29/month}
            operations:
              q: {complexity: 0, cpu_base: 2ms, cpu_per_point: 0s, query_time: 1ms}
            tiers:
              api: {size: s-2vcpu-4gb, droplets: 2, workers: 2}
            database: {plan: db-s-1vcpu-1gb}
            """
        let scenario = try Fixtures.scenario(yaml: yaml)
        let result = Self.result(scenario, replications: 1, allocation: TenantCostAllocation(rule: .even, shownTenants: 20))
        let costs = result.tenantCosts
        XCTAssertEqual(costs.tenantCount, 1_000_000)
        XCTAssertEqual(costs.top.count, 20)
        let listed = Set((costs.top + costs.largestLosses).map(\.name)).count
        XCTAssertEqual(costs.others.map(\.tenants).reduce(0, +), 1_000_000 - listed)
        XCTAssertEqual(Self.cents(costs.monthlyUSD), Self.cents(result.cost.monthlyUSD))
        // A free tenant's share is a fraction of a cent: the cents go to the largest
        // remainders, and only a tenant charged a whole cent is at a loss on zero revenue.
        XCTAssertLessThanOrEqual(costs.groups[0].tenantsAtLoss, Self.cents(costs.groups[0].monthlyUSD))
        XCTAssertEqual(costs.groups[1].tenantsAtLoss, 0)
    }
}
