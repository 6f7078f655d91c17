import Foundation
import Linear
import SimCore
import XCTest
@testable import Analysis

/// `LinearFit`: hand-checked statistics, recovery of known coefficients within their
/// intervals, the intervals' coverage over many seeds, and the rank-deficient path.
final class CalibrationFitTests: XCTestCase {
    /// A design [1, x].
    func line(_ x: [Double]) throws -> Matrix {
        try Matrix(rows: x.count, columns: 2, columnMajor: [Double](repeating: 1, count: x.count) + x)
    }

    /// x = 1…5, y = 2.1, 3.9, 6.2, 7.8, 10.1: β̂ = (0.05, 1.99) by Sxy/Sxx = 19.9/10,
    /// residuals 0.06, −0.13, 0.18, −0.21, 0.10, RSS 0.107, σ̂² = 0.107/3,
    /// se(slope) = σ̂/√Sxx, se(intercept) = σ̂ √(1/5 + 9/10), t₀.₉₇₅,₃ = 3.18245.
    func test_fit_matchesHandComputation() throws {
        let fit = try LinearFit(design: try line([1, 2, 3, 4, 5]), observations: [2.1, 3.9, 6.2, 7.8, 10.1], names: ["a", "b"])
        XCTAssertEqual(fit.method, .qr)
        XCTAssertEqual(fit.degreesOfFreedom, 3)
        XCTAssertEqual(fit.coefficients[0].estimate, 0.05, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[1].estimate, 1.99, accuracy: 1e-12)
        let sigma = (0.107 / 3).squareRoot()
        XCTAssertEqual(fit.residualStandardError!, sigma, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[1].standardError!, sigma / 10.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[0].standardError!, sigma * 1.1.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[1].upper! - 1.99, 3.182446 * sigma / 10.0.squareRoot(), accuracy: 1e-5)
        XCTAssertEqual(fit.rSquared!, 1 - 0.107 / 39.708, accuracy: 1e-12)
        XCTAssertEqual(fit.residuals[2], 0.18, accuracy: 1e-12)
        XCTAssertEqual(fit.largestResiduals(2).map(\.index), [3, 2])
        XCTAssertEqual(fit.residualQuartiles, [-0.21, -0.13, 0.06, 0.1, 0.18].map { $0 }, accuracy: 1e-12)
        XCTAssertTrue(fit.coefficients[1].isSignificant)
        XCTAssertFalse(fit.coefficients[0].isSignificant, "0.05 ± 0.63 contains 0")
        XCTAssertFalse(fit.isSignificant)
    }

    /// y has no linear trend in x (Sxy = 0): the slope is exactly 0 and its interval,
    /// symmetric about it, cannot be significant.
    func test_fit_flatSlope_isNotSignificant() throws {
        let fit = try LinearFit(design: try line([1, 2, 3, 4]), observations: [5, 6, 6, 5], names: ["a", "b"])
        XCTAssertEqual(fit.coefficients[1].estimate, 0, accuracy: 1e-12)
        XCTAssertFalse(fit.coefficients[1].isSignificant)
        XCTAssertTrue(fit.coefficients[0].isSignificant)
    }

    /// CPU = 4 ms + 0.15 ms × complexity with noise: both coefficients recovered, each
    /// inside its 95% interval, for this seed.
    func test_fit_recoversKnownCoefficientsWithinIntervals() throws {
        var random = Xoshiro256StarStar(seed: 11)
        let complexity = (0..<200).map { _ in Double(Int(random.nextUnit() * 300) + 1) }
        let cpu = complexity.map { 4 + 0.15 * $0 + 0.8 * random.nextGaussian() }
        let fit = try LinearFit(design: try line(complexity), observations: cpu, names: ["cpu_base", "cpu_per_point"])
        for (coefficient, truth) in zip(fit.coefficients, [4.0, 0.15]) {
            XCTAssertLessThanOrEqual(coefficient.lower!, truth, coefficient.name)
            XCTAssertGreaterThanOrEqual(coefficient.upper!, truth, coefficient.name)
            XCTAssertTrue(coefficient.isSignificant, coefficient.name)
        }
        XCTAssertGreaterThan(fit.rSquared!, 0.99)
        XCTAssertEqual(fit.residuals.reduce(0, +), 0, accuracy: 1e-9, "an intercept makes the residuals sum to 0")
    }

