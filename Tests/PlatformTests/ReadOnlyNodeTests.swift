import Foundation
import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
import SimCore

/// Read-only nodes (README "Read-only nodes"): reads of `reads: replica` operations run on
/// the nodes' own cores, mutations never do, `max_staleness` sends reads to the primary as
/// often as the lag exceeds it, and a scenario without nodes keeps its bytes.
final class ReadOnlyNodeTests: XCTestCase {
    /// A read operation and a mutation, `readShare` of the traffic reads, on an 8-vCPU
    /// primary without contention unless `database` says otherwise.
    func yaml(rate: String = "40/s", readShare: Int = 80, reads: String = "reads: replica", database: String,
              horizon: String = "20m") -> String {
        """
        name: read-only-test
        seed: 11
        horizon: \(horizon)
        client_timeout: 1h
        tenant_groups:
          clients:
            count: 4
            rate_per_tenant: \(rate)
            mix: {read: \(readShare), write: \(100 - readShare)}
        operations:
          read:
            complexity: 0
            cpu_base: 1ms
            cpu_per_point: 0s
            depth: 2
            db_cpu: {distribution: exponential, mean: 4ms}
            \(reads)
          write:
            kind: mutation
            complexity: 0
            cpu_base: 1ms
            cpu_per_point: 0s
            depth: 1
            db_cpu: 6ms
        tiers:
          api: {size: s-8vcpu-16gb, droplets: 2}
        database:
        \(database.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        """
    }

    func run(_ text: String, overrides: [String] = []) throws -> ReplicationResult {
        Fixtures.run(try Fixtures.scenario(yaml: text, overrides: overrides))[0]
    }

    /// Steps replication 0 of `scenario`, checking every component's invariants (the nodes'
    /// cores and connections among them) after every event.
    func stepChecking(_ scenario: Scenario) throws -> ReplicationResult {
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
        return simulation.result(replication: 0)
    }

    // MARK: Routing

    /// Every round trip of the read operation runs on a node and none of the mutation's: the
    /// primary counts exactly the mutations' transactions, the nodes the reads' two each.
    func testReadsGoToTheNodesAndMutationsNeverDo() throws {
        let result = try run(yaml(database: "plan: db-s-8vcpu-32gb\ncontention: 0\nread_only_nodes: 2"))
        let nodes = try XCTUnwrap(result.readOnlyNodes)
        let replicaTransactions = nodes.nodes.reduce(0) { $0 + $1.transactions }
        XCTAssertGreaterThan(replicaTransactions, 0)
        XCTAssertEqual(nodes.redirectedReads, 0, "no staleness bound, no redirect")
        // With the reads on the nodes, the primary serves the writes only: one round trip each.
        let all = try run(yaml(reads: "", database: "plan: db-s-8vcpu-32gb\ncontention: 0\nread_only_nodes: 2"))
        XCTAssertNil(all.readOnlyNodes, "no operation reads from a replica: nothing to report")
        XCTAssertEqual(result.database.transactions + replicaTransactions, all.database.transactions,
                       "the same round trips, split between the primary and the nodes")
        let writesOnly = try run(yaml(readShare: 0, database: "plan: db-s-8vcpu-32gb\ncontention: 0\nread_only_nodes: 1"))
        XCTAssertEqual(writesOnly.readOnlyNodes?.nodes.first?.transactions, 0, "a mutation never runs on a read-only node")
        XCTAssertEqual(writesOnly.readOnlyNodes?.replicaReads, 0)
        // Both nodes take reads: the least busy node gets the next one.
        XCTAssertTrue(nodes.nodes.allSatisfy { $0.transactions > replicaTransactions / 4 }, "\(nodes.nodes.map(\.transactions))")
    }

    /// The nodes' cores carry the reads' load: 4 tenants × 40/s, 80% reads, so 128 reads/s ×
    /// 2 round trips × 4 ms on 8 vCPUs.
    func testANodeCarriesTheReadLoadOnItsOwnCores() throws {
        let result = try run(yaml(database: "plan: db-s-8vcpu-32gb\ncontention: 0\nread_only_nodes: 1"))
        let node = try XCTUnwrap(result.readOnlyNodes?.nodes.first)
        XCTAssertEqual(node.cpuUtilization, 128 * 2 * 0.004 / 8, accuracy: 0.006)
        // The primary keeps the writes: 32/s × 6 ms on 8 vCPUs.
        XCTAssertEqual(result.database.cpuUtilization, 32 * 0.006 / 8, accuracy: 0.002)
    }

    /// `max_staleness` sends a read to the primary when the lag drawn exceeds it: the share
    /// redirected is P(lag > bound) for the lognormal lag (mean 50 ms, cv 1, bound 100 ms).
    func testRedirectShareIsTheChanceTheLagExceedsTheBound() throws {
        let text = yaml(reads: "reads: replica\n    max_staleness: 100ms",
                        database: "plan: db-s-8vcpu-32gb\ncontention: 0\nread_only_nodes: 1\nreplication_lag: {distribution: lognormal, mean: 50ms, cv: 1}")
        let nodes = try XCTUnwrap(try run(text).readOnlyNodes)
        let routed = Double(nodes.replicaReads + nodes.redirectedReads)
        XCTAssertGreaterThan(routed, 50_000)
        let sigma = (log(2.0)).squareRoot()
        let mu = log(0.05) - sigma * sigma / 2
        let expected = 0.5 * erfc((log(0.1) - mu) / (sigma * 2.0.squareRoot()))
        XCTAssertEqual(expected, 0.106, accuracy: 0.001, "test bug: the lognormal tail")
        XCTAssertEqual(Double(nodes.redirectedReads) / routed, expected, accuracy: 0.006)
    }

