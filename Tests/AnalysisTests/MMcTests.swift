import XCTest
@testable import Analysis

/// M/M/c means against hand-computed values, M/M/1 against its own textbook formulas, and
/// Little's law between the independently derived means.
final class MMcTests: XCTestCase {
    func testMM1MatchesTextbookFormulas() {
        // λ = 8, μ = 10: ρ = 0.8, Wq = ρ/(μ − λ) = 0.4, W = 1/(μ − λ) = 0.5, L = ρ/(1 − ρ) = 4.
        let q = MMc.mm1(arrivalRate: 8, serviceRate: 10)
        XCTAssertEqual(q.utilization, 0.8, accuracy: 1e-15)
        XCTAssertEqual(q.probabilityOfWaiting, 0.8, accuracy: 1e-15)
        XCTAssertEqual(q.meanWait, 0.4, accuracy: 1e-12)
        XCTAssertEqual(q.meanResponse, 0.5, accuracy: 1e-12)
        XCTAssertEqual(q.meanQueueLength, 3.2, accuracy: 1e-12)
        XCTAssertEqual(q.meanInSystem, 4, accuracy: 1e-12)
    }

    func testMM1ConvenienceEqualsMMcWithOneServer() {
        for rho in stride(from: 0.1, to: 1.0, by: 0.1) {
            let a = MMc.mm1(arrivalRate: rho * 3, serviceRate: 3)
            let b = MMc(arrivalRate: rho * 3, serviceRate: 3, servers: 1)
            XCTAssertEqual(a, b)
            XCTAssertEqual(a.meanWait, rho / (3 - rho * 3), accuracy: 1e-12, "ρ = \(rho)")
            XCTAssertEqual(a.meanResponse, 1 / (3 - rho * 3), accuracy: 1e-12, "ρ = \(rho)")
        }
    }

    func testMM4AtNinetyPercentMatchesHandComputedMeans() {
        // C = 0.787753; Wq = C / (4 − 3.6); Lq = C · 0.9 / 0.1; L = Lq + 3.6.
        let q = MMc(arrivalRate: 3.6, serviceRate: 1, servers: 4)
        XCTAssertEqual(q.utilization, 0.9, accuracy: 1e-15)
        XCTAssertEqual(q.offeredLoad, 3.6, accuracy: 1e-15)
        XCTAssertEqual(q.meanWait, 0.7877533 / 0.4, accuracy: 1e-6)
        XCTAssertEqual(q.meanResponse, 0.7877533 / 0.4 + 1, accuracy: 1e-6)
        XCTAssertEqual(q.meanQueueLength, 0.7877533 * 9, accuracy: 1e-5)
        XCTAssertEqual(q.meanInSystem, 0.7877533 * 9 + 3.6, accuracy: 1e-5)
    }

    func testLittlesLawHoldsBetweenMMcMeans() {
        for c in [1, 2, 4, 16, 100] {
            for rho in [0.1, 0.5, 0.9, 0.99] {
                let mu = 2.5
                let lambda = rho * Double(c) * mu
                let q = MMc(arrivalRate: lambda, serviceRate: mu, servers: c)
                XCTAssertEqual(q.meanQueueLength, lambda * q.meanWait, accuracy: 1e-9 * max(1, q.meanQueueLength),
                               "Lq = λWq, c = \(c), ρ = \(rho)")
                XCTAssertEqual(q.meanInSystem, lambda * q.meanResponse, accuracy: 1e-9 * max(1, q.meanInSystem),
                               "L = λW, c = \(c), ρ = \(rho)")
            }
        }
    }

    func testMoreServersAtTheSameUtilizationWaitLess() {
        // Economy of scale: at a fixed ρ, a bigger server group makes a shorter mean wait.
        var previous = Double.infinity
        for c in [1, 2, 4, 8, 16, 64] {
            let wait = MMc(arrivalRate: 0.9 * Double(c), serviceRate: 1, servers: c).meanWait
            XCTAssertLessThan(wait, previous, "c = \(c)")
            previous = wait
        }
    }

    func testNoArrivalsMeansNoWaiting() {
        let q = MMc(arrivalRate: 0, serviceRate: 4, servers: 3)
        XCTAssertTrue(q.isStable)
        XCTAssertEqual(q.probabilityOfWaiting, 0)
        XCTAssertEqual(q.meanWait, 0)
        XCTAssertEqual(q.meanResponse, 0.25, accuracy: 1e-15)
        XCTAssertEqual(q.waitPercentile(0.99), 0)
    }
}
