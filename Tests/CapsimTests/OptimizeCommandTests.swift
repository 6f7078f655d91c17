import Foundation
import GRDB
import XCTest

/// `capsim optimize`, `capsim plan` and `run --plan` from the command line: a plan from a
/// small space, resume after `kill -9` at several points, and bad input.
final class OptimizeCommandTests: XCTestCase {
    /// An API-bound platform whose cheapest feasible fleet is a few droplets.
    static let scenario = """
        name: optimize-small
        seed: 21
        replications: 2
        horizon: 2h
        time_zone: UTC
        tenant_groups:
          clients:
            count: 20
            rate_per_tenant: 5/s
            hourly: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
            growth_per_month: 10%
            mix: {query: 1}
        operations:
          query:
            complexity: 20
            cpu_base: 8ms
            cpu_per_point: 200us
            query_time: 1ms
        tiers:
          api: {size: s-1vcpu-2gb, droplets: 2}
        database:
          plan: db-s-2vcpu-4gb
          pgbouncer: {mode: transaction, pool_size: 20}
        slos:
          latency:
            - {percentile: 95, target: 60ms}
          error_rate: 0.1%
        search:
          tiers:
            api:
              size: [s-1vcpu-2gb, s-2vcpu-4gb]
              droplets: 1..6
          database:
            plan: [db-s-1vcpu-2gb, db-s-2vcpu-4gb]

        """

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-optimize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func write(_ text: String, to url: URL) throws -> String {
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The plan's JSON without what differs between two searches of the same question:
    /// the optimization's id.
    func comparable(_ json: String) throws -> String {
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var search = try XCTUnwrap(object["search"] as? [String: Any])
        search["id"] = nil
        object["search"] = search
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func testAPlanFromTheSpaceRunsAndChecks() throws {
        let dir = try folder()
        let scenario = try write(Self.scenario, to: dir.appendingPathComponent("small.yaml"))
        let plan = dir.appendingPathComponent("plan.yaml").path
        let optimized = try CLI.run(["optimize", scenario, "--out", plan, "--jobs", "2"], timeout: 600)
        XCTAssertEqual(optimized.status, 0, optimized.summary)
        XCTAssertTrue(optimized.stdout.contains("status: feasible"), optimized.stdout)
        XCTAssertTrue(optimized.stdout.contains("runners-up:"), optimized.stdout)
        XCTAssertTrue(optimized.stdout.contains("sensitivity to load:"), optimized.stdout)
        XCTAssertTrue(optimized.stdout.contains("re-plan by:"), optimized.stdout)
        let shown = try CLI.run(["plan", "show", plan])
        XCTAssertEqual(shown.status, 0, shown.summary)
        XCTAssertEqual(shown.stdout, optimized.stdout, "plan show prints what optimize printed")
        let run = try CLI.run(["run", scenario, "--plan", plan, "--format", "json", "--no-db"], timeout: 300)
        XCTAssertEqual(run.status, 0, run.summary)
        let check = try CLI.run(["plan", "check", plan, scenario], timeout: 300)
        XCTAssertEqual(check.status, 0, check.summary)
        XCTAssertTrue(check.stdout.contains("unchanged since the plan was made"), check.stdout)
        // Three times the load: the plan no longer holds, and says so with exit 1.
        let heavier = try CLI.run(["plan", "check", plan, scenario, "--set", "tenant_groups.clients.rate_per_tenant=15/s"], timeout: 300)
        XCTAssertEqual(heavier.status, 1, heavier.summary)
        XCTAssertTrue(heavier.stdout.contains("MISSED"), heavier.stdout)
    }

    /// The search is killed with SIGKILL three times, each time after more trials, and
    /// resumed; the final plan equals an uninterrupted search's.
    func testResumeAfterKillNineGivesTheSamePlan() throws {
        let dir = try folder()
        let scenario = try write(Self.scenario, to: dir.appendingPathComponent("small.yaml"))
        let reference = try CLI.run(["optimize", scenario, "--format", "json", "--db", dir.appendingPathComponent("reference.sqlite").path],
                                    timeout: 600)
        XCTAssertEqual(reference.status, 0, reference.summary)

        let database = dir.appendingPathComponent("killed.sqlite").path
        var arguments = ["optimize", scenario, "--format", "json", "--db", database, "--jobs", "2"]
        var id: String?
        for threshold in [1, 6, 14] {
            let process = Process()
            process.executableURL = try CLI.executable()
            process.arguments = arguments
            process.currentDirectoryURL = CLI.repositoryRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(300)
            var trials = 0
            while process.isRunning && Date() < deadline {
                if FileManager.default.fileExists(atPath: database),
                   let queue = try? DatabaseQueue(path: database, configuration: { var c = Configuration(); c.readonly = true; return c }()) {
                    trials = (try? queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM trial") ?? 0 }) ?? 0
                    if id == nil { id = try? queue.read { try String.fetchOne($0, sql: "SELECT id FROM optimization") } }
                    try? queue.close()
                }
                if trials >= threshold { break }
                usleep(20_000)
            }
            XCTAssertTrue(process.isRunning, "the search finished before \(threshold) trials were recorded; kill it earlier")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal)
            let known = try XCTUnwrap(id, "the optimization was recorded before its first trial")
            arguments = ["optimize", "--resume", String(known.prefix(8)), "--format", "json", "--db", database, "--jobs", "2"]
        }
        let resumed = try CLI.run(arguments, timeout: 600)
        XCTAssertEqual(resumed.status, 0, resumed.summary)
        XCTAssertTrue(resumed.stderr.contains("resuming optimization"), resumed.stderr)
        XCTAssertEqual(try comparable(resumed.stdout), try comparable(reference.stdout))
        // Once finished, --resume prints the recorded plan.
        let again = try CLI.run(arguments, timeout: 60)
        XCTAssertEqual(again.status, 0, again.summary)
        XCTAssertEqual(again.stdout, resumed.stdout)
    }

    func testAnEmptySpaceIsBadInputAndWritesNoPlan() throws {
        let dir = try folder()
        // Every pool is larger than db-s-1vcpu-2gb's 47 connections.
        let text = Self.scenario.replacingOccurrences(
            of: "    plan: [db-s-1vcpu-2gb, db-s-2vcpu-4gb]", with: "    plan: [db-s-1vcpu-2gb]\n    pool_size: [60, 80]")
        let scenario = try write(text, to: dir.appendingPathComponent("empty.yaml"))
        let plan = dir.appendingPathComponent("plan.yaml").path
        let outcome = try CLI.run(["optimize", scenario, "--out", plan])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("no valid configuration"), outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan))
    }

