import Foundation
import GRDB
import XCTest

/// `run` and `compare` record into the run history, and the `runs` commands read it back:
/// the same report byte for byte, listings, differences, exports, removal.
final class HistoryCommandTests: XCTestCase {
    /// A folder with a history file path in it, removed when the test ends.
    final class HistoryFolder {
        let url: URL
        var database: String { url.appendingPathComponent("history.sqlite").path }

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-history-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        deinit {
            chmod(url.path, 0o755)
            try? FileManager.default.removeItem(at: url)
        }
    }

    /// The short id the report's last line names, e.g. "Recorded as run 3f9c2a1b.".
    static func recordedID(_ outcome: CLI.Outcome, file: StaticString = #filePath, line: UInt = #line) -> String {
        guard let range = outcome.stderr.range(of: #"capsim: recorded run [0-9a-f]{8} in "#, options: .regularExpression) else {
            XCTFail("no recorded-run line on standard error\n\(outcome.summary)", file: file, line: line)
            return ""
        }
        return String(outcome.stderr[range].dropFirst("capsim: recorded run ".count).prefix(8))
    }

    func testRunIsShownByteForByte() throws {
        let folder = try HistoryFolder()
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        for format in ["table", "markdown", "json", "csv"] {
            let run = try CLI.run(["run", scenario.path, "--horizon", "20m", "--format", format, "--db", folder.database])
            XCTAssertEqual(run.status, 0, run.summary)
            let id = Self.recordedID(run)
            XCTAssertTrue(run.stderr.hasSuffix("capsim: recorded run \(id) in \(folder.database)\n"), run.summary)
            switch format {
            case "table": XCTAssertTrue(run.stdout.hasSuffix("\nRecorded as run \(id).\n"), run.summary)
            case "markdown": XCTAssertTrue(run.stdout.hasSuffix("\n\nRecorded as run `\(id)`.\n"), run.summary)
            default: XCTAssertFalse(run.stdout.contains(id), "the \(format) report's schema has no id\n\(run.summary)")
            }
            let shown = try CLI.run(["runs", "show", id, "--format", format, "--db", folder.database])
            XCTAssertEqual(shown.status, 0, shown.summary)
            XCTAssertEqual(shown.stdout, run.stdout, "runs show \(id) --format \(format) differs from what run printed")
        }
    }

    func testComparisonIsShownByteForByte() throws {
        let folder = try HistoryFolder()
        for format in ["table", "json"] {
            let compare = try CLI.run(["compare", "scenarios/business-hours.yaml", "--horizon", "10m", "--replications", "2",
                                       "--format", format, "--db", folder.database])
            XCTAssertEqual(compare.status, 0, compare.summary)
            let id = Self.recordedID(compare)
            let shown = try CLI.run(["runs", "show", id, "--format", format, "--db", folder.database])
            XCTAssertEqual(shown.status, 0, shown.summary)
            XCTAssertEqual(shown.stdout, compare.stdout)
        }
        // Each comparison is listed with its variants under it.
        let list = try CLI.run(["runs", "list", "--variants", "--db", folder.database])
        XCTAssertEqual(list.status, 0, list.summary)
        XCTAssertEqual(list.stdout.components(separatedBy: " compare ").count - 1, 2, list.summary)
    }

