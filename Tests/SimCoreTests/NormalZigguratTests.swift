import Foundation
import XCTest
@testable import SimCore

/// The ziggurat's draws against the normal distribution itself: moments, the tail beyond
/// the base strip, and the whole CDF by Kolmogorov–Smirnov.
final class NormalZigguratTests: XCTestCase {
    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    func testMomentsMatchTheStandardNormal() {
        var generator = Xoshiro256StarStar(seed: 2026)
        var tally = Tally()
        var third = 0.0, fourth = 0.0
        let n = 4_000_000
        for _ in 0..<n {
            let z = NormalZiggurat.shared.sample(using: &generator)
            tally.add(z)
            third += z * z * z
            fourth += z * z * z * z
        }
        // Standard errors: mean 1/√n = 0.0005, variance √(2/n) = 0.0007, third moment
        // √(15/n) = 0.0019, fourth √(96/n) = 0.0049; bounds at about 5 standard errors.
        XCTAssertEqual(tally.mean, 0, accuracy: 0.0025)
        XCTAssertEqual(tally.variance, 1, accuracy: 0.0035)
        XCTAssertEqual(third / Double(n), 0, accuracy: 0.01)
        XCTAssertEqual(fourth / Double(n), 3, accuracy: 0.025)
    }

    /// Beyond r = 3.4426 values come from the tail algorithm; their share must match.
    func testTailBeyondTheBaseStripHasTheNormalProbability() {
        var generator = Xoshiro256StarStar(seed: 7)
        let n = 10_000_000
        var beyond = 0, farBeyond = 0
        for _ in 0..<n {
            let z = abs(NormalZiggurat.shared.sample(using: &generator))
            if z > 3.5 { beyond += 1 }
            if z > 4.5 { farBeyond += 1 }
        }
        let expected = 2 * (1 - Self.normalCDF(3.5)) * Double(n)      // 4,653
        XCTAssertEqual(Double(beyond), expected, accuracy: 5 * expected.squareRoot())
        let expectedFar = 2 * (1 - Self.normalCDF(4.5)) * Double(n)   // 68
        XCTAssertEqual(Double(farBeyond), expectedFar, accuracy: 5 * expectedFar.squareRoot())
    }

    func testKolmogorovSmirnovAgainstTheNormalCDF() {
        var generator = Xoshiro256StarStar(seed: 99)
        let n = 200_000
        let draws = (0..<n).map { _ in NormalZiggurat.shared.sample(using: &generator) }.sorted()
        var statistic = 0.0
        for (index, x) in draws.enumerated() {
            let cdf = Self.normalCDF(x)
            statistic = max(statistic, abs(Double(index + 1) / Double(n) - cdf), abs(cdf - Double(index) / Double(n)))
        }
        // The 1% critical value is 1.628 / √n = 0.00364.
        XCTAssertLessThan(statistic, 1.628 / Double(n).squareRoot())
    }

    /// The tables describe 128 layers of equal area under exp(−x²/2), stacked from the tail.
    func testTablesAreMonotoneAndCoverTheDensity() {
        let table = NormalZiggurat.shared
        XCTAssertEqual(table.densities[0], 1)
        for layer in 1..<128 {
            XCTAssertLessThan(table.densities[layer], table.densities[layer - 1])
        }
        XCTAssertEqual(table.widths[127] * 2_147_483_648, NormalZiggurat.tailStart, accuracy: 1e-12)
        XCTAssertEqual(table.thresholds[1], 0, "the paper's layer 1 always goes to the wedge test")
        XCTAssertTrue(table.thresholds.allSatisfy { $0 <= 1 << 31 }, "a threshold is a fraction of 2³¹")
    }
}
