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

final class AliasTableSetTests: XCTestCase {
    /// The flat set is an optimisation only: it must draw exactly what each table draws.
    func testSetDrawsWhatEachTableDraws() {
        let tables = [[1.0, 2, 3], [5.0], [0.1, 0.0, 0.9, 4]].map { AliasTable(weights: $0)! }
        let set = AliasTableSet(tables)
        XCTAssertEqual(set.tableCount, 3)
        for (index, table) in tables.enumerated() {
            var a = Xoshiro256StarStar(seed: UInt64(index)), b = Xoshiro256StarStar(seed: UInt64(index))
            for draw in 0..<2000 {
                XCTAssertEqual(set.sample(table: index, using: &a), table.sample(using: &b), "table \(index), draw \(draw)")
            }
        }
    }

    func testSamplerSetDrawsWhatEachSamplerDraws() {
        let distributions: [Distribution] = [.exponential(mean: 2), .lognormal(mean: 3, coefficientOfVariation: 1.5),
                                             .normal(mean: 1, standardDeviation: 1), .gamma(shape: 2, scale: 1),
                                             .empirical(EmpiricalDistribution(values: [1, 2, 4])!), .constant(7)]
        let set = SamplerSet(distributions)
        for (index, distribution) in distributions.enumerated() {
            var a = Xoshiro256StarStar(seed: 9), b = Xoshiro256StarStar(seed: 9)
            let sampler = Sampler(distribution)
            for _ in 0..<1000 { XCTAssertEqual(set.sample(index, using: &a), sampler.sample(using: &b)) }
        }
    }
}
