import XCTest
@testable import Analysis

/// M/D/c by Crommelin's exact mean wait: Pollaczek–Khinchine at c = 1, values checked
/// against an independent evaluation, and Cosmetatos' approximation close by.
final class CrommelinTests: XCTestCase {
    func testOneServerIsPollaczekKhinchine() {
        for rho in [0.1, 0.5, 0.8, 0.95] {
            let exact = MDc(arrivalRate: rho / 0.1, serviceTime: 0.1, servers: 1).meanWait
            XCTAssertEqual(exact, MG1.md1(arrivalRate: rho / 0.1, serviceTime: 0.1).meanWait, accuracy: 1e-9 * exact, "ρ = \(rho)")
        }
    }

    /// Values from a separate evaluation of the same series (Python, log-space Poisson
    /// tails), which FCFS simulations outside capsim matched within their noise.
    func testFourAndEightServers() {
        XCTAssertEqual(MDc(arrivalRate: 3.2, serviceTime: 1, servers: 4).meanWait, 0.386094930847, accuracy: 1e-9)
        XCTAssertEqual(MDc(arrivalRate: 2.8, serviceTime: 1, servers: 4).meanWait, 0.189707685351, accuracy: 1e-9)
        XCTAssertEqual(MDc(arrivalRate: 7.2, serviceTime: 1, servers: 8).meanWait, 0.449973259436, accuracy: 1e-9)
    }

    /// Cosmetatos (1976): ½ Wq(M/M/c) · [1 + (1 − ρ)(c − 1)(√(4 + 5c) − 2) / (16ρc)] is
    /// within 0.5% of the exact value at these moderate-to-heavy loads (it errs more at light
    /// load: −1.8% at c = 16, ρ = 0.6); the plain halving of Allen–Cunneen is 2.5–3.5% low.
    func testCosmetatosIsCloseAndHalvingIsLow() {
        for (servers, rho) in [(2, 0.7), (4, 0.8), (8, 0.9)] {
            let lambda = rho * Double(servers)
            let exact = MDc(arrivalRate: lambda, serviceTime: 1, servers: servers).meanWait
            let half = MMc(arrivalRate: lambda, serviceRate: 1, servers: servers).meanWait / 2
            let c = Double(servers)
            let cosmetatos = half * (1 + (1 - rho) * (c - 1) * ((4 + 5 * c).squareRoot() - 2) / (16 * rho * c))
            XCTAssertEqual(cosmetatos, exact, accuracy: 0.005 * exact, "c = \(servers), ρ = \(rho)")
            XCTAssertEqual(half / exact, 0.97, accuracy: 0.006, "c = \(servers), ρ = \(rho)")
        }
    }

    func testUnstableAndIdleQueues() {
        XCTAssertEqual(MDc(arrivalRate: 4, serviceTime: 1, servers: 4).meanWait, .infinity)
        XCTAssertEqual(MDc(arrivalRate: 0, serviceTime: 1, servers: 4).meanWait, 0)
        XCTAssertEqual(MDc(arrivalRate: 1, serviceTime: 1, servers: 0).meanWait, .infinity)
    }
}
