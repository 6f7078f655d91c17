import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

/// The full platform model, reduced by scenario files to textbook queues, against the
/// closed forms. Each test asserts that the closed form lies inside the 95% Student-t
/// interval of the per-replication mean waits, at the scenario's fixed seed.
final class QueueingValidationTests: XCTestCase {
    /// Erlang C: the probability that an arrival waits in M/M/c with offered load a = λ/μ.
    static func erlangC(servers c: Int, load a: Double) -> Double {
        var term = 1.0, sum = 1.0
        for k in 1..<c {
            term *= a / Double(k)
            sum += term
        }
        let last = term * a / Double(c) * Double(c) / (Double(c) - a)
        return last / (sum + last)
    }

    func assertInside(_ expected: Double, _ values: [Double], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        let interval = ConfidenceInterval.studentT(values)
        guard let lower = interval.lower, let upper = interval.upper else {
            return XCTFail("\(label): no interval from \(values.count) replications", file: file, line: line)
        }
        XCTAssertTrue(lower <= expected && expected <= upper,
                      "\(label): closed form \(expected) outside the 95% CI [\(lower), \(upper)] (mean \(interval.mean))",
                      file: file, line: line)
        // The interval must be tight enough to mean something.
        XCTAssertLessThan(interval.halfWidth! / expected, 0.06, "\(label): interval too wide", file: file, line: line)
    }

    func testMM1MeanWaitMatchesClosedForm() throws {
        let results = Fixtures.run(try Fixtures.scenario(file: "scenarios/validation/mm1.yaml"), replications: 16)
        let (lambda, mu) = (8.0, 10.0)
        assertInside((lambda / mu) / (mu - lambda), results.map { $0.tiers[0].wait.mean }, "M/M/1 Wq")
    }

    func testMMcCentralQueueMeanWaitMatchesErlangC() throws {
        let results = Fixtures.run(try Fixtures.scenario(file: "scenarios/validation/mmc.yaml"), replications: 16)
        let (lambda, mu, c) = (32.0, 10.0, 4)
        let expected = Self.erlangC(servers: c, load: lambda / mu) / (Double(c) * mu - lambda)
        assertInside(expected, results.map { $0.tiers[0].wait.mean }, "M/M/4 Wq")
    }

    func testMD1MeanWaitMatchesPollaczekKhinchine() throws {
        let results = Fixtures.run(try Fixtures.scenario(file: "scenarios/validation/md1.yaml"), replications: 16)
        let (lambda, mu) = (8.0, 10.0)
        let rho = lambda / mu
        assertInside(rho / (2 * mu * (1 - rho)), results.map { $0.tiers[0].wait.mean }, "M/D/1 Wq")
    }

    func testPgBouncerPoolWaitMatchesErlangCWithKServers() throws {
        let results = Fixtures.run(try Fixtures.scenario(file: "scenarios/validation/pool-mmk.yaml"), replications: 16)
        let (lambda, mu, k) = (32.0, 10.0, 4)
        let expected = Self.erlangC(servers: k, load: lambda / mu) / (Double(k) * mu - lambda)
        assertInside(expected, results.map { $0.database.poolWait.mean }, "pool M/M/4 Wq")
        // P(wait) is Erlang C itself.
        let waited = results.map { Double($0.database.poolWaited) / Double($0.database.poolWait.count) }
        assertInside(Self.erlangC(servers: k, load: lambda / mu), waited, "pool P(wait)")
    }

    func testErlangCHelperMatchesPublishedValue() {
        // SWIFT-NOTES: M/M/4 at λ = 3.6, μ = 1 has P(wait) = 0.787753.
        XCTAssertEqual(Self.erlangC(servers: 4, load: 3.6), 0.787753, accuracy: 1e-6)
    }
}
