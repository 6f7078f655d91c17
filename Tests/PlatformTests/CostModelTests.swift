import XCTest
@testable import Platform

final class CostModelTests: XCTestCase {
    let costs = CostModel(catalog: Fixtures.catalog)

    /// DigitalOcean bills per second with a 60-second minimum (FACTS.md, pricing page).
    func testShortLivedDropletIsBilledTheMinute() {
        let hourly = 24.0 / 672
        XCTAssertEqual(costs.charge(monthlyUSD: 24, seconds: 10), max(hourly / 60, 0.01), accuracy: 1e-12)
        XCTAssertEqual(costs.charge(monthlyUSD: 24, seconds: 3600), hourly, accuracy: 1e-12)
    }

    /// The monthly price caps the bill within a month.
    func testMonthlyCapLimitsAFullMonth() {
        XCTAssertEqual(costs.charge(monthlyUSD: 24, seconds: 730 * 3600), 24, accuracy: 1e-9)
        XCTAssertEqual(costs.charge(monthlyUSD: 24, seconds: 7 * 86_400), 24 * 168 / 672, accuracy: 1e-9)
    }

    func testFixedFleetAddsDropletsBalancersAndDatabase() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml")
        let breakdown = costs.fixedFleet(scenario)
        // 2 web + 2 api s-2vcpu-4gb at $24, two balancer nodes, db-s-4vcpu-8gb at $120.
        let balancer = Fixtures.catalog.loadBalancer.nodeMonthlyUSD
        XCTAssertEqual(breakdown.monthlyUSD, 4 * 24 + 2 * balancer + 120, accuracy: 1e-9)
        XCTAssertEqual(breakdown.horizonUSD, breakdown.monthlyUSD * 168 / 672, accuracy: 1e-6)
        XCTAssertFalse(breakdown.components.first { $0.name == "database.primary" }!.priceVerified)
    }
}