    /// Two baseline runs that differ in the API tier's droplets: the diff shows the bill
    /// and latency moving, and no warning, since only the configuration changed.
    func testDiffOfTwoConfigurations() throws {
        let folder = try HistoryFolder()
        var ids: [String] = []
        for droplets in [2, 4] {
            let run = try CLI.run(["run", "scenarios/baseline.yaml", "--horizon", "20m", "--replications", "1",
                                   "--set", "start=2026-11-30T10:00:00", "--set", "tiers.api.droplets=\(droplets)", "--db", folder.database])
            XCTAssertEqual(run.status, 0, run.summary)
            ids.append(Self.recordedID(run))
        }
        let diff = try CLI.run(["runs", "diff", ids[0], ids[1], "--db", folder.database])
        XCTAssertEqual(diff.status, 0, diff.summary)
        XCTAssertFalse(diff.stdout.contains("warning"), diff.summary)
        let lines = diff.stdout.split(separator: "\n").map(String.init)
        let cost = try XCTUnwrap(lines.first { $0.hasPrefix("  monthly cost") }, diff.stdout)
        XCTAssertTrue(cost.contains("+$"), "the bill must grow with two more droplets: \(cost)")
        let droplets = try XCTUnwrap(lines.first { $0.hasPrefix("  api droplets") }, diff.stdout)
        XCTAssertTrue(droplets.contains("+100.0%"), droplets)
        let p99 = try XCTUnwrap(lines.first { $0.hasPrefix("  p99 latency") }, diff.stdout)
        XCTAssertTrue(p99.contains(" ms") && p99.contains("%"), p99)
        XCTAssertNotNil(lines.first { $0.hasPrefix("  api CPU utilization") }, diff.stdout)

        let json = try CLI.run(["runs", "diff", ids[0], ids[1], "--format", "json", "--db", folder.database])
        let document = try JSONAccess(text: json.stdout)
        XCTAssertEqual(document.string("schema"), "capsim.runs-diff/v1")

        // Another horizon is another load: the diff says so first.
        let longer = try CLI.run(["run", "scenarios/baseline.yaml", "--horizon", "30m", "--replications", "1",
                                  "--set", "start=2026-11-30T10:00:00", "--db", folder.database])
        let warned = try CLI.run(["runs", "diff", ids[0], Self.recordedID(longer), "--db", folder.database])
        XCTAssertEqual(warned.status, 0, warned.summary)
        XCTAssertTrue(warned.stdout.contains("warning: the runs' overrides change more than the configuration"), warned.stdout)
    }

    func testListFiltersAndExports() throws {
        let folder = try HistoryFolder()
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        let met = try CLI.run(["run", scenario.path, "--horizon", "10m", "--db", folder.database, "--series-csv", folder.url.appendingPathComponent("series.csv").path])
        let missed = try CLI.run(["run", scenario.path, "--horizon", "10m", "--set", "slos.latency.0.target=1ms", "--db", folder.database])
        let (metID, missedID) = (Self.recordedID(met), Self.recordedID(missed))

        let all = try CLI.run(["runs", "list", "--db", folder.database])
        XCTAssertEqual(all.status, 0, all.summary)
        let rows = all.stdout.split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.map { String($0.dropFirst(2).prefix(8)) }, [missedID, metID], "newest first\n\(all.stdout)")
        XCTAssertTrue(all.stdout.contains("minimal"), all.stdout)
        let onlyMissed = try CLI.run(["runs", "list", "--verdict", "missed", "--format", "json", "--db", folder.database])
        let listed = try JSONAccess(text: onlyMissed.stdout)
        XCTAssertEqual((listed.value("runs") as? [Any])?.count, 1, onlyMissed.stdout)
        XCTAssertEqual(listed.string("runs.0.id")?.prefix(8).description, missedID)
        let none = try CLI.run(["runs", "list", "--scenario", "elsewhere", "--db", folder.database])
        XCTAssertEqual(none.stdout, "No recorded run matches.\n")
        let future = try CLI.run(["runs", "list", "--since", "2999-01-01", "--db", folder.database])
        XCTAssertEqual(future.stdout, "No recorded run matches.\n")
        let badDate = try CLI.run(["runs", "list", "--since", "yesterday", "--db", folder.database])
        XCTAssertEqual(badDate.status, 2, badDate.summary)

