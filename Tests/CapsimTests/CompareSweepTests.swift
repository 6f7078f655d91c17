import Foundation
import XCTest

/// `capsim compare --sweep PATH=V1,V2,…`: every chosen variant once per value, a sensitivity
/// section, and bad input (exit 2) that names the variant and the value.
final class CompareSweepTests: XCTestCase {
    /// The comparison test's scenario, twenty minutes long.
    static let scenarioText = CompareCommandTests.scenarioText.replacingOccurrences(of: "horizon: 90m", with: "horizon: 20m")

    func testSweepRunsEveryVariantPerValueWithASensitivitySection() throws {
        let scenario = try TemporaryScenario(Self.scenarioText)
        let arguments = ["compare", scenario.path, "--policy", "tracking", "pool", "--replications", "2", "--no-db",
                         "--sweep", "tiers.api.autoscaling.interval=15s,30s"]
        let outcome = try CLI.run(arguments + ["--format", "json"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let json = try JSONAccess(text: outcome.stdout)
        let variants = try XCTUnwrap(json.array("variants") as? [[String: Any]])
        XCTAssertEqual(variants.map { $0["name"] as? String },
                       ["tracking [interval=15s]", "tracking [interval=30s]", "pool [interval=15s]", "pool [interval=30s]"])
        XCTAssertEqual((variants[1]["swept"] as? [String: Any])?["value"] as? String, "30s")
        XCTAssertEqual((variants[2]["swept"] as? [String: Any])?["base"] as? String, "pool")
        XCTAssertNotNil(variants[0]["objectives"] as? [[String: Any]])
        // Common random numbers across the swept variants too.
        let totals = variants.compactMap { (($0["requests"] as? [String: Any])?["total"]) as? Int }
        XCTAssertEqual(Set(totals).count, 1, "\(totals)")
        let table = try CLI.run(arguments)
        XCTAssertEqual(table.status, 0, table.summary)
        XCTAssertTrue(table.stdout.contains("Sensitivity to tiers.api.autoscaling.interval (15s, 30s)"), table.stdout)
        let section = table.stdout.components(separatedBy: "Sensitivity to")[1]
        XCTAssertTrue(section.contains("  tracking\n") && section.contains("  pool\n"), section)
        XCTAssertTrue(section.split(separator: "\n").contains { $0.hasPrefix("  interval") && $0.contains("5m windows with p95") }, section)
        XCTAssertTrue(section.split(separator: "\n").contains { $0.hasPrefix("  30s") }, section)
    }

    func testBadSweepValueNamesTheVariantAndValue() throws {
        let scenario = try TemporaryScenario(Self.scenarioText)
        let outcome = try CLI.run(["compare", scenario.path, "--policy", "tracking", "--no-db",
                                   "--sweep", "tiers.api.autoscaling.tolerance=0.05,5"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("--sweep tiers.api.autoscaling.tolerance=5"), outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("(variant tracking [tolerance=5])"), outcome.summary)
        XCTAssertFalse(outcome.stderr.contains("tolerance=0.05)"), "the good value is no problem: \(outcome.stderr)")
    }

    func testBadSweepPathIsAnError() throws {
        let scenario = try TemporaryScenario(Self.scenarioText)
        let typo = try CLI.run(["compare", scenario.path, "--policy", "tracking", "--no-db", "--sweep", "tiers.api.autoscaling.tolerence=0.1"])
        XCTAssertEqual(typo.status, 2, typo.summary)
        XCTAssertTrue(typo.stderr.contains("--sweep tiers.api.autoscaling.tolerence=0.1"), typo.summary)
        XCTAssertTrue(typo.stderr.contains("(variant tracking [tolerence=0.1])"), typo.summary)
        let cases: [(String, String)] = [
            ("tiers.api.autoscaling.tolerance", "expected PATH=V1,V2"),
            ("seed=1,2", "common random numbers need it"),
            ("tiers..x=1", "dotted field names"),
            ("tiers.api.droplets=2,,3", "none empty"),
            ("tiers.api.droplets=2,2", "swept twice"),
        ]
        for (argument, message) in cases {
            let outcome = try CLI.run(["compare", scenario.path, "--no-db", "--sweep", argument])
            XCTAssertEqual(outcome.status, 2, "\(argument): \(outcome.summary)")
            XCTAssertTrue(outcome.stderr.contains(message), "\(argument): \(outcome.summary)")
        }
    }
}
