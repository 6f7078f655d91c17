import Foundation
import XCTest

/// `--html` reports as a reader sees them: `capsim run` and `capsim compare` write a
/// report, and scripts/check-report loads it in headless Chromium and fails on a console
/// error, a fetch, an empty chart, a chart without legend, axis titles or tick labels,
/// and overlapping labels. Screenshots land in .build/report-screenshots/ for a person to
/// look at.
///
/// Chromium comes from scripts/setup (Debian's `chromium`); without it the test fails,
/// unless CAPSIM_SKIP_BROWSER=1 says this machine cannot run a browser.
final class HTMLReportBrowserTests: XCTestCase {
    static let screenshots = CLI.repositoryRoot.appendingPathComponent(".build/report-screenshots")

    override func setUpWithError() throws {
        if ProcessInfo.processInfo.environment["CAPSIM_SKIP_BROWSER"] == "1" {
            throw XCTSkip("CAPSIM_SKIP_BROWSER=1: the browser check of the HTML reports is skipped")
        }
        let names = ProcessInfo.processInfo.environment["CAPSIM_CHROMIUM"].map { [$0] }
            ?? ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        guard names.contains(where: { Self.onPath($0) }) else {
            XCTFail("Chromium is not installed (looked for \(names.joined(separator: ", "))): run scripts/setup, which installs it; "
                    + "set CAPSIM_SKIP_BROWSER=1 to skip this test on a machine without a browser")
            throw XCTSkip("no Chromium")
        }
    }

    static func onPath(_ name: String) -> Bool {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    func testRunReportRendersInABrowser() throws {
        let folder = try scratchFolder()
        let report = folder.appendingPathComponent("run.html").path
        let run = try CLI.run(["run", CLI.baselinePath, "--horizon", "6h", "--replications", "2", "--out", "/dev/null", "--html", report])
        XCTAssertEqual(run.status, 0, run.summary)
        try check(report, screenshot: "run.png", minimumCharts: 9)
    }

    func testComparisonReportRendersInABrowser() throws {
        let folder = try scratchFolder()
        let report = folder.appendingPathComponent("compare.html").path
        let scenario = CLI.repositoryRoot.appendingPathComponent("scenarios/business-hours.yaml").path
        let compare = try CLI.run(["compare", scenario, "--horizon", "2h", "--replications", "2", "--out", "/dev/null", "--html", report])
        XCTAssertEqual(compare.status, 0, compare.summary)
        // The frontier, the forest plot, and nine series overlaid (the scenario has no web tier).
        try check(report, screenshot: "compare.png", minimumCharts: 11)
    }

    /// Runs scripts/check-report on `report`; its output is the failure message.
    private func check(_ report: String, screenshot: String, minimumCharts: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", CLI.repositoryRoot.appendingPathComponent("scripts/check-report").path, report,
                             "--screenshot", Self.screenshots.appendingPathComponent(screenshot).path, "--min-charts", String(minimumCharts)]
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("check-report-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        XCTAssertEqual(process.terminationStatus, 0, "scripts/check-report \(report):\n\(text)", file: file, line: line)
        XCTAssertTrue(FileManager.default.fileExists(atPath: Self.screenshots.appendingPathComponent(screenshot).path),
                      "a screenshot is written", file: file, line: line)
    }

    private func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-html-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }
}