        let json = try CLI.run(["run", scenario.path, "--horizon", "10m", "--format", "json", "--no-db"])
        let exported = try CLI.run(["runs", "export", metID, "--format", "json", "--db", folder.database])
        XCTAssertEqual(exported.status, 0, exported.summary)
        XCTAssertEqual(Self.withoutWallClock(exported.stdout), Self.withoutWallClock(json.stdout))
        let csv = try CLI.run(["runs", "export", metID, "--format", "csv", "--db", folder.database])
        XCTAssertEqual(csv.stdout, try String(contentsOf: folder.url.appendingPathComponent("series.csv"), encoding: .utf8))
    }

    static func withoutWallClock(_ text: String) -> String {
        text.replacingOccurrences(of: #""wallSeconds": [0-9.]+"#, with: "\"wallSeconds\": 0", options: .regularExpression)
    }

    func testRemoveAndCollectGarbage() throws {
        let folder = try HistoryFolder()
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        var ids: [String] = []
        for _ in 0..<4 {
            ids.append(Self.recordedID(try CLI.run(["run", scenario.path, "--horizon", "5m", "--db", folder.database])))
        }
        let removed = try CLI.run(["runs", "rm", ids[0], ids[1], "--db", folder.database])
        XCTAssertEqual(removed.status, 0, removed.summary)
        XCTAssertTrue(removed.stdout.hasPrefix("Removed 2 runs"), removed.stdout)
        let gone = try CLI.run(["runs", "show", ids[0], "--db", folder.database])
        XCTAssertEqual(gone.status, 2, gone.summary)
        let collected = try CLI.run(["runs", "gc", "--keep", "1", "--db", folder.database])
        XCTAssertEqual(collected.status, 0, collected.summary)
        XCTAssertTrue(collected.stdout.hasPrefix("Removed 1 run, kept the newest 1"), collected.stdout)
        let list = try CLI.run(["runs", "list", "--format", "json", "--db", folder.database])
        let document = try JSONAccess(text: list.stdout)
        XCTAssertEqual((document.value("runs") as? [Any])?.count, 1, list.stdout)
        XCTAssertEqual(document.string("runs.0.id")?.prefix(8).description, ids[3])
    }

    func testUnknownAndMalformedIDsSuggest() throws {
        let folder = try HistoryFolder()
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        let id = Self.recordedID(try CLI.run(["run", scenario.path, "--horizon", "5m", "--db", folder.database]))
        var typo = Array(id)
        typo[6] = typo[6] == "0" ? "1" : "0"
        let unknown = try CLI.run(["runs", "show", String(typo), "--db", folder.database])
        XCTAssertEqual(unknown.status, 2, unknown.summary)
        XCTAssertTrue(unknown.stderr.hasPrefix("capsim: no run has an id starting with \"\(String(typo))\"; the closest: \(id)"), unknown.summary)
        let short = try CLI.run(["runs", "show", "ab", "--db", folder.database])
        XCTAssertEqual(short.status, 2, short.summary)
        XCTAssertTrue(short.stderr.contains("give at least 4 of its hexadecimal digits"), short.summary)
        let missing = try CLI.run(["runs", "list", "--db", folder.url.appendingPathComponent("none.sqlite").path])
        XCTAssertEqual(missing.status, 2, missing.summary)
        XCTAssertTrue(missing.stderr.contains("no run history at"), missing.summary)
    }

    /// `--out` (or `--html`) naming the history is refused before the simulation: the
    /// report would replace the database.
    func testOutputOverTheHistoryIsRefused() throws {
        let folder = try HistoryFolder()
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        let first = try CLI.run(["run", scenario.path, "--horizon", "10m", "--db", folder.database])
        XCTAssertEqual(first.status, 0, first.summary)
        let before = try Data(contentsOf: URL(fileURLWithPath: folder.database))
        for flag in ["--out", "--html"] {
            let over = try CLI.run(["run", scenario.path, "--horizon", "10m", "--db", folder.database, flag, folder.database])
            XCTAssertEqual(over.status, 2, over.summary)
            XCTAssertTrue(over.stderr.contains("is an input of this run"), over.summary)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: folder.database)), before)
    }

    func testNoDBRecordsNothing() throws {
        let folder = try HistoryFolder()
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        let run = try CLI.run(["run", scenario.path, "--horizon", "5m", "--no-db"], environment: ["CAPSIM_DB": folder.database])
        XCTAssertEqual(run.status, 0, run.summary)
        XCTAssertFalse(run.stdout.contains("Recorded as run"), run.summary)
        XCTAssertEqual(run.stderr, "", run.summary)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.database))
        let both = try CLI.run(["run", scenario.path, "--no-db", "--db", folder.database])
        XCTAssertEqual(both.status, 2, both.summary)
    }

    /// Without --db or CAPSIM_DB the history goes under XDG_DATA_HOME, its folder created.
    func testDefaultLocationFollowsXDG() throws {
        let folder = try HistoryFolder()
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        let run = try CLI.run(["run", scenario.path, "--horizon", "5m"],
                              environment: ["CAPSIM_DB": "", "XDG_DATA_HOME": folder.url.path])
        XCTAssertEqual(run.status, 0, run.summary)
        let expected = folder.url.appendingPathComponent("capsim/history.sqlite").path
        XCTAssertTrue(run.stderr.hasSuffix(" in \(expected)\n"), run.summary)
        XCTAssertTrue(FileManager.default.fileExists(atPath: expected))
    }
}
