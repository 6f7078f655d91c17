import Foundation
import XCTest

/// DESIGN §8: 0 ok, 1 SLO missed under --check-slo, 2 bad input.
final class ExitCodeTests: XCTestCase {
    static let arguments = ["run", "scenarios/baseline.yaml", "--horizon", "10m", "--replications", "1"]

    func testMissedObjectiveExitsOneWithCheckSLO() throws {
        let outcome = try CLI.run(Self.arguments + ["--check-slo", "--set", "slos.latency.0.target=1ms"])
        XCTAssertEqual(outcome.status, 1, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("capsim: SLO missed: p95 latency "), "stderr names the objective\n\(outcome.summary)")
        XCTAssertTrue(outcome.stdout.contains("MISSED"), "the report is still printed\n\(outcome.summary)")
    }

    func testMissedObjectiveWithoutCheckSLOExitsZero() throws {
        let outcome = try CLI.run(Self.arguments + ["--set", "slos.latency.0.target=1ms"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
    }

    func testMetObjectivesExitZeroWithCheckSLO() throws {
        let outcome = try CLI.run(Self.arguments + ["--check-slo"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
    }

    func testHelpExitsZero() throws {
        let outcome = try CLI.run(["run", "--help"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("--replications"), outcome.summary)
    }
}
