import Foundation
import XCTest

/// `capsim check` reports every problem of a file in one run, not only the first.
final class AllProblemsTests: XCTestCase {
    func testThreeSeparateProblemsAreReportedInOneRun() throws {
        let text = MinimalScenario.replacing([
            ("rate_per_tenant: 2/s", "rate_per_tenant: -5/s"),
            ("size: s-2vcpu-4gb", "size: s-2vcpu-4b"),
            ("mode: transaction", "mode: transactions"),
        ])
        let scenario = try TemporaryScenario(text)
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        let expected: [(fragment: String, path: String, message: String)] = [
            ("rate_per_tenant: -5/s", "tenant_groups.small.rate_per_tenant", "must not be negative, found -5/s"),
            ("size: s-2vcpu-4b", "tiers.api.size", #"unknown droplet size "s-2vcpu-4b"; did you mean "s-2vcpu-4gb"?"#),
            ("mode: transactions", "database.pgbouncer.mode", #"unknown pool mode "transactions"; did you mean "transaction"?"#),
        ]
        for problem in expected {
            let line = scenario.line(of: problem.fragment)
            XCTAssertTrue(lines.contains { ErrorMessageTests.issue($0, source: scenario.path, line: line, path: problem.path, message: problem.message) },
                          "missing \(scenario.path):\(line): \(problem.path): \(problem.message)\n\(outcome.summary)")
        }
        // Exactly these three: a problem inside the tenant group must not also make the
        // (valid) group name in `slos` look unknown.
        XCTAssertEqual(lines.count, 3, "expected exactly three problems, one per line\n\(outcome.summary)")
    }

    func testProblemInsideOperationIsNotAlsoReportedAsUnknownName() throws {
        // One mistake, one message: the operation exists, only its complexity is wrong.
        let text = MinimalScenario.replacing("complexity: 10", with: "complexity: {distribution: lognormal, mean: 0, cv: 1}")
        let scenario = try TemporaryScenario(text)
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        let line = scenario.line(of: "complexity: {distribution")
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { ErrorMessageTests.issue($0, source: scenario.path, line: line,
                                                              path: "operations.listProjects.complexity.mean",
                                                              message: "must be greater than 0, found 0") },
                      outcome.summary)
        XCTAssertFalse(outcome.stderr.contains(#"unknown operation or page "listProjects""#),
                       "the mix names an operation the file defines\n\(outcome.summary)")
        XCTAssertEqual(lines.count, 1, "expected exactly one problem\n\(outcome.summary)")
    }
}
