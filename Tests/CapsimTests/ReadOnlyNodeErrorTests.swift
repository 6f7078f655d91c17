import Foundation
import XCTest

/// `capsim check` on malformed read-only node fields: exit status 2 with the file, line and
/// field of the offending value (README "Read-only nodes").
final class ReadOnlyNodeErrorTests: XCTestCase {
    /// `check` refuses `text` with exit status 2 and reports `message` for `path` at the line
    /// holding `fragment`.
    func assertRefused(_ text: String, at fragment: String, path: String, message: String,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let scenario = try TemporaryScenario(text)
        let expectedLine = scenario.line(of: fragment, file: file, line: line)
        let outcome = try CLI.run(["check", scenario.path], file: file, line: line)
        XCTAssertEqual(outcome.status, 2, "bad input must exit 2\n\(outcome.summary)", file: file, line: line)
        XCTAssertFalse(outcome.crashed, "capsim crashed\n\(outcome.summary)", file: file, line: line)
        let matches = outcome.stderr.split(separator: "\n").contains {
            ErrorMessageTests.issue(String($0), source: scenario.path, line: expectedLine, path: path, message: message)
        }
        XCTAssertTrue(matches, "expected \(scenario.path):\(expectedLine):COLUMN: \(path): …\(message)…\n\(outcome.summary)",
                      file: file, line: line)
    }

    func testReplicaReadsOnAMutationAreRefused() throws {
        try assertRefused(MinimalScenario.replacing("query_time: 1ms", with: "query_time: 1ms\n    kind: mutation\n    reads: replica"),
                          at: "reads: replica", path: "operations.listProjects.reads",
                          message: "a mutation writes, so it always goes to the primary")
    }

    func testUnknownReadTargetIsRefused() throws {
        try assertRefused(MinimalScenario.replacing("query_time: 1ms", with: "query_time: 1ms\n    reads: standby"),
                          at: "reads: standby", path: "operations.listProjects.reads", message: "standby")
    }

    func testMaxStalenessWithoutReplicaReadsIsRefused() throws {
        try assertRefused(MinimalScenario.replacing("query_time: 1ms", with: "query_time: 1ms\n    max_staleness: 100ms"),
                          at: "max_staleness: 100ms", path: "operations.listProjects.max_staleness",
                          message: "max_staleness bounds replica reads")
    }

    func testReadOnlyPlanSmallerThanThePrimaryIsRefused() throws {
        try assertRefused(MinimalScenario.replacing("plan: db-s-1vcpu-2gb", with: "plan: db-s-1vcpu-2gb\n  read_only_nodes: 1\n  read_only_plan: db-s-1vcpu-1gb"),
                          at: "read_only_plan: db-s-1vcpu-1gb", path: "database.read_only_plan",
                          message: "at least the primary's size")
    }

    func testTooManyReadOnlyNodesAreRefused() throws {
        try assertRefused(MinimalScenario.replacing("plan: db-s-1vcpu-2gb", with: "plan: db-s-1vcpu-2gb\n  read_only_nodes: 11"),
                          at: "read_only_nodes: 11", path: "database.read_only_nodes", message: "11")
    }

    func testReplicationLagMustBeADuration() throws {
        try assertRefused(MinimalScenario.replacing("plan: db-s-1vcpu-2gb", with: "plan: db-s-1vcpu-2gb\n  replication_lag: 50"),
                          at: "replication_lag: 50", path: "database.replication_lag", message: "50")
    }
}
