import XCTest
import SimCore

/// Each case is sampled 200,000 times at a fixed seed and its sample moments compared with
/// the exact `mean` and `variance`: the mean within 2% or 4 standard errors, whichever is
/// wider, and the variance within 5% unless the tail makes its estimate noisy (noted per case).
final class DistributionMomentTests: XCTestCase {
    private let sampleCount = 200_000

    private func checkMoments(
        _ distribution: Distribution,
        varianceTolerance: Double? = 0.05,
        seed: UInt64 = 20_240_601,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        var generator = RandomStreams(seed: seed).stream(named: "\(distribution)")
        var tally = Tally()
        for _ in 0..<sampleCount {
            let value = distribution.sample(using: &generator)
            XCTAssert(value >= 0 && value.isFinite, "\(distribution) drew \(value) (seed \(seed))", file: file, line: line)
            tally.add(value)
        }
        let expectedMean = distribution.mean
        let standardError = distribution.variance.squareRoot() / Double(sampleCount).squareRoot()
        let meanTolerance = max(0.02 * abs(expectedMean), 4 * standardError)
        XCTAssertEqual(tally.mean, expectedMean, accuracy: meanTolerance,
                       "mean of \(distribution) (seed \(seed))", file: file, line: line)
        if let varianceTolerance {
            let expectedVariance = distribution.variance
            XCTAssertEqual(tally.variance, expectedVariance, accuracy: varianceTolerance * expectedVariance,
                           "variance of \(distribution) (seed \(seed))", file: file, line: line)
        }
    }

    func testExponentialMoments() { checkMoments(.exponential(mean: 2)) }

    func testUniformMoments() { checkMoments(.uniform(lower: 1, upper: 4)) }

    func testTruncatedNormalMoments() {
        checkMoments(.normal(mean: 10, standardDeviation: 3))
        // Half the mass is cut off: the truncated mean and variance differ a lot from 0.1 and 1.
        checkMoments(.normal(mean: 0.1, standardDeviation: 1))
    }

    func testTruncatedNormalMomentsAreTheTruncatedOnes() {
        // Half-normal: mean σ√(2/π), variance σ²(1 − 2/π).
        let halfNormal = Distribution.normal(mean: 0, standardDeviation: 2)
        XCTAssertEqual(halfNormal.mean, 2 * (2 / Double.pi).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(halfNormal.variance, 4 * (1 - 2 / Double.pi), accuracy: 1e-12)
    }

    func testLognormalMoments() {
        checkMoments(.lognormal(mean: 3, coefficientOfVariation: 0.5))
        // CV 2: the sample variance has a standard error near 7% at this size, so it is
        // checked loosely; the mean is the quantity that matters.
        checkMoments(.lognormal(mean: 3, coefficientOfVariation: 2), varianceTolerance: 0.15)
    }

    func testGammaMoments() {
        checkMoments(.gamma(shape: 0.5, scale: 2))
        checkMoments(.gamma(shape: 3, scale: 0.5))
    }

    func testWeibullMoments() { checkMoments(.weibull(shape: 1.5, scale: 2)) }

    func testParetoMoments() { checkMoments(.pareto(shape: 3.5, scale: 1)) }

    func testEmpiricalMoments() {
        let data = EmpiricalDistribution(values: [5, 1, 2, 3, 8, 13, 2, 21, 0.5])!
        checkMoments(.empirical(data))
    }

    func testConstantHasNoSpread() {
        var generator = Xoshiro256StarStar(seed: 1)
        XCTAssertEqual(Distribution.constant(4).sample(using: &generator), 4)
        XCTAssertEqual(Distribution.constant(4).variance, 0)
        XCTAssertEqual(Distribution.constant(0).coefficientOfVariation, 0)
    }

    func testHeavyTailsReportInfiniteMoments() {
        XCTAssertEqual(Distribution.pareto(shape: 1, scale: 1).mean, .infinity)
        XCTAssertEqual(Distribution.pareto(shape: 2, scale: 1).variance, .infinity)
        XCTAssertEqual(Distribution.pareto(shape: 3, scale: 1).mean, 1.5, accuracy: 1e-12)
    }

    func testCoefficientOfVariationMatchesParameters() {
        XCTAssertEqual(Distribution.exponential(mean: 3).coefficientOfVariation, 1, accuracy: 1e-12)
        XCTAssertEqual(Distribution.lognormal(mean: 3, coefficientOfVariation: 0.7).coefficientOfVariation, 0.7, accuracy: 1e-12)
        XCTAssertEqual(Distribution.gamma(shape: 4, scale: 9).coefficientOfVariation, 0.5, accuracy: 1e-12)
    }
}
