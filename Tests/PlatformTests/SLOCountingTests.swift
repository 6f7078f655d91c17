import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

/// DESIGN §4 "SLOs and results": a request that failed or timed out is not left out of a
/// latency percentile (it counts at the client timeout), and an SLO with no data is never
/// met. A collapsed, a heavily overloaded and an empty system, beside a healthy one.
final class SLOCountingTests: XCTestCase {
    /// One group of 10 tenants calling one operation on two 2-vCPU droplets (4 workers),
    /// with a 2 s client timeout and objectives at every scope.
    static func scenario(rate: String = "1/s", cpu: String = "5ms", extraGroups: String = "", pages: String = "",
                         web: String = "", hourly: String? = nil, horizon: String = "10m") -> String {
        """
        name: slo-counting
        seed: 11
        replications: 1
        horizon: \(horizon)
        start: 2026-11-30T00:00:00
        time_zone: UTC
        client_timeout: 2s
        tenant_groups:
          users:
            count: 10
            rate_per_tenant: \(rate)
        \(hourly.map { "    hourly: [\($0)]\n    profile_shape: step" } ?? "")
            mix: {work: 1}
        \(extraGroups)
        operations:
          work: {complexity: 0, cpu_base: \(cpu), cpu_per_point: 0s, depth: 1, query_time: 1ms}
        \(pages)
        tiers:
          api: {size: s-2vcpu-4gb, droplets: 2}
        \(web)
        database: {plan: db-s-4vcpu-8gb}
        slos:
          latency:
            - {percentile: 95, target: 300ms}
            - {percentile: 95, target: 300ms, group: users}
            - {percentile: 95, target: 300ms, operation: work}
          error_rate: 1%
          attainment: {percentile: 95, target: 300ms, window: 5m, objective: 99%}
        """
    }

    /// The replications behind the last `result(_:replications:)`: a `RunResult` keeps only
    /// their summaries, and these tests read each one's distributions. Tests of one class
    /// run one at a time.
    nonisolated(unsafe) static var lastReplications: [ReplicationResult] = []

    static func result(_ yaml: String, replications: Int = 1) throws -> RunResult {
        let scenario = try Fixtures.scenario(yaml: yaml, overrides: ["replications=\(replications)"])
        lastReplications = Fixtures.run(scenario, replications: replications)
        return RunResult(scenario: scenario, replications: lastReplications, costModel: CostModel(catalog: Fixtures.catalog))
    }

    /// Each latency distribution holds the requests that completed at the origin plus those
    /// that failed; requests in flight at the end are censored.
    static func assertCountsEveryRequestThatEnded(_ result: RunResult, file: StaticString = #filePath, line: UInt = #line) {
        for replication in lastReplications {
            let o = replication.outcomes
            XCTAssertEqual(replication.latency.count, o.completed - o.servedByCDN + o.errorTotal,
                           "completed \(o.completed), errors \(o.errors), in flight at end \(o.inFlightAtEnd)", file: file, line: line)
        }
    }

    // MARK: Collapsed: service time far above the client timeout

    /// Each request needs 10 s of CPU and the client gives up after 2 s: nothing completes.
    func testCollapsedSystemMissesEveryLatencyObjective() throws {
        let result = try Self.result(Self.scenario(rate: "1/s", cpu: "10s"))
        let o = result.outcomes
        XCTAssertEqual(o.completed, 0, "test premise: nothing completes in time")
        XCTAssertGreaterThan(o.errors(.clientTimeout), 5000, "test premise: about 6,000 requests time out")
        XCTAssertEqual(result.latency.p95Milliseconds, 2000, accuracy: 2, "failed requests count at the 2 s client timeout")
        XCTAssertEqual(result.latency.p50Milliseconds, 2000, accuracy: 2)
        for verdict in result.objectives {
            XCTAssertFalse(verdict.met, "\(verdict.name) is met by a system in which nothing completes: \(verdict)")
        }
        for verdict in result.objectives where verdict.unit == "ms" {
            XCTAssertEqual(verdict.value, 2000, accuracy: 2, verdict.name)
        }
        XCTAssertFalse(result.objectivesMet)
        Self.assertCountsEveryRequestThatEnded(result)
    }

    /// Requests still open at the horizon and past the timeout count at the timeout; those
    /// younger than the timeout are censored.
    func testOpenRequestsPastTheTimeoutCountAndYoungerOnesAreCensored() throws {
        let result = try Self.result(Self.scenario(rate: "1/s", cpu: "10s"))
        let replication = Self.lastReplications[0]
        XCTAssertGreaterThan(replication.outcomes.inFlightAtEnd, 0, "test premise: some requests are younger than 2 s at the end")
        XCTAssertLessThan(replication.outcomes.inFlightAtEnd, 60, "only the last 2 s of arrivals are censored")
        // Nearly all requests are still queued at the end: their timeouts are what the
        // distributions hold.
        XCTAssertGreaterThan(replication.latency.count, 5000)
        Self.assertCountsEveryRequestThatEnded(result)
        // The last minute and the last attainment window hold them too.
        XCTAssertEqual(Double(result.series.last?.p95 ?? 0), 2000, accuracy: 150)
        XCTAssertEqual(replication.attainment, 0, "every window with requests misses")
        XCTAssertEqual(replication.attainmentWindows, 2, "two 5-minute windows in 10 minutes")
    }

