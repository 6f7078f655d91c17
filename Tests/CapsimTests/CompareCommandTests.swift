import Foundation
import XCTest

/// `capsim compare`: variants from the scenario or from `--policy`, the same arrivals for
/// all, byte-identical JSON for the same seed, and file:line errors for bad variants.
final class CompareCommandTests: XCTestCase {
    /// One API tier at 40% on two 1-vCPU droplets, four times busier for half an hour.
    static let scenarioText = """
        name: compare-test
        seed: 5
        replications: 3
        horizon: 90m
        client_timeout: 1h
        tenant_groups:
          clients:
            count: 4
            rate_per_tenant: 10/s
            bursts: [{start: 20m, duration: 30m, factor: 4}]
            mix: {query: 1}
        operations:
          query: {complexity: 0, cpu_base: 20ms, cpu_per_point: 0s, depth: 1, query_time: 1ms}
        tiers:
          api: {size: s-1vcpu-2gb, droplets: 2}
        database: {plan: db-s-4vcpu-8gb}
        slos:
          attainment: {percentile: 95, target: 200ms, window: 5m, objective: 99%}
        variants:
          - name: fixed
            set: {}
          - name: tracking
            description: HPA on CPU
            set:
              tiers.api.autoscaling: {policy: target-tracking, min: 2, max: 8, target: 60%}
          - name: pool
            set:
              tiers.api.autoscaling: {policy: do-autoscale-pool, min: 2, max: 8, target: 60%, cooldown: 5m}
        """

    static let withoutWallClock = DeterminismTests.withoutWallClock

    func testSameSeedGivesIdenticalJSONWhateverTheJobCount() throws {
        let scenario = try TemporaryScenario(Self.scenarioText)
        let serial = try CLI.run(["compare", scenario.path, "--format", "json", "--jobs", "1"])
        let parallel = try CLI.run(["compare", scenario.path, "--format", "json", "--jobs", "2"])
        XCTAssertEqual(serial.status, 0, serial.summary)
        XCTAssertEqual(parallel.status, 0, parallel.summary)
        XCTAssertTrue(serial.stdout.contains("\"schema\": \"capsim.compare/v1\""), serial.summary)
        XCTAssertEqual(Self.withoutWallClock(serial.stdout), Self.withoutWallClock(parallel.stdout))
        let json = try JSONAccess(text: serial.stdout)
        XCTAssertEqual(json.string("baseline"), "fixed")
        let variants = try XCTUnwrap(json.array("variants") as? [[String: Any]])
        XCTAssertEqual(variants.map { $0["name"] as? String }, ["fixed", "tracking", "pool"])
        // Common random numbers: every variant saw the same number of requests.
        let totals = variants.compactMap { (($0["requests"] as? [String: Any])?["total"]) as? Int }
        XCTAssertEqual(Set(totals).count, 1, "\(totals)")
        XCTAssertTrue(variants[0]["pairedDifference"] is NSNull)
        XCTAssertNotNil(variants[1]["pairedDifference"] as? [String: Any])
    }

