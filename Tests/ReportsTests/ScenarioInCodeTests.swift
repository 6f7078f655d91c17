import Autoscaling
import ContentHash
import DigitalOceanCatalog
import Evaluation
import Foundation
import Model
import Results
import Scenarios
import SimCore
import XCTest
@testable import Reports

/// The path a sharded sweep or the optimizer takes, with no YAML and no file but the catalog:
/// a scenario and a configuration built in code, run in two halves on different "machines",
/// each half written out and read back, folded into the same summary as one run.
final class ScenarioInCodeTests: XCTestCase {
    static let catalog = SummaryCodingTests.catalog

    /// A small SaaS: one tenant group calling one query and one mutation, an API tier and a
    /// database, an overall p95 objective. Every value is given; nothing is read.
    static func scenario() throws -> Scenario {
        let size = try XCTUnwrap(catalog.dropletSize("s-1vcpu-2gb"))
        let plan = try XCTUnwrap(catalog.databasePlan("db-s-1vcpu-2gb"))
        let utc = try XCTUnwrap(TimeZone(identifier: "UTC"))
        let group = TenantGroup(
            name: "teams", count: 40, ratePerTenant: 0.5, sizeSpread: .zipf(exponent: 1),
            hourlyFactors: Array(repeating: 1, count: 24), weekdayFactors: Array(repeating: 1, count: 7), timeZone: utc,
            bursts: [], growthPerMonth: 0,
            mix: [MixEntry(target: "listTasks", weight: 0.8), MixEntry(target: "updateTask", weight: 0.2)])
        let operations = [
            GraphQLOperation(name: "listTasks", kind: .query, complexity: .uniform(lower: 5, upper: 25), cpuBase: 0.001,
                             cpuPerPoint: 0.0002, depth: 2, listSize: 10, dataLoader: true, queryTime: .exponential(mean: 0.002),
                             cacheTTL: 30),
            GraphQLOperation(name: "updateTask", kind: .mutation, complexity: .constant(4), cpuBase: 0.002, cpuPerPoint: 0.0002,
                             depth: 1, listSize: 1, dataLoader: true, queryTime: .exponential(mean: 0.004), cacheTTL: nil),
        ]
        let lifecycle = DropletLifecycle(bootTime: .constant(55), appStart: 8, healthCheckInterval: 10, healthyThreshold: 3,
                                         failureProbability: 0, replaceAfter: 600, shutdownGrace: 60)
        let api = ServiceTier(
            role: .api, size: size, droplets: 2, workersPerDroplet: size.vcpus, inFlightLimit: 0, cpuSpeed: size.cpuSpeed,
            balancing: .roundRobin, balancerNodes: 1, balancerConnectionsPerNode: catalog.loadBalancer.connectionsPerNode,
            lifecycle: lifecycle, autoscaling: nil, processMemoryGiB: 0.15, requestMemoryGiB: 0.002)
        let database = DatabaseSettings(plan: plan, standbyNodes: 0, contention: 0.05, roundTripLatency: 0.0005,
                                        pgBouncer: catalog.pgBouncerDefaults, applicationPoolSize: nil)
        return Scenario(
            name: "in-code", summary: "built without YAML", source: "ScenarioInCodeTests", seed: 42, replications: 4,
            start: Date(timeIntervalSince1970: 1_796_025_600), timeZone: utc, timeZoneName: "UTC", horizon: 1800, warmup: 60,
            clientTimeout: 10, tenantGroups: [group], operations: operations, pages: [],
            graphQL: GraphQLSettings(complexityLimit: nil, rateLimit: nil), tiers: [api], database: database,
            objectives: ServiceLevelObjectives(latency: [LatencyObjective(percentile: 95, target: 0.25, scope: .overall)],
                                               errorRate: 0.01, attainment: nil))
    }

    /// The plan under test: a larger API fleet that scales on CPU, a bigger pool, a longer cache.
    static let configuration = Configuration(
        tiers: [Configuration.Tier(
            role: .api, dropletSize: "s-2vcpu-4gb", droplets: 2,
            autoscaling: AutoscalingConfiguration(
                policy: .targetTracking(TargetTrackingConfiguration(targets: [MetricTarget(metric: .cpu, target: 0.6)])),
                minimum: 2, maximum: 6, interval: 15, window: 60, behavior: .kubernetesDefault),
            workersPerDroplet: 2)],
        database: Configuration.Database(plan: "db-s-1vcpu-2gb", poolMode: .transaction, poolSize: 15, reservePoolSize: 3),
        responseCache: [Configuration.ResponseCache(operation: "listTasks", ttlSeconds: 60)])

    func testAScenarioAndAPlanBuiltInCodeRunInHalvesAndMergeIntoOneRun() throws {
        let base = try Self.scenario()
        XCTAssertEqual(base.problems(catalog: Self.catalog), [])
        let scenario = try base.applying(Self.configuration, catalog: Self.catalog)
        XCTAssertEqual(scenario.problems(catalog: Self.catalog), [])
        // The plan's decisions are the scenario's now; updateTask, which it does not list,
        // keeps the scenario's (no cache).
        XCTAssertEqual(scenario.configuration.tiers, Self.configuration.tiers)
        XCTAssertEqual(scenario.configuration.database, Self.configuration.database)
        XCTAssertEqual(scenario.configuration.responseCache,
                       Self.configuration.responseCache + [Configuration.ResponseCache(operation: "updateTask", ttlSeconds: nil)])
        XCTAssertEqual(scenario.tier(.api)?.size.slug, "s-2vcpu-4gb")
        XCTAssertEqual(scenario.operations[0].cacheTTL, 60)

        // One run of all four replications.
        let model = PlatformModel(scenario: scenario)
        let whole = RunSummary(RunResult(ReplicationRunner(jobs: 2).aggregate(model, count: 4),
                                         costModel: CostModel(catalog: Self.catalog)), wallSeconds: 0)
        XCTAssertGreaterThan(whole.requests.outcomes.completed, 10_000)

        // Two halves, each written as it would travel between machines and read back.
        let halves = try [0..<2, 2..<4].map { replications in
            try JSONEncoder().encode(replications.map { model.simulate(replication: $0) })
        }
        var aggregate = ReplicationAggregate(scenario: scenario)
        for half in halves {
            for replication in try JSONDecoder().decode([ReplicationResult].self, from: half) {
                try aggregate.addChecked(replication)
            }
        }
        let merged = RunSummary(RunResult(aggregate, costModel: CostModel(catalog: Self.catalog)), wallSeconds: 0)
        XCTAssertEqual(merged, whole)

        // The summary itself: encoded as `capsim.run/v1`, decoded to an equal value.
        let text = try JSONValueEncoder().encode(merged).serialized()
        XCTAssertTrue(text.contains("\"schema\": \"capsim.run/v1\""), text)
        XCTAssertEqual(try JSONValueDecoder().decode(RunSummary.self, from: text), whole)

        // The plan, through its own canonical form, is the same plan with the same hash.
        let read = try Configuration.parse(yaml: Self.configuration.yaml(), source: "plan.yaml", catalog: Self.catalog, for: base)
        XCTAssertEqual(read, Self.configuration)
        XCTAssertEqual(read.contentHash, Self.configuration.contentHash)
    }
}
