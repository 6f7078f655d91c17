import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

/// An overloaded tier keeps at most its balancer's connection limit open and refuses the
/// rest (DigitalOcean: 10,000 simultaneous connections per load-balancer node).
final class BalancerConnectionLimitTests: XCTestCase {
    /// One process serving 100 requests/s under 2,000 arrivals/s: without the limit every
    /// arrival would wait in the process's queue (some 230,000 after two minutes).
    func overloadedAPI(nodes: Int) throws -> Scenario {
        let yaml = Fixtures.databaseScenario(rate: "2000/s", queryTime: "{distribution: exponential, mean: 1ms}",
                                             cpu: "10ms", database: "plan: db-s-2vcpu-4gb", horizon: "2m")
        return try Fixtures.scenario(yaml: yaml, overrides: ["tiers.api.load_balancer.nodes=\(nodes)"])
    }

    func testOverloadedTierHoldsAtMostTheBalancersConnections() throws {
        for nodes in [1, 2] {
            let scenario = try overloadedAPI(nodes: nodes)
            let limit = nodes * Fixtures.catalog.loadBalancer.connectionsPerNode
            XCTAssertEqual(scenario.tier(.api)?.balancerConnectionLimit, limit)
            var simulation = PlatformSimulation(model: PlatformModel(scenario: scenario), replication: 0)
            let result = simulation.run(replication: 0)
            let o = result.outcomes
            // Request slots are recycled, so their count is the most requests ever open at
            // once; the one being refused holds a slot for an instant.
            XCTAssertLessThanOrEqual(simulation.requests.count, limit + 1, "nodes \(nodes)")
            XCTAssertLessThanOrEqual(o.inFlightAtEnd, limit)
            XCTAssertGreaterThan(o.errors(.balancerConnectionLimit), 100_000, "nodes \(nodes)")
            XCTAssertEqual(o.total, o.completed + o.rejected + o.throttled + o.errorTotal + o.inFlightAtEnd)
            XCTAssertEqual(result.outcomesByGroup[0].errors(.balancerConnectionLimit), o.errors(.balancerConnectionLimit))
        }
    }

    /// Pages and the API calls they make each go through their own tier's balancer: with
    /// both tiers overloaded, the requests open are bounded by the two limits together.
    func testPagesAndTheirAPICallsAreBoundedByBothBalancers() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: [
            "start=2026-11-30T10:00:00", "horizon=10m", "tiers.api.droplets=1", "tiers.api.in_flight_limit=0",
            "tenant_groups.business.rate_per_tenant=3/s",
        ])
        let limit = Fixtures.catalog.loadBalancer.connectionsPerNode
        var simulation = PlatformSimulation(model: PlatformModel(scenario: scenario), replication: 0)
        let result = simulation.run(replication: 0)
        let o = result.outcomes
        XCTAssertLessThanOrEqual(simulation.requests.count, 2 * limit + 2)
        XCTAssertGreaterThan(o.errors(.balancerConnectionLimit), 10_000)
        XCTAssertEqual(o.total, o.completed + o.rejected + o.throttled + o.errorTotal + o.inFlightAtEnd)
        for group in result.outcomesByGroup {
            XCTAssertEqual(group.total, group.completed + group.rejected + group.throttled + group.errorTotal + group.inFlightAtEnd)
        }
    }
}