    func testTableShowsEveryVariantAndPairedDifferences() throws {
        let scenario = try TemporaryScenario(Self.scenarioText)
        let outcome = try CLI.run(["compare", scenario.path, "--policy", "fixed", "tracking", "--replications", "2"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("Paired differences against fixed"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("tracking"))
        XCTAssertFalse(outcome.stdout.contains("pool"), "only the named variants run")
        for format in ["markdown", "csv"] {
            let other = try CLI.run(["compare", scenario.path, "--replications", "2", "--format", format])
            XCTAssertEqual(other.status, 0, other.summary)
            XCTAssertTrue(other.stdout.contains("tracking"), other.summary)
        }
    }

    func testPolicyFileAddsAVariant() throws {
        let scenario = try TemporaryScenario(Self.scenarioText)
        let policy = scenario.directory.appendingPathComponent("step.yaml")
        try Data("""
            name: steps
            set:
              tiers.api.autoscaling:
                policy: step
                min: 2
                max: 8
                metric: cpu
                alarms:
                  - {threshold: 60%, comparison: above, steps: [{lower: 0, adjustment: 2}]}
            """.utf8).write(to: policy)
        let outcome = try CLI.run(["compare", scenario.path, "--policy", "baseline", policy.path, "--replications", "2", "--format", "csv"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("steps,api: step,monthlyUSD"), outcome.summary)
    }

    func testUnknownPolicyNameSuggestsTheNearestVariant() throws {
        let scenario = try TemporaryScenario(Self.scenarioText)
        let outcome = try CLI.run(["compare", scenario.path, "--policy", "trackng"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains(#"no variant or file named "trackng"; did you mean "tracking"?"#), outcome.summary)
    }

    func testBadValueInAPolicyFileIsReportedAtItsLine() throws {
        let scenario = try TemporaryScenario(Self.scenarioText)
        let policy = scenario.directory.appendingPathComponent("bad.yaml")
        try Data("""
            name: bad
            set:
              tiers.api.autoscaling:
                policy: target-tracking
                min: 2
                max: 8
                target: 170%
            """.utf8).write(to: policy)
        let outcome = try CLI.run(["compare", scenario.path, "--policy", policy.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertFalse(outcome.crashed)
        XCTAssertTrue(outcome.stderr.contains("\(policy.path):7:"), outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("tiers.api.autoscaling.target: must be at most 1"), outcome.summary)
    }

    func testScenarioWithoutVariantsNeedsPolicies() throws {
        let outcome = try CLI.run(["compare", CLI.baselinePath, "--horizon", "1h"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("no variants: list"), outcome.summary)
    }

    func testCheckValidatesVariants() throws {
        let broken = Self.scenarioText.replacingOccurrences(of: "policy: do-autoscale-pool", with: "policy: do-autoscale-pol")
        let scenario = try TemporaryScenario(broken)
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("\(scenario.path):\(scenario.line(of: "do-autoscale-pol")):"), outcome.summary)
        XCTAssertTrue(outcome.stderr.contains(#"did you mean "do-autoscale-pool"?"#), outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("(variant pool)"), outcome.summary)
        let valid = try TemporaryScenario(Self.scenarioText)
        let fine = try CLI.run(["check", valid.path])
        XCTAssertEqual(fine.status, 0, fine.summary)
        XCTAssertTrue(fine.stdout.contains("variants: fixed, tracking, pool"), fine.summary)
    }
}

extension CompareCommandTests {
    /// A directory where a file belongs is bad input (exit 2), not a trap in FileHandle.
    func testDirectoryInPlaceOfAFileIsAnError() throws {
        let scenario = try TemporaryScenario(Self.scenarioText)
        let policy = try CLI.run(["compare", scenario.path, "--policy", scenario.directory.path])
        XCTAssertEqual(policy.status, 2, policy.summary)
        XCTAssertFalse(policy.crashed, policy.summary)
        XCTAssertTrue(policy.stderr.contains("cannot read the policy file (it is a directory)"), policy.summary)
        let run = try CLI.run(["run", scenario.directory.path])
        XCTAssertEqual(run.status, 2, run.summary)
        XCTAssertFalse(run.crashed, run.summary)
        XCTAssertTrue(run.stderr.contains("cannot read the scenario file (it is a directory)"), run.summary)
    }

    /// Standard input still works, through `-` and through /dev/stdin.
    func testScenarioFromStandardInput() throws {
        for path in ["-", "/dev/stdin"] {
            let outcome = try CLI.run(["check", path], standardInput: Self.scenarioText)
            XCTAssertEqual(outcome.status, 0, outcome.summary)
            XCTAssertTrue(outcome.stdout.contains("OK"), outcome.summary)
        }
    }
}
