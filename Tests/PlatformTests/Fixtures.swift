import Foundation
import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

/// The test's view of the disk, for scenarios that name other files (the library reads none:
/// the executable passes its own source).
struct DiskFiles: ScenarioFileSource {
    func text(at path: String, what: String) throws(ScenarioError) -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Self.unreadable(path, what: what, because: "no such file")
        }
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// Shared helpers: the repository's files and small scenarios written inline.
enum Fixtures {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

    static let catalog: Catalog = try! Catalog.parse(
        String(contentsOfFile: path("datasets/digitalocean-catalog.yaml"), encoding: .utf8),
        path: path("datasets/digitalocean-catalog.yaml"))

    /// A loader over the repository's files: the library reads no file itself.
    static var loader: ScenarioLoader { ScenarioLoader(catalog: catalog, files: DiskFiles()) }

    static func scenario(file relative: String, overrides: [String] = []) throws -> Scenario {
        try loader.load(path: path(relative), overrides: overrides)
    }

    static func scenario(yaml: String, overrides: [String] = []) throws -> Scenario {
        try ScenarioLoader(catalog: catalog, files: InMemoryScenarioFiles()).parse(yaml, source: "inline.yaml", overrides: overrides)
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

    /// One replication of `scenario` with every arrival and every assignment to a droplet
    /// recorded.
    static func traced(_ scenario: Scenario, replication: Int = 0) -> (ReplicationResult, TraceLog) {
        let model = PlatformModel(scenario: scenario)
        return model.simulate(replication: replication, tracing: TraceLog(groups: model.groups.count))
    }

    static func run(_ scenario: Scenario, replications: Int = 1) -> [ReplicationResult] {
        let model = PlatformModel(scenario: scenario)
        return ReplicationRunner(jobs: 2).run(model, count: replications)
    }
}
