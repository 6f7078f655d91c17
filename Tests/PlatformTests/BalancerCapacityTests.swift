import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
import SimCore

/// The balancer's per-node rate limits (10,000 requests/s, 250 new TLS connections/s), its
/// node count's changes with the removed nodes' one-minute drain, the peak load it reports,
/// and the optimizer's screen of it.
final class BalancerCapacityTests: XCTestCase {
    // MARK: The rate limiter

    func plan(nodes: Int = 1, requestsPerSecond: Double = 10, tls: Double = .infinity, requestsPerConnection: Double = .infinity,
              resizes: [BalancerResize] = []) -> BalancerPlan {
        BalancerPlan(nodes: nodes, connectionsPerNode: 100,
                     capacity: BalancerCapacity(requestsPerSecondPerNode: requestsPerSecond, newTLSConnectionsPerSecondPerNode: tls,
                                                requestsPerConnection: requestsPerConnection, drainSeconds: 60, resizes: resizes))
    }

    /// Offers `count` requests at `time`; returns how many the limits let through.
    func admitted(_ nodes: BalancerNodes, count: Int, at time: Double) -> Int {
        (0..<count).filter { _ in
            nodes.offer(tier: 0, at: time)
            return nodes.admits(tier: 0, at: time)
        }.count
    }

    /// The bucket holds one second of the rate and refills continuously: a burst gets one
    /// second's worth, half a second later half of it again, and a long pause no more than
    /// one second's worth.
    func testRequestBucketHoldsOneSecondOfTheRate() {
        let nodes = BalancerNodes(plans: [plan(nodes: 2)])   // 2 × 10/s
        XCTAssertEqual(admitted(nodes, count: 50, at: 0), 20)
        XCTAssertEqual(admitted(nodes, count: 50, at: 0.5), 10)
        XCTAssertEqual(admitted(nodes, count: 50, at: 100), 20)
        let load = nodes.load(tier: 0, role: .api)
        XCTAssertEqual(load.refusedByRequestRate, 100)
        XCTAssertEqual(load.refusedByTLSRate, 0)
        XCTAssertEqual(load.peakRequestsPerSecond, 100, "offered requests count, refused ones included: 50 at 0 and 50 at 0.5")
    }

    /// Each request is 1/requests_per_connection of a new TLS connection: at 250 TLS/s and 4
    /// requests per connection, 1,000 requests a second pass.
    func testTLSLimitCountsRequestsPerConnection() {
        let nodes = BalancerNodes(plans: [plan(requestsPerSecond: 10_000, tls: 250, requestsPerConnection: 4)])
        XCTAssertEqual(admitted(nodes, count: 1_500, at: 0), 1_000)
        let load = nodes.load(tier: 0, role: .api)
        XCTAssertEqual(load.refusedByTLSRate, 500)
        XCTAssertEqual(load.peakNewTLSConnectionsPerSecond, 375, accuracy: 1e-9)
        // Keep-alive (the default) takes no TLS token.
        let keepAlive = BalancerNodes(plans: [plan(requestsPerSecond: 10_000, tls: 250)])
        XCTAssertEqual(admitted(keepAlive, count: 5_000, at: 0), 5_000)
        XCTAssertEqual(keepAlive.load(tier: 0, role: .api).peakNewTLSConnectionsPerSecond, 0)
    }

    /// A resize changes the limits at its time: up at once, down at once with the new depth.
    func testResizeChangesTheLimitsAtItsTime() {
        let nodes = BalancerNodes(plans: [plan(nodes: 1, resizes: [BalancerResize(time: 10, nodes: 3), BalancerResize(time: 20, nodes: 1)])])
        XCTAssertEqual(nodes.connectionLimit(tier: 0), 100)
        XCTAssertEqual(admitted(nodes, count: 50, at: 9), 10)
        XCTAssertEqual(admitted(nodes, count: 50, at: 12), 30)
        XCTAssertEqual(nodes.connectionLimit(tier: 0), 300)
        XCTAssertEqual(admitted(nodes, count: 50, at: 25), 10)
        XCTAssertEqual(nodes.connectionLimit(tier: 0), 100)
        let load = nodes.load(tier: 0, role: .api)
        XCTAssertEqual(load.fewestNodes, 1)
        XCTAssertEqual(load.mostNodes, 3)
    }

