import XCTest
@testable import Scenarios
@testable import Results
@testable import Model
import SimCore

/// Very low load late in a long horizon: the simulated clock is large, the database's virtual
/// clock small, so a transaction's last sliver of demand can be shorter than the resolution
/// of the clock. It must still finish, rather than be rescheduled at the same instant forever.
final class LowLoadTests: XCTestCase {
    /// The sliver case on the server alone: a completion due at `now` itself finishes then.
    func testATransactionShorterThanTheClockResolutionFinishesAtOnce() {
        var server = PostgresServer(cores: 1, contention: 0)
        let now = 36_000.0
        server.begin(request: 7, demand: now.ulp / 4, at: now)
        let due = server.reschedule(at: now)
        XCTAssertEqual(due, now, "the completion rounds to the current instant")
        guard let limit = server.beginCompletion(epoch: server.epoch, at: now) else {
            return XCTFail("the pending completion event was judged stale")
        }
        XCTAssertEqual(server.finishedTransaction(through: limit), 7)
        server.endCompletion(at: now)
        XCTAssertNil(server.reschedule(at: now), "nothing is left to schedule")
    }

    /// One request a minute per tenant for a week: the run ends, with a bounded number of
    /// events (it used to spin after about nine simulated hours).
    func testAWeekAtOneRequestAMinuteFinishes() throws {
        let scenario = try Fixtures.scenario(yaml: """
            name: quiet
            seed: 1
            horizon: 7d
            time_zone: UTC
            tenant_groups:
              small:
                count: 5
                rate_per_tenant: 1/m
                mix: {listProjects: 1}
            operations:
              listProjects:
                complexity: 10
                cpu_base: 5ms
                query_time: 1ms
            tiers:
              api:
                size: s-2vcpu-4gb
                droplets: 2
            database:
              plan: db-s-1vcpu-2gb
              pgbouncer:
                mode: transaction
                pool_size: 10
            """)
        var simulation = PlatformSimulation(model: PlatformModel(scenario: scenario), replication: 0)
        let expectedRequests = 5.0 * 7 * 24 * 60
        let eventLimit = Int(expectedRequests * 100)
        var events = 0
        while simulation.step() != nil {
            events += 1
            if events > eventLimit {
                return XCTFail("more than \(eventLimit) events for about \(Int(expectedRequests)) requests: the run does not end")
            }
        }
        let result = simulation.result(replication: 0)
        let expectedMeasured = 5.0 / 60 * result.measuredSeconds
        XCTAssertEqual(Double(result.outcomes.total), expectedMeasured, accuracy: 5 * expectedMeasured.squareRoot())
        XCTAssertEqual(result.outcomes.completed, result.outcomes.total, "an idle platform serves every request")
    }
}
