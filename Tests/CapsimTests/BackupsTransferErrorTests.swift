import Foundation
import XCTest

/// `tiers.<role>.backups` and `response_bytes` through the command line: a bad value is
/// bad input (exit 2) with `FILE:LINE:COLUMN: field: message`.
final class BackupsTransferErrorTests: XCTestCase {
    func check(_ text: String, fragment: String, path: String, message: String,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let scenario = try TemporaryScenario(text)
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary, file: file, line: line)
        let at = scenario.line(of: fragment, file: file, line: line)
        XCTAssertTrue(outcome.stderr.contains("\(scenario.path):\(at):"), outcome.summary, file: file, line: line)
        XCTAssertTrue(outcome.stderr.contains("\(path): \(message)"), outcome.summary, file: file, line: line)
    }

    func testUnknownBackupScheduleIsBadInput() throws {
        try check(MinimalScenario.replacing("droplets: 2", with: "droplets: 2\n    backups: hourly"),
                  fragment: "backups: hourly", path: "tiers.api.backups",
                  message: #"unknown backup schedule "hourly"; expected one of: none, weekly, daily"#)
    }

    func testResponseBytesWithoutUnitIsBadInput() throws {
        try check(MinimalScenario.replacing("query_time: 1ms", with: "query_time: 1ms\n    response_bytes: 40"),
                  fragment: "response_bytes: 40", path: "operations.listProjects.response_bytes",
                  message: #"a size needs a unit: "40""#)
    }

    func testResponseBytesDistributionNeedsSizes() throws {
        try check(MinimalScenario.replacing("calls: [listProjects]",
                                            with: "calls: [listProjects]\n    response_bytes: {distribution: lognormal, mean: 40 things, cv: 1}"),
                  fragment: "response_bytes: {distribution", path: "pages.projectPage.response_bytes.mean",
                  message: #"not a size: "40 things""#)
    }
}
