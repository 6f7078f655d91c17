import Foundation
import XCTest
import DigitalOceanCatalog
import Optimizer
import Scenarios

/// Small scenarios with spaces whose exhaustive answer is cheap to compute.
enum OptimizerFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let catalog: Catalog = {
        let path = repositoryRoot.appendingPathComponent("datasets/digitalocean-catalog.yaml").path
        return try! Catalog.parse(String(contentsOfFile: path, encoding: .utf8), path: path)
    }()

    static var loader: ScenarioLoader { ScenarioLoader(catalog: catalog, files: InMemoryScenarioFiles()) }

    /// A scenario and its space from one text with a `search:` block.
    static func load(_ text: String) throws -> (Scenario, SearchSpace, SearchSpaceEnumeration) {
        let scenario = try loader.parse(text, source: "inline.yaml")
        guard let space = try loader.searchSpace(inScenarioText: text, source: "inline.yaml", scenario: scenario) else {
            throw XCTSkip("test bug: no search block")
        }
        return (scenario, space, try space.enumerate(over: scenario, catalog: catalog))
    }

    static func optimize(_ text: String, exhaustive: Bool, budgetRequests: Int? = nil, jobs: Int = 2,
                         surrogateThreshold: Int = 64, log: any TrialLog = NoTrialLog()) throws -> CapacityPlan {
        let (scenario, space, enumeration) = try load(text)
        let settings = SearchSettings(seed: scenario.seed, replications: scenario.replications, exhaustive: exhaustive,
                                      budgetRequests: budgetRequests, verifyReplications: 4, surrogateThreshold: surrogateThreshold)
        var optimizer = Optimizer(scenario: scenario, catalog: catalog, settings: settings, jobs: jobs, log: log)
        optimizer.loadFactors = [1.2]
        optimizer.replanHorizonMonths = 6
        return try optimizer.optimize(
            configurations: enumeration.valid, combinations: enumeration.combinations, excluded: enumeration.excludedCount,
            origin: Optimizer.Origin(scenarioName: scenario.name, scenarioSource: "inline.yaml", scenarioHash: "test",
                                     capsimVersion: "test", optimizationID: nil),
            label: { space.label($0) })
    }

    /// An API-bound platform: the API tier's size and count decide the latency.
    static let apiSpace = """
        name: api-bound
        seed: 11
        replications: 2
        horizon: 30m
        time_zone: UTC
        tenant_groups:
          clients:
            count: 20
            rate_per_tenant: 6/s
            mix: {query: 1}
        operations:
          query:
            complexity: 20
            cpu_base: 8ms
            cpu_per_point: 200us
            query_time: 1ms
        tiers:
          api: {size: s-1vcpu-2gb, droplets: 2}
        database:
          plan: db-s-2vcpu-4gb
          pgbouncer: {mode: transaction, pool_size: 20}
        slos:
          latency:
            - {percentile: 95, target: 60ms}
          error_rate: 0.1%
        search:
          tiers:
            api:
              size: [s-1vcpu-2gb, s-2vcpu-4gb, c-2]
              droplets: 1..6
        """

    /// A database-bound platform: the plan and the pool decide.
    static let databaseSpace = """
        name: database-bound
        seed: 12
        replications: 2
        horizon: 30m
        time_zone: UTC
        tenant_groups:
          clients:
            count: 10
            rate_per_tenant: 12/s
            mix: {report: 1}
        operations:
          report:
            complexity: 5
            cpu_base: 1ms
            cpu_per_point: 0s
            query_time: {distribution: exponential, mean: 12ms}
        tiers:
          api: {size: s-4vcpu-8gb, droplets: 2}
        database:
          plan: db-s-1vcpu-2gb
          pgbouncer: {mode: transaction, pool_size: 10}
        slos:
          latency:
            - {percentile: 95, target: 150ms}
        search:
          database:
            plan: [db-s-1vcpu-2gb, db-s-2vcpu-4gb, db-s-4vcpu-8gb]
            pool_size: [1, 4, 10, 20]
        """

    /// Two tiers and an autoscaling policy over two hours, so that the peak probe runs.
    static let twoTierSpace = """
        name: two-tier
        seed: 13
        replications: 2
        horizon: 2h
        time_zone: UTC
        tenant_groups:
          clients:
            count: 10
            rate_per_tenant: 5/s
            hourly: [1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
            profile_shape: step
            mix: {query: 1, page: 1}
        operations:
          query:
            complexity: 10
            cpu_base: 6ms
            cpu_per_point: 100us
            query_time: 1ms
        pages:
          page:
            rendering: ssr
            render_cpu: 15ms
            calls: [query]
        tiers:
          web: {size: s-1vcpu-2gb, droplets: 1}
          api: {size: s-1vcpu-2gb, droplets: 1}
        database:
          plan: db-s-2vcpu-4gb
          pgbouncer: {mode: transaction, pool_size: 20}
        slos:
          latency:
            - {percentile: 95, target: 120ms}
          attainment: {percentile: 95, target: 120ms, window: 5m, objective: 90%}
        search:
          tiers:
            api:
              size: [s-1vcpu-2gb, s-2vcpu-4gb]
              droplets: 1..3
              autoscaling:
                - {policy: target-tracking, min: 1, max: 4, metric: cpu, target: 60%}
            web:
              size: [s-1vcpu-2gb]
              droplets: 1..3
        """
}
