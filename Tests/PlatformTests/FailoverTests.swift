import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
import SimCore

/// Failures of the database's primary and droplet losses at set times (`faults:`), stepped
/// event by event with every invariant checked: errors during the failover or outage and
/// none after, standbys used up and rebuilt, session-mode clients back once it is over.
final class FailoverTests: XCTestCase {
    /// 50 requests/s of one database round trip each, a node-postgres pool, 30 minutes,
    /// the primary failing at 10 min.
    static func scenario(database: String, faults: String = "  - {at: 10m, kind: database_failover}",
                         overrides: [String] = []) throws -> Scenario {
        let yaml = Fixtures.databaseScenario(rate: "50/s", queryTime: "{distribution: exponential, mean: 2ms}",
                                             workers: 2, database: database) + "\nfaults:\n" + faults + "\n"
        return try Fixtures.scenario(yaml: yaml, overrides: overrides)
    }

    func stepChecking(_ scenario: Scenario, file: StaticString = #filePath, line: UInt = #line) throws -> ReplicationResult {
        var simulation = PlatformSimulation(model: PlatformModel(scenario: scenario), replication: 0)
        try simulation.checkInvariants()
        // Every event near a fault, every 500th elsewhere: a check walks every request slot.
        let near = scenario.faults.map { $0.at - 1...$0.at + 60 }
        var steps = 0
        while let event = simulation.step() {
            steps += 1
            guard steps % 500 == 0 || near.contains(where: { $0.contains(event.time) }) else { continue }
            do {
                try simulation.checkInvariants()
            } catch {
                XCTFail("after \(event.payload) at \(event.time) s: \(error)", file: file, line: line)
                throw error
            }
        }
        return simulation.result(replication: 0)
    }

    /// Errors per minute of the series.
    func errorsByMinute(_ result: ReplicationResult) -> [Int] { result.series.map { Int($0.errors) } }

    func testStandbyTakesOverAfterTheFailoverTime() throws {
        let scenario = try Self.scenario(database: """
            plan: db-s-2vcpu-4gb
            standby_nodes: 1
            failover_time: 40s
            app_pool_size: 4
            pgbouncer: {mode: transaction, pool_size: 10}
            """)
        let result = try stepChecking(scenario)
        let failed = result.outcomes.errors(.databaseFailover)
        XCTAssertEqual(result.faults.count, 1)
        let fault = try XCTUnwrap(result.faults.first)
        XCTAssertEqual(fault.kind, .databaseFailover)
        XCTAssertEqual(fault.time, 600)
        XCTAssertEqual(try XCTUnwrap(fault.unavailableSeconds), 40, accuracy: 1e-9)
        // 40 s at 50/s: about 2,000 round trips fail fast, and what was in flight is lost.
        XCTAssertEqual(Double(fault.requestsFailedFast), 2_000, accuracy: 300)
        XCTAssertEqual(fault.transactionsLost + fault.requestsFailedFast, failed)
        XCTAssertEqual(result.outcomes.errorTotal, failed, "no other error at this load")
        let minutes = errorsByMinute(result)
        XCTAssertEqual(minutes[..<10].reduce(0, +), 0, "no error before the failure")
        XCTAssertEqual(minutes[10], failed, "every error falls in the failover's minute")
        XCTAssertEqual(minutes[11...].reduce(0, +), 0, "back to normal once the standby is promoted")
        XCTAssertGreaterThan(result.series[12].completed, 2_700)
    }

    func testWithoutAStandbyTheOutageLastsTheReplacementTime() throws {
        let scenario = try Self.scenario(database: """
            plan: db-s-2vcpu-4gb
            replacement_time: 5m
            app_pool_size: 4
            pgbouncer: {mode: transaction, pool_size: 10}
            """)
        let result = try stepChecking(scenario)
        let fault = try XCTUnwrap(result.faults.first)
        XCTAssertEqual(fault.kind, .databaseOutage)
        XCTAssertEqual(try XCTUnwrap(fault.unavailableSeconds), 300, accuracy: 1e-9)
        let minutes = errorsByMinute(result)
        XCTAssertEqual(minutes[..<10].reduce(0, +), 0)
        for minute in 10..<15 {
            XCTAssertGreaterThan(minutes[minute], 2_700, "minute \(minute) is in the outage: every request fails")
            XCTAssertEqual(Int(result.series[minute].completed), 0, "minute \(minute): nothing completes in the outage")
        }
        XCTAssertEqual(minutes[15...].reduce(0, +), 0, "back to normal once the primary is replaced")
        XCTAssertEqual(Double(result.outcomes.errors(.databaseFailover)), 50 * 300, accuracy: 600)
    }

    /// The standby promoted at the first failure is not yet rebuilt at the second: that one
    /// is an outage. After the rebuild, a third failure fails over again.
    func testAPromotedStandbyIsRebuiltBeforeItCanTakeOverAgain() throws {
        let scenario = try Self.scenario(database: """
            plan: db-s-2vcpu-4gb
            standby_nodes: 1
            standby_rebuild_time: 5m
            replacement_time: 2m
            app_pool_size: 4
            pgbouncer: {mode: transaction, pool_size: 10}
            """, faults: """
              - {at: 20m, kind: database_failover}
              - {at: 5m, kind: database_failover}
              - {at: 8m, kind: database_failover}
            """)
        let result = try stepChecking(scenario)
        XCTAssertEqual(result.faults.map(\.time), [300, 480, 1200], "in time order")
        XCTAssertEqual(result.faults.map(\.kind), [.databaseFailover, .databaseOutage, .databaseFailover])
        XCTAssertEqual(result.faults.map(\.unavailableSeconds), [30, 120, 30])
    }

