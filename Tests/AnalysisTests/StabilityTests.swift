import XCTest
@testable import Analysis

/// Every model answers "unstable" the same way, never traps, and stays finite right up to
/// the edge of stability and at 10,000 servers.
final class StabilityTests: XCTestCase {
    func assertUnstable(_ q: MMc, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(q.isStable, label, file: file, line: line)
        XCTAssertEqual(q.probabilityOfWaiting, 1, label, file: file, line: line)
        for value in [q.meanWait, q.meanResponse, q.meanQueueLength, q.meanInSystem,
                      q.waitPercentile(0.5), q.responsePercentile(0.5)] {
            XCTAssertEqual(value, .infinity, label, file: file, line: line)
        }
        XCTAssertEqual(q.waitDistribution(atOrBelow: 1e9), 0, label, file: file, line: line)
        XCTAssertEqual(q.responseDistribution(atOrBelow: 1e9), 0, label, file: file, line: line)
    }

    func testMMcAtOrAboveFullUtilizationIsUnstable() {
        assertUnstable(MMc(arrivalRate: 4, serviceRate: 1, servers: 4), "ρ = 1")
        assertUnstable(MMc(arrivalRate: 5, serviceRate: 1, servers: 4), "ρ > 1")
        assertUnstable(MMc.mm1(arrivalRate: 10, serviceRate: 10), "M/M/1 ρ = 1")
        XCTAssertEqual(MMc(arrivalRate: 5, serviceRate: 1, servers: 4).utilization, 1.25)
    }

    func testMMcWithInputsThatAreNotASystemIsUnstable() {
        assertUnstable(MMc(arrivalRate: 1, serviceRate: 0, servers: 4), "μ = 0")
        assertUnstable(MMc(arrivalRate: 1, serviceRate: -2, servers: 4), "μ < 0")
        assertUnstable(MMc(arrivalRate: 1, serviceRate: .nan, servers: 4), "μ NaN")
        assertUnstable(MMc(arrivalRate: 1, serviceRate: 1, servers: 0), "c = 0")
        assertUnstable(MMc(arrivalRate: 1, serviceRate: 1, servers: -5), "c < 0")
        assertUnstable(MMc(arrivalRate: -1, serviceRate: 1, servers: 2), "λ < 0")
        assertUnstable(MMc(arrivalRate: .infinity, serviceRate: 1, servers: 2), "λ infinite")
        XCTAssertEqual(MMc(arrivalRate: 1, serviceRate: 0, servers: 4).utilization, .infinity)
    }

    func testMMcJustBelowSaturationIsFiniteAndLarge() {
        for c in [1, 10, 1_000] {
            let q = MMc(arrivalRate: Double(c) * (1 - 1e-9), serviceRate: 1, servers: c)
            XCTAssertTrue(q.isStable, "c = \(c)")
            XCTAssertTrue(q.meanWait.isFinite, "c = \(c)")
            // Wq = C / (cμ − λ) with cμ − λ = c · 1e-9 and C > 0.99.
            XCTAssertGreaterThan(q.meanWait, 0.99e9 / Double(c), "c = \(c)")
            XCTAssertTrue(q.waitPercentile(0.99).isFinite, "c = \(c)")
            XCTAssertGreaterThan(q.probabilityOfWaiting, 0.99, "c = \(c)")
        }
    }

    func testMMcWithTenThousandServersIsFinite() {
        let q = MMc(arrivalRate: 9_900, serviceRate: 1, servers: 10_000)
        XCTAssertTrue(q.isStable)
        for value in [q.probabilityOfWaiting, q.meanWait, q.meanQueueLength, q.waitPercentile(0.95),
                      q.responsePercentile(0.95)] {
            XCTAssertTrue(value.isFinite)
            XCTAssertGreaterThan(value, 0)
        }
        XCTAssertLessThan(q.probabilityOfWaiting, 1)
        XCTAssertEqual(q.meanQueueLength, 9_900 * q.meanWait, accuracy: 1e-9 * q.meanQueueLength)
    }

    func testMG1AndKingmanAtOrAboveFullUtilizationAreUnstable() {
        let models: [(String, MG1)] = [
            ("ρ = 1", MG1(arrivalRate: 1, meanService: 1, serviceCoefficientOfVariation: 1)),
            ("ρ > 1", MG1(arrivalRate: 2, meanService: 1, serviceCoefficientOfVariation: 0)),
            ("E[S] = 0", MG1(arrivalRate: 1, meanService: 0, serviceCoefficientOfVariation: 1)),
            ("cv < 0", MG1(arrivalRate: 0.5, meanService: 1, serviceCoefficientOfVariation: -1)),
            ("λ NaN", MG1(arrivalRate: .nan, meanService: 1, serviceCoefficientOfVariation: 1)),
        ]
        for (label, q) in models {
            XCTAssertFalse(q.isStable, label)
            XCTAssertEqual(q.probabilityOfWaiting, 1, label)
            XCTAssertEqual(q.meanWait, .infinity, label)
            XCTAssertEqual(q.meanResponse, .infinity, label)
            XCTAssertEqual(q.meanQueueLength, .infinity, label)
            XCTAssertEqual(q.meanInSystem, .infinity, label)
        }
        let k = GG1(arrivalRate: 1.2, meanService: 1, arrivalCoefficientOfVariation: 1, serviceCoefficientOfVariation: 1)
        XCTAssertFalse(k.isStable)
        XCTAssertEqual(k.meanWait, .infinity)
        XCTAssertEqual(k.meanInSystem, .infinity)
        XCTAssertFalse(GG1(arrivalRate: 0.5, meanService: -1, arrivalCoefficientOfVariation: 1,
                           serviceCoefficientOfVariation: 1).isStable)
    }

    func testMGcAtOrAboveFullUtilizationIsUnstable() {
        let models: [(String, MGc)] = [
            ("ρ = 1", MGc(arrivalRate: 4, meanService: 1, servers: 4, serviceCoefficientOfVariation: 0.5)),
            ("c = 0", MGc(arrivalRate: 1, meanService: 1, servers: 0, serviceCoefficientOfVariation: 0.5)),
            ("E[S] < 0", MGc(arrivalRate: 1, meanService: -1, servers: 2, serviceCoefficientOfVariation: 0.5)),
            ("cs NaN", MGc(arrivalRate: 1, meanService: 1, servers: 2, serviceCoefficientOfVariation: .nan)),
            ("ca < 0", MGc(arrivalRate: 1, meanService: 1, servers: 2, serviceCoefficientOfVariation: 1,
                           arrivalCoefficientOfVariation: -0.1)),
        ]
        for (label, q) in models {
            XCTAssertFalse(q.isStable, label)
            XCTAssertEqual(q.probabilityOfWaiting, 1, label)
            XCTAssertEqual(q.meanWait, .infinity, label)
            XCTAssertEqual(q.meanResponse, .infinity, label)
            XCTAssertEqual(q.waitPercentile(0.95), .infinity, label)
            XCTAssertEqual(q.waitDistribution(atOrBelow: 100), 0, label)
        }
    }

    func testMG1JustBelowSaturationIsFinite() {
        let q = MG1(arrivalRate: 1 - 1e-12, meanService: 1, serviceCoefficientOfVariation: 0.5)
        XCTAssertTrue(q.isStable)
        XCTAssertTrue(q.meanWait.isFinite)
        XCTAssertGreaterThan(q.meanWait, 1e10)
    }
}
