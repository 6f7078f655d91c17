import Foundation
import XCTest

/// `capsim check` on malformed scenarios: exit status 2, no crash, and a message of the
/// form `FILE:LINE:COLUMN: field.path: message` that points at the offending line.
final class ErrorMessageTests: XCTestCase {
    // MARK: Types and units

    func testTextWhereWholeNumberExpectedIsReportedAtItsLine() throws {
        try assertCheckReports(MinimalScenario.replacing("droplets: 2", with: "droplets: two"),
                               at: "droplets: two", path: "tiers.api.droplets",
                               message: #"expected a whole number, found "two""#)
    }

    func testTextWhereNumberExpectedIsReportedAtItsLine() throws {
        try assertCheckReports(MinimalScenario.replacing("complexity: 10", with: "complexity: lots"),
                               at: "complexity: lots", path: "operations.listProjects.complexity",
                               message: #"expected a number, found "lots""#)
    }

    func testNegativeRateIsRefused() throws {
        try assertCheckReports(MinimalScenario.replacing("rate_per_tenant: 2/s", with: "rate_per_tenant: -5/s"),
                               at: "rate_per_tenant: -5/s", path: "tenant_groups.small.rate_per_tenant",
                               message: "must not be negative, found -5/s")
    }

    func testDurationWithoutUnitIsRefused() throws {
        try assertCheckReports(MinimalScenario.replacing("cpu_base: 5ms", with: "cpu_base: 250"),
                               at: "cpu_base: 250", path: "operations.listProjects.cpu_base",
                               message: #"a duration needs a unit: "250""#)
    }

    func testDurationInWordsIsRefused() throws {
        try assertCheckReports(MinimalScenario.replacing("horizon: 1h", with: "horizon: 5 minutes"),
                               at: "horizon: 5 minutes", path: "horizon",
                               message: #"not a duration: "5 minutes""#)
    }

    func testZeroReplicationsIsRefused() throws {
        try assertCheckReports(MinimalScenario.replacing("replications: 1", with: "replications: 0"),
                               at: "replications: 0", path: "replications",
                               message: "must be at least 1, found 0")
    }

    func testWrongHourlyFactorCountIsReported() throws {
        let hourly23 = Array(repeating: "1", count: 23).joined(separator: ", ")
        try assertCheckReports(MinimalScenario.replacing("hourly: [\(MinimalScenario.hourlyOnes)]", with: "hourly: [\(hourly23)]"),
                               at: "hourly: [", path: "tenant_groups.small.hourly",
                               message: "needs exactly 24 factors (one per hour, 0–23), found 23")
    }

    // MARK: Names and suggestions

    func testUnknownFieldSuggestsNearest() throws {
        try assertCheckReports(MinimalScenario.replacing("cpu_base: 5ms", with: "cpu_bse: 5ms"),
                               at: "cpu_bse: 5ms", path: "operations.listProjects.cpu_bse",
                               message: #"unknown field "cpu_bse"; did you mean "cpu_base"?"#)
    }

    func testUnknownTopLevelFieldSuggestsNearest() throws {
        try assertCheckReports(MinimalScenario.replacing("tenant_groups:", with: "tenant_group:"),
                               at: "tenant_group:", path: "tenant_group",
                               message: #"unknown field "tenant_group"; did you mean "tenant_groups"?"#)
    }

    func testUnknownDropletSizeSuggestsNearest() throws {
        try assertCheckReports(MinimalScenario.replacing("size: s-2vcpu-4gb", with: "size: s-2vcpu-4b"),
                               at: "size: s-2vcpu-4b", path: "tiers.api.size",
                               message: #"unknown droplet size "s-2vcpu-4b"; did you mean "s-2vcpu-4gb"?"#)
    }

    func testUnknownDatabasePlanIsReported() throws {
        try assertCheckReports(MinimalScenario.replacing("plan: db-s-1vcpu-2gb", with: "plan: db-s-3vcpu-99gb"),
                               at: "plan: db-s-3vcpu-99gb", path: "database.plan",
                               message: #"unknown database plan "db-s-3vcpu-99gb""#)
    }

    func testUnknownTimeZoneSuggestsNearest() throws {
        try assertCheckReports(MinimalScenario.replacing("time_zone: UTC", with: "time_zone: America/New_Yrok"),
                               at: "time_zone: America/New_Yrok", path: "time_zone",
                               message: #"unknown time zone "America/New_Yrok"; did you mean "America/New_York"?"#)
    }

    func testUnknownTimeZoneWithoutNearMatchDoesNotPointAtCatalog() throws {
        // `capsim catalog` lists droplets and database plans, not time zones.
        let text = MinimalScenario.replacing("time_zone: UTC", with: "time_zone: Mars/Olympus_Mons")
        try assertCheckReports(text, at: "time_zone: Mars", path: "time_zone",
                               message: #"unknown time zone "Mars/Olympus_Mons""#)
        let scenario = try TemporaryScenario(text)
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertFalse(outcome.stderr.contains("capsim catalog"), "misleading hint\n\(outcome.summary)")
    }

    func testMixNamingUnknownOperationSuggestsNearest() throws {
        try assertCheckReports(MinimalScenario.replacing("mix: {listProjects: 1}", with: "mix: {listProjets: 1}"),
                               at: "mix: {listProjets: 1}", path: "tenant_groups.small.mix.listProjets",
                               message: #"unknown operation or page "listProjets"; did you mean "listProjects"?"#)
    }

    func testUnknownPgBouncerModeSuggestsNearest() throws {
        try assertCheckReports(MinimalScenario.replacing("mode: transaction", with: "mode: transactions"),
                               at: "mode: transactions", path: "database.pgbouncer.mode",
                               message: #"unknown pool mode "transactions"; did you mean "transaction"?"#)
    }

    func testUnknownOperationInPageCallsSuggestsNearest() throws {
        try assertCheckReports(MinimalScenario.replacing("calls: [listProjects]", with: "calls: [listProjets]"),
                               at: "calls: [listProjets]", path: "pages.projectPage.calls.0",
                               message: #"unknown operation "listProjets"; did you mean "listProjects"?"#)
    }

    func testObjectiveNamingUnknownGroupSuggestsNearest() throws {
        try assertCheckReports(MinimalScenario.replacing("group: small}", with: "group: smal}"),
                               at: "group: smal}", path: "slos.latency.0.group",
                               message: #"unknown tenant group "smal"; did you mean "small"?"#)
    }

    // MARK: Limits and structure

    func testPoolAboveBackendConnectionsIsRefused() throws {
        let text = MinimalScenario.replacing([("plan: db-s-1vcpu-2gb", "plan: db-s-1vcpu-1gb"), ("pool_size: 10", "pool_size: 30")])
        try assertCheckReports(text, at: "pool_size: 30", path: "database.pgbouncer.pool_size",
                               message: "pool_size + reserve_pool_size = 30 exceeds the 22 backend connections of db-s-1vcpu-1gb")
    }

    func testMissingRequiredFieldIsReportedAtItsParent() throws {
        // The api tier's mapping now begins with `droplets:`: that is where `size` is missing.
        let text = MinimalScenario.replacing("    size: s-2vcpu-4gb\n", with: "")
        try assertCheckReports(text, at: "droplets: 2", path: "tiers.api.size",
                               message: #"missing required field "size""#)
    }

    func testYAMLSyntaxErrorReportsItsLine() throws {
        try assertCheckReports(MinimalScenario.replacing("size: s-2vcpu-4gb", with: "size: s-2vcpu-4gb: big"),
                               at: "size: s-2vcpu-4gb: big", path: nil,
                               message: "YAML syntax error: mapping values are not allowed")
    }

    func testEmptyFileIsReportedAtLineOne() throws {
        try assertCheckReports("", atLine: 1, path: nil, message: "the scenario is empty")
    }

    func testCommentOnlyFileIsReportedAsEmpty() throws {
        try assertCheckReports("# nothing here yet\n", atLine: 1, path: nil, message: "the scenario is empty")
    }

    func testMinimalScenarioPasses() throws {
        // The baseline of every case above: without it, a failing case could be failing for another reason.
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.hasPrefix("\(scenario.path): OK"), outcome.summary)
        XCTAssertEqual(outcome.stderr, "", outcome.summary)
    }

    func testMissingScenarioFileIsBadInput() throws {
        let outcome = try CLI.run(["check", "/nonexistent-dir/scenario.yaml", "--catalog", CLI.catalogPath])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("/nonexistent-dir/scenario.yaml: cannot read the scenario file (no such file)"),
                      outcome.summary)
    }

    // MARK: Helpers

    /// Runs `capsim check` on `text` and asserts that one stderr line is exactly
    /// `FILE:LINE:COLUMN: PATH: …MESSAGE…`, where LINE is the first line containing `fragment`.
    func assertCheckReports(_ text: String, at fragment: String, path: String?, message: String,
                            file: StaticString = #filePath, line: UInt = #line) throws {
        let scenario = try TemporaryScenario(text)
        try assertCheckReports(scenario, atLine: scenario.line(of: fragment, file: file, line: line), path: path,
                               message: message, file: file, line: line)
    }

    func assertCheckReports(_ text: String, atLine expectedLine: Int, path: String?, message: String,
                            file: StaticString = #filePath, line: UInt = #line) throws {
        try assertCheckReports(try TemporaryScenario(text), atLine: expectedLine, path: path, message: message,
                               file: file, line: line)
    }

    func assertCheckReports(_ scenario: TemporaryScenario, atLine expectedLine: Int, path: String?, message: String,
                            file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try CLI.run(["check", scenario.path], file: file, line: line)
        XCTAssertEqual(outcome.status, 2, "bad input must exit 2\n\(outcome.summary)", file: file, line: line)
        XCTAssertFalse(outcome.crashed, "capsim crashed\n\(outcome.summary)", file: file, line: line)
        XCTAssertEqual(outcome.stdout, "", "nothing belongs on stdout when check fails\n\(outcome.summary)", file: file, line: line)
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        let matches = lines.contains { Self.issue($0, source: scenario.path, line: expectedLine, path: path, message: message) }
        XCTAssertTrue(matches, "expected \(scenario.path):\(expectedLine):COLUMN: \(path.map { "\($0): " } ?? "")…\(message)…\n\(outcome.summary)",
                      file: file, line: line)
    }

    /// Whether `text` is `SOURCE:LINE:COLUMN: [PATH: ]…MESSAGE…` with a numeric column.
    static func issue(_ text: String, source: String, line: Int, path: String?, message: String) -> Bool {
        let prefix = "\(source):\(line):"
        guard text.hasPrefix(prefix) else { return false }
        let rest = text.dropFirst(prefix.count)
        guard let colon = rest.range(of: ": "), Int(rest[..<colon.lowerBound]) != nil else { return false }
        let body = rest[colon.upperBound...]
        if let path {
            guard body.hasPrefix("\(path): ") else { return false }
            return body.dropFirst(path.count + 2).contains(message)
        }
        return body.contains(message)
    }
}
