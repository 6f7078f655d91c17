import Foundation
import XCTest
import Scenarios
import Results
@testable import Reports

/// A run or comparison kept as its JSON renders again to the very bytes it rendered when it
/// ran, in every format: the reports read nothing but the summaries, and the summaries
/// carry everything the reports print.
final class SummaryRenderingTests: XCTestCase {
    /// Half an hour from each scenario's own start, two replications.
    static let shortRun = ["horizon=30m", "replications=2"]

    /// Every format `capsim run` writes, by name.
    static func renderings(_ report: RunReport) throws -> [(String, String)] {
        [("table", report.table()), ("markdown", report.markdown()), ("csv", report.csv()),
         ("json", try report.json().serialized()), ("series", try report.seriesCSV()),
         ("failures", report.objectiveFailures().joined(separator: "\n"))]
    }

    /// Every format `capsim compare` writes, by name.
    static func renderings(_ report: ComparisonReport) throws -> [(String, String)] {
        [("table", report.table()), ("markdown", report.markdown()), ("csv", report.csv()),
         ("json", try report.json().serialized())]
    }

    /// The summary in `report`'s JSON, read back as a history would read it.
    static func readBack(_ report: RunReport) throws -> RunReport {
        RunReport(summary: try JSONValueDecoder().decode(RunSummary.self, from: try report.json().serialized()))
    }

    static func readBack(_ report: ComparisonReport) throws -> ComparisonReport {
        ComparisonReport(summary: try JSONValueDecoder().decode(ComparisonSummary.self, from: try report.json().serialized()))
    }

    func assertSameRenderings(_ made: [(String, String)], _ readBack: [(String, String)], _ name: String,
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(made.map(\.0), readBack.map(\.0), name, file: file, line: line)
        for ((format, ours), (_, theirs)) in zip(made, readBack) where ours != theirs {
            let first = zip(ours.split(separator: "\n"), theirs.split(separator: "\n")).first { $0 != $1 }
            XCTFail("\(name) \(format) differs once read back: \(first.map { "\($0.0)\n≠ \($0.1)" } ?? "in length")",
                    file: file, line: line)
        }
    }

    func testEveryScenarioRendersTheSameFromItsJSON() throws {
        var tables: [String] = []
        for path in SummaryCodingTests.scenarioPaths {
            let scenario = try SummaryCodingTests.loader.load(path: path, overrides: Self.shortRun)
            let report = RunReport(result: SummaryCodingTests.run(scenario), wallSeconds: 1.23456)
            let made = try Self.renderings(report)
            assertSameRenderings(made, try Self.renderings(try Self.readBack(report)), path)
            tables.append(report.table())
        }
        XCTAssertGreaterThanOrEqual(tables.count, 9, "the shipped scenarios and validation scenarios")
        XCTAssertTrue(tables.contains { $0.contains(" × ") && $0.contains(" worker") }, "some tier has a fixed fleet")
    }

    /// The variants' comparison, and each variant's own run: the variants autoscale, and
    /// business-hours' scale in their first half hour, so the autoscaling bounds, the scale
    /// events and their local times are rendered too.
    func testEveryComparisonRendersTheSameFromItsJSON() throws {
        var compared = 0, bounded = 0, scaled = 0
        for path in SummaryCodingTests.scenarioPaths where SummaryCodingTests.scenarioFiles[path]!.contains("\nvariants:") {
            let variants = try SummaryCodingTests.loader.loadVariants(path: path, policies: [], overrides: Self.shortRun)
            let runs = variants.map { (name: $0.name, description: $0.description, result: SummaryCodingTests.run($0.scenario)) }
            for run in runs {
                let report = RunReport(result: run.result, wallSeconds: 0.25)
                if report.table().contains(", starting at ") { bounded += 1 }
                if report.table().contains("scale events (replication 1") { scaled += 1 }
                assertSameRenderings(try Self.renderings(report), try Self.renderings(try Self.readBack(report)), "\(path) \(run.name)")
            }
            let report = ComparisonReport(comparison: PolicyComparison(runs), wallSeconds: 2.34567)
            let made = try Self.renderings(report)
            XCTAssertTrue(made[0].1.contains("Paired differences against"), path)
            assertSameRenderings(made, try Self.renderings(try Self.readBack(report)), "\(path) comparison")
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 3, "black-friday, business-hours and noisy-neighbour have variants")
        XCTAssertGreaterThan(bounded, 0, "some variant's tier is autoscaled")
        XCTAssertGreaterThan(scaled, 0, "some variant lists its scale events")
    }

    /// No traffic: every objective without data, no interval, no percentile.
    func testARunWithNoDataRendersTheSameFromItsJSON() throws {
        let scenario = try SummaryCodingTests.loader.parse(SummaryCodingTests.quiet, source: "quiet.yaml")
        let result = SummaryCodingTests.run(scenario)
        let report = RunReport(result: result, wallSeconds: 0.5)
        XCTAssertEqual(report.objectiveFailures().count, 3)
        assertSameRenderings(try Self.renderings(report), try Self.renderings(try Self.readBack(report)), "quiet")
        let comparison = ComparisonReport(comparison: PolicyComparison([("a", "as written", result), ("b", "again", result)]),
                                          wallSeconds: 0)
        assertSameRenderings(try Self.renderings(comparison), try Self.renderings(try Self.readBack(comparison)), "quiet comparison")
    }

    /// A fraction that rounds to 0 at the JSON's 6 decimals is still not nothing: the table
    /// says "<0.01%" from the counts and the unrounded value, as it did from the run.
    func testTinyFractionsReadAsTinyNotZero() throws {
        let scenario = try SummaryCodingTests.baseline(replications: 2)
        var summary = RunReport(result: SummaryCodingTests.run(scenario), wallSeconds: 1).summary
        summary.database.poolAcquisitions = 4_000_000
        summary.database.queuedPoolAcquisitions = 1
        summary.database.poolWaitProbability = 0
        let index = try XCTUnwrap(summary.objectives.firstIndex { $0.kind == .errorRate })
        summary.objectives[index].unroundedValue = 2.5e-7
        summary.objectives[index].value = 0
        let table = try Self.readBack(RunReport(summary: summary)).table()
        XCTAssertTrue(table.contains("<0.01% waited"), table)
        XCTAssertTrue(table.split(separator: "\n").contains { $0.contains("error rate") && $0.contains("<0.01%") }, table)
    }

    /// The objective's kind travels as `kind` and `scope`, and a kind that needs a scope is
    /// refused without one.
    func testObjectiveKindsRoundTripAndBadOnesAreRefused() throws {
        let scenario = try SummaryCodingTests.baseline(replications: 2)
        let summary = RunReport(result: SummaryCodingTests.run(scenario), wallSeconds: 1).summary
        let text = try JSONValueEncoder().encode(summary).serialized()
        XCTAssertTrue(text.contains(#""kind": "groupLatency""#) || text.contains(#""kind": "operationLatency""#), "the baseline scopes an objective")
        let decoded = try JSONValueDecoder().decode(RunSummary.self, from: text)
        XCTAssertEqual(decoded.objectives.map(\.kind), summary.objectives.map(\.kind))
        let broken = text.replacingOccurrences(of: #""kind": "errorRate""#, with: #""kind": "groupLatency""#)
        XCTAssertNotEqual(broken, text)
        XCTAssertThrowsError(try JSONValueDecoder().decode(RunSummary.self, from: broken), "a group latency without its group")
    }
}
