import Foundation
import XCTest

/// `capsim configuration` prints a plan; `--configuration FILE` applies one to run, check
/// and analyze, with a bad file refused at its line.
final class ConfigurationCommandTests: XCTestCase {
    func temporaryFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-plan-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testPrintsTheCanonicalFormWithItsHash() throws {
        let outcome = try CLI.run(["configuration", "scenarios/baseline.yaml"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first,
                       "# capsim configuration of baseline; content hash sha256:1bbaf6a9009681837d91a68e63d4e9fe39a29448279f8a8f9d462b8749d28549")
        XCTAssertEqual(lines.dropFirst().first, "schema: capsim.configuration/v1")
        XCTAssertTrue(lines.contains("  droplet_size: s-2vcpu-4gb"), outcome.summary)
        XCTAssertTrue(lines.contains("  ttl_seconds: 300"), outcome.summary)
    }

    /// The printed plan, edited, runs exactly like the `--set` overrides that say the same.
    func testAnEditedPlanRunsLikeTheEquivalentOverrides() throws {
        let printed = try CLI.run(["configuration", "scenarios/baseline.yaml"])
        XCTAssertEqual(printed.status, 0, printed.summary)
        // The api tier comes first: its droplets line is the first one.
        let firstChange = try XCTUnwrap(printed.stdout.range(of: "  droplets: 2\n"))
        var plan = printed.stdout
        plan.replaceSubrange(firstChange, with: "  droplets: 3\n")
        let file = try temporaryFile(plan)
        let common = ["scenarios/baseline.yaml", "--horizon", "20m", "--replications", "1", "--jobs", "1", "--format", "json",
                      "--set", "start=2026-11-30T10:00:00"]
        let fromPlan = try CLI.run(["run"] + common + ["--configuration", file.path])
        let fromSet = try CLI.run(["run"] + common + ["--set", "tiers.api.droplets=3"])
        XCTAssertEqual(fromPlan.status, 0, fromPlan.summary)
        XCTAssertEqual(fromSet.status, 0, fromSet.summary)
        func withoutWallTime(_ text: String) -> String {
            text.split(separator: "\n").filter { !$0.contains("wallSeconds") }.joined(separator: "\n")
        }
        XCTAssertGreaterThan(fromPlan.stdout.count, 1000)
        XCTAssertEqual(withoutWallTime(fromPlan.stdout), withoutWallTime(fromSet.stdout))
        let checked = try CLI.run(["check", "scenarios/baseline.yaml", "--configuration", file.path])
        XCTAssertEqual(checked.status, 0, checked.summary)
        XCTAssertTrue(checked.stdout.contains("configuration \(file.path) applies (sha256:"), checked.summary)
    }

    func testABadPlanIsRefusedAtItsLine() throws {
        let file = try temporaryFile("""
            schema: capsim.configuration/v1
            tiers:
            - role: api
              droplet_size: s-2vcpu-4gb
              droplets: 2
              workers_per_droplet: 2
            database:
              plan: db-s-4vcpu-8gb
              pool_mode: transaction
              pool_size: 40
            """)
        for command in ["run", "check", "analyze"] {
            let outcome = try CLI.run([command, "scenarios/baseline.yaml", "--configuration", file.path])
            XCTAssertEqual(outcome.status, 2, outcome.summary)
            XCTAssertFalse(outcome.crashed, outcome.summary)
            XCTAssertEqual(outcome.stdout, "", outcome.summary)
            XCTAssertEqual(outcome.stderr, "\(file.path):3:1: tiers: the scenario's web tier is not configured\n", outcome.summary)
        }
        let missing = try CLI.run(["run", "scenarios/baseline.yaml", "--configuration", "/nonexistent/plan.yaml"])
        XCTAssertEqual(missing.status, 2, missing.summary)
        XCTAssertEqual(missing.stderr, "/nonexistent/plan.yaml: cannot read the configuration file (no such file)\n", missing.summary)
    }

    /// The plan is an input: an output that would replace it is refused before any work.
    func testAnOutputCannotReplaceThePlan() throws {
        let printed = try CLI.run(["configuration", "scenarios/baseline.yaml"])
        let file = try temporaryFile(printed.stdout)
        let outcome = try CLI.run(["run", "scenarios/baseline.yaml", "--horizon", "10m", "--configuration", file.path, "--out", file.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), printed.stdout)
    }

    func testAVariantsConfigurationIsPrinted() throws {
        let outcome = try CLI.run(["configuration", "scenarios/business-hours.yaml", "--variant", "current-rule-hpa"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("kind: target-tracking"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("    minimum: 2\n    maximum: 10\n"), outcome.summary)
    }
}
