import Foundation
import XCTest

/// `capsim report ID… --html FILE`: the pages of recorded runs, drawn from the summaries the
/// history gives back.
final class ReportCommandTests: XCTestCase {
    func html(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The page written from the history is the page `--html` wrote at the time, byte for
    /// byte; a comparison's page overlays its variants; several runs overlay.
    func testReportsFromTheHistoryMatchThePagesWrittenAtTheTime() throws {
        let folder = try HistoryCommandTests.HistoryFolder()
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        let direct = folder.url.appendingPathComponent("direct.html").path
        let run = try CLI.run(["run", scenario.path, "--horizon", "20m", "--db", folder.database, "--html", direct])
        XCTAssertEqual(run.status, 0, run.summary)
        let first = HistoryCommandTests.recordedID(run)
        let stored = folder.url.appendingPathComponent("stored.html").path
        let report = try CLI.run(["report", first, "--html", stored, "--db", folder.database])
        XCTAssertEqual(report.status, 0, report.summary)
        XCTAssertEqual(try html(stored), try html(direct), "capsim report \(first) differs from the run's own --html page")

        let compareDirect = folder.url.appendingPathComponent("compare-direct.html").path
        let compare = try CLI.run(["compare", "scenarios/business-hours.yaml", "--horizon", "10m", "--replications", "2",
                                   "--db", folder.database, "--html", compareDirect])
        XCTAssertEqual(compare.status, 0, compare.summary)
        let comparison = HistoryCommandTests.recordedID(compare)
        let compareStored = folder.url.appendingPathComponent("compare-stored.html").path
        let fromHistory = try CLI.run(["report", comparison, "--html", compareStored, "--db", folder.database])
        XCTAssertEqual(fromHistory.status, 0, fromHistory.summary)
        // The variants' wall time is the comparison's in both; the pages are the same.
        XCTAssertEqual(try html(compareStored), try html(compareDirect))

        let second = try CLI.run(["run", scenario.path, "--horizon", "20m", "--seed", "9", "--db", folder.database])
        let overlay = folder.url.appendingPathComponent("overlay.html").path
        let both = try CLI.run(["report", first, HistoryCommandTests.recordedID(second), "--html", overlay, "--db", folder.database])
        XCTAssertEqual(both.status, 0, both.summary)
        let page = try html(overlay)
        XCTAssertTrue(page.contains("<svg"), "an overlay of two runs draws charts")
        XCTAssertFalse(page.contains("<script"), "the page runs no script")

        // A comparison among other ids is refused, naming what to do instead.
        let mixed = try CLI.run(["report", first, comparison, "--html", overlay, "--db", folder.database])
        XCTAssertEqual(mixed.status, 2, mixed.summary)
        XCTAssertTrue(mixed.stderr.contains("is a comparison: name it alone"), mixed.summary)
        let unknown = try CLI.run(["report", "abcdef12", "--html", overlay, "--db", folder.database])
        XCTAssertEqual(unknown.status, 2, unknown.summary)
        XCTAssertFalse(unknown.crashed, unknown.summary)
    }
}
