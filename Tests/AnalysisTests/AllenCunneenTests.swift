import XCTest
@testable import Analysis

/// M/G/c and G/G/c by Allen–Cunneen: its exact special cases, a hand value, and the scaled
/// percentile approximation.
final class AllenCunneenTests: XCTestCase {
    func testMGcWithUnitCoefficientsOfVariationEqualsMMc() {
        for c in [1, 3, 10, 200] {
            for rho in [0.3, 0.8, 0.97] {
                let lambda = rho * Double(c) / 0.5
                let g = MGc(arrivalRate: lambda, meanService: 0.5, servers: c, serviceCoefficientOfVariation: 1)
                let m = MMc(arrivalRate: lambda, serviceRate: 2, servers: c)
                let label = "c = \(c), ρ = \(rho)"
                XCTAssertTrue(g.isMeanWaitExact && g.isWaitDistributionExact, label)
                XCTAssertEqual(g.meanWait, m.meanWait, accuracy: 1e-12 * max(1, m.meanWait), label)
                XCTAssertEqual(g.meanResponse, m.meanResponse, accuracy: 1e-12 * max(1, m.meanResponse), label)
                XCTAssertEqual(g.meanQueueLength, m.meanQueueLength, accuracy: 1e-9 * max(1, m.meanQueueLength), label)
                XCTAssertEqual(g.probabilityOfWaiting, m.probabilityOfWaiting, label)
                for p in [0.5, 0.9, 0.95, 0.99] {
                    XCTAssertEqual(g.waitPercentile(p), m.waitPercentile(p), accuracy: 1e-12, "\(label), p = \(p)")
                }
            }
        }
    }

    func testSingleServerWithPoissonArrivalsEqualsPollaczekKhinchine() {
        for cs in [0.0, 0.5, 1.5, 3] {
            let g = MGc(arrivalRate: 0.7, meanService: 1, servers: 1, serviceCoefficientOfVariation: cs)
            let pk = MG1(arrivalRate: 0.7, meanService: 1, serviceCoefficientOfVariation: cs)
            XCTAssertTrue(g.isMeanWaitExact)
            XCTAssertEqual(g.meanWait, pk.meanWait, accuracy: 1e-12, "cs = \(cs)")
        }
    }

    func testMD4MeanWaitIsHalfOfMM4() {
        // (ca² + cs²)/2 = (1 + 0)/2; Wq(M/M/4, a = 3.6) = 0.7877533 / 0.4.
        let q = MGc(arrivalRate: 3.6, meanService: 1, servers: 4, serviceCoefficientOfVariation: 0)
        XCTAssertEqual(q.variabilityFactor, 0.5)
        XCTAssertEqual(q.meanWait, 0.7877533 / 0.4 / 2, accuracy: 1e-6)
        XCTAssertFalse(q.isMeanWaitExact)
        XCTAssertFalse(q.isWaitDistributionExact)
    }

    func testPercentileScalesTheExponentialTailByTheVariabilityFactor() {
        let m = MMc(arrivalRate: 18, serviceRate: 1, servers: 20)
        let g = MGc(arrivalRate: 18, meanService: 1, servers: 20, serviceCoefficientOfVariation: 2,
                    arrivalCoefficientOfVariation: 1.5)
        let factor = (1.5 * 1.5 + 4) / 2
        XCTAssertEqual(g.meanWait, m.meanWait * factor, accuracy: 1e-12)
        for p in [0.9, 0.95, 0.99] {
            XCTAssertEqual(g.waitPercentile(p), m.waitPercentile(p) * factor, accuracy: 1e-10, "p = \(p)")
            XCTAssertEqual(g.waitDistribution(atOrBelow: g.waitPercentile(p)), p, accuracy: 1e-12, "p = \(p)")
        }
        // Below 1 − C the approximation keeps M/M/c's "never waits" share.
        XCTAssertEqual(g.waitPercentile(0.5 * (1 - g.probabilityOfWaiting)), 0)
    }

    func testApproximateTailHasTheAllenCunneenMean() {
        // ∫ P(Wq > t) dt must equal meanWait: the stretch is chosen for that.
        let g = MGc(arrivalRate: 7, meanService: 1, servers: 8, serviceCoefficientOfVariation: 0.3)
        let end = 80 * g.meanWait, steps = 20_000
        let h = end / Double(steps)
        var sum = 0.0
        for i in 0...steps {
            let weight: Double = (i == 0 || i == steps) ? 1 : (i % 2 == 1 ? 4 : 2)
            sum += weight * (1 - g.waitDistribution(atOrBelow: Double(i) * h))
        }
        XCTAssertEqual(sum * h / 3, g.meanWait, accuracy: 1e-6 * g.meanWait)
    }

    func testNoVariabilityMeansNoWait() {
        let q = MGc(arrivalRate: 3.9, meanService: 1, servers: 4, serviceCoefficientOfVariation: 0,
                    arrivalCoefficientOfVariation: 0)
        XCTAssertTrue(q.isStable)
        XCTAssertEqual(q.meanWait, 0)
        XCTAssertEqual(q.waitPercentile(0.99), 0)
        XCTAssertEqual(q.waitDistribution(atOrBelow: 0), 1)
    }

    func testLittlesLawHoldsForMGcMeans() {
        let q = MGc(arrivalRate: 30, meanService: 0.3, servers: 10, serviceCoefficientOfVariation: 1.7)
        XCTAssertEqual(q.meanInSystem, 30 * q.meanResponse, accuracy: 1e-10 * q.meanInSystem)
        XCTAssertEqual(q.meanQueueLength, 30 * q.meanWait, accuracy: 1e-10 * q.meanQueueLength)
    }
}
