import Foundation
import XCTest

/// Command-line mistakes are bad input (exit 2), not argument-parser's 64 and not a crash.
final class ArgumentErrorTests: XCTestCase {
    func testUnknownRunOptionExitsTwo() throws {
        let outcome = try CLI.run(["run", "--seeed", "1", "x.yaml"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("Unknown option '--seeed'"), outcome.summary)
        XCTAssertEqual(outcome.stdout, "", outcome.summary)
    }

    func testUnknownSubcommandExitsTwo() throws {
        let outcome = try CLI.run(["frobnicate"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
    }

    func testZeroJobsExitsTwo() throws {
        let outcome = try CLI.run(["run", "scenarios/baseline.yaml", "--jobs", "0"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("--jobs must be a whole number from 1 to 4096"), outcome.summary)
    }
}
