import XCTest
@testable import Analysis

/// G/G/1 by Kingman's formula.
final class KingmanTests: XCTestCase {
    func testKingmanMatchesHandComputedValue() {
        // ρ = 0.5, E[S] = 1, ca² = 2, cs² = 1: (0.5/0.5) · (3/2) · 1 = 1.5.
        let q = GG1(arrivalRate: 0.5, meanService: 1, arrivalCoefficientOfVariation: 2.0.squareRoot(),
                    serviceCoefficientOfVariation: 1)
        XCTAssertEqual(q.meanWait, 1.5, accuracy: 1e-12)
        XCTAssertEqual(q.meanResponse, 2.5, accuracy: 1e-12)
        XCTAssertEqual(q.meanQueueLength, 0.75, accuracy: 1e-12)
        XCTAssertEqual(q.meanInSystem, 1.25, accuracy: 1e-12)
        XCTAssertFalse(q.isExact)
    }

    func testKingmanWithPoissonArrivalsEqualsPollaczekKhinchine() {
        for cs in [0.0, 0.7, 1, 2.5] {
            for rho in [0.1, 0.6, 0.99] {
                let k = GG1(arrivalRate: rho / 2, meanService: 2, arrivalCoefficientOfVariation: 1,
                            serviceCoefficientOfVariation: cs)
                let pk = MG1(arrivalRate: rho / 2, meanService: 2, serviceCoefficientOfVariation: cs)
                XCTAssertTrue(k.isExact)
                XCTAssertEqual(k.meanWait, pk.meanWait, accuracy: 1e-10 * max(1, pk.meanWait), "cs = \(cs), ρ = \(rho)")
            }
        }
    }

    func testKingmanEqualsAllenCunneenWithOneServer() {
        let k = GG1(arrivalRate: 0.8, meanService: 1, arrivalCoefficientOfVariation: 0.5, serviceCoefficientOfVariation: 1.3)
        let ac = MGc(arrivalRate: 0.8, meanService: 1, servers: 1, serviceCoefficientOfVariation: 1.3,
                     arrivalCoefficientOfVariation: 0.5)
        XCTAssertEqual(k.meanWait, ac.meanWait, accuracy: 1e-12)
    }

    func testDeterministicArrivalsAndServiceNeverWait() {
        let q = GG1(arrivalRate: 0.9, meanService: 1, arrivalCoefficientOfVariation: 0, serviceCoefficientOfVariation: 0)
        XCTAssertEqual(q.meanWait, 0)
        XCTAssertEqual(q.meanResponse, 1)
    }
}
