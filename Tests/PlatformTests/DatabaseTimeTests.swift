import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
import SimCore

/// `db_cpu` and `db_wait`, the round trip's latency as a distribution on either side of
/// PgBouncer, the pool statistics as PgBouncer's console reports them (timed-out waits,
/// `maxwait`), and persistent session-mode clients. The plan has 8 vCPUs and no contention
/// so that times stay as written.
final class DatabaseTimeTests: XCTestCase {
    /// `operation` replaces the operation's `query_time: …` line (indented by four spaces).
    func scenario(rate: String, operation: String, database: String, horizon: String = "30m",
                  depth: Int = 1) throws -> Scenario {
        let yaml = Fixtures.databaseScenario(rate: rate, queryTime: "QUERY", depth: depth,
                                             database: "plan: db-s-8vcpu-32gb\ncontention: 0\n" + database, horizon: horizon)
            .replacingOccurrences(of: "query_time: QUERY", with: operation)
        return try Fixtures.scenario(yaml: yaml)
    }

    func run(rate: String, operation: String, database: String, horizon: String = "30m", depth: Int = 1) throws -> ReplicationResult {
        Fixtures.run(try scenario(rate: rate, operation: operation, database: database, horizon: horizon, depth: depth))[0]
    }

    /// The issues `yaml` is refused with; fails when it is accepted.
    func issues(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> [ScenarioIssue] {
        do {
            _ = try ScenarioLoader(catalog: Fixtures.catalog, files: InMemoryScenarioFiles()).parse(yaml, source: "inline.yaml")
        } catch {
            return error.issues
        }
        XCTFail("the scenario was accepted", file: file, line: line)
        return []
    }

    // MARK: db_cpu and db_wait

    /// `db_wait` holds the server connection and uses no core: with 5 ms of CPU and 45 ms of
    /// wait the pool is as busy as with 50 ms of CPU, the cores a tenth as busy.
    func testDBWaitHoldsTheConnectionWithoutACore() throws {
        let split = try run(rate: "20/s", operation: "db_cpu: 5ms\n    db_wait: 45ms", database: "pgbouncer: {mode: transaction, pool_size: 20}")
        let cpu = try run(rate: "20/s", operation: "db_cpu: 50ms", database: "pgbouncer: {mode: transaction, pool_size: 20}")
        // 20/s × (50 ms + 0.5 ms of round trip) = 1.01 connections either way.
        XCTAssertEqual(split.database.meanServerConnectionsInUse, 1.01, accuracy: 0.05)
        XCTAssertEqual(cpu.database.meanServerConnectionsInUse, 1.01, accuracy: 0.05)
        // 20/s × 5 ms / 8 cores against 20/s × 50 ms / 8 cores.
        XCTAssertEqual(split.database.cpuUtilization, 0.0125, accuracy: 0.001)
        XCTAssertEqual(cpu.database.cpuUtilization, 0.125, accuracy: 0.01)
    }

    /// `query_time` is `db_cpu` under its older name: the same scenario either way.
    func testQueryTimeIsASynonymOfDBCPU() throws {
        let database = "pgbouncer: {mode: transaction, pool_size: 3}"
        let old = try run(rate: "50/s", operation: "query_time: {distribution: exponential, mean: 40ms}", database: database, horizon: "10m")
        let new = try run(rate: "50/s", operation: "db_cpu: {distribution: exponential, mean: 40ms}", database: database, horizon: "10m")
        XCTAssertEqual(old.database.transactions, new.database.transactions)
        XCTAssertEqual(old.database.poolWait, new.database.poolWait)
        XCTAssertEqual(old.latency.count, new.latency.count)
        XCTAssertEqual(old.latency.percentile(99), new.latency.percentile(99))
    }

    /// A constant `db_wait: 0` draws nothing: the run is the run without the field.
    func testZeroDBWaitLeavesTheRunUnchanged() throws {
        let database = "pgbouncer: {mode: transaction, pool_size: 3}"
        let without = try run(rate: "50/s", operation: "db_cpu: {distribution: exponential, mean: 40ms}", database: database, horizon: "10m")
        let with = try run(rate: "50/s", operation: "db_cpu: {distribution: exponential, mean: 40ms}\n    db_wait: 0s", database: database, horizon: "10m")
        XCTAssertEqual(without.database.poolWait, with.database.poolWait)
        XCTAssertEqual(without.events, with.events)
    }

    func testGivingDBCPUAndQueryTimeIsAnErrorAtQueryTime() throws {
        let yaml = Fixtures.databaseScenario(rate: "1/s", queryTime: "5ms\n    db_cpu: 5ms", database: "plan: db-s-1vcpu-1gb")
        let found = issues(yaml)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.path, "operations.query.query_time")
        XCTAssertEqual(found.first?.line, yaml.components(separatedBy: "\n").firstIndex { $0.contains("query_time") }.map { $0 + 1 })
        XCTAssertTrue(found.first?.message.contains("not both") ?? false, found.first?.message ?? "")
    }

