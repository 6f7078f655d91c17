import Foundation
import XCTest

/// `--html FILE` follows the rules of every output: checked before the simulation, never
/// over an input, never sharing standard output with the report, written together with
/// the other outputs.
final class HTMLOutputTests: XCTestCase {
    func testRunWritesTheReportAndTheHTMLTogether() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let report = scenario.directory.appendingPathComponent("report.json")
        let html = scenario.directory.appendingPathComponent("report.html")
        let outcome = try CLI.run(["run", scenario.path, "--horizon", "10m", "--format", "json", "--out", report.path, "--html", html.path])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(try String(contentsOf: report, encoding: .utf8).contains("capsim.run/v1"))
        let page = try String(contentsOf: html, encoding: .utf8)
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(page.contains("<h1>capsim run: minimal</h1>"))
        // Eight charts, and the bar chart of failures by cause when anything failed.
        XCTAssertEqual(page.components(separatedBy: "<svg class=\"chart\"").count - 1, page.contains("over the run, by cause") ? 9 : 8)
        XCTAssertTrue(page.contains("Monthly cost of the costliest tenants"))
    }

    func testAMissingFolderIsRefusedBeforeTheSimulation() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let missing = scenario.directory.appendingPathComponent("no-such-folder/report.html").path
        // A week: were the path checked after the simulation, the test would wait for it.
        let outcome = try CLI.run(["run", scenario.path, "--horizon", "7d", "--html", missing], timeout: 20)
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("--html \(missing): the folder"), outcome.summary)
        XCTAssertEqual(outcome.stdout, "", "nothing ran")
    }

    func testCompareRefusesToWriteTheHTMLOverItsScenario() throws {
        let text = MinimalScenario.text.replacingOccurrences(of: "replications: 1", with: "replications: 2")
            + "variants:\n  - {name: more, set: {tiers.api.droplets: 3}}\n"
        let scenario = try TemporaryScenario(text)
        let outcome = try CLI.run(["compare", scenario.path, "--html", scenario.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("--html \(scenario.path): is an input of this run"), outcome.summary)
        XCTAssertEqual(try String(contentsOf: scenario.url, encoding: .utf8), text)
    }

    func testHTMLAndTheReportCannotBothGoToStandardOutput() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let outcome = try CLI.run(["run", scenario.path, "--html", "-"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("--out and --html both go to standard output"), outcome.summary)
    }

    func testHTMLAndTheReportCannotNameTheSameFile() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let both = scenario.directory.appendingPathComponent("both.html").path
        let outcome = try CLI.run(["run", scenario.path, "--out", both, "--html", both])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("--out and --html name the same file"), outcome.summary)
        XCTAssertFalse(FileManager.default.fileExists(atPath: both))
    }
}
