import Foundation
import XCTest

/// `capsim run --check-slo` on a collapsed, an overloaded, an empty and a healthy system:
/// a failed request counts at the client timeout, an objective with no data is NO DATA and
/// fails the check, and standard error says which objectives failed and why.
final class SLOVerdictTests: XCTestCase {
    /// The minimal scenario with a 2 s client timeout and objectives of every kind.
    static func scenario(_ changes: [(String, String)] = []) -> String {
        MinimalScenario.replacing(changes + [
            ("horizon: 1h", "horizon: 10m\nclient_timeout: 2s"),
            ("    - {percentile: 95, target: 300ms, group: small}", """
                    - {percentile: 95, target: 300ms}
                    - {percentile: 95, target: 300ms, group: small}
                  error_rate: 1%
                  attainment: {percentile: 95, target: 300ms, window: 5m, objective: 99%}
                """),
        ])
    }

    /// Every request needs 10 s of CPU; the client gives up after 2 s.
    static let collapsed = scenario([("cpu_base: 5ms", "cpu_base: 10s")])
    static let empty = scenario([("rate_per_tenant: 2/s", "rate_per_tenant: 0/s")])

    func testCollapsedSystemFailsTheCheckAndSaysWhy() throws {
        let file = try TemporaryScenario(Self.collapsed)
        // Without recording: standard error then holds the objectives' lines alone.
        let outcome = try CLI.run(["run", file.path, "--check-slo", "--no-db"])
        XCTAssertEqual(outcome.status, 1, outcome.summary)
        XCTAssertFalse(outcome.stdout.contains(" MET "), "no objective is met\n\(outcome.summary)")
        XCTAssertTrue(outcome.stdout.contains("MISSED  p95 latency  "), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("failed requests"), "the latency table says how failures count\n\(outcome.summary)")
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, "one line per objective\n\(outcome.summary)")
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("capsim: SLO missed: ") }, outcome.summary)
        let overall = try XCTUnwrap(lines.first { $0.hasPrefix("capsim: SLO missed: p95 latency 20") }, outcome.summary)
        XCTAssertTrue(overall.contains(" ms > 300 ms (0 of "), overall)
        XCTAssertTrue(overall.contains(" requests completed; 99."), overall)
        XCTAssertTrue(overall.contains("% failed: "), overall)
        XCTAssertTrue(overall.contains("clientTimeout"), overall)
        XCTAssertTrue(overall.contains("failed requests count at the 2s client timeout"), overall)
        XCTAssertTrue(outcome.stderr.contains("capsim: SLO missed: error rate 99."), outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("% > 1.00% (0 of "), outcome.summary)
    }

    func testCollapsedSystemInJSONHasStatusMissed() throws {
        let file = try TemporaryScenario(Self.collapsed)
        let outcome = try CLI.run(["run", file.path, "--format", "json"])
        XCTAssertEqual(outcome.status, 0, "without --check-slo a missed objective is only reported\n\(outcome.summary)")
        let json = try JSONAccess(text: outcome.stdout)
        XCTAssertEqual(json.bool("sloMet"), false)
        let slos = json.array("slos") ?? []
        XCTAssertEqual(slos.count, 4)
        for index in slos.indices {
            XCTAssertEqual(json.string("slos.\(index).status"), "missed", "\(json.value("slos.\(index)") ?? "")")
            XCTAssertEqual(json.bool("slos.\(index).met"), false)
        }
        XCTAssertEqual(json.number("slos.0.value") ?? 0, 2000, accuracy: 2)
        XCTAssertEqual(json.number("latencyMs.p50") ?? 0, 2000, accuracy: 2)
        XCTAssertEqual(json.integer("requests.completed"), 0)
    }

    func testEmptySystemHasNoDataAndFailsTheCheck() throws {
        let file = try TemporaryScenario(Self.empty)
        // Without recording: standard error then holds the objectives' lines alone.
        let outcome = try CLI.run(["run", file.path, "--check-slo", "--no-db"])
        XCTAssertEqual(outcome.status, 1, outcome.summary)
        XCTAssertFalse(outcome.stdout.contains("MET"), "zero traffic meets nothing\n\(outcome.summary)")
        XCTAssertTrue(outcome.stdout.contains("NO DATA  p95 latency  "), outcome.summary)
        // A rate of zero is legal but surely unintended: check warns about it first.
        let lines = outcome.stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("warning: ") }
        XCTAssertTrue(outcome.stderr.hasPrefix("warning: "), outcome.summary)
        XCTAssertEqual(lines, [
            "capsim: SLO has no data: p95 latency (no requests in the measured interval)",
            "capsim: SLO has no data: p95 latency of group small (no requests in the measured interval)",
            "capsim: SLO has no data: error rate (no requests in the measured interval)",
            "capsim: SLO has no data: 5m windows with p95 ≤ 300ms (no window in which a request ended)",
        ], outcome.summary)
    }

    func testEmptySystemIsNoDataInEveryFormat() throws {
        let file = try TemporaryScenario(Self.empty)
        let json = try CLI.run(["run", file.path, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.summary)
        let document = try JSONAccess(text: json.stdout)
        XCTAssertEqual(document.bool("sloMet"), false)
        for index in 0..<4 {
            XCTAssertEqual(document.string("slos.\(index).status"), "noData")
            XCTAssertEqual(document.bool("slos.\(index).met"), false)
            XCTAssertTrue(document.value("slos.\(index).value") is NSNull, "no made-up value")
            XCTAssertNotNil(document.string("slos.\(index).reason"))
        }
        let markdown = try CLI.run(["run", file.path, "--format", "markdown"])
        XCTAssertTrue(markdown.stdout.contains("| p95 latency | no data | n/a | ≤ 300 ms | no data (no requests in the measured interval) |"),
                      markdown.summary)
        let csv = try CLI.run(["run", file.path, "--format", "csv"])
        XCTAssertTrue(csv.stdout.contains("slo,p95 latency,met,false\nslo,p95 latency,status,noData\n"), csv.summary)
    }

    func testCompareShowsNoDataAttainment() throws {
        let file = try TemporaryScenario(Self.empty + """
            variants:
              - name: two
                set: {}
              - name: three
                set: {tiers.api.droplets: 3}

            """)
        let table = try CLI.run(["compare", file.path, "--replications", "2"])
        XCTAssertEqual(table.status, 0, table.summary)
        // The measures table: up to the first blank line after its header (the verdicts and the frontier follow).
        let measures = table.stdout.components(separatedBy: "  variant ")[1].components(separatedBy: "\n\n")[0]
        let rows = measures.split(separator: "\n").filter { $0.hasPrefix("  two ") || $0.hasPrefix("  three ") }
        XCTAssertEqual(rows.count, 2, table.summary)
        let verdicts = table.stdout.split(separator: "\n").filter { $0.hasSuffix("NO DATA") }
        XCTAssertEqual(verdicts.count, 2 * 4, "each variant's four SLOs without data: \(table.summary)")
        for row in rows { XCTAssertEqual(row.components(separatedBy: "no data").count - 1, 4, "p95, p99, attainment, error rate: \(row)") }
        let json = try CLI.run(["compare", file.path, "--replications", "2", "--format", "json"])
        let document = try JSONAccess(text: json.stdout)
        XCTAssertEqual((document.value("variants.0.noData") as? [Any])?.compactMap { $0 as? String },
                       ["p95Ms", "p99Ms", "attainment", "errorRate"], json.summary)
        XCTAssertTrue(document.value("variants.0.measures.attainment") is NSNull)
        let csv = try CLI.run(["compare", file.path, "--replications", "2", "--format", "csv"])
        XCTAssertTrue(csv.stdout.contains("two,static,attainment,,,,,,,,true,,\n"), csv.summary)
    }

    func testHealthySystemMeetsEveryObjectiveAndPassesTheCheck() throws {
        let file = try TemporaryScenario(Self.scenario())
        // Without recording, so that standard error has nothing to say.
        let outcome = try CLI.run(["run", file.path, "--check-slo", "--no-db"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertEqual(outcome.stdout.components(separatedBy: "\n  MET  ").count - 1, 4, outcome.summary)
        XCTAssertFalse(outcome.stdout.contains("failed requests"), "no failure note without failures\n\(outcome.summary)")
        XCTAssertEqual(outcome.stderr, "", outcome.summary)
        let json = try CLI.run(["run", file.path, "--format", "json"])
        let document = try JSONAccess(text: json.stdout)
        for index in 0..<4 {
            XCTAssertEqual(document.string("slos.\(index).status"), "met", json.summary)
            XCTAssertGreaterThan(document.integer("slos.\(index).samples") ?? 0, 0, "the verdict says what it was computed from")
            XCTAssertTrue(document.value("slos.\(index).reason") is NSNull)
        }
    }
}