    func testMalformedDBWaitIsLocated() throws {
        let yaml = Fixtures.databaseScenario(rate: "1/s", queryTime: "5ms\n    db_wait: {distribution: lognormal, mean: -3ms, cv: 0.3}",
                                             database: "plan: db-s-1vcpu-1gb")
        let found = issues(yaml)
        XCTAssertEqual(found.first?.path, "operations.query.db_wait.mean")
        XCTAssertNotNil(found.first?.line)
    }

    // MARK: Round-trip latency

    /// On the server side the latency holds the connection; on the client side it comes
    /// after the release, and the request still waits it out.
    func testClientSideLatencyDoesNotHoldTheServerConnection() throws {
        let server = try run(rate: "20/s", operation: "db_cpu: 10ms", database: "round_trip_latency: 40ms\npgbouncer: {mode: transaction, pool_size: 20}")
        let client = try run(rate: "20/s", operation: "db_cpu: 10ms",
                             database: "round_trip_latency: 40ms\nlatency_side: client\npgbouncer: {mode: transaction, pool_size: 20}")
        XCTAssertEqual(server.database.meanServerConnectionsInUse, 20 * 0.05, accuracy: 0.05)
        XCTAssertEqual(client.database.meanServerConnectionsInUse, 20 * 0.01, accuracy: 0.02)
        // Both requests take CPU 1 ms + 10 ms + 40 ms.
        XCTAssertEqual(server.latency.percentile(50), 0.051, accuracy: 0.002)
        XCTAssertEqual(client.latency.percentile(50), 0.051, accuracy: 0.002)
    }

    func testRoundTripLatencyTakesADistribution() throws {
        let result = try run(rate: "20/s", operation: "db_cpu: 10ms",
                             database: "round_trip_latency: {distribution: exponential, mean: 40ms}\npgbouncer: {mode: transaction, pool_size: 20}")
        XCTAssertEqual(result.database.meanServerConnectionsInUse, 20 * 0.05, accuracy: 0.06)
        XCTAssertGreaterThan(result.latency.percentile(99), 0.011 + 0.040 * 4)
    }

    func testUnknownLatencySideIsLocated() throws {
        let yaml = Fixtures.databaseScenario(rate: "1/s", queryTime: "5ms", database: "plan: db-s-1vcpu-1gb\nlatency_side: middle")
        let found = issues(yaml)
        XCTAssertEqual(found.first?.path, "database.latency_side")
        XCTAssertNotNil(found.first?.line)
    }

    // MARK: Statistics

    /// Waits that ended in `query_wait_timeout` count in the statistics that include them,
    /// at the length they waited; `maxwait` is the longest wait, the timeout here.
    func testTimedOutWaitsCountAndMaxWaitReachesTheTimeout() throws {
        let result = try run(rate: "2/s", operation: "db_cpu: 1s", database: "pgbouncer: {mode: transaction, pool_size: 1, query_wait_timeout: 3s}")
        let database = result.database
        XCTAssertGreaterThan(database.poolTimeouts, 100)
        XCTAssertEqual(database.poolWaitIncludingTimeouts.count, database.poolWait.count + database.poolTimeouts)
        XCTAssertGreaterThan(database.poolWaitIncludingTimeouts.mean, database.poolWait.mean)
        XCTAssertEqual(database.maxWait, 3, accuracy: 1e-9)
        XCTAssertEqual(Double(database.maxWaitByMinute.max() ?? 0), 3, accuracy: 1e-6)
        XCTAssertEqual(database.maxWaitByMinute.count, 30)
    }

