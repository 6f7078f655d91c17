import Foundation
import XCTest

final class AnalyzeCommandTests: XCTestCase {
    func testJSONHasSchemaWindowsAndAssumptions() throws {
        let outcome = try CLI.run(["analyze", "scenarios/baseline.yaml", "--format", "json"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["schema"] as? String, "capsim.analyze/v1")
        for window in ["peakHour", "mean"] {
            let section = try XCTUnwrap(document[window] as? [String: Any], window)
            let tiers = try XCTUnwrap(section["tiers"] as? [String: [String: Any]])
            XCTAssertNotNil(tiers["api"]?["utilization"] as? Double)
            XCTAssertNotNil(tiers["api"]?["p95WaitMs"] as? Double)
            XCTAssertNotNil(tiers["api"]?["smallestStableDroplets"] as? Int)
            let database = try XCTUnwrap(section["database"] as? [String: Any])
            XCTAssertNotNil((database["pool"] as? [String: Any])?["meanWaitMs"] as? Double)
        }
        XCTAssertGreaterThan((document["assumptions"] as? [String])?.count ?? 0, 3)
    }

    func testTableStatesItIsAnEstimate() throws {
        let outcome = try CLI.run(["analyze", "scenarios/baseline.yaml"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("analytic estimate"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("Assumptions"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("approximat"), outcome.summary)
    }
}
