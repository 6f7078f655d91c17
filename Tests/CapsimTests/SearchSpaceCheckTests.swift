import Foundation
import XCTest

/// `capsim check` validates a search space (the scenario's `search:` block, and
/// `--space FILE`) and prints its size; a bad space is bad input, exit 2, at its line.
final class SearchSpaceCheckTests: XCTestCase {
    /// The minimal scenario's plan (db-s-1vcpu-2gb) has 47 backend connections: a pool of 60
    /// does not fit it, and does fit db-s-2vcpu-4gb (97).
    static let block = """
        search:
          tiers:
            api:
              size: [s-2vcpu-4gb, s-4vcpu-8gb]
              droplets: 2..4
          database:
            plan: [db-s-1vcpu-2gb, db-s-2vcpu-4gb]
            pool_size: [20, 60]

        """

    static let summary = [
        "24 combinations, 18 valid, 6 excluded",
        "  api: 2 sizes × 3 fleets · database: 2 plans × 2 pool sizes",
        "  excluded 6: database.pool_size: pool_size + reserve_pool_size exceeds the plan's backend connections",
    ]

    func temporaryFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-space-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The lines of a successful check after the scenario's own two (or three).
    func spaceLines(_ outcome: CLI.Outcome) -> [String] {
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("search space (") }) else { return [] }
        return Array(lines[start...])
    }

    func testCheckPrintsTheSizeOfTheScenariosSpace() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text + Self.block)
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.hasPrefix("\(scenario.path): OK"), outcome.summary)
        XCTAssertEqual(spaceLines(outcome), ["search space (\(scenario.path)): " + Self.summary[0]] + Self.summary.dropFirst(), outcome.summary)
    }

    func testCheckReadsTheSpaceFromStandardInputOnce() throws {
        let outcome = try CLI.run(["check", "-"], standardInput: MinimalScenario.text + Self.block)
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertEqual(spaceLines(outcome).first, "search space (-): " + Self.summary[0], outcome.summary)
    }

    func testCheckWithASpaceFileInEitherForm() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let wrapped = try temporaryFile(Self.block)
        let bare = try temporaryFile(Self.block.split(separator: "\n").dropFirst().map { String($0.dropFirst(2)) }.joined(separator: "\n"))
        for file in [wrapped, bare] {
            let outcome = try CLI.run(["check", scenario.path, "--space", file.path])
            XCTAssertEqual(outcome.status, 0, outcome.summary)
            XCTAssertEqual(spaceLines(outcome), ["search space (\(file.path)): " + Self.summary[0]] + Self.summary.dropFirst(), outcome.summary)
        }
        // Without a space, check prints none.
        let plain = try CLI.run(["check", scenario.path])
        XCTAssertEqual(plain.status, 0, plain.summary)
        XCTAssertFalse(plain.stdout.contains("search space"), plain.summary)
    }

    func testABadSpaceFileIsBadInputAtItsLineAndField() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let file = try temporaryFile("tiers:\n  api:\n    sise: [s-2vcpu-4gb]\n    droplets: 3..1\n")
        let outcome = try CLI.run(["check", scenario.path, "--space", file.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
        XCTAssertEqual(outcome.stdout, "", "nothing that looks like success: \(outcome.summary)")
        XCTAssertEqual(outcome.stderr.split(separator: "\n").map(String.init), [
            "\(file.path):3:5: search.tiers.api.sise: unknown field \"sise\"; did you mean \"size\"?",
            "\(file.path):4:15: search.tiers.api.droplets: the range 3..1 is empty: its start must not exceed its end",
        ], outcome.summary)
    }

    func testABadBlockInTheScenarioIsBadInputAtTheScenariosLine() throws {
        let text = MinimalScenario.text + "search:\n  tiers:\n    web:\n      droplets: 2\n  response_cache:\n    listProject: [30s]\n"
        let scenario = try TemporaryScenario(text)
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertEqual(outcome.stdout, "", outcome.summary)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").map(String.init), [
            "\(scenario.path):\(scenario.line(of: "    web:")):5: search.tiers.web: the scenario minimal has no web tier (it runs api)",
            "\(scenario.path):\(scenario.line(of: "listProject:")):5: search.response_cache.listProject: the scenario has no operation \"listProject\"; did you mean \"listProjects\"?",
        ], outcome.summary)
    }

    func testASpaceWithoutAValidConfigurationIsBadInput() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text + "search:\n  database:\n    pool_size: [50, 60]\n")
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertEqual(outcome.stdout, "", outcome.summary)
        let line = scenario.line(of: "search:")
        XCTAssertEqual(outcome.stderr.split(separator: "\n").map(String.init), [
            "\(scenario.path):\(line):1: search: the search space has no valid configuration: all 2 combinations are excluded",
            "\(scenario.path):\(line):1: search: excluded 2: database.pool_size: pool_size + reserve_pool_size exceeds the plan's backend connections "
                + "(e.g. api 2×s-2vcpu-4gb · db-s-1vcpu-2gb pool 50)",
        ], outcome.summary)
    }

    func testSetCannotChangeTheSpace() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text + Self.block)
        let outcome = try CLI.run(["check", scenario.path, "--set", "search.tiers.api.droplets=3"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertEqual(outcome.stdout, "", outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("--set cannot change the search space"), outcome.summary)
    }

    func testAMissingSpaceFileIsBadInput() throws {
        let outcome = try CLI.run(["check", "scenarios/baseline.yaml", "--space", "no-such-space.yaml"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertEqual(outcome.stdout, "", outcome.summary)
        XCTAssertEqual(outcome.stderr, "no-such-space.yaml: cannot read the search space file (no such file)\n", outcome.summary)
    }
}
