import Foundation
import XCTest
import DigitalOceanCatalog
import Scenarios
import Results
import Model
import Evaluation
import SimCore
@testable import Reports

/// `capsim.run/v1` and `capsim.compare/v1` are the encodings of `RunSummary` and
/// `ComparisonSummary`: decoding the text gives back an equal value, which encodes to the
/// same text, on every scenario shipped and on its variants. Replications travel too: runs
/// of parts of the replications, written and read back, fold into the summary of one run.
final class SummaryCodingTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let catalog: Catalog = {
        let path = root.appendingPathComponent("datasets/digitalocean-catalog.yaml").path
        return try! Catalog.parse(String(contentsOfFile: path, encoding: .utf8), path: path)
    }()

    static let costModel = CostModel(catalog: catalog)

    /// Every file under `scenarios/`, by path: scenarios name their history files beside them.
    static let scenarioFiles: [String: String] = {
        let directory = root.appendingPathComponent("scenarios")
        var texts: [String: String] = [:]
        for case let url as URL in FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)! {
            if let text = try? String(contentsOf: url, encoding: .utf8) { texts[url.path] = text }
        }
        // Load profiles in datasets/, by the path scenarios name them (`../datasets/…`).
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("datasets").path)) ?? [] where name.hasSuffix(".csv") {
            texts[directory.path + "/../datasets/" + name] = try? String(contentsOf: root.appendingPathComponent("datasets/" + name), encoding: .utf8)
        }
        return texts
    }()

    static var loader: ScenarioLoader { ScenarioLoader(catalog: catalog, files: InMemoryScenarioFiles(scenarioFiles)) }

    static var scenarioPaths: [String] { scenarioFiles.keys.filter { $0.hasSuffix(".yaml") }.sorted() }

    /// An hour from each scenario's own start (the night, for most: light traffic), two
    /// replications.
    static let shortRun = ["horizon=1h", "replications=2"]

    static func run(_ scenario: Scenario) -> RunResult {
        RunResult(ReplicationRunner(jobs: 2).aggregate(PlatformModel(scenario: scenario), count: scenario.replications),
                  costModel: costModel)
    }

    /// Encodes `value`, decodes its text, and checks the value and the text come back.
    func assertRoundTrip<T: Codable & Equatable>(_ value: T, _ name: String, file: StaticString = #filePath,
                                                 line: UInt = #line) throws -> String {
        let text = try JSONValueEncoder().encode(value).serialized()
        let decoded = try JSONValueDecoder().decode(T.self, from: text)
        XCTAssertEqual(decoded, value, "\(name): the decoded summary differs", file: file, line: line)
        XCTAssertEqual(try JSONValueEncoder().encode(decoded).serialized(), text, "\(name): re-encoded text differs", file: file, line: line)
        return text
    }

    func testEveryScenarioSummaryDecodesToAnEqualValue() throws {
        XCTAssertGreaterThanOrEqual(Self.scenarioPaths.count, 9, "the shipped scenarios and validation scenarios")
        for path in Self.scenarioPaths {
            let scenario = try Self.loader.load(path: path, overrides: Self.shortRun)
            let result = Self.run(scenario)
            let summary = RunSummary(result, wallSeconds: 1.2345)
            XCTAssertGreaterThan(summary.requests.outcomes.total, 0, "\(path): a run with traffic")
            let text = try assertRoundTrip(summary, path)
            // The encoding is the report's JSON, and names are resolved in the summary.
            XCTAssertEqual(text, try RunReport(result: result, wallSeconds: 1.2345).json().serialized(), path)
            XCTAssertEqual(summary.groups.map(\.name), scenario.tenantGroups.map(\.name), path)
            XCTAssertEqual(summary.operations.map(\.name), scenario.operations.map(\.name), path)
            XCTAssertEqual(summary.tiers.map(\.size), summary.tiers.map { scenario.tier($0.role)?.size.slug ?? "" }, path)
        }
    }

    /// The scenarios with a `variants:` list: each variant's run and the comparison of all.
    func testEveryVariantAndComparisonDecodesToAnEqualValue() throws {
        var compared = 0, scaleEvents = 0
        for path in Self.scenarioPaths where Self.scenarioFiles[path]!.contains("\nvariants:") {
            let variants = try Self.loader.loadVariants(path: path, policies: [], overrides: Self.shortRun)
            let runs = variants.map { (name: $0.name, description: $0.description, result: Self.run($0.scenario)) }
            for run in runs {
                let summary = RunSummary(run.result, wallSeconds: 0)
                _ = try assertRoundTrip(summary, "\(path) variant \(run.name)")
                scaleEvents += summary.fleets.reduce(0) { $0 + $1.scaleEvents.count }
            }
            let report = ComparisonReport(comparison: PolicyComparison(runs), wallSeconds: 2.5)
            let summary = try XCTUnwrap(report.summary)
            let text = try assertRoundTrip(summary, "\(path) comparison")
            XCTAssertEqual(text, try report.json().serialized(), path)
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 3, "black-friday, business-hours and noisy-neighbour have variants")
        XCTAssertGreaterThan(scaleEvents, 0, "some variant scales in the hour, so scale events travel too")
    }

    /// A scenario written here, with objectives of every kind and no traffic: every value
    /// that can be absent is absent (no data, no interval with one replication), and still
    /// comes back.
    func testAnEmptyRunWithNoDataDecodesToAnEqualValue() throws {
        let scenario = try Self.loader.parse(Self.quiet, source: "quiet.yaml")
        let result = Self.run(scenario)
        let summary = RunSummary(result, wallSeconds: 0.5)
        XCTAssertEqual(summary.objectives.map(\.status), [.noData, .noData, .noData])
        XCTAssertEqual(summary.objectives.map(\.value), [nil, nil, nil])
        XCTAssertNil(summary.tiers.first?.cpuUtilizationInterval)
        XCTAssertNotNil(summary.underProvisionedMinutes)
        let text = try assertRoundTrip(summary, "quiet")
        XCTAssertTrue(text.contains(#""value": null"#) && text.contains(#""ci95": null"#), text)

        let comparison = PolicyComparison([("a", "as written", result), ("b", "the same again", result)])
        let compared = try XCTUnwrap(ComparisonSummary(comparison, wallSeconds: 0))
        XCTAssertEqual(compared.variants[1].noData, [.p95, .p99, .attainment, .errorRate])
        XCTAssertEqual(compared.variants[1].perReplication.first { $0.measure == .p95 }?.values, [nil])
        _ = try assertRoundTrip(compared, "quiet comparison")
    }

    /// Tenants that send nothing; an api tier, a database and every kind of objective.
    static let quiet = """
        name: quiet
        seed: 7
        replications: 1
        horizon: 10m
        time_zone: UTC
        tenant_groups:
          idle:
            count: 2
            rate_per_tenant: 0/s
            hourly: [\(Array(repeating: "1", count: 24).joined(separator: ", "))]
            mix: {listProjects: 1}
        operations:
          listProjects: {complexity: 10, cpu_base: 5ms, query_time: 1ms}
        tiers:
          api: {size: s-2vcpu-4gb, droplets: 2}
        database:
          plan: db-s-1vcpu-2gb
          pgbouncer: {mode: transaction, pool_size: 10}
        slos:
          latency:
            - {percentile: 95, target: 300ms, group: idle}
          error_rate: 1%
          attainment: {percentile: 95, target: 300ms, window: 5m, objective: 99%}

        """

    // MARK: Replications

    static func baseline(replications: Int) throws -> Scenario {
        try loader.load(path: root.appendingPathComponent("scenarios/baseline.yaml").path,
                        overrides: ["horizon=30m", "start=2026-11-30T10:00:00", "replications=\(replications)"])
    }

    /// Two shards run replications 0..<2 and 2..<5 apart, each with its own model as another
    /// process would, and write them as JSON; folded in index order after reading them back,
    /// they give the summary of one run of 5, to the byte.
    func testTwoHalfRunsMergeIntoTheSummaryOfOneRun() throws {
        let scenario = try Self.baseline(replications: 5)
        let whole = RunSummary(Self.run(scenario), wallSeconds: 0)

        let shards = try [0..<2, 2..<5].map { replications in
            let model = PlatformModel(scenario: scenario)
            return try JSONEncoder().encode(replications.map { model.simulate(replication: $0) })
        }
        var aggregate = ReplicationAggregate(scenario: scenario)
        for shard in shards {
            for replication in try JSONDecoder().decode([ReplicationResult].self, from: shard) {
                try aggregate.addChecked(replication)
            }
        }
        let merged = RunSummary(RunResult(aggregate, costModel: Self.costModel), wallSeconds: 0)
        XCTAssertEqual(merged, whole)
        XCTAssertEqual(try JSONValueEncoder().encode(merged).serialized(), try JSONValueEncoder().encode(whole).serialized())
        XCTAssertEqual(merged.replicationSeeds.count, 5)
    }

    /// A replication read back equals the one simulated, histograms and series included, and
    /// its text stays small: only the histograms' filled buckets are written.
    func testReplicationReadBackEqualsTheOneSimulated() throws {
        let scenario = try Self.baseline(replications: 1)
        let replication = PlatformModel(scenario: scenario).simulate(replication: 0)
        let data = try JSONEncoder().encode(replication)
        XCTAssertEqual(try JSONDecoder().decode(ReplicationResult.self, from: data), replication)
        // About 420 kB, nearly all histogram buckets; their whole counts arrays would take
        // about 50 kB per histogram, busy or not, and a replication of the baseline holds 16.
        XCTAssertLessThan(data.count, 500_000, "bytes for a 30-minute replication of the baseline")
        // Through the summaries' own encoder as well: the conformance is the encoder's choice.
        let json = try JSONValueEncoder().encode(replication)
        XCTAssertEqual(try JSONValueDecoder().decode(ReplicationResult.self, from: json.serialized(pretty: false)), replication)
    }

    /// A replication that is not the next, or not of this scenario, is refused before it can
    /// trap the fold.
    func testCheckedFoldRefusesReplicationsOutOfOrderOrOfAnotherShape() throws {
        let scenario = try Self.baseline(replications: 2)
        let model = PlatformModel(scenario: scenario)
        let first = model.simulate(replication: 0), second = model.simulate(replication: 1)
        var aggregate = ReplicationAggregate(scenario: scenario)
        XCTAssertThrowsError(try aggregate.addChecked(second), "replication 1 before 0")
        var fewerGroups = first
        fewerGroups.outcomesByGroup.removeLast()
        fewerGroups.latencyByGroup.removeLast()
        var coarser = first
        coarser.latency = LatencyRecorder(significantDigits: 2)
        var renamed = first
        renamed.tiers[0].role = renamed.tiers[0].role == .api ? .web : .api
        for (name, wrong) in [("a group short", fewerGroups), ("a coarser histogram", coarser), ("a tier renamed", renamed)] {
            XCTAssertThrowsError(try aggregate.addChecked(wrong), name)
        }
        XCTAssertEqual(aggregate.count, 0, "nothing refused was folded")
        try aggregate.addChecked(first)
        try aggregate.addChecked(second)
        XCTAssertEqual(aggregate.count, 2)
    }
}
