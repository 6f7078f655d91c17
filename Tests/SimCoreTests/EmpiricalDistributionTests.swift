import XCTest
import SimCore

final class EmpiricalDistributionTests: XCTestCase {
    func testRejectsEmptyNegativeAndNonFiniteValues() {
        XCTAssertNil(EmpiricalDistribution(values: []))
        XCTAssertNil(EmpiricalDistribution(values: [1, -1]))
        XCTAssertNil(EmpiricalDistribution(values: [1, .nan]))
        XCTAssertNil(EmpiricalDistribution(values: [1, .infinity]))
        XCTAssertEqual(EmpiricalDistribution(values: [3, 1, 2])?.sortedValues, [1, 2, 3])
    }

    func testSamplesInterpolateBetweenOrderStatistics() {
        let distribution = EmpiricalDistribution(values: [10, 0, 20])!
        var generator = Xoshiro256StarStar(seed: 11)
        var belowTen = 0
        for _ in 0..<10_000 {
            let value = distribution.sample(using: &generator)
            XCTAssert((0...20).contains(value))
            if value < 10 { belowTen += 1 }
        }
        // Half the probability lies on each of the two segments.
        XCTAssertEqual(Double(belowTen) / 10_000, 0.5, accuracy: 0.03)
        XCTAssertEqual(distribution.mean, 10)
    }

    func testSingleValueIsConstant() {
        let distribution = EmpiricalDistribution(values: [4])!
        var generator = Xoshiro256StarStar(seed: 1)
        XCTAssertEqual(distribution.sample(using: &generator), 4)
        XCTAssertEqual(Distribution.empirical(distribution).variance, 0)
    }
}
