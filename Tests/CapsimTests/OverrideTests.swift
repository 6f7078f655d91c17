import Foundation
import XCTest

/// `--set PATH=VALUE` overrides are validated like file values, and problems name the flag.
final class OverrideTests: XCTestCase {
    func testInvalidOverrideNamesTheFlag() throws {
        let outcome = try CLI.run(["check", "scenarios/baseline.yaml", "--set", "tiers.api.droplets=abc"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
        XCTAssertEqual(outcome.stdout, "", outcome.summary)
        XCTAssertEqual(outcome.stderr, "--set tiers.api.droplets: tiers.api.droplets: expected a whole number, found \"abc\"\n",
                       outcome.summary)
    }

    func testValidOverridePasses() throws {
        let outcome = try CLI.run(["check", "scenarios/baseline.yaml", "--set", "tiers.api.droplets=3"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.hasPrefix("scenarios/baseline.yaml: OK"), outcome.summary)
        XCTAssertEqual(outcome.stderr, "", outcome.summary)
    }

    func testOverrideWithoutEqualsSignIsBadInput() throws {
        let outcome = try CLI.run(["check", "scenarios/baseline.yaml", "--set", "tiers.api.droplets"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("--set tiers.api.droplets: expected PATH=VALUE"), outcome.summary)
    }
}