    /// Without timeouts, `maxwait`'s largest value is the longest wait of any request.
    func testMaxWaitIsTheLongestWait() throws {
        let result = try run(rate: "60/s", operation: "db_cpu: {distribution: exponential, mean: 30ms}",
                             database: "pgbouncer: {mode: transaction, pool_size: 2, query_wait_timeout: 0s}", horizon: "10m")
        let database = result.database
        XCTAssertEqual(database.poolWaitIncludingTimeouts, database.poolWait)
        XCTAssertGreaterThan(database.maxWait, 0)
        XCTAssertGreaterThanOrEqual(database.maxWait, database.poolWaitHistogram.max * 0.99)
        XCTAssertLessThanOrEqual(database.maxWait, database.poolWaitHistogram.max * 1.07)
    }

    /// Per replication, the JSON's pool statistics keep each replication's mean wait and
    /// give the interval across them.
    func testPoolStatisticsKeepEachReplication() throws {
        let scenario = try scenario(rate: "60/s", operation: "db_cpu: {distribution: exponential, mean: 30ms}",
                                    database: "pgbouncer: {mode: transaction, pool_size: 2, query_wait_timeout: 0s}", horizon: "5m")
        let replications = Fixtures.run(scenario, replications: 4)
        var statistics = PoolStatistics(persistentClients: 0)
        for replication in replications { statistics.add(replication.database) }
        XCTAssertEqual(statistics.meanWaitByReplication, replications.map(\.database.poolWait.mean))
        let interval = statistics.meanWait
        XCTAssertNotNil(interval.halfWidth)
        XCTAssertEqual(interval.mean, replications.map(\.database.poolWait.mean).reduce(0, +) / 4, accuracy: 1e-12)
        XCTAssertEqual(statistics.maxWait, replications.map(\.database.maxWait).max())
        let json = RunSummary.PoolStats(statistics)
        XCTAssertEqual(json.meanWaitByReplicationMs.count, 4)
        XCTAssertNotNil(json.meanWaitCI95Ms)
        XCTAssertNil(json.persistentClients)
    }

    // MARK: Persistent clients

    /// k server connections, N persistent clients: k are served and keep their connection,
    /// N − k wait `query_wait_timeout` and give up; the requests find the pool full and time out.
    func testPersistentClientsThatGiveUpTimeOutOnce() throws {
        let result = try run(rate: "1/s", operation: "db_cpu: 1ms",
                             database: "pgbouncer: {mode: session, pool_size: 5, query_wait_timeout: 30s, clients: 12, on_timeout: give_up}",
                             horizon: "250s")
        XCTAssertEqual(result.database.persistentClientsServed, 5)
        XCTAssertEqual(result.database.persistentClientTimeouts, 7)
        XCTAssertGreaterThan(result.outcomes.errors(.queryWaitTimeout), 150)
        XCTAssertEqual(result.outcomes.completed, 0, "every request waits for a connection that never comes")
    }

    /// With `reconnect` each of the N − k starved clients times out once per timeout.
    func testPersistentClientsThatReconnectTimeOutEveryTimeout() throws {
        let result = try run(rate: "1/s", operation: "db_cpu: 1ms", database: "pgbouncer: {mode: session, pool_size: 5, query_wait_timeout: 30s, clients: 12}",
                             horizon: "250s", depth: 0)
        XCTAssertEqual(result.database.persistentClientsServed, 5)
        XCTAssertEqual(result.database.persistentClientTimeouts, 7 * 8)  // at 30, 60, …, 240 s
    }

