import XCTest
@testable import Optimizer
import Scenarios

/// The Gaussian-process stage, forced on a small space, and the budget.
final class SurrogateSearchTests: XCTestCase {
    /// With the surrogate choosing every batch (threshold 2), the search still lands on the
    /// exhaustive optimum's cost, and whatever it ruled out is reported as such.
    func testTheSurrogateChoosesBatchesAndKeepsTheOptimum() throws {
        let exhaustive = try OptimizerFixtures.optimize(OptimizerFixtures.apiSpace, exhaustive: true)
        let modelled = try OptimizerFixtures.optimize(OptimizerFixtures.apiSpace, exhaustive: false, surrogateThreshold: 2)
        XCTAssertEqual(modelled.status, "feasible")
        XCTAssertEqual(modelled.cost.monthlyUSD, exhaustive.cost.monthlyUSD, accuracy: 0.01,
                       "surrogate search chose \(modelled.label), exhaustive \(exhaustive.label)")
        XCTAssertLessThanOrEqual(modelled.search.requests, exhaustive.search.requests)
        if modelled.search.ruledOutByModel > 0 {
            XCTAssertTrue(modelled.confidence.contains("surrogate model ruled out"), modelled.confidence)
        }
    }

    /// A budget too small to decide anything: the answer says it stopped and how sure it is.
    func testTheBudgetStopsTheSearchAndSaysSo() throws {
        let plan = try OptimizerFixtures.optimize(OptimizerFixtures.apiSpace, exhaustive: false, budgetRequests: 1)
        XCTAssertEqual(plan.search.stoppedBy, "the budget of 1 simulated requests")
        XCTAssertEqual(plan.status, "undecided")
        XCTAssertTrue(plan.confidence.contains("the search stopped at the budget"), plan.confidence)
    }
}