    func testNothingFeasibleNamesTheClosestAndTheSLO() throws {
        let dir = try folder()
        let text = Self.scenario.replacingOccurrences(of: "{percentile: 95, target: 60ms}", with: "{percentile: 95, target: 5ms}")
        let scenario = try write(text, to: dir.appendingPathComponent("impossible.yaml"))
        let plan = dir.appendingPathComponent("plan.yaml").path
        let outcome = try CLI.run(["optimize", scenario, "--out", plan, "--no-db"], timeout: 600)
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("status: infeasible"), outcome.stdout)
        XCTAssertTrue(outcome.stderr.contains("the closest,"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("p95 latency"), outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan), "no plan file for an infeasible space")
    }

    func testADimensionThatDoesNotExistIsLocated() throws {
        let dir = try folder()
        let text = Self.scenario.replacingOccurrences(of: "      droplets: 1..6", with: "      dropplets: 1..6")
        let scenario = try write(text, to: dir.appendingPathComponent("typo.yaml"))
        let outcome = try CLI.run(["optimize", scenario, "--no-db"])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("typo.yaml:"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("dropplets"), outcome.stderr)
        XCTAssertEqual(outcome.stdout, "")
    }

    func testAPlanThatDoesNotFitTheScenarioIsLocated() throws {
        let dir = try folder()
        let plan = try write("""
            schema: capsim.plan/v1
            capsimVersion: test
            scenario: {name: other, source: other.yaml, hash: abc, seed: 1}
            status: feasible
            confidence: test
            configuration:
              schema: capsim.configuration/v1
              tiers:
                - {role: api, droplet_size: s-2vcpu-4gb, droplets: 2, workers_per_droplet: 2}
                - {role: web, droplet_size: s-2vcpu-4gb, droplets: 2, workers_per_droplet: 2}
              database: {plan: db-s-2vcpu-4gb, pool_mode: transaction, pool_size: 20}
            label: test
            cost: {monthlyUSD: 1, components: []}
            objectives: []
            verification: {replications: 2, seed: 1, met: true, failedBefore: []}
            runnersUp: []
            rejectedCheaper: []
            sensitivity: []
            search: {combinations: 1, valid: 1, excluded: 0, screenedOut: 0, simulatedCandidates: 1, probedOut: 0,
                     ruledOutByModel: 0, unresolved: 0, trials: 1, requests: 1, exhaustiveRequestsEstimate: 1,
                     exhaustive: false, replications: 2}
            """, to: dir.appendingPathComponent("plan.yaml"))
        let scenario = try write(Self.scenario, to: dir.appendingPathComponent("small.yaml"))
        for arguments in [["plan", "check", plan, scenario], ["run", scenario, "--plan", plan, "--no-db"]] {
            let outcome = try CLI.run(arguments)
            XCTAssertEqual(outcome.status, 2, outcome.summary)
            XCTAssertTrue(outcome.stderr.contains("plan.yaml:10:"), outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains("no web tier"), outcome.stderr)
        }
        let broken = try write("schema: capsim.plan/v1\nstatus: [1]\n", to: dir.appendingPathComponent("broken.yaml"))
        let outcome = try CLI.run(["plan", "show", broken])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("broken.yaml:"), outcome.stderr)
    }

    func testBadFlagsAndUnknownIdsAreBadInput() throws {
        let dir = try folder()
        let scenario = try write(Self.scenario, to: dir.appendingPathComponent("small.yaml"))
        let database = dir.appendingPathComponent("history.sqlite").path
        let cases: [([String], String)] = [
            (["optimize", scenario, "--budget", "lots"], "--budget lots"),
            (["optimize", "--resume", "zz", "--db", database], "is not a run id"),
            (["optimize", scenario, "--resume", "abcd"], "--resume continues a search as it was started"),
            (["optimize", CLI.baselinePath, "--no-db"], "has no search: block"),
        ]
        // A history with one run but no optimization: an unknown id there is bad input too.
        let run = try CLI.run(["run", scenario, "--horizon", "5m", "--db", database])
        XCTAssertEqual(run.status, 0, run.summary)
        for (arguments, message) in cases + [(["optimize", "--resume", "abcd", "--db", database], "no run has an id starting with")] {
            let outcome = try CLI.run(arguments)
            XCTAssertEqual(outcome.status, 2, outcome.summary)
            XCTAssertTrue(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
            XCTAssertFalse(outcome.stderr.contains("internal error"), outcome.stderr)
        }
    }
}
