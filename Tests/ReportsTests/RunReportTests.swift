import XCTest
import DigitalOceanCatalog
import Scenarios
import Results
import Model
import Evaluation
@testable import Reports

/// The renderers on a real (short) run of the baseline.
final class RunReportTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let report: RunReport = {
        let catalogPath = root.appendingPathComponent("datasets/digitalocean-catalog.yaml").path
        let catalog = try! Catalog.parse(String(contentsOfFile: catalogPath, encoding: .utf8), path: catalogPath)
        let scenarioPath = root.appendingPathComponent("scenarios/baseline.yaml").path
        let scenario = try! ScenarioLoader(catalog: catalog, files: InMemoryScenarioFiles()).parse(
            String(contentsOfFile: scenarioPath, encoding: .utf8), source: scenarioPath,
            overrides: ["horizon=30m", "start=2026-11-30T10:00:00", "replications=2"])
        let model = PlatformModel(scenario: scenario)
        let result = RunResult(scenario: scenario, replications: ReplicationRunner(jobs: 2).run(model, count: 2),
                               costModel: CostModel(catalog: catalog))
        return RunReport(result: result, wallSeconds: 1.5)
    }()

    func testJSONCarriesTheSchemaAndCacheHitRatios() throws {
        let text = try Self.report.json().serialized()
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(document["schema"] as? String, "capsim.run/v1")
        let operations = try XCTUnwrap(document["operations"] as? [String: [String: Any]])
        let cached = try XCTUnwrap(operations["listProjects"]?["cacheHitRatio"] as? Double)
        XCTAssertGreaterThan(cached, 0.2, "a 30 s cache on a busy operation should hit")
        XCTAssertLessThan(cached, 1)
        XCTAssertTrue(operations["updateTask"]?["cacheHitRatio"] is NSNull, "mutations are not cached")
        let series = try XCTUnwrap(document["series"] as? [String: Any])
        XCTAssertEqual((series["rows"] as? [[Any]])?.count, 30)
        XCTAssertEqual((series["columns"] as? [String])?.count, RunSummary.Series.columns.count)
    }

    func testTableNamesEveryVerdictAndCostComponent() {
        let table = Self.report.table()
        // Loops over nothing would pass: the baseline has four objectives and five bill lines.
        XCTAssertEqual(Self.report.summary.objectives.count, 4)
        XCTAssertGreaterThanOrEqual(Self.report.summary.cost.components.count, 5)
        for objective in Self.report.summary.objectives { XCTAssertTrue(table.contains(objective.name), objective.name) }
        for component in Self.report.summary.cost.components { XCTAssertTrue(table.contains(component.name), component.name) }
        XCTAssertTrue(table.contains("response cache hit ratio"))
    }

    func testMarkdownTablesHaveConsistentColumns() {
        let headers = Self.report.markdown().split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("p50") }
        XCTAssertFalse(headers.isEmpty, "the markdown has no latency table")
        for line in headers {
            XCTAssertEqual(line.filter { $0 == "|" }.count, 9, String(line))
        }
    }

    func testCSVHasFourColumnsOnEveryLine() throws {
        let lines = Self.report.csv().split(separator: "\n")
        XCTAssertEqual(lines.first, "section,name,metric,value")
        XCTAssertGreaterThan(lines.count, 50, "the CSV holds every metric, not only its header")
        for line in lines { XCTAssertEqual(line.split(separator: ",", omittingEmptySubsequences: false).count, 4, String(line)) }
        let series = try Self.report.seriesCSV().split(separator: "\n")
        XCTAssertEqual(series.count, 31)
    }

    func testCountsAndFieldsAreFormattedForPeople() {
        XCTAssertEqual(RunReport.count(1_234_567), "1,234,567")
        XCTAssertEqual(RunReport.count(-1000), "-1,000")
        XCTAssertEqual(RunReport.percent(0.00001), "<0.01%")
        XCTAssertEqual(RunReport.csvField("a,b"), "\"a,b\"")
        XCTAssertEqual(RunReport.csvField("say \"hi\""), "\"say \"\"hi\"\"\"")
    }
}