    /// Over 2,000 seeds with 12 samples each (10 degrees of freedom, where t and normal
    /// quantiles differ by 14%), each coefficient's 95% interval contains the truth in
    /// 95% ± 1.5% of the fits (binomial sd 0.49%, so ±3 sd).
    func test_fit_intervalsCoverTheTruthNinetyFivePercent() throws {
        let seeds = 2_000
        var covered = [0, 0]
        for seed in 0..<seeds {
            var random = Xoshiro256StarStar(seed: UInt64(seed) &+ 1000)
            let complexity = (0..<12).map { _ in random.nextUnit() * 100 }
            let cpu = complexity.map { 2 + 0.1 * $0 + 0.5 * random.nextGaussian() }
            let fit = try LinearFit(design: try line(complexity), observations: cpu, names: ["a", "b"])
            for (index, truth) in [2.0, 0.1].enumerated() where fit.coefficients[index].lower! <= truth && truth <= fit.coefficients[index].upper! {
                covered[index] += 1
            }
        }
        for index in 0..<2 {
            let share = Double(covered[index]) / Double(seeds)
            XCTAssertEqual(share, 0.95, accuracy: 0.015, "coefficient \(index): coverage \(share)")
        }
    }

    /// Every sample at complexity 25: the design [1, 25] has rank 1. The fit goes through
    /// dgelsd's minimum-norm answer, which still predicts the mean, gives no intervals and
    /// calls nothing significant.
    func test_fit_constantRegressor_usesMinimumNormAndIsNotSignificant() throws {
        let y: [Double] = [7.9, 8.1, 8.0, 8.2, 7.8]
        let fit = try LinearFit(design: try line([25, 25, 25, 25, 25]), observations: y, names: ["cpu_base", "cpu_per_point"])
        XCTAssertEqual(fit.method, .minimumNorm)
        XCTAssertEqual(fit.rank, 1)
        XCTAssertGreaterThan(fit.conditionNumber, LinearFit.conditionLimit)
        XCTAssertNil(fit.coefficients[0].standardError)
        XCTAssertFalse(fit.isSignificant)
        // Minimum norm along (1, 25): β = 8 · (1, 25) / 626.
        XCTAssertEqual(fit.coefficients[0].estimate, 8.0 / 626, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[1].estimate, 8.0 * 25 / 626, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[0].estimate + 25 * fit.coefficients[1].estimate, 8, accuracy: 1e-12)
    }

    func test_fit_exactlyDetermined_hasNoIntervals() throws {
        let fit = try LinearFit(design: try line([1, 2]), observations: [3, 5], names: ["a", "b"])
        XCTAssertEqual(fit.coefficients[1].estimate, 2, accuracy: 1e-12)
        XCTAssertNil(fit.coefficients[1].lower)
        XCTAssertNil(fit.residualStandardError)
        XCTAssertFalse(fit.isSignificant)
    }

    func test_fit_refusesFewerObservationsThanCoefficients() throws {
        XCTAssertThrowsError(try LinearFit(design: try line([1]), observations: [3], names: ["a", "b"])) { error in
            XCTAssertEqual(error as? LinearError, .underdetermined(rows: 1, columns: 2))
        }
    }

    /// Student's t quantiles at other levels than SimCore's tests check, against tabulated
    /// values (e.g. NIST/SEMATECH e-Handbook, §1.3.6.7.2, "Critical values of the t
    /// distribution"): one-sided 95% and 99.5%.
    func test_studentT_quantileMatchesTablesAtOtherLevels() {
        let table: [(probability: Double, degrees: Int, value: Double)] = [
            (0.95, 1, 6.314), (0.95, 5, 2.015), (0.95, 10, 1.812), (0.95, 30, 1.697), (0.95, 100, 1.660),
            (0.995, 3, 5.841), (0.995, 5, 4.032), (0.995, 20, 2.845), (0.995, 60, 2.660),
            (0.9, 2, 1.886), (0.9, 15, 1.341),
        ]
        for row in table {
            XCTAssertEqual(StudentT.quantile(row.probability, degreesOfFreedom: row.degrees), row.value, accuracy: 6e-4,
                           "t(\(row.probability), \(row.degrees))")
        }
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}

extension Xoshiro256StarStar {
    /// A standard normal draw by Box–Muller, for test noise.
    mutating func nextGaussian() -> Double {
        let u = nextOpenUnit(), v = nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
