import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

final class ConservationTests: XCTestCase {
    /// Every request ends in exactly one outcome, or is still in flight at the horizon.
    func testEveryRequestIsCountedOnce() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=1h", "start=2026-11-30T10:00:00"])
        for result in Fixtures.run(scenario, replications: 2) {
            let o = result.outcomes
            XCTAssertGreaterThan(o.total, 100_000)
            XCTAssertEqual(o.total, o.completed + o.rejected + o.throttled + o.errorTotal + o.inFlightAtEnd,
                           "replication \(result.replication)")
            XCTAssertGreaterThan(o.rejected, 0, "the complexity limit should reject some searches")
            for (index, group) in result.outcomesByGroup.enumerated() {
                XCTAssertEqual(group.total, group.completed + group.rejected + group.throttled + group.errorTotal + group.inFlightAtEnd,
                               "group \(index)")
            }
            XCTAssertEqual(result.outcomesByGroup.reduce(0) { $0 + $1.total }, o.total)
        }
    }

    /// Conservation must also hold when requests fail in every way at once.
    func testConservationHoldsUnderOverload() throws {
        let yaml = Fixtures.databaseScenario(
            rate: "400/s", queryTime: "{distribution: exponential, mean: 50ms}", depth: 2, workers: 2, database: """
            plan: db-s-1vcpu-1gb
            pgbouncer: {mode: session, pool_size: 4, query_wait_timeout: 2s, max_client_conn: 30}
            """)
        let scenario = try Fixtures.scenario(yaml: yaml, overrides: ["tiers.api.in_flight_limit=10", "client_timeout=5s"])
        let result = Fixtures.run(scenario)[0]
        let o = result.outcomes
        XCTAssertEqual(o.total, o.completed + o.rejected + o.throttled + o.errorTotal + o.inFlightAtEnd)
        XCTAssertGreaterThan(o.errors(.overloaded), 0)
        XCTAssertGreaterThan(o.errors(.clientConnectionRefused) + o.errors(.queryWaitTimeout), 0)
    }

    /// Little's law, L = λW, on the measured interval of a run.
    func testLittlesLawHolds() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=2h", "warmup=10m", "start=2026-11-30T09:00:00"])
        let result = Fixtures.run(scenario)[0]
        let lambda = Double(result.outcomes.total) / result.measuredSeconds
        let predicted = lambda * result.meanTimeInSystem
        XCTAssertEqual(result.meanInSystem, predicted, accuracy: 0.02 * predicted,
                       "L = \(result.meanInSystem), λW = \(predicted)")
    }

    /// The same seed gives the same replication, whatever thread runs it.
    func testReplicationIsAFunctionOfSeedAndIndex() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=20m"])
        let model = PlatformModel(scenario: scenario)
        let one = ReplicationRunner(jobs: 1).run(model, count: 3)
        let many = ReplicationRunner(jobs: 3).run(model, count: 3)
        for (a, b) in zip(one, many) {
            XCTAssertEqual(a.outcomes, b.outcomes)
            XCTAssertEqual(a.events, b.events)
            XCTAssertEqual(a.latency.mean, b.latency.mean)
        }
        XCTAssertNotEqual(one[0].outcomes, one[1].outcomes, "replications must differ")
    }
}
