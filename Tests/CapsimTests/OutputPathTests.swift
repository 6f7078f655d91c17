import Foundation
import XCTest

/// Where `--out` and `--series-csv` may write: never over an input, never replacing a
/// link, device, pipe or read-only file, and every path checked before the simulation.
final class OutputPathTests: XCTestCase {
    func testRunRefusesToWriteOverItsScenario() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let outcome = try CLI.run(["run", scenario.path, "--out", scenario.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("is an input of this run"), outcome.summary)
        XCTAssertEqual(try String(contentsOf: scenario.url, encoding: .utf8), scenario.text)
    }

    func testRunRefusesAnotherSpellingOfItsScenario() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let link = scenario.directory.appendingPathComponent("link.yaml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: scenario.url)
        let dotted = scenario.directory.path + "/./scenario.yaml"
        for out in [link.path, dotted] {
            let outcome = try CLI.run(["run", scenario.path, "--out", out])
            XCTAssertEqual(outcome.status, 2, outcome.summary)
            XCTAssertEqual(try String(contentsOf: scenario.url, encoding: .utf8), scenario.text)
        }
    }

    func testCompareRefusesToWriteOverItsScenario() throws {
        let text = MinimalScenario.text.replacingOccurrences(of: "replications: 1", with: "replications: 2")
            + "variants:\n  - {name: more, set: {tiers.api.droplets: 3}}\n"
        let scenario = try TemporaryScenario(text)
        let outcome = try CLI.run(["compare", scenario.path, "--out", scenario.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertEqual(try String(contentsOf: scenario.url, encoding: .utf8), text)
    }

    func testSeriesRefusesToWriteOverThePredictiveHistory() throws {
        let root = CLI.repositoryRoot.appendingPathComponent("scenarios")
        let scenario = try TemporaryScenario(try String(contentsOf: root.appendingPathComponent("business-hours.yaml"), encoding: .utf8),
                                             name: "business-hours.yaml")
        let history = scenario.directory.appendingPathComponent("business-hours-history.csv")
        try FileManager.default.copyItem(at: root.appendingPathComponent("business-hours-history.csv"), to: history)
        try FileManager.default.copyItem(at: root.appendingPathComponent("business-hours-history-exact.csv"),
                                         to: scenario.directory.appendingPathComponent("business-hours-history-exact.csv"))
        let before = try Data(contentsOf: history)
        let outcome = try CLI.run(["run", scenario.path, "--variant", "predictive+tracking", "--horizon", "10m",
                                   "--series-csv", history.path, "--out", scenario.directory.appendingPathComponent("r.txt").path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("--series-csv \(history.path): is an input of this run"), outcome.summary)
        XCTAssertEqual(try Data(contentsOf: history), before)
    }

    func testSymbolicLinkStaysALinkAndItsTargetIsReplaced() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let target = scenario.directory.appendingPathComponent("report.txt")
        try Data("old".utf8).write(to: target)
        let link = scenario.directory.appendingPathComponent("latest.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let outcome = try CLI.run(["run", scenario.path, "--horizon", "10m", "--out", link.path])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), target.path)
        XCTAssertTrue(try String(contentsOf: target, encoding: .utf8).contains("capsim"), "the link's target holds the report")
    }

    func testReadOnlyFileIsNotReplaced() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let target = scenario.directory.appendingPathComponent("report.txt")
        try Data("keep".utf8).write(to: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: target.path)
        let outcome = try CLI.run(["run", scenario.path, "--horizon", "10m", "--out", target.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("is read-only"), outcome.summary)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "keep")
    }

    func testDevicesAreWrittenThroughNotReplaced() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let outcome = try CLI.run(["run", scenario.path, "--horizon", "10m", "--out", "/dev/null"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        var info = stat()
        XCTAssertEqual(stat("/dev/null", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "/dev/null must stay a character device")
        let stdout = try CLI.run(["run", scenario.path, "--horizon", "10m", "--format", "json", "--out", "/dev/stdout"])
        XCTAssertEqual(stdout.status, 0, stdout.summary)
        XCTAssertTrue(stdout.stdout.contains("\"schema\": \"capsim.run/v1\""), stdout.summary)
    }

    func testFIFOIsWrittenThrough() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let fifo = scenario.directory.appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let reader = Thread {
            let descriptor = open(fifo, O_RDONLY)
            guard descriptor >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while read(descriptor, &buffer, buffer.count) > 0 {}
            close(descriptor)
        }
        reader.start()
        let outcome = try CLI.run(["run", scenario.path, "--horizon", "10m", "--out", fifo], timeout: 60)
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO must stay a FIFO")
    }

    func testDashIsStandardOutput() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let outcome = try CLI.run(["run", scenario.path, "--horizon", "10m", "--format", "csv", "--out", "-"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.hasPrefix("section,name,metric,value"), outcome.summary)
        XCTAssertFalse(FileManager.default.fileExists(atPath: CLI.repositoryRoot.appendingPathComponent("-").path))
    }

    func testReportAndSeriesAreBothWritten() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let report = scenario.directory.appendingPathComponent("report.json")
        let series = scenario.directory.appendingPathComponent("series.csv")
        let outcome = try CLI.run(["run", scenario.path, "--horizon", "10m", "--format", "json", "--out", report.path,
                                   "--series-csv", series.path])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(try String(contentsOf: report, encoding: .utf8).contains("capsim.run/v1"))
        XCTAssertTrue(try String(contentsOf: series, encoding: .utf8).hasPrefix("minute,"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scenario.directory.path).filter { $0.contains(".capsim-") }
        XCTAssertEqual(leftovers, [], "no temporary file may stay behind")
    }

    func testMissingFolderFailsBeforeTheSimulation() throws {
        let started = Date()
        let outcome = try CLI.run(["run", CLI.baselinePath, "--out", "/nonexistent-capsim-folder/report.json"], timeout: 30)
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "a week of the baseline must not be simulated first")
    }
}
