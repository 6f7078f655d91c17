import Foundation
import XCTest

/// Every command's `--help` and the table of one short run, compared with files kept
/// beside this test (`Golden/`), as swift-argument-parser's example tests compare theirs.
/// A change of wording then shows in review instead of going stale in the README.
///
/// To record the files anew after an intended change:
/// `CAPSIM_RECORD_GOLDEN=1 scripts/test --filter GoldenOutputTests`, then read the diff.
final class GoldenOutputTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func testEveryCommandsHelp() throws {
        for command in ["", "run", "compare", "check", "analyze", "configuration", "validate", "catalog", "runs", "report", "optimize", "plan", "trace", "forecast"] {
            let arguments = command.isEmpty ? ["--help"] : [command, "--help"]
            let outcome = try CLI.run(arguments)
            XCTAssertEqual(outcome.status, 0, outcome.summary)
            try assertGolden(outcome.stdout, named: "help-\(command.isEmpty ? "capsim" : command).txt")
        }
    }

    /// A short run of the minimal scenario: every line but the wall-clock one is fixed by
    /// the scenario and the seed.
    func testShortRunTable() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        let outcome = try CLI.run(["run", scenario.path, "--horizon", "10m", "--jobs", "1", "--no-db"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.contains(" events in ") ? "<events and wall time>" : String(line)
        }
        try assertGolden(lines.joined(separator: "\n"), named: "run-minimal-10m.txt")
    }

    /// The JSON of a short run and of a short comparison: `capsim.run/v1` and
    /// `capsim.compare/v1` promise the same bytes from the same seed, so every line but the
    /// wall-clock one is compared. The files were first written by the hand-built JSON that
    /// the summaries' encoding replaced, and the encoding writes them byte for byte.
    func testShortRunAndComparisonJSON() throws {
        let cases = [
            ("run-baseline-20m.json", ["run", "scenarios/baseline.yaml"]),
            ("compare-business-hours-20m.json", ["compare", "scenarios/business-hours.yaml"]),
        ]
        for (name, command) in cases {
            let outcome = try CLI.run(command + ["--horizon", "20m", "--replications", "2", "--set", "start=2026-11-30T10:00:00",
                                                 "--format", "json"])
            XCTAssertEqual(outcome.status, 0, outcome.summary)
            let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                line.hasPrefix("  \"wallSeconds\": ") ? "  \"wallSeconds\": <wall time>" : String(line)
            }
            try assertGolden(lines.joined(separator: "\n"), named: name)
        }
    }

    func assertGolden(_ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CAPSIM_RECORD_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden file \(name); record it with CAPSIM_RECORD_GOLDEN=1", file: file, line: line)
            return
        }
        if text != expected {
            let ours = text.split(separator: "\n", omittingEmptySubsequences: false)
            let theirs = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, theirs.count)
            XCTFail("""
                \(name) differs at line \(first + 1):
                  expected: \(first < theirs.count ? String(theirs[first]) : "<end>")
                  actual:   \(first < ours.count ? String(ours[first]) : "<end>")
                (record anew with CAPSIM_RECORD_GOLDEN=1 if the change is intended)
                """, file: file, line: line)
        }
    }
}
