import XCTest
import SimCore

final class DistributionScalingTests: XCTestCase {
    func testScalingScalesMeanAndStandardDeviation() {
        let cases: [Distribution] = [
            .constant(2),
            .exponential(mean: 2),
            .uniform(lower: 1, upper: 3),
            .normal(mean: 0.5, standardDeviation: 1),
            .lognormal(mean: 2, coefficientOfVariation: 1.5),
            .gamma(shape: 0.7, scale: 2),
            .weibull(shape: 1.5, scale: 2),
            .pareto(shape: 3.5, scale: 1),
            .empirical(EmpiricalDistribution(values: [1, 2, 4, 8])!),
        ]
        for distribution in cases {
            let scaled = distribution.scaled(by: 2.5)
            XCTAssertEqual(scaled.mean, 2.5 * distribution.mean, accuracy: 1e-9 * distribution.mean, "\(distribution)")
            XCTAssertEqual(scaled.variance, 6.25 * distribution.variance, accuracy: 1e-9 * max(1, distribution.variance), "\(distribution)")
            XCTAssertEqual(scaled.coefficientOfVariation, distribution.coefficientOfVariation, accuracy: 1e-9, "\(distribution)")
        }
    }

    func testScalingByZeroGivesZero() {
        XCTAssertEqual(Distribution.exponential(mean: 2).scaled(by: 0), .constant(0))
    }

    func testScaledSamplesAreScaledSamples() {
        let distribution = Distribution.gamma(shape: 2, scale: 1)
        var first = Xoshiro256StarStar(seed: 5)
        var second = Xoshiro256StarStar(seed: 5)
        for _ in 0..<100 {
            let value = distribution.sample(using: &first)
            XCTAssertEqual(distribution.scaled(by: 3).sample(using: &second), 3 * value, accuracy: 1e-12 * max(1, value))
        }
    }
}

final class SamplerTests: XCTestCase {
    /// The sampler is an optimisation only: it must draw exactly what the distribution draws.
    func testSamplerDrawsTheSameValuesAsTheDistribution() {
        let cases: [Distribution] = [
            .constant(3), .exponential(mean: 2), .uniform(lower: 1, upper: 4), .normal(mean: 1, standardDeviation: 2),
            .lognormal(mean: 5, coefficientOfVariation: 1.5), .gamma(shape: 0.5, scale: 2), .gamma(shape: 3, scale: 1),
            .weibull(shape: 1.5, scale: 2), .pareto(shape: 3.5, scale: 1), .empirical(EmpiricalDistribution(values: [1, 5, 2])!),
        ]
        for distribution in cases {
            var a = Xoshiro256StarStar(seed: 11), b = Xoshiro256StarStar(seed: 11)
            let sampler = Sampler(distribution)
            for draw in 0..<1000 {
                let expected = distribution.sample(using: &a)
                let actual = sampler.sample(using: &b)
                XCTAssertEqual(actual, expected, accuracy: 1e-12 * max(1, abs(expected)), "\(distribution), draw \(draw)")
            }
        }
    }
}
