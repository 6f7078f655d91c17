import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation

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

extension CostModelTests {
    /// The 60-second minimum, where it is larger than the $0.01 floor: a $1,000/month
    /// droplet costs $0.0248 a minute, so 10 s, 59 s and 60 s all cost one minute.
    func testBillingMinimumIsSixtySeconds() {
        let perSecond = 1000.0 / 672 / 3600
        for seconds in [0.5, 10, 59, 60] {
            XCTAssertEqual(costs.charge(monthlyUSD: 1000, seconds: seconds), 60 * perSecond, accuracy: 1e-12, "\(seconds) s")
        }
        XCTAssertEqual(costs.charge(monthlyUSD: 1000, seconds: 61), 61 * perSecond, accuracy: 1e-12)
        XCTAssertEqual(costs.charge(monthlyUSD: 1000, seconds: 90.5), 90.5 * perSecond, accuracy: 1e-12)
    }

    /// Each lifetime is billed on its own, minimum included: a droplet that lived 20 s
    /// between scale events costs a full minute; the fleet that ran throughout is billed a
    /// month at the capped monthly price.
    func testBillChargesEachLifetimeWithItsMinimum() throws {
        let scenario = try Fixtures.scenario(yaml: AutoscalingLoopTests.burstScenario(autoscaling: AutoscalingLoopTests.tracking))
        let month = CostModel.hoursPerAverageMonth * 3600
        let lifetimes = [
            DropletLifetime(created: 0, destroyed: 7200), DropletLifetime(created: 0, destroyed: 7200),
            DropletLifetime(created: 1000, destroyed: 1020), DropletLifetime(created: 3000, destroyed: 4800),
        ]
        let fleet = FleetMeasurements(role: .api, autoscaled: true, lifetimes: lifetimes, scaleEvents: [],
                                      failedDroplets: 0, lostRequests: 0, drainsWithRequests: 0, meanReady: 2)
        let bill = costs.bill(scenario, fleets: [fleet])
        let droplets = try XCTUnwrap(bill.components.first { $0.name == "droplets.api" })
        let price = 12.0  // s-1vcpu-2gb
        let transient = costs.charge(monthlyUSD: price, seconds: 60) + costs.charge(monthlyUSD: price, seconds: 1800)
        XCTAssertEqual(costs.charge(monthlyUSD: price, seconds: 20), costs.charge(monthlyUSD: price, seconds: 60))
        XCTAssertEqual(droplets.horizonUSD, 2 * costs.charge(monthlyUSD: price, seconds: 7200) + transient, accuracy: 1e-12)
        XCTAssertEqual(droplets.monthlyUSD, 2 * price + transient * month / 7200, accuracy: 1e-9)
        XCTAssertTrue(droplets.detail.contains("droplet-hours"))
    }
}
