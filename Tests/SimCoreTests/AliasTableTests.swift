import XCTest
import SimCore

final class AliasTableTests: XCTestCase {
    func testFrequenciesMatchProbabilities() {
        let weights = [5.0, 0, 1, 3, 0.25, 10, 2, 0.75]
        let table = AliasTable(weights: weights)!
        XCTAssertEqual(table.count, weights.count)
        var counts = [Int](repeating: 0, count: weights.count)
        var generator = Xoshiro256StarStar(seed: 2_024)
        let draws = 1_000_000
        for _ in 0..<draws { counts[table.sample(using: &generator)] += 1 }
        let total = weights.reduce(0, +)
        for index in weights.indices {
            XCTAssertEqual(table.probability(of: index), weights[index] / total, accuracy: 1e-15)
            XCTAssertEqual(Double(counts[index]) / Double(draws), table.probability(of: index), accuracy: 0.005, "outcome \(index)")
        }
        XCTAssertEqual(counts[1], 0, "a zero weight is never drawn")
    }

    func testSingleOutcomeAlwaysDrawn() {
        let table = AliasTable(weights: [0.3])!
        var generator = Xoshiro256StarStar(seed: 1)
        for _ in 0..<100 { XCTAssertEqual(table.sample(using: &generator), 0) }
        XCTAssertEqual(table.probability(of: 0), 1)
    }

    func testRejectsInvalidWeights() {
        XCTAssertNil(AliasTable(weights: []))
        XCTAssertNil(AliasTable(weights: [0, 0]))
        XCTAssertNil(AliasTable(weights: [1, -1]))
        XCTAssertNil(AliasTable(weights: [1, .nan]))
        XCTAssertNil(AliasTable(weights: [1, .infinity]))
    }
}
