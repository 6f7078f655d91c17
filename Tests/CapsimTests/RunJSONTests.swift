import Foundation
import XCTest

/// `capsim run --format json` writes the complete `capsim.run/v1` document.
final class RunJSONTests: XCTestCase {
    static let arguments = ["run", "scenarios/baseline.yaml", "--horizon", "2h", "--replications", "2", "--format", "json"]

    /// One run shared by the tests of this file: each takes several seconds in a debug build.
    static let run = Result { try CLI.run(arguments) }

    func testRunReportHasEveryDocumentedField() throws {
        let outcome = try Self.run.get()
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertFalse(outcome.crashed, outcome.summary)
        let json = try JSONAccess(text: outcome.stdout)

        XCTAssertEqual(json.string("schema"), "capsim.run/v1")
        XCTAssertEqual(json.integer("scenario.replications"), 2)
        XCTAssertEqual(json.number("scenario.horizonSeconds"), 7200)

        for field in ["total", "completed", "rejected", "throttled", "inFlightAtEnd"] {
            json.integer("requests.\(field)")
        }
        XCTAssertGreaterThan(json.integer("requests.total") ?? 0, 0, "a 2h baseline run must simulate requests")
        json.object("requests.errors")
        json.integer("requests.errors.total")

        for field in ["p50", "p90", "p95", "p99", "p999", "max", "mean"] {
            json.number("latencyMs.\(field)")
        }
        if let p50 = json.number("latencyMs.p50"), let p99 = json.number("latencyMs.p99"), let max = json.number("latencyMs.max") {
            XCTAssertLessThanOrEqual(p50, p99)
            XCTAssertLessThanOrEqual(p99, max)
        }

        json.bool("sloMet")
        let slos = json.array("slos") ?? []
        XCTAssertFalse(slos.isEmpty, "the baseline sets objectives")
        for index in slos.indices {
            json.string("slos.\(index).name")
            json.number("slos.\(index).target")
            json.number("slos.\(index).value")
            json.bool("slos.\(index).met")
        }
        if let met = json.bool("sloMet") {
            let each = slos.indices.compactMap { json.bool("slos.\($0).met") }
            XCTAssertEqual(met, each.allSatisfy { $0 }, "sloMet is the conjunction of the objectives")
        }

        json.number("cost.horizonUSD")
        json.number("cost.monthlyUSD")
        XCTAssertFalse((json.object("cost.byComponent") ?? [:]).isEmpty, "cost.byComponent lists the components")

        XCTAssertEqual(json.integer("tiers.api.droplets"), 2)
        json.number("tiers.api.cpuUtilization")
        json.number("database.cpuUtilization")
        for field in ["p50", "p95", "p99"] {
            json.number("database.poolWaitMs.\(field)")
        }
        json.integer("database.poolTimeouts")
        XCTAssertGreaterThan(json.integer("events") ?? 0, 0)
        json.number("wallSeconds")

        let rows = json.array("series.rows") ?? []
        XCTAssertEqual(rows.count, 120, "one row per simulated minute of the 2h horizon")
        let columns = json.array("series.columns") ?? []
        for index in rows.indices {
            XCTAssertEqual((rows[index] as? [Any])?.count, columns.count, "series row \(index) has one value per column")
        }
    }

    func testRequestOutcomesAddUpToTotal() throws {
        let outcome = try Self.run.get()
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let json = try JSONAccess(text: outcome.stdout)
        guard let total = json.integer("requests.total"), let completed = json.integer("requests.completed"),
              let rejected = json.integer("requests.rejected"), let throttled = json.integer("requests.throttled"),
              let errors = json.integer("requests.errors.total"), let inFlight = json.integer("requests.inFlightAtEnd")
        else { return }
        XCTAssertEqual(total, completed + rejected + throttled + errors + inFlight,
                       "total \(total) != completed \(completed) + rejected \(rejected) + throttled \(throttled) + errors \(errors) + in flight \(inFlight)")
        let causes = (json.object("requests.errors") ?? [:]).filter { $0.key != "total" }
        let causeSum = causes.keys.compactMap { json.integer("requests.errors.\($0)") }.reduce(0, +)
        XCTAssertEqual(causeSum, errors, "errors.total is the sum of the causes")
    }
}
