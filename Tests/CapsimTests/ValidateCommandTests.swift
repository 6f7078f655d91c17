import Foundation
import XCTest

final class ValidateCommandTests: XCTestCase {
    func testOneCaseReportsItsChecksAsJSON() throws {
        let outcome = try CLI.run(["validate", "--only", "M/D/1", "--format", "json"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["schema"] as? String, "capsim.validate/v1")
        let checks = try XCTUnwrap(document["checks"] as? [[String: Any]])
        XCTAssertEqual(checks.map { $0["statistic"] as? String }, ["meanWait", "probabilityOfWaiting"])
        XCTAssertEqual(checks.first?["analytic"] as? Double ?? 0, 0.2, accuracy: 1e-12)
        XCTAssertEqual(document["allPassed"] as? Bool, true)
    }

    func testTableEndsWithTheTally() throws {
        let outcome = try CLI.run(["validate", "--only", "M/D/1"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("2 passed, 0 failed"), outcome.summary)
    }
}
