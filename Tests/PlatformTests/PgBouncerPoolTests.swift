import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

/// PgBouncer's semantics (pgbouncer doc/config.md), each on a small scenario built to show
/// one rule. The plan has 8 vCPUs and no contention so that query times stay as written.
final class PgBouncerPoolTests: XCTestCase {
    func run(rate: String, queryTime: String, depth: Int = 1, cpu: String = "1ms", workers: Int = 1,
             database: String, horizon: String = "30m") throws -> ReplicationResult {
        let yaml = Fixtures.databaseScenario(rate: rate, queryTime: queryTime, depth: depth, cpu: cpu, workers: workers,
                                             database: "plan: db-s-8vcpu-32gb\ncontention: 0\n" + database, horizon: horizon)
        return Fixtures.run(try Fixtures.scenario(yaml: yaml))[0]
    }

    /// Session mode holds the server connection for the client's life (here the request,
    /// CPU work between round trips included); transaction mode only per transaction.
    func testSessionModeHoldsConnectionsLongerThanTransactionMode() throws {
        let session = try run(rate: "20/s", queryTime: "5ms", depth: 3, cpu: "40ms", database: "pgbouncer: {mode: session, pool_size: 20}")
        let transaction = try run(rate: "20/s", queryTime: "5ms", depth: 3, cpu: "40ms", database: "pgbouncer: {mode: transaction, pool_size: 20}")
        let held = session.database.meanServerConnectionsInUse, brief = transaction.database.meanServerConnectionsInUse
        // Transaction: 20/s × 3 × (5 ms + 0.5 ms) = 0.33; session adds the 30 ms of CPU between trips.
        XCTAssertEqual(brief, 0.33, accuracy: 0.03)
        XCTAssertGreaterThan(held, 2.5 * brief, "session \(held) vs transaction \(brief)")
        XCTAssertEqual(session.database.transactions, transaction.database.transactions, accuracy: transaction.database.transactions / 50)
    }

    /// With persistent application pools, session mode pins one server connection to each
    /// open application connection: pools that add up past the PgBouncer pool leave some
    /// application connections with no server connection, and their queries time out.
    func testSessionModePinsServerConnectionsToApplicationPools() throws {
        let database = "app_pool_size: 5\npgbouncer: {mode: MODE, pool_size: 4, query_wait_timeout: 5s}"
        let session = try run(rate: "150/s", queryTime: "{distribution: exponential, mean: 10ms}", workers: 2,
                              database: database.replacingOccurrences(of: "MODE", with: "session"), horizon: "5m")
        let transaction = try run(rate: "150/s", queryTime: "{distribution: exponential, mean: 10ms}", workers: 2,
                                  database: database.replacingOccurrences(of: "MODE", with: "transaction"), horizon: "5m")
        XCTAssertGreaterThan(session.outcomes.errors(.queryWaitTimeout), 0)
        XCTAssertEqual(transaction.outcomes.errors(.queryWaitTimeout), 0)
        XCTAssertLessThanOrEqual(session.database.peakServerConnections, 4)
    }

    /// `query_wait_timeout`: a client not given a connection in time is disconnected with an
    /// error, and nobody waits longer than the timeout.
    func testQueryWaitTimeoutFailsClientsThatWaitTooLong() throws {
        let result = try run(rate: "2/s", queryTime: "1s", database: "pgbouncer: {mode: transaction, pool_size: 1, query_wait_timeout: 3s}")
        XCTAssertGreaterThan(result.outcomes.errors(.queryWaitTimeout), 100)
        XCTAssertEqual(result.database.poolTimeouts, result.outcomes.errors(.queryWaitTimeout))
        XCTAssertLessThanOrEqual(result.database.poolWaitHistogram.max, 3.0 + 1e-9)
        XCTAssertGreaterThan(result.database.poolWaitHistogram.max, 2.0)
        XCTAssertEqual(result.database.peakServerConnections, 1)
    }

    /// With `query_wait_timeout: 0` PgBouncer waits forever: nobody times out.
    func testZeroQueryWaitTimeoutWaitsForever() throws {
        let result = try run(rate: "0.9/s", queryTime: "1s", database: "pgbouncer: {mode: transaction, pool_size: 1, query_wait_timeout: 0s}")
        XCTAssertEqual(result.outcomes.errors(.queryWaitTimeout), 0)
        XCTAssertGreaterThan(result.database.poolWaited, 0)
    }

    /// The reserve pool opens only to clients that have waited `reserve_pool_timeout`, and
    /// never past pool_size + reserve_pool_size connections.
    func testReservePoolServesClientsThatWaitedTheTimeout() throws {
        let without = try run(rate: "6/s", queryTime: "500ms", database: "pgbouncer: {mode: transaction, pool_size: 2, query_wait_timeout: 10s}")
        let with = try run(rate: "6/s", queryTime: "500ms",
                           database: "pgbouncer: {mode: transaction, pool_size: 2, reserve_pool_size: 2, reserve_pool_timeout: 1s, query_wait_timeout: 10s}")
        XCTAssertEqual(without.database.reserveGrants, 0)
        XCTAssertEqual(without.database.peakServerConnections, 2)
        XCTAssertGreaterThan(with.database.reserveGrants, 0)
        XCTAssertEqual(with.database.peakServerConnections, 4)
        XCTAssertLessThan(with.outcomes.errors(.queryWaitTimeout), without.outcomes.errors(.queryWaitTimeout))
        // Nobody gets a reserve connection before waiting a second, so at 6/s against 4/s of
        // regular capacity the queue keeps a floor: waits below 1 s are the lucky regular grants.
        XCTAssertGreaterThan(with.database.poolWait.mean, 0.5)
    }

    /// A reserve timeout of zero hands out reserve connections at once.
    func testZeroReserveTimeoutGrantsReserveImmediately() throws {
        let result = try run(rate: "3/s", queryTime: "500ms",
                             database: "pgbouncer: {mode: transaction, pool_size: 1, reserve_pool_size: 3, reserve_pool_timeout: 0s}")
        XCTAssertGreaterThan(result.database.reserveGrants, 0)
        XCTAssertLessThanOrEqual(result.database.peakServerConnections, 4)
        XCTAssertLessThan(result.database.poolWait.mean, 0.2)
    }

    /// `max_client_conn`: clients past the limit are refused outright.
    func testMaxClientConnRefusesExtraClients() throws {
        let result = try run(rate: "10/s", queryTime: "500ms",
                             database: "pgbouncer: {mode: transaction, pool_size: 2, max_client_conn: 3, query_wait_timeout: 0s}")
        XCTAssertGreaterThan(result.outcomes.errors(.clientConnectionRefused), 1000)
        XCTAssertEqual(result.database.peakClientConnections, 3)
        XCTAssertEqual(result.database.refusedClients, result.outcomes.errors(.clientConnectionRefused))
    }

    /// Application pools are PgBouncer clients: they count against `max_client_conn` once
    /// opened, not per request.
    func testApplicationPoolConnectionsAreTheClients() throws {
        let result = try run(rate: "50/s", queryTime: "{distribution: exponential, mean: 20ms}", workers: 4,
                             database: "app_pool_size: 3\npgbouncer: {mode: transaction, pool_size: 10, max_client_conn: 100}")
        XCTAssertLessThanOrEqual(result.database.peakClientConnections, 12)
        XCTAssertEqual(result.outcomes.errorTotal, 0)
    }
}
