import Foundation
import XCTest

/// `capsim run --format table|markdown|csv` and `--out FILE`.
final class OutputFormatTests: XCTestCase {
    /// Short runs: the format, not the simulation, is under test.
    static let arguments = ["run", "scenarios/baseline.yaml", "--horizon", "30m", "--replications", "1"]

    func testTableFormatShowsSections() throws {
        let outcome = try CLI.run(Self.arguments + ["--format", "table"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        for marker in ["capsim run — baseline", "Requests (all replications)", "Latency (ms)", "Capacity", "Cost",
                       "Service level objectives", "api tier"] {
            XCTAssertTrue(outcome.stdout.contains(marker), "table lacks \"\(marker)\"\n\(outcome.summary)")
        }
    }

    func testMarkdownFormatHasHeadingsAndTables() throws {
        let outcome = try CLI.run(Self.arguments + ["--format", "markdown"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.hasPrefix("# capsim run: baseline\n"), outcome.summary)
        for marker in ["## Service level objectives", "## Requests", "## Latency (ms)", "## Cost", "|---|"] {
            XCTAssertTrue(outcome.stdout.contains(marker), "markdown lacks \"\(marker)\"\n\(outcome.summary)")
        }
    }

    func testCSVFormatHasHeaderAndFourColumns() throws {
        let outcome = try CLI.run(Self.arguments + ["--format", "csv"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "section,name,metric,value", outcome.summary)
        XCTAssertTrue(lines.contains { $0.hasPrefix("requests,all,total,") }, outcome.summary)
        XCTAssertTrue(lines.contains { $0.hasPrefix("cost,total,monthlyUSD,") }, outcome.summary)
        let plain = lines.filter { !$0.contains("\"") }
        XCTAssertGreaterThan(plain.count, 50, "a loop over no line would pass\n\(outcome.summary)")
        for line in plain {
            XCTAssertEqual(line.split(separator: ",", omittingEmptySubsequences: false).count, 4, "CSV line: \(line)")
        }
    }

    func testOutWritesFileAndNothingToStandardOutput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("report.json")
        let outcome = try CLI.run(Self.arguments + ["--format", "json", "--out", target.path])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertEqual(outcome.stdout, "", "--out must keep stdout empty\n\(outcome.summary)")
        let data = try Data(contentsOf: target)
        let json = try JSONAccess(data: data)
        XCTAssertEqual(json.string("schema"), "capsim.run/v1")
    }

    func testOutIntoMissingDirectoryFailsAndLeavesNoFile() throws {
        let target = "/nonexistent-dir/x.json"
        let outcome = try CLI.run(Self.arguments + ["--format", "json", "--out", target])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("--out \(target): the folder /nonexistent-dir does not exist"), outcome.summary)
        XCTAssertEqual(outcome.stdout, "", outcome.summary)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
    }
}
