import XCTest
@testable import Optimizer
import Yams

/// A plan reads back from its YAML and its JSON as the same value.
final class PlanCodingTests: XCTestCase {
    func testYAMLAndJSONReadBackExactly() throws {
        let plan = try OptimizerFixtures.optimize(OptimizerFixtures.apiSpace, exhaustive: false)
        let yaml = try plan.yaml()
        XCTAssertFalse(yaml.contains("e+"), "numbers in plain form:\n\(yaml)")
        XCTAssertEqual(try YAMLDecoder().decode(CapacityPlan.self, from: yaml), plan)
        XCTAssertEqual(try JSONDecoder().decode(CapacityPlan.self, from: Data(try plan.json().utf8)), plan)
        XCTAssertTrue(plan.text().contains("plan: \(plan.label)"))
    }
}
