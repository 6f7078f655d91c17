import Foundation
import XCTest
@testable import Platform
import SimCore

/// Shared helpers: the repository's files and small scenarios written inline.
enum Fixtures {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

    static let catalog: Catalog = try! Catalog.load(from: path("datasets/digitalocean-catalog.yaml"))

    static func scenario(file relative: String, overrides: [String] = []) throws -> Scenario {
        try ScenarioLoader(catalog: catalog).load(path: path(relative), overrides: overrides)
    }

    static func scenario(yaml: String, overrides: [String] = []) throws -> Scenario {
        try ScenarioLoader(catalog: catalog).parse(yaml, source: "inline.yaml", overrides: overrides)
    }

    /// A small platform whose database behaviour the PgBouncer tests vary through `database`.
    static func databaseScenario(rate: String, queryTime: String, depth: Int = 1, cpu: String = "1ms",
                                 workers: Int = 1, database: String, horizon: String = "30m") -> String {
        """
        name: pool-test
        seed: 7
        horizon: \(horizon)
        client_timeout: 1h
        tenant_groups:
          clients:
            count: 1
            rate_per_tenant: \(rate)
            mix: {query: 1}
        operations:
          query:
            complexity: 0
            cpu_base: \(cpu)
            cpu_per_point: 0s
            depth: \(depth)
            query_time: \(queryTime)
        tiers:
          api: {size: s-8vcpu-16gb, droplets: 1, workers: \(workers)}
        database:
        \(database.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        """
    }

    static func run(_ scenario: Scenario, replications: Int = 1) -> [ReplicationResult] {
        let model = PlatformModel(scenario: scenario)
        return ReplicationRunner(jobs: 2).run(model, count: replications)
    }
}
