import Foundation
import XCTest

/// Malformed `faults:` entries and database failure fields: exit 2 with file, line and field.
extension ErrorMessageTests {
    static func withFaults(_ block: String) -> String {
        MinimalScenario.text + "faults:\n" + block + "\n"
    }

    func testFaultsReportTheirLineAndField() throws {
        let cases: [(block: String, fragment: String, path: String, message: String)] = [
            ("  - {at: 30m, kind: database_failovr}", "database_failovr", "faults[0].kind", #"did you mean "database_failover"?"#),
            ("  - {at: 30, kind: database_failover}", "at: 30", "faults[0].at", "a duration needs a unit"),
            ("  - {kind: database_failover}", "kind: database_failover", "faults[0].at", #"missing required field "at""#),
            ("  - {at: 5m, kind: database_failover}\n  - {at: 10m, kind: droplet_loss, tier: api, droplets: 3}", "droplets: 3",
             "faults[1].droplets", "the api tier never has more than 2 droplets; cannot lose 3"),
            ("  - {at: 10m, kind: droplet_loss, tier: web, droplets: 1}", "tier: web", "faults[0].tier", "the scenario has no web tier"),
            ("  - {at: 10m, kind: droplet_loss, droplets: 1}", "kind: droplet_loss", "faults[0].tier", #"missing required field "tier""#),
            ("  - {at: 10m, kind: database_failover, droplets: 1}", "droplets: 1", "faults[0].droplets", "a database_failover names no droplets"),
            ("  - {at: 10m, kind: database_failover, when: peak}", "when", "faults[0].when", #"unknown field "when""#),
        ]
        for entry in cases {
            try assertCheckReports(Self.withFaults(entry.block), at: entry.fragment, path: entry.path, message: entry.message)
        }
    }

    /// A fault past the horizon (a shortened `--horizon`, say) is left out with a warning.
    func testAFaultPastTheHorizonIsLeftOutWithAWarning() throws {
        let scenario = try TemporaryScenario(Self.withFaults("  - {at: 2h, kind: database_failover}"))
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("faults[0].at: is past the horizon (1h): this run leaves the fault out"), outcome.summary)
    }

    func testFaultsMustBeAList() throws {
        try assertCheckReports(MinimalScenario.text + "faults: {at: 10m, kind: database_failover}\n", at: "faults:",
                               path: "faults", message: "expected a list")
    }

    func testDatabaseFailureFieldsReportTheirLineAndField() throws {
        let cases: [(line: String, fragment: String, path: String, message: String)] = [
            ("  failover_time: 30", "failover_time", "database.failover_time", "a duration needs a unit"),
            ("  replacement_time: 0s", "replacement_time", "database.replacement_time", "must be"),
            ("  mean_time_between_failures: often", "mean_time_between_failures", "database.mean_time_between_failures", "not a duration"),
            ("  standby_rebuild: 5m", "standby_rebuild", "database.standby_rebuild", #"did you mean "standby_rebuild_time"?"#),
        ]
        for entry in cases {
            let text = MinimalScenario.replacing("  plan: db-s-1vcpu-2gb", with: "  plan: db-s-1vcpu-2gb\n" + entry.line)
            try assertCheckReports(text, at: entry.fragment, path: entry.path, message: entry.message)
        }
    }
}
