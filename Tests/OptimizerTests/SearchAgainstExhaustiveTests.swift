import XCTest
import DigitalOceanCatalog
@testable import Optimizer
import Scenarios

/// The search against the exhaustive answer on three small spaces: the screen keeps the
/// exhaustive optimum, and the search finds a plan of the same cost with fewer requests.
final class SearchAgainstExhaustiveTests: XCTestCase {
    func check(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let exhaustive = try OptimizerFixtures.optimize(text, exhaustive: true)
        XCTAssertEqual(exhaustive.status, "feasible", "the space has a feasible configuration", file: file, line: line)
        // The screen keeps the optimum.
        let (scenario, space, enumeration) = try OptimizerFixtures.load(text)
        let pool = try CandidatePool(scenario: scenario, configurations: enumeration.valid, catalog: OptimizerFixtures.catalog,
                                     label: { space.label($0) })
        XCTAssertTrue(pool.candidates.contains { $0.configuration == exhaustive.configuration },
                      "the screen dropped the exhaustive optimum \(exhaustive.label): "
                      + (pool.screenedOut.first { $0.configuration == exhaustive.configuration }?.reason ?? "?"), file: file, line: line)
        XCTAssertFalse(pool.screenedOut.isEmpty, "the screen discards something in this space", file: file, line: line)
        // The search finds the same cost for less.
        let searched = try OptimizerFixtures.optimize(text, exhaustive: false)
        XCTAssertEqual(searched.status, "feasible", file: file, line: line)
        XCTAssertEqual(searched.cost.monthlyUSD, exhaustive.cost.monthlyUSD, accuracy: 0.01,
                       "search chose \(searched.label), exhaustive \(exhaustive.label)", file: file, line: line)
        XCTAssertLessThan(searched.search.requests, exhaustive.search.requests, file: file, line: line)
        XCTAssertTrue(searched.objectives.allSatisfy(\.met), file: file, line: line)
    }

    func testAPIBoundSpace() throws { try check(OptimizerFixtures.apiSpace) }

    func testDatabaseBoundSpace() throws { try check(OptimizerFixtures.databaseSpace) }

    func testTwoTierSpaceWithAutoscaling() throws { try check(OptimizerFixtures.twoTierSpace) }

    /// The same plan whatever the thread count.
    func testThePlanDoesNotDependOnTheJobCount() throws {
        let one = try OptimizerFixtures.optimize(OptimizerFixtures.apiSpace, exhaustive: false, jobs: 1)
        let three = try OptimizerFixtures.optimize(OptimizerFixtures.apiSpace, exhaustive: false, jobs: 3)
        XCTAssertEqual(try one.json(), try three.json())
    }
}
