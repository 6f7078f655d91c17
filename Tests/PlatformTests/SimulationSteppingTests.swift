import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
import SimCore

/// A replication stepped event by event, its components' invariants checked between every
/// two events: conservation of requests (every arrival is an outcome or still open), the
/// balancers' connections and central queues against the requests holding them, busy
/// processes and their queues, PgBouncer's clients, server connections and waiters against
/// the requests and application pools, droplet states against the rotation.
final class SimulationSteppingTests: XCTestCase {
    /// Steps `scenario`'s replication 0 to its horizon, checking the invariants after every
    /// event; returns the result and the number of events stepped.
    func stepChecking(_ scenario: Scenario, file: StaticString = #filePath, line: UInt = #line) throws -> (ReplicationResult, Int) {
        var simulation = PlatformSimulation(model: PlatformModel(scenario: scenario), replication: 0)
        try simulation.checkInvariants()
        var steps = 0
        var last = 0.0
        while let event = simulation.step() {
            steps += 1
            XCTAssertGreaterThanOrEqual(event.time, last, "time went back at event \(steps)", file: file, line: line)
            last = event.time
            do {
                try simulation.checkInvariants()
            } catch {
                XCTFail("after event \(steps) (\(event.payload) at \(event.time) s): \(error)", file: file, line: line)
                throw error
            }
        }
        XCTAssertNil(simulation.step(), "a finished replication stays finished", file: file, line: line)
        return (simulation.result(replication: 0), steps)
    }

    /// Pages, API calls, application pools and PgBouncer in transaction mode, least
    /// connections, two tiers: three minutes of the baseline's busiest hour.
    func testBaselinePeakKeepsItsInvariantsAtEveryEvent() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["start=2026-11-30T10:00:00", "horizon=3m"])
        let (result, steps) = try stepChecking(scenario)
        XCTAssertEqual(steps, result.events)
        XCTAssertGreaterThan(result.outcomes.total, 10_000)
        XCTAssertGreaterThan(result.database.transactions, 10_000)
    }

    /// Session mode with six application connections for five server connections (four and
    /// one in reserve), query wait timeouts, an in-flight limit: requests fail in every way
    /// the database path has while the counts must still agree.
    func testOverloadedDatabasePathKeepsItsInvariantsAtEveryEvent() throws {
        let yaml = Fixtures.databaseScenario(
            rate: "400/s", queryTime: "{distribution: exponential, mean: 50ms}", depth: 2, workers: 2, database: """
            plan: db-s-1vcpu-1gb
            app_pool_size: 3
            pgbouncer: {mode: session, pool_size: 4, reserve_pool_size: 1, reserve_pool_timeout: 1s, query_wait_timeout: 2s, max_client_conn: 30}
            """, horizon: "1m")
        let scenario = try Fixtures.scenario(yaml: yaml, overrides: ["tiers.api.in_flight_limit=10", "client_timeout=5s"])
        let (result, _) = try stepChecking(scenario)
        let o = result.outcomes
        XCTAssertGreaterThan(o.errors(.overloaded), 0)
        XCTAssertGreaterThan(o.errors(.queryWaitTimeout), 0)
        XCTAssertGreaterThan(result.database.reserveGrants, 0)
    }

    /// PgBouncer without application pools, in transaction mode: each request is its own
    /// client, and the reserve pool opens after 200 ms of waiting.
    func testRequestsAsTheirOwnClientsKeepTheInvariantsAtEveryEvent() throws {
        let yaml = Fixtures.databaseScenario(
            rate: "300/s", queryTime: "{distribution: exponential, mean: 20ms}", depth: 2, database: """
            plan: db-s-1vcpu-1gb
            pgbouncer: {pool_size: 3, reserve_pool_size: 2, reserve_pool_timeout: 200ms, query_wait_timeout: 1s, max_client_conn: 40}
            """, horizon: "1m")
        let (result, _) = try stepChecking(try Fixtures.scenario(yaml: yaml))
        XCTAssertGreaterThan(result.outcomes.errors(.queryWaitTimeout) + result.outcomes.errors(.clientConnectionRefused), 0)
        XCTAssertGreaterThan(result.database.reserveGrants, 0)
    }

    /// Autoscaling: droplets boot, pass health checks, drain with requests in flight and
    /// retire while the balancer's rotation and the droplets' states must agree. Two
    /// 1-vCPU droplets at 40% carry a burst to 80% for 10 minutes (a target of 60%): enough
    /// to scale out and back in, never enough to pile up requests that every check would walk.
    /// A slow network to the database keeps requests in flight, so scale-ins catch some.
    func testAutoscalingFleetKeepsItsInvariantsAtEveryEvent() throws {
        let yaml = """
        name: stepped-fleet
        seed: 11
        horizon: 26m
        client_timeout: 1h
        tenant_groups:
          clients:
            count: 1
            rate_per_tenant: 20/s
            bursts: [{start: 4m, duration: 10m, factor: 2}]
            mix: {query: 1}
        operations:
          query: {complexity: 0, cpu_base: 40ms, cpu_per_point: 0s, depth: 1, query_time: 1ms}
        tiers:
          api:
            size: s-1vcpu-2gb
            droplets: 2
            autoscaling: \(AutoscalingLoopTests.tracking)
        database: {plan: db-s-4vcpu-8gb, app_pool_size: 20, round_trip_latency: 300ms}
        """
        let (result, _) = try stepChecking(try Fixtures.scenario(yaml: yaml))
        XCTAssertGreaterThan(result.fleets[0].scaleEvents.count, 1)
        XCTAssertGreaterThan(result.fleets[0].drainsWithRequests, 0)
    }

    /// A central queue: requests held at the balancer until a process has room.
    func testCentralQueueKeepsItsInvariantsAtEveryEvent() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/validation/mmc.yaml", overrides: ["horizon=10m", "warmup=1m"])
        let (result, _) = try stepChecking(scenario)
        XCTAssertGreaterThan(result.tiers[0].waited, 100, "requests must wait in the central queue")
    }

    /// Stepping is the run: the same events and the same measurements.
    func testSteppingToTheHorizonGivesTheRunsResult() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["start=2026-11-30T10:00:00", "horizon=2m"])
        let model = PlatformModel(scenario: scenario)
        let run = model.simulate(replication: 0)
        var simulation = PlatformSimulation(model: model, replication: 0)
        while simulation.step() != nil {}
        let stepped = simulation.result(replication: 0)
        XCTAssertEqual(stepped.events, run.events)
        XCTAssertEqual(stepped.outcomes, run.outcomes)
        XCTAssertEqual(stepped.latency.percentile(99), run.latency.percentile(99))
    }

    /// The check can fail: a balancer that lost count of a connection is caught.
    func testABrokenCountIsCaught() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["start=2026-11-30T10:00:00", "horizon=1m"])
        var simulation = PlatformSimulation(model: PlatformModel(scenario: scenario), replication: 0)
        while simulation.balancers.openConnections(tier: PlatformModel.apiTier) == 0 { XCTAssertNotNil(simulation.step()) }
        XCTAssertNoThrow(try simulation.checkInvariants())
        simulation.balancers.closeConnection(tier: PlatformModel.apiTier)
        XCTAssertThrowsError(try simulation.checkInvariants()) { error in
            XCTAssertTrue("\(error)".contains("connections"), "\(error)")
        }
    }
}
