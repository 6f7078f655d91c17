import XCTest
@testable import Analysis

/// The server-count searches against brute force over the models they claim to invert.
final class CapacityTests: XCTestCase {
    func testUtilizationBoundIsStrict() {
        // a = 3.2: four servers run at exactly 0.8, which does not meet "below 0.8".
        XCTAssertEqual(Capacity.smallestServers(forArrivalRate: 32, serviceRate: 10, maxUtilization: 0.8), 5)
        XCTAssertEqual(Capacity.smallestServers(forArrivalRate: 32, serviceRate: 10, maxUtilization: 0.81), 4)
        XCTAssertEqual(Capacity.smallestServers(forArrivalRate: 3, serviceRate: 1, maxUtilization: 0.5), 7)
    }

    func testUtilizationBoundMatchesBruteForce() {
        for lambda in stride(from: 0.0, through: 200, by: 7.3) {
            for bound in [0.3, 0.5, 0.7, 0.85, 0.99] {
                let found = Capacity.smallestServers(forArrivalRate: lambda, serviceRate: 1.7, maxUtilization: bound)
                let brute = (1...10_000).first { MMc(arrivalRate: lambda, serviceRate: 1.7, servers: $0).utilization < bound }
                XCTAssertEqual(found, brute, "λ = \(lambda), bound = \(bound)")
            }
        }
    }

    func testUtilizationBoundAboveOneIsTreatedAsOne() {
        XCTAssertEqual(Capacity.smallestServers(forArrivalRate: 3, serviceRate: 1, maxUtilization: 2), 4)
    }

    func testUtilizationSearchReturnsNilBeyondCapOrForBadInput() {
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 1e6, serviceRate: 1, maxUtilization: 0.9))
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 10, serviceRate: 1, maxUtilization: 0.9, cap: 11))
        XCTAssertEqual(Capacity.smallestServers(forArrivalRate: 10, serviceRate: 1, maxUtilization: 0.9, cap: 12), 12)
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 10, serviceRate: 0, maxUtilization: 0.9))
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: -1, serviceRate: 1, maxUtilization: 0.9))
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 1, serviceRate: 1, maxUtilization: 0))
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 1, serviceRate: 1, maxUtilization: .nan))
        XCTAssertEqual(Capacity.smallestServers(forArrivalRate: 0, serviceRate: 1, maxUtilization: 0.5), 1)
    }

    func testWaitPercentileSearchMatchesBruteForceOverMMc() {
        for (lambda, mu) in [(32.0, 10.0), (0.5, 1.0), (95.0, 1.0), (1_000.0, 4.0)] {
            for target in [0.0, 0.01, 0.1, 1.0] {
                for p in [0.5, 0.95, 0.99] {
                    let found = Capacity.smallestServers(forArrivalRate: lambda, serviceRate: mu,
                                                         meetingWaitPercentile: p, target: target)
                    let brute = (1...10_000).first {
                        let q = MMc(arrivalRate: lambda, serviceRate: mu, servers: $0)
                        return q.isStable && q.waitPercentile(p) <= target
                    }
                    XCTAssertEqual(found, brute, "λ = \(lambda), μ = \(mu), p = \(p), target = \(target)")
                }
            }
        }
    }

    func testWaitPercentileSearchWithVariabilityMatchesBruteForceOverMGc() {
        for cs in [0.0, 0.5, 2.0] {
            for target in [0.05, 0.5] {
                let found = Capacity.smallestServers(forArrivalRate: 40, serviceRate: 2, meetingWaitPercentile: 0.95,
                                                     target: target, serviceCoefficientOfVariation: cs,
                                                     arrivalCoefficientOfVariation: 1.2)
                let brute = (1...10_000).first {
                    let q = MGc(arrivalRate: 40, meanService: 0.5, servers: $0, serviceCoefficientOfVariation: cs,
                                arrivalCoefficientOfVariation: 1.2)
                    return q.isStable && q.waitPercentile(0.95) <= target
                }
                XCTAssertEqual(found, brute, "cs = \(cs), target = \(target)")
            }
        }
    }

    func testMoreServiceVariabilityNeedsAtLeastAsManyServers() {
        let counts = [0.0, 1.0, 3.0].map { cs in
            Capacity.smallestServers(forArrivalRate: 200, serviceRate: 1, meetingWaitPercentile: 0.99, target: 0.02,
                                     serviceCoefficientOfVariation: cs)!
        }
        XCTAssertLessThanOrEqual(counts[0], counts[1])
        XCTAssertLessThan(counts[1], counts[2])
    }

    func testWaitPercentileSearchWorksNearTenThousandServers() {
        // p95 wait at λ = 9,900, μ = 1 is about 0.046 with 9,950 servers and 0.015 with 10,000.
        let c = Capacity.smallestServers(forArrivalRate: 9_900, serviceRate: 1, meetingWaitPercentile: 0.95, target: 0.02)
        XCTAssertNotNil(c)
        guard let c else { return }
        XCTAssertGreaterThan(c, 9_950)
        XCTAssertLessThan(c, 10_000)
        XCTAssertLessThanOrEqual(MMc(arrivalRate: 9_900, serviceRate: 1, servers: c).waitPercentile(0.95), 0.02)
        XCTAssertGreaterThan(MMc(arrivalRate: 9_900, serviceRate: 1, servers: c - 1).waitPercentile(0.95), 0.02)
        // A target only more servers than the cap could meet has no answer.
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 9_900, serviceRate: 1, meetingWaitPercentile: 0.95,
                                              target: 0.001))
    }

    func testWaitPercentileSearchReturnsNilWhenUnreachableOrInvalid() {
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 32, serviceRate: 10, meetingWaitPercentile: 0.95,
                                              target: 0.01, cap: 3))
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 1e6, serviceRate: 1, meetingWaitPercentile: 0.95, target: 1))
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 1, serviceRate: 1, meetingWaitPercentile: 1, target: 1))
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 1, serviceRate: 1, meetingWaitPercentile: -0.1, target: 1))
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 1, serviceRate: 1, meetingWaitPercentile: 0.9, target: -1))
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 1, serviceRate: 0, meetingWaitPercentile: 0.9, target: 1))
        XCTAssertNil(Capacity.smallestServers(forArrivalRate: 1, serviceRate: 1, meetingWaitPercentile: 0.9, target: 1,
                                              serviceCoefficientOfVariation: -1))
    }
}
