import XCTest
@testable import Analysis

/// M/G/1 by Pollaczek–Khinchine: M/D/1 by hand, M/M/1 as the cv = 1 case, and Little's law
/// between the wait form and the queue-length form.
final class PollaczekKhinchineTests: XCTestCase {
    func testMD1MeanWaitIsHalfOfMM1() {
        // λ = 8, E[S] = 0.1: Wq(M/D/1) = ρ E[S] / (2(1 − ρ)) = 0.8·0.1/0.4 = 0.2.
        let q = MG1.md1(arrivalRate: 8, serviceTime: 0.1)
        XCTAssertEqual(q.meanWait, 0.2, accuracy: 1e-12)
        XCTAssertEqual(q.meanResponse, 0.3, accuracy: 1e-12)
        XCTAssertEqual(q.meanWait, MMc.mm1(arrivalRate: 8, serviceRate: 10).meanWait / 2, accuracy: 1e-12)
    }

    func testMG1WithUnitCoefficientOfVariationEqualsMM1() {
        for rho in stride(from: 0.05, to: 1.0, by: 0.05) {
            let g = MG1(arrivalRate: rho / 0.25, meanService: 0.25, serviceCoefficientOfVariation: 1)
            let m = MMc.mm1(arrivalRate: rho / 0.25, serviceRate: 4)
            XCTAssertEqual(g.utilization, m.utilization, accuracy: 1e-14, "ρ = \(rho)")
            XCTAssertEqual(g.probabilityOfWaiting, m.probabilityOfWaiting, accuracy: 1e-14, "ρ = \(rho)")
            XCTAssertEqual(g.meanWait, m.meanWait, accuracy: 1e-10 * m.meanWait, "ρ = \(rho)")
            XCTAssertEqual(g.meanResponse, m.meanResponse, accuracy: 1e-10 * m.meanResponse, "ρ = \(rho)")
            XCTAssertEqual(g.meanQueueLength, m.meanQueueLength, accuracy: 1e-10 * m.meanQueueLength, "ρ = \(rho)")
            XCTAssertEqual(g.meanInSystem, m.meanInSystem, accuracy: 1e-10 * m.meanInSystem, "ρ = \(rho)")
        }
    }

    func testLittlesLawHoldsBetweenMG1Means() {
        for cv in [0.0, 0.5, 1, 2, 4] {
            for rho in [0.2, 0.7, 0.95] {
                let lambda = rho / 3
                let q = MG1(arrivalRate: lambda, meanService: 3, serviceCoefficientOfVariation: cv)
                XCTAssertEqual(q.meanQueueLength, lambda * q.meanWait, accuracy: 1e-10 * max(1, q.meanQueueLength),
                               "cv = \(cv), ρ = \(rho)")
                XCTAssertEqual(q.meanInSystem, lambda * q.meanResponse, accuracy: 1e-10 * max(1, q.meanInSystem),
                               "cv = \(cv), ρ = \(rho)")
            }
        }
    }

    func testMeanWaitGrowsWithServiceVariability() {
        // Hand value at cv = 2: ρ = 0.5, E[S] = 1: 0.5 · 1 · 5 / 1 = 2.5.
        XCTAssertEqual(MG1(arrivalRate: 0.5, meanService: 1, serviceCoefficientOfVariation: 2).meanWait, 2.5,
                       accuracy: 1e-12)
        var previous = -1.0
        for cv in stride(from: 0.0, through: 3.0, by: 0.25) {
            let wait = MG1(arrivalRate: 0.5, meanService: 1, serviceCoefficientOfVariation: cv).meanWait
            XCTAssertGreaterThan(wait, previous, "cv = \(cv)")
            previous = wait
        }
    }
}