    // MARK: Connections and invariants

    /// A node with fewer connections than reads in flight queues them first come first
    /// served; every invariant holds between events, with the latency on either side.
    func testInvariantsHoldWithQueuedReadsAndClientSideLatency() throws {
        for side in ["server", "client"] {
            let text = yaml(rate: "60/s", reads: "reads: replica\n    max_staleness: 60ms",
                            database: """
                            plan: db-s-2vcpu-4gb
                            app_pool_size: 1
                            latency_side: \(side)
                            round_trip_latency: {distribution: exponential, mean: 1ms}
                            read_only_nodes: 2
                            pgbouncer: {mode: transaction, pool_size: 10}
                            """, horizon: "2m")
            let scenario = try Fixtures.scenario(yaml: text, overrides: ["tiers.api.droplets=1", "tiers.api.workers=2"])
            let result = try stepChecking(scenario)
            let nodes = try XCTUnwrap(result.readOnlyNodes)
            XCTAssertEqual(nodes.connectionLimit, 2, "one pool of 1 per API process (2) and per node")
            XCTAssertGreaterThan(nodes.waitedReads, 0, "reads queued for a node's connection")
            XCTAssertTrue(nodes.nodes.allSatisfy { $0.peakConnections <= 2 })
        }
    }

    // MARK: Without nodes

    /// No nodes, or no operation reading from them: the same bytes as a scenario without the
    /// fields, since nothing is drawn and nothing reported.
    func testWithoutNodesTheRunIsUnchanged() throws {
        let plain = yaml(reads: "", database: "plan: db-s-2vcpu-4gb\npgbouncer: {mode: transaction, pool_size: 5}")
        let zero = yaml(reads: "reads: replica\n    max_staleness: 10ms",
                        database: "plan: db-s-2vcpu-4gb\npgbouncer: {mode: transaction, pool_size: 5}\nread_only_nodes: 0\nreplication_lag: 80ms")
        let before = try run(plain)
        let after = try run(zero)
        XCTAssertNil(after.readOnlyNodes)
        XCTAssertEqual(before, after)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        XCTAssertEqual(try encoder.encode(before), try encoder.encode(after))
    }

    // MARK: Cost

    func testReadOnlyNodesArePricedAsNodesOfTheirPlanAndFlagged() throws {
        let scenario = try Fixtures.scenario(yaml: yaml(database: "plan: db-s-2vcpu-4gb\nread_only_nodes: 2\nread_only_plan: db-s-4vcpu-8gb"))
        let bill = CostModel(catalog: Fixtures.catalog).bill(scenario, fleets: [])
        let line = try XCTUnwrap(bill.components.first { $0.name == "database.readOnly" })
        XCTAssertEqual(line.detail, "2 × db-s-4vcpu-8gb")
        XCTAssertEqual(line.monthlyUSD, 2 * 120, accuracy: 0.01)
        XCTAssertFalse(line.priceVerified)
        let none = CostModel(catalog: Fixtures.catalog).bill(try Fixtures.scenario(yaml: yaml(database: "plan: db-s-2vcpu-4gb")), fleets: [])
        XCTAssertNil(none.components.first { $0.name == "database.readOnly" })
    }

    // MARK: Acceptance

    /// `scenarios/read-heavy.yaml`: a 2-vCPU primary near saturation; one read-only node of
    /// the same plan takes the reads, and the API's p95 and p99 drop, the primary's cores
    /// and PgBouncer's wait with them (numbers in README "Read-only nodes").
    func testReadHeavyScenarioGainsLatencyFromOneReadOnlyNode() throws {
        let overrides = ["horizon=12m", "warmup=2m", "replications=1"]
        let without = Fixtures.run(try Fixtures.scenario(file: "scenarios/read-heavy.yaml", overrides: overrides))[0]
        let with = Fixtures.run(try Fixtures.scenario(file: "scenarios/read-heavy.yaml",
                                                     overrides: overrides + ["database.read_only_nodes=1"]))[0]
        let nodes = try XCTUnwrap(with.readOnlyNodes)
        XCTAssertGreaterThan(nodes.replicaReads, 0)
        XCTAssertLessThan(with.database.cpuUtilization, without.database.cpuUtilization - 0.3)
        XCTAssertLessThan(with.latency.percentile(95), without.latency.percentile(95) * 0.5)
        XCTAssertLessThan(with.latency.percentile(99), without.latency.percentile(99) * 0.5)
        XCTAssertLessThanOrEqual(with.database.poolWait.mean, without.database.poolWait.mean)
    }
}
