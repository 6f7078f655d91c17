import Foundation
import XCTest

/// A run is a function of the scenario and seed: the number of parallel jobs changes nothing
/// but the wall-clock time, and another seed changes the numbers.
final class DeterminismTests: XCTestCase {
    static let arguments = ["run", "scenarios/baseline.yaml", "--horizon", "2h", "--replications", "2", "--format", "json"]

    /// The `--jobs 2` run, shared by both tests: each run takes seconds in a debug build.
    static let parallelRun = Result { try CLI.run(arguments + ["--jobs", "2"]) }

    /// The report without its one wall-clock line.
    static func withoutWallClock(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("\"wallSeconds\"") }
            .joined(separator: "\n")
    }

    func testJobCountDoesNotChangeOutput() throws {
        let serial = try CLI.run(Self.arguments + ["--jobs", "1"])
        let parallel = try Self.parallelRun.get()
        XCTAssertEqual(serial.status, 0, serial.summary)
        XCTAssertEqual(parallel.status, 0, parallel.summary)
        XCTAssertTrue(serial.stdout.contains("\"wallSeconds\""), "the report must carry wallSeconds\n\(serial.summary)")
        let serialText = Self.withoutWallClock(serial.stdout)
        let parallelText = Self.withoutWallClock(parallel.stdout)
        XCTAssertFalse(serialText.isEmpty)
        XCTAssertEqual(serialText.count, parallelText.count)
        XCTAssertTrue(serialText == parallelText, "--jobs 1 and --jobs 2 differ (seed 20261130): first difference at line "
            + "\(Self.firstDifference(serialText, parallelText))")
    }

    func testOtherSeedGivesOtherNumbers() throws {
        let scenarioSeed = try Self.parallelRun.get()
        let seven = try CLI.run(Self.arguments + ["--jobs", "2", "--seed", "7"])
        XCTAssertEqual(scenarioSeed.status, 0, scenarioSeed.summary)
        XCTAssertEqual(seven.status, 0, seven.summary)
        let a = try JSONAccess(text: scenarioSeed.stdout)
        let b = try JSONAccess(text: seven.stdout)
        XCTAssertEqual(a.integer("scenario.seed"), 20_261_130)
        XCTAssertEqual(b.integer("scenario.seed"), 7)
        XCTAssertNotEqual(a.integer("requests.total"), b.integer("requests.total"), "seed 7 should draw other arrivals")
        XCTAssertNotEqual(a.number("latencyMs.mean"), b.number("latencyMs.mean"), "seed 7 should draw other latencies")
        XCTAssertNotEqual(a.array("replicationSeeds")?.compactMap { $0 as? String },
                          b.array("replicationSeeds")?.compactMap { $0 as? String })
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? String(left[index]) : "<end>"
            let r = index < right.count ? String(right[index]) : "<end>"
            if l != r { return "\(index + 1): \(l) vs \(r)" }
        }
        return "none"
    }
}
