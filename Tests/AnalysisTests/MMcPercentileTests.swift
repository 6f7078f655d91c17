import XCTest
@testable import Analysis

/// The M/M/c wait and response-time distributions and their quantiles.
final class MMcPercentileTests: XCTestCase {
    func testWaitPercentileIsZeroWhenPAtMostOneMinusC() {
        let q = MMc(arrivalRate: 3.6, serviceRate: 1, servers: 4)   // C ≈ 0.7878
        let noWait = 1 - q.probabilityOfWaiting
        XCTAssertEqual(q.waitPercentile(0), 0)
        XCTAssertEqual(q.waitPercentile(noWait * 0.5), 0)
        XCTAssertEqual(q.waitPercentile(noWait), 0)
        XCTAssertGreaterThan(q.waitPercentile(noWait + 0.01), 0)
    }

    func testMM1WaitPercentileMatchesHandComputedValue() {
        // λ = 8, μ = 10: C = 0.8, P(Wq > t) = 0.8 e^(−2t); p95 = ln(0.8 / 0.05) / 2 = ln(16)/2.
        let q = MMc.mm1(arrivalRate: 8, serviceRate: 10)
        XCTAssertEqual(q.waitPercentile(0.95), log(16) / 2, accuracy: 1e-12)
        XCTAssertEqual(q.waitDistribution(atOrBelow: log(16) / 2), 0.95, accuracy: 1e-12)
        XCTAssertEqual(q.waitDistribution(atOrBelow: 0), 0.2, accuracy: 1e-12)
    }

    func testWaitPercentileIsMonotoneInP() {
        let q = MMc(arrivalRate: 45, serviceRate: 1, servers: 50)
        var previous = 0.0
        for p in stride(from: 0.0, to: 0.9999, by: 0.001) {
            let t = q.waitPercentile(p)
            XCTAssertGreaterThanOrEqual(t, previous, "p = \(p)")
            previous = t
        }
        XCTAssertGreaterThan(previous, 0)
    }

    func testWaitPercentileInvertsWaitDistribution() {
        let q = MMc(arrivalRate: 7, serviceRate: 1, servers: 8)
        for p in [0.6, 0.9, 0.95, 0.99, 0.999] where p > 1 - q.probabilityOfWaiting {
            XCTAssertEqual(q.waitDistribution(atOrBelow: q.waitPercentile(p)), p, accuracy: 1e-12, "p = \(p)")
        }
    }

    func testWaitPercentileIsInfiniteAtPOneOrNaN() {
        let q = MMc(arrivalRate: 3, serviceRate: 1, servers: 4)
        XCTAssertEqual(q.waitPercentile(1), .infinity)
        XCTAssertEqual(q.waitPercentile(.nan), .infinity)
        XCTAssertEqual(q.waitDistribution(atOrBelow: -1), 0)
    }

    func testMM1ResponseTimeIsExponentialWithRateMuMinusLambda() {
        // M/M/1 sojourn time is Exp(μ − λ): p95 = ln(20) / 2 for λ = 8, μ = 10.
        let q = MMc.mm1(arrivalRate: 8, serviceRate: 10)
        XCTAssertEqual(q.responsePercentile(0.95), log(20) / 2, accuracy: 1e-10)
        for t in [0.1, 0.5, 1, 3] {
            XCTAssertEqual(q.responseDistribution(atOrBelow: t), 1 - exp(-2 * t), accuracy: 1e-12, "t = \(t)")
        }
    }

    func testResponseDistributionIntegratesToMeanResponse() {
        // E[W] = ∫ P(W > t) dt; Simpson's rule over a range where the tail is negligible.
        // (λ, μ, c) = (1, 1, 2) puts cμ − λ exactly at μ, the removable singularity.
        for (lambda, mu, c) in [(1.0, 1.0, 2), (3.6, 1.0, 4), (1.5, 2.0, 1), (9.0, 1.0, 10), (0.3, 1.0, 3)] {
            let q = MMc(arrivalRate: lambda, serviceRate: mu, servers: c)
            let end = 60 * q.meanResponse, steps = 20_000
            let h = end / Double(steps)
            var sum = 0.0
            for i in 0...steps {
                let weight: Double = (i == 0 || i == steps) ? 1 : (i % 2 == 1 ? 4 : 2)
                sum += weight * (1 - q.responseDistribution(atOrBelow: Double(i) * h))
            }
            XCTAssertEqual(sum * h / 3, q.meanResponse, accuracy: 1e-6 * q.meanResponse, "λ=\(lambda) μ=\(mu) c=\(c)")
        }
    }

    func testResponseDistributionIsContinuousAcrossEqualDecayRates() {
        // θ = cμ − λ crosses μ at λ = 1 for c = 2, μ = 1.
        let at = MMc(arrivalRate: 1, serviceRate: 1, servers: 2)
        let near = MMc(arrivalRate: 1 + 1e-7, serviceRate: 1, servers: 2)
        for t in [0.5, 2, 10] {
            XCTAssertEqual(at.responseDistribution(atOrBelow: t), near.responseDistribution(atOrBelow: t),
                           accuracy: 1e-6, "t = \(t)")
        }
    }

    func testResponsePercentileInvertsResponseDistribution() {
        let q = MMc(arrivalRate: 3.6, serviceRate: 1, servers: 4)
        var previous = 0.0
        for p in [0.1, 0.5, 0.9, 0.95, 0.99, 0.9999] {
            let t = q.responsePercentile(p)
            XCTAssertEqual(q.responseDistribution(atOrBelow: t), p, accuracy: 1e-9, "p = \(p)")
            XCTAssertGreaterThan(t, previous)
            previous = t
        }
        // A response is never shorter than the wait at the same quantile.
        XCTAssertGreaterThan(q.responsePercentile(0.95), q.waitPercentile(0.95))
    }

    func testResponsePercentileNearSaturationIsFiniteAndLarge() {
        let q = MMc(arrivalRate: 10 * (1 - 1e-6), serviceRate: 1, servers: 10)
        let t = q.responsePercentile(0.99)
        XCTAssertTrue(t.isFinite)
        XCTAssertGreaterThan(t, q.waitPercentile(0.99))
        XCTAssertEqual(q.responseDistribution(atOrBelow: t), 0.99, accuracy: 1e-9)
    }
}