    /// Connections opened before a scale-down on a removed node (slot modulo the old count at
    /// least the new count) and still open when the drain ends are closed; others are not.
    func testDrainClosesOnlyOldConnectionsOnRemovedNodesAfterTheDrain() {
        let nodes = BalancerNodes(plans: [plan(nodes: 2, resizes: [BalancerResize(time: 100, nodes: 1)])])
        XCTAssertFalse(nodes.closedByDrain(slot: 1, openedAt: 90, tier: 0, at: 150), "within the minute")
        XCTAssertTrue(nodes.closedByDrain(slot: 1, openedAt: 90, tier: 0, at: 161))
        XCTAssertFalse(nodes.closedByDrain(slot: 2, openedAt: 90, tier: 0, at: 161), "on the node that stays")
        XCTAssertFalse(nodes.closedByDrain(slot: 1, openedAt: 101, tier: 0, at: 200), "opened after the scale-down")
        XCTAssertEqual(nodes.load(tier: 0, role: .api).closedByDrain, 1)
    }

    // MARK: Ten times the baseline

    /// The baseline's tenant base ×10 in its busiest hour (Monday 10:00 New York), with
    /// enough droplets and database that only the balancers can refuse: some 1,850
    /// requests/s, 1,800–2,000 in the API tier's busiest second.
    static func tenTimesBaseline(_ extra: [String]) throws -> Scenario {
        try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: [
            "start=2026-11-30T10:00:00", "horizon=2m", "replications=1",
            "tenant_groups.enterprise.count=100", "tenant_groups.business.count=500", "tenant_groups.starter.count=1400",
            "tiers.api.droplets=14", "tiers.web.droplets=8", "database.plan=db-s-8vcpu-32gb",
        ] + extra)
    }

    /// At 10× neither 10,000 requests/s nor 10,000 connections is near: with keep-alive
    /// clients one node per tier refuses nothing.
    func testTenTimesBaselineFitsOneNodeWithKeepAlive() throws {
        let result = Fixtures.run(try Self.tenTimesBaseline([]))[0]
        XCTAssertGreaterThan(result.outcomes.total, 200_000)
        XCTAssertEqual(result.outcomes.errors(.balancerRateLimit), 0)
        XCTAssertEqual(result.outcomes.errors(.balancerConnectionLimit), 0)
        let api = try XCTUnwrap(result.balancers.first { $0.role == .api })
        XCTAssertGreaterThan(api.peakRequestsPerSecond, 1_500)
        XCTAssertLessThan(api.peakConnections, 1_000)
    }

    /// With every request its own TLS connection, one node (250 new TLS connections/s)
    /// refuses most of the API's 1,800/s; ceil(peak / 250) nodes per tier refuse none.
    func testTenTimesBaselineNeedsTheDocumentedNodesWithoutKeepAlive() throws {
        let noReuse = ["tiers.api.load_balancer.requests_per_connection=1", "tiers.web.load_balancer.requests_per_connection=1"]
        let one = Fixtures.run(try Self.tenTimesBaseline(noReuse))[0]
        XCTAssertGreaterThan(one.outcomes.errors(.balancerRateLimit), one.outcomes.total / 2)
        let perNode = Fixtures.catalog.loadBalancer.newTLSConnectionsPerSecondPerNode
        var needed: [TierRole: Int] = [:]
        for load in one.balancers {
            XCTAssertEqual(load.nodes, 1)
            XCTAssertGreaterThan(load.refusedByTLSRate, 0, "\(load.role)")
            XCTAssertEqual(load.refusedByRequestRate, 0)
            needed[load.role] = Int((load.peakNewTLSConnectionsPerSecond / perNode).rounded(.up))
        }
        let apiNodes = try XCTUnwrap(needed[.api]), webNodes = try XCTUnwrap(needed[.web])
        XCTAssertGreaterThanOrEqual(apiNodes, 7)
        let enough = Fixtures.run(try Self.tenTimesBaseline(noReuse + [
            "tiers.api.load_balancer.nodes=\(apiNodes)", "tiers.web.load_balancer.nodes=\(webNodes)",
        ]))[0]
        XCTAssertEqual(enough.outcomes.errors(.balancerRateLimit), 0, "api \(apiNodes) nodes, web \(webNodes)")
        XCTAssertEqual(enough.outcomes.errorTotal, 0)
        XCTAssertEqual(enough.balancers.first { $0.role == .api }?.nodes, apiNodes)
        // `capsim analyze` counts the same nodes from the hour's mean rates.
        let analysis = CapacityAnalysis(model: PlatformModel(scenario: try Self.tenTimesBaseline(noReuse)))
        XCTAssertEqual(analysis.balancers.first { $0.role == .api }?.nodesNeeded, apiNodes)
        XCTAssertEqual(analysis.balancers.first { $0.role == .web }?.nodesNeeded, webNodes)
        XCTAssertEqual(analysis.balancers.first { $0.role == .api }?.bindingLimit, "new TLS connections/s")
        // The analytic screen agrees: one node cannot carry the hour, the computed count can.
        XCTAssertEqual(ConfigurationScreen().rejection(of: try Self.tenTimesBaseline(noReuse))?.component, "api balancer")
        XCTAssertNil(ConfigurationScreen().rejection(of: try Self.tenTimesBaseline(noReuse + [
            "tiers.api.load_balancer.nodes=\(apiNodes)", "tiers.web.load_balancer.nodes=\(webNodes)",
        ])))
    }

    // MARK: Resize and drain

    /// Requests that hold their connection 90 s at 1/s; two balancer nodes, scaled to one at
    /// 5 minutes. Those opened in the half-minute before it on the removed node are still open
    /// when its minute of drain ends.
    func drainScenario(_ resize: String, hold: String = "90s") throws -> Scenario {
        let yaml = Fixtures.databaseScenario(rate: "1/s", queryTime: "QUERY",
                                             database: "plan: db-s-8vcpu-32gb\ncontention: 0\npgbouncer: {mode: transaction, pool_size: 150, max_client_conn: 1000}",
                                             horizon: "10m")
            .replacingOccurrences(of: "query_time: QUERY", with: "db_cpu: 1ms\n    db_wait: \(hold)")
            .replacingOccurrences(of: "api: {size: s-8vcpu-16gb, droplets: 1, workers: 1}",
                                  with: "api: {size: s-8vcpu-16gb, droplets: 1, workers: 1, load_balancer: {nodes: 2, resize: \(resize)}}")
        return try Fixtures.scenario(yaml: yaml)
    }

    func testScaleDownClosesWhatOutlivesTheDrain() throws {
        let result = Fixtures.run(try drainScenario("[{at: 5m, nodes: 1}]"))[0]
        let drained = result.outcomes.errors(.balancerDrained)
        // About 30 requests (those from 4:30 to 5:00) outlive the drain, half on the removed node.
        XCTAssertGreaterThan(drained, 5)
        XCTAssertLessThan(drained, 30)
        XCTAssertEqual(result.balancers[0].closedByDrain, drained)
        XCTAssertEqual(result.balancers[0].fewestNodes, 1)
        XCTAssertEqual(result.outcomes.errorTotal, drained)
        let o = result.outcomes
        XCTAssertEqual(o.total, o.completed + o.rejected + o.throttled + o.errorTotal + o.inFlightAtEnd)
    }

    func testScaleUpAndShortRequestsLoseNothing() throws {
        XCTAssertEqual(Fixtures.run(try drainScenario("[{at: 5m, nodes: 3}]"))[0].outcomes.errorTotal, 0)
        XCTAssertEqual(Fixtures.run(try drainScenario("[{at: 5m, nodes: 1}]", hold: "30s"))[0].outcomes.errorTotal, 0,
                       "every request ends within the minute of drain")
    }

    // MARK: The scenario fields

    func issues(_ balancer: String) -> [ScenarioIssue] {
        let yaml = Fixtures.databaseScenario(rate: "1/s", queryTime: "1ms", database: "plan: db-s-2vcpu-4gb")
            .replacingOccurrences(of: "api: {size: s-8vcpu-16gb, droplets: 1, workers: 1}",
                                  with: "api: {size: s-8vcpu-16gb, droplets: 1, workers: 1, load_balancer: \(balancer)}")
        do {
            _ = try Fixtures.scenario(yaml: yaml)
        } catch let error as ScenarioError {
            return error.issues
        } catch {
            XCTFail("\(error)")
            return []
        }
        XCTFail("accepted: \(balancer)")
        return []
    }

    func testFieldsAreParsedStrictly() throws {
        let cases: [(String, String, String)] = [
            ("{nodes: 2, resize: [{at: 1h, nodes: 1}, {at: 30m, nodes: 3}]}", "tiers.api.load_balancer.resize.1.at", "time order"),
            ("{nodes: 2, resize: [{at: 1h, nodes: 2}]}", "tiers.api.load_balancer.resize.0.nodes", "already has 2 nodes"),
            ("{resize: [{at: 1h, nodes: 0}]}", "tiers.api.load_balancer.resize.0.nodes", ""),
            ("{resize: [{at: 1h, node: 2}]}", "tiers.api.load_balancer.resize.0.node", "unknown field"),
            ("{resize: [{at: 60, nodes: 2}]}", "tiers.api.load_balancer.resize.0.at", "unit"),
            ("{resize: {at: 1h, nodes: 2}}", "tiers.api.load_balancer.resize", "list"),
            ("{requests_per_connection: 0.5}", "tiers.api.load_balancer.requests_per_connection", ""),
            ("{requests_per_connection: forever}", "tiers.api.load_balancer.requests_per_connection", "keep_alive"),
            ("{request_per_connection: 2}", "tiers.api.load_balancer.request_per_connection", "requests_per_connection"),
        ]
        for (balancer, path, message) in cases {
            let found = issues(balancer).first { $0.path == path }
            XCTAssertNotNil(found, "\(balancer): \(issues(balancer))")
            XCTAssertNotNil(found?.line, balancer)
            if !message.isEmpty { XCTAssertTrue(found?.message.contains(message) ?? false, "\(balancer): \(String(describing: found))") }
        }
        let yaml = Fixtures.databaseScenario(rate: "1/s", queryTime: "1ms", database: "plan: db-s-2vcpu-4gb")
            .replacingOccurrences(of: "api: {size: s-8vcpu-16gb, droplets: 1, workers: 1}",
                                  with: "api: {size: s-8vcpu-16gb, droplets: 1, workers: 1, load_balancer: {resize: [{at: 2d, nodes: 3}]}}")
        let scenario = try Fixtures.scenario(yaml: yaml, overrides: ["tiers.api.load_balancer.requests_per_connection=keep_alive"])
        let capacity = try XCTUnwrap(scenario.tier(.api)?.balancerCapacity)
        XCTAssertTrue(capacity.requestsPerConnection.isInfinite)
        XCTAssertEqual(capacity.resizes, [BalancerResize(time: 172_800, nodes: 3)])
        XCTAssertEqual(capacity.requestsPerSecondPerNode, 10_000)
        XCTAssertEqual(capacity.newTLSConnectionsPerSecondPerNode, 250)
        XCTAssertEqual(capacity.drainSeconds, 60)
    }

    /// The nodes a rate needs: ceil(rate / per-node capacity), the TLS limit counted in requests.
    func testNodesNeeded() {
        let capacity = BalancerCapacity(requestsPerSecondPerNode: 10_000, newTLSConnectionsPerSecondPerNode: 250,
                                        requestsPerConnection: 1, drainSeconds: 60)
        XCTAssertEqual(capacity.nodesNeeded(forRequestsPerSecond: 1_900), 8)
        XCTAssertEqual(capacity.nodesNeeded(forRequestsPerSecond: 250), 1)
        XCTAssertEqual(capacity.nodesNeeded(forRequestsPerSecond: 0), 1)
        var keepAlive = capacity
        keepAlive.requestsPerConnection = .infinity
        XCTAssertEqual(keepAlive.nodesNeeded(forRequestsPerSecond: 25_000), 3)
    }
}