    /// Fewer persistent clients than connections: they are all served, and the API tier's
    /// requests share what is left of the pool.
    func testPersistentClientsLeaveTheRestOfThePool() throws {
        let result = try run(rate: "20/s", operation: "db_cpu: 10ms",
                             database: "pgbouncer: {mode: session, pool_size: 5, clients: 3}", horizon: "10m")
        XCTAssertEqual(result.database.persistentClientsServed, 3)
        XCTAssertEqual(result.database.persistentClientTimeouts, 0)
        XCTAssertEqual(result.database.peakServerConnections, 5)
        XCTAssertGreaterThan(result.database.meanServerConnectionsInUse, 3)
        XCTAssertEqual(result.outcomes.errors(.queryWaitTimeout), 0)
    }

    func testPersistentClientsNeedSessionMode() throws {
        let yaml = Fixtures.databaseScenario(rate: "1/s", queryTime: "5ms",
                                             database: "plan: db-s-1vcpu-1gb\npgbouncer: {mode: transaction, pool_size: 5, clients: 3}")
        let found = issues(yaml)
        XCTAssertEqual(found.first?.path, "database.pgbouncer.clients")
        XCTAssertNotNil(found.first?.line)
    }

    func testUnknownTimeoutActionIsLocated() throws {
        let yaml = Fixtures.databaseScenario(rate: "1/s", queryTime: "5ms",
                                             database: "plan: db-s-1vcpu-1gb\npgbouncer: {mode: session, pool_size: 5, clients: 3, on_timeout: retry}")
        let found = issues(yaml)
        XCTAssertEqual(found.first?.path, "database.pgbouncer.on_timeout")
        XCTAssertNotNil(found.first?.line)
    }

    /// The invariants hold at every event with everything at once: persistent clients that
    /// reconnect, a reserve pool, `db_wait`, and a random latency on the client side.
    func testInvariantsHoldWithPersistentClientsAndClientSideLatency() throws {
        let scenario = try scenario(
            rate: "40/s", operation: "db_cpu: {distribution: exponential, mean: 5ms}\n    db_wait: {distribution: lognormal, mean: 20ms, cv: 0.5}",
            database: """
            round_trip_latency: {distribution: uniform, min: 1ms, max: 9ms}
            latency_side: client
            pgbouncer: {mode: session, pool_size: 4, reserve_pool_size: 2, reserve_pool_timeout: 1s, query_wait_timeout: 5s, clients: 7}
            """, horizon: "1m", depth: 2)
        var simulation = PlatformSimulation(model: PlatformModel(scenario: scenario), replication: 0)
        var steps = 0
        while let event = simulation.step() {
            steps += 1
            do {
                try simulation.checkInvariants()
            } catch {
                XCTFail("after event \(steps) (\(event.payload) at \(event.time) s): \(error)")
                throw error
            }
        }
        let result = simulation.result(replication: 0)
        XCTAssertGreaterThan(result.database.persistentClientTimeouts, 0)
        XCTAssertEqual(result.database.persistentClientsServed, 6, "the reserve pool took the fifth and sixth clients")
    }

    func testInvariantsHoldInTransactionModeWithClientSideLatency() throws {
        let scenario = try scenario(
            rate: "60/s", operation: "db_cpu: {distribution: exponential, mean: 5ms}\n    db_wait: {distribution: exponential, mean: 10ms}",
            database: """
            round_trip_latency: {distribution: exponential, mean: 3ms}
            latency_side: client
            app_pool_size: 3
            pgbouncer: {mode: transaction, pool_size: 3, reserve_pool_size: 1, reserve_pool_timeout: 50ms, query_wait_timeout: 1s}
            """, horizon: "30s", depth: 3)
        var simulation = PlatformSimulation(model: PlatformModel(scenario: scenario), replication: 0)
        while let event = simulation.step() {
            do {
                try simulation.checkInvariants()
            } catch {
                XCTFail("at \(event.payload), \(event.time) s: \(error)")
                throw error
            }
        }
        XCTAssertGreaterThan(simulation.result(replication: 0).database.transactions, 3000)
    }
}