    // MARK: Heavily overloaded: a third of the requests time out

    /// A second group opens an SSR page whose 1 s render overloads a one-worker web tier
    /// four times over; the API group stays fast. Completed requests alone would give an
    /// overall p95 of a few milliseconds.
    func testOverloadedSystemWithManyTimeoutsMissesP95() throws {
        let yaml = Self.scenario(
            rate: "1/s",
            extraGroups: """
              readers:
                count: 5
                rate_per_tenant: 1/s
                mix: {report: 1}
            """,
            pages: """
            pages:
              report: {rendering: ssr, render_cpu: 1s}
            """,
            web: "  web: {size: s-1vcpu-1gb, droplets: 1, workers: 1}")
        let result = try Self.result(yaml)
        let o = result.outcomes
        let failed = Double(o.errorTotal) / Double(o.total)
        XCTAssertGreaterThan(failed, 0.25, "test premise: a large share fails (\(o.errors))")
        XCTAssertGreaterThan(o.completed, o.total / 2, "test premise: most requests complete")
        let overall = try XCTUnwrap(result.objectives.first { $0.name == "p95 latency" })
        XCTAssertEqual(overall.status, .missed)
        XCTAssertEqual(overall.value, 2000, accuracy: 2, "a third of the requests at the 2 s timeout")
        // The API group's own objective still reads its own requests, which are fast.
        let users = try XCTUnwrap(result.objectives.first { $0.name == "p95 latency of group users" })
        XCTAssertEqual(users.status, .met, "\(users)")
        XCTAssertLessThan(users.value, 300)
        let readers = try XCTUnwrap(result.groups.first { $0.name == "readers" })
        XCTAssertEqual(readers.latency.p50Milliseconds, 2000, accuracy: 2, "the overloaded page's requests count at the timeout")
        let page = try XCTUnwrap(result.pages.first { $0.name == "report" })
        XCTAssertEqual(page.latency.count, readers.outcomes.completed + readers.outcomes.errorTotal)
        XCTAssertFalse(result.objectives.first { $0.name == "error rate" }!.met)
        Self.assertCountsEveryRequestThatEnded(result)
    }

    // MARK: Empty: no traffic

    func testZeroTrafficHasNoDataAndMeetsNothing() throws {
        let result = try Self.result(Self.scenario(rate: "0/s"), replications: 2)
        XCTAssertEqual(result.outcomes.total, 0, "test premise: no request arrives")
        XCTAssertEqual(result.objectives.count, 5)
        for verdict in result.objectives {
            XCTAssertEqual(verdict.status, .noData, "\(verdict.name): \(verdict)")
            XCTAssertFalse(verdict.met, verdict.name)
            XCTAssertTrue(verdict.value.isNaN, "no value is made up: \(verdict.value)")
            XCTAssertEqual(verdict.samples, 0)
            XCTAssertNotNil(verdict.reason)
        }
        XCTAssertFalse(result.objectivesMet)
        XCTAssertEqual(result.objectives.first?.reason, "no requests in the measured interval")
    }

    /// Traffic only from 23:00, and a horizon that ends at 01:00 the first day: no arrival.
    /// A step profile: a linear one would ramp down from 23:30 into the first half hour.
    func testHorizonInZeroHoursHasNoData() throws {
        let hourly = (Array(repeating: "0", count: 23) + ["1"]).joined(separator: ", ")
        let result = try Self.result(Self.scenario(hourly: hourly, horizon: "1h"))
        XCTAssertEqual(result.outcomes.total, 0, "test premise: the horizon lies in the zero hours")
        XCTAssertTrue(result.objectives.allSatisfy { $0.status == .noData }, "\(result.objectives.map(\.status))")
        XCTAssertFalse(result.objectivesMet)
    }

    /// Objectives on a scope without requests have no data even when the rest of the run
    /// has traffic: here the operation objective names a page nobody opens.
    func testScopeWithoutRequestsHasNoData() throws {
        var yaml = Self.scenario(pages: """
            pages:
              unused: {rendering: ssr, render_cpu: 5ms}
            """, web: "  web: {size: s-1vcpu-1gb, droplets: 1}")
        yaml = yaml.replacingOccurrences(of: "{percentile: 95, target: 300ms, operation: work}",
                                         with: "{percentile: 95, target: 300ms, operation: unused}")
        let result = try Self.result(yaml)
        let unused = try XCTUnwrap(result.objectives.first { $0.name == "p95 latency of unused" })
        XCTAssertEqual(unused.status, .noData)
        XCTAssertFalse(result.objectivesMet)
        XCTAssertTrue(result.objectives.filter { $0.name != unused.name }.allSatisfy(\.met))
    }

    // MARK: Healthy

    func testHealthySystemStillMeetsEveryObjective() throws {
        let result = try Self.result(Self.scenario(), replications: 2)
        XCTAssertEqual(result.outcomes.errorTotal, 0)
        for verdict in result.objectives {
            XCTAssertEqual(verdict.status, .met, "\(verdict.name): \(verdict)")
            XCTAssertNil(verdict.reason)
        }
        XCTAssertTrue(result.objectivesMet)
        XCTAssertLessThan(result.latency.p95Milliseconds, 50)
        XCTAssertEqual(result.replications.map(\.attainmentWindows), [2, 2])
        Self.assertCountsEveryRequestThatEnded(result)
    }
}