    /// Session mode: node-postgres connections and persistent clients hold their server
    /// connections. All are reset; the persistent clients connect again once the standby is
    /// promoted and the requests get theirs back.
    func testSessionModeClientsReconnectAfterTheFailover() throws {
        let scenario = try Self.scenario(database: """
            plan: db-s-2vcpu-4gb
            standby_nodes: 1
            app_pool_size: 2
            pgbouncer: {mode: session, pool_size: 12, clients: 3, max_client_conn: 100}
            """)
        let result = try stepChecking(scenario)
        XCTAssertGreaterThan(result.outcomes.errors(.databaseFailover), 0)
        XCTAssertEqual(result.database.persistentClientsServed, 3, "every persistent client holds a server connection again")
        let minutes = errorsByMinute(result)
        XCTAssertEqual(minutes[11...].reduce(0, +), 0)
        XCTAssertGreaterThan(result.series[15].completed, 2_700)
    }

    /// Requests that are their own PgBouncer clients, and a pool that queues: the failure
    /// empties PgBouncer's queue.
    func testQueuedClientsFailWithThePrimary() throws {
        let scenario = try Self.scenario(database: """
            plan: db-s-2vcpu-4gb
            standby_nodes: 1
            pgbouncer: {mode: transaction, pool_size: 1, max_client_conn: 1000}
            """, overrides: ["operations.query.query_time=4ms"])
        let result = try stepChecking(scenario)
        let fault = try XCTUnwrap(result.faults.first)
        XCTAssertGreaterThan(fault.transactionsLost + fault.requestsFailedFast, 0)
        XCTAssertEqual(errorsByMinute(result)[11...].reduce(0, +), 0)
    }

    func testRandomPrimaryFailuresComeAtTheirRate() throws {
        let scenario = try Self.scenario(database: """
            plan: db-s-2vcpu-4gb
            standby_nodes: 2
            mean_time_between_failures: 5m
            app_pool_size: 4
            pgbouncer: {mode: transaction, pool_size: 10}
            """, faults: "  []", overrides: ["horizon=2h", "tenant_groups.clients.rate_per_tenant=5/s"])
        let result = try stepChecking(scenario)
        XCTAssertGreaterThan(result.faults.count, 8, "about 2 h / (5 min + the failover) failures")
        XCTAssertLessThan(result.faults.count, 40)
        XCTAssertTrue(result.faults.allSatisfy { !$0.scheduled })
        XCTAssertGreaterThan(result.outcomes.errors(.databaseFailover), 0)
    }

    /// Two of three API droplets fail at 10 min through the crash path: crashes are
    /// counted, requests on them fail, replacements boot and the fleet serves again.
    func testDropletLossLosesTheOldestDropletsAndTheFleetRecovers() throws {
        let scenario = try Self.scenario(database: """
            plan: db-s-2vcpu-4gb
            app_pool_size: 4
            pgbouncer: {mode: transaction, pool_size: 10}
            """, faults: "  - {at: 10m, kind: droplet_loss, tier: api, droplets: 2}",
            overrides: ["tiers.api.droplets=3", "tiers.api.size=s-2vcpu-4gb"])
        let result = try stepChecking(scenario)
        let fault = try XCTUnwrap(result.faults.first)
        XCTAssertEqual(fault.kind, .dropletLoss)
        XCTAssertEqual(fault.tier, "api")
        XCTAssertEqual(fault.dropletsLost, 2)
        let api = try XCTUnwrap(result.fleets.first)
        XCTAssertEqual(api.crashes, 2)
        XCTAssertGreaterThan(result.outcomes.errors(.dropletFailed), 0)
        XCTAssertEqual(result.outcomes.errors(.databaseFailover), 0)
        XCTAssertEqual(errorsByMinute(result)[..<10].reduce(0, +), 0)
        XCTAssertEqual(errorsByMinute(result)[20...].reduce(0, +), 0, "the replacements serve")
        XCTAssertEqual(result.series.last?.apiDroplets, 3)
    }

    /// More droplets than are in rotation: what is there is lost, and the record says so.
    func testDropletLossOfMoreThanAreInRotationLosesWhatIsThere() throws {
        let scenario = try Self.scenario(database: """
            plan: db-s-2vcpu-4gb
            app_pool_size: 4
            pgbouncer: {mode: transaction, pool_size: 10}
            """, faults: """
              - {at: 10m, kind: droplet_loss, tier: api, droplets: 1}
              - {at: 10m, kind: droplet_loss, tier: api, droplets: 1}
            """)
        let result = try stepChecking(scenario)
        XCTAssertEqual(result.faults.map(\.dropletsLost), [1, 0])
        XCTAssertEqual(result.fleets.first?.crashes, 1)
    }

    /// An empty `faults:` list draws nothing and schedules nothing: the same result as none.
    func testNoFaultsChangesNothing() throws {
        let yaml = Fixtures.databaseScenario(rate: "50/s", queryTime: "2ms", database: "plan: db-s-2vcpu-4gb\napp_pool_size: 2")
        let without = Fixtures.run(try Fixtures.scenario(yaml: yaml))[0]
        let with = Fixtures.run(try Fixtures.scenario(yaml: yaml + "\nfaults: []\n"))[0]
        XCTAssertEqual(without.events, with.events)
        XCTAssertEqual(without.outcomes, with.outcomes)
        XCTAssertTrue(with.faults.isEmpty)
    }
}
