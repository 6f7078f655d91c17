import Foundation
import XCTest
@testable import Analysis

/// Erlang B and C against published values, against the textbook factorial sums where those
/// do not overflow, and against a log-space evaluation where they would.
final class ErlangTests: XCTestCase {
    /// B(c, a) = (aᶜ/c!) / Σₖ (aᵏ/k!), written directly; fine for c ≤ 30.
    static func factorialErlangB(servers c: Int, load a: Double) -> Double {
        var term = 1.0, sum = 1.0
        for k in stride(from: 1, through: c, by: 1) {
            term *= a / Double(k)
            sum += term
        }
        return term / sum
    }

    /// C(c, a) from the factorial form of Erlang's C formula (Kleinrock 1975, §3.5).
    static func factorialErlangC(servers c: Int, load a: Double) -> Double {
        var term = 1.0, sum = 1.0
        for k in stride(from: 1, to: c, by: 1) {
            term *= a / Double(k)
            sum += term
        }
        let last = term * a / Double(c) * Double(c) / (Double(c) - a)
        return last / (sum + last)
    }

    /// B(c, a) in log space with lgamma and log-sum-exp: an evaluation independent of the
    /// recursion that survives c = 10,000.
    static func logSpaceErlangB(servers c: Int, load a: Double) -> Double {
        let logTerms = (0...c).map { k in Double(k) * log(a) - lgamma(Double(k) + 1) }
        let top = logTerms.max()!
        let logSum = top + log(logTerms.reduce(0) { $0 + exp($1 - top) })
        return exp(logTerms[c] - logSum)
    }

    func testErlangCMatchesPublishedValueForFourServers() {
        // M/M/4 at ρ = 0.9 (a = 3.6): P(wait) = 0.787753.
        XCTAssertEqual(Erlang.c(servers: 4, load: 3.6), 0.787753, accuracy: 1e-6)
    }

    func testErlangBMatchesPublishedValueForTenServers() {
        XCTAssertEqual(Erlang.b(servers: 10, load: 5), 0.018385, accuracy: 1e-6)
    }

    func testErlangBMatchesHandComputedValueForThreeServers() {
        // (8/6) / (1 + 2 + 2 + 8/6) = 4/19.
        XCTAssertEqual(Erlang.b(servers: 3, load: 2), 4.0 / 19.0, accuracy: 1e-15)
    }

    func testErlangCMatchesHandComputedValueForTwoServers() {
        // a = 1.5, c = 2: last = (2.25/2)·(2/0.5) = 4.5; C = 4.5 / (1 + 1.5 + 4.5) = 9/14.
        XCTAssertEqual(Erlang.c(servers: 2, load: 1.5), 9.0 / 14.0, accuracy: 1e-15)
    }

    func testErlangCOfOneServerIsTheUtilization() {
        for rho in stride(from: 0.05, to: 1.0, by: 0.05) {
            XCTAssertEqual(Erlang.c(servers: 1, load: rho), rho, accuracy: 1e-14, "ρ = \(rho)")
        }
    }

    func testErlangBAndCMatchFactorialFormulasForSmallServerCounts() {
        for c in 1...30 {
            for fraction in [0.1, 0.5, 0.8, 0.95, 0.999] {
                let a = fraction * Double(c)
                XCTAssertEqual(Erlang.b(servers: c, load: a), Self.factorialErlangB(servers: c, load: a),
                               accuracy: 1e-12, "B(\(c), \(a))")
                XCTAssertEqual(Erlang.c(servers: c, load: a), Self.factorialErlangC(servers: c, load: a),
                               accuracy: 1e-10, "C(\(c), \(a))")
            }
        }
    }

    func testErlangBMatchesLogSpaceEvaluationAtLargeServerCounts() {
        for (c, a) in [(500, 480.0), (2_000, 1_900.0), (10_000, 9_900.0)] {
            let expected = Self.logSpaceErlangB(servers: c, load: a)
            XCTAssertEqual(Erlang.b(servers: c, load: a), expected, accuracy: 1e-9 + 1e-6 * expected, "B(\(c), \(a))")
        }
    }

    func testErlangStaysFiniteAtTenThousandServers() {
        let b = Erlang.b(servers: 10_000, load: 9_900)
        let c = Erlang.c(servers: 10_000, load: 9_900)
        for value in [b, c] {
            XCTAssertTrue(value.isFinite)
            XCTAssertGreaterThan(value, 0)
            XCTAssertLessThan(value, 1)
        }
        // C exceeds B: waiting happens whenever loss would have.
        XCTAssertGreaterThan(c, b)
        XCTAssertEqual(c, Erlang.delayProbability(blocking: Self.logSpaceErlangB(servers: 10_000, load: 9_900),
                                                  servers: 10_000, load: 9_900), accuracy: 1e-8)
    }

    func testErlangCIsOneWhenLoadReachesOrExceedsServers() {
        XCTAssertEqual(Erlang.c(servers: 4, load: 4), 1)
        XCTAssertEqual(Erlang.c(servers: 4, load: 7.5), 1)
        XCTAssertEqual(Erlang.c(servers: 4, load: .infinity), 1)
    }

    func testErlangReturnsPessimisticProbabilityForInputsThatAreNotASystem() {
        XCTAssertEqual(Erlang.b(servers: -1, load: 1), 1)
        XCTAssertEqual(Erlang.b(servers: 3, load: -1), 1)
        XCTAssertEqual(Erlang.b(servers: 3, load: .nan), 1)
        XCTAssertEqual(Erlang.b(servers: 0, load: 2), 1)
        XCTAssertEqual(Erlang.c(servers: 0, load: 0.5), 1)
        XCTAssertEqual(Erlang.c(servers: -3, load: 0.5), 1)
        XCTAssertEqual(Erlang.c(servers: 3, load: .nan), 1)
        XCTAssertEqual(Erlang.c(servers: 3, load: -0.5), 1)
    }

    func testErlangIsZeroWithNoLoad() {
        XCTAssertEqual(Erlang.b(servers: 5, load: 0), 0)
        XCTAssertEqual(Erlang.c(servers: 5, load: 0), 0)
    }
}
