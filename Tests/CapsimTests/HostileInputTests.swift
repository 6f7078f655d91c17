import Foundation
import XCTest

/// Malformed, extreme and hostile input through the real executable, one table row per
/// case: the defects of issue 9 ("never destroy a file, never call a collapsed system
/// healthy, never crash on a number"). Each row states the exit status and a fragment of
/// the message; every row also checks that capsim did not crash.
///
/// Rows use placeholders: `{scenario}` is a copy of the row's scenario in a fresh folder,
/// `{dir}` that folder, `{repo}` the repository root.
final class HostileInputTests: XCTestCase {
    struct Case {
        var name: String
        var scenario: String = MinimalScenario.text
        var arguments: [String]
        var status: Int32
        /// Must appear on standard error (or standard output, for status 0).
        var message: String?
        /// Must appear in neither output.
        var absent: String?
        /// Extra files in the folder, by name.
        var files: [String: String] = [:]
        var timeout: TimeInterval = 60
    }

    static let bigNumber = "1e19"

    static let cases: [Case] = [
        // 3. Numbers that used to trap in Units.trim or in Int conversions.
        Case(name: "huge cpu_speed", arguments: ["check", "{scenario}", "--set", "tiers.api.cpu_speed=\(bigNumber)"],
             status: 2, message: "tiers.api.cpu_speed: must be at most 100, found 1e19"),
        Case(name: "huge mix weight", arguments: ["check", "{scenario}", "--set", "tenant_groups.small.mix.listProjects=\(bigNumber)"],
             status: 2, message: "must be at most 1000000000, found 1e19"),
        Case(name: "huge contention", arguments: ["check", "{scenario}", "--set", "database.contention=\(bigNumber)"],
             status: 2, message: "database.contention: must be at most 10"),
        Case(name: "huge percentile", arguments: ["check", "{scenario}", "--set", "slos.latency.0.percentile=\(bigNumber)"],
             status: 2, message: "must be at most 100, found 1e19"),
        Case(name: "huge complexity", arguments: ["check", "{scenario}", "--set", "operations.listProjects.complexity=1e308"],
             status: 2, message: "operations.listProjects.complexity: must be at most 1000000000, found 1e308"),
        Case(name: "huge burst factor",
             arguments: ["check", "{scenario}", "--set", "tenant_groups.small.bursts=[{start: 1m, duration: 1m, factor: \(bigNumber)}]"],
             status: 2, message: "must be at most 10000, found 1e19"),
        Case(name: "endless horizon", arguments: ["check", "{scenario}", "--set", "horizon=99999999999999999999d"],
             status: 2, message: "horizon: must be at most 366d", timeout: 10),
        Case(name: "endless --horizon", arguments: ["run", "{scenario}", "--horizon", "9999999999999999d"],
             status: 2, message: "must be at most 366d", timeout: 10),
        Case(name: "request estimate beyond Int", arguments: ["check", "{scenario}", "--set", "tenant_groups.small.count=1000000",
                                                              "--set", "tenant_groups.small.rate_per_tenant=1000000/s", "--set", "horizon=366d"],
             status: 0, message: "Over the default work limits"),
        // 4. Values that passed check and then trapped, or were surely unintended.
        Case(name: "autoscaling target 0%",
             arguments: ["check", "{scenario}", "--set", "tiers.api.autoscaling={policy: target-tracking, min: 1, max: 4, metric: cpu, target: 0%}"],
             status: 2, message: "tiers.api.autoscaling.target: must be greater than 0"),
        Case(name: "memory target 0",
             arguments: ["check", "{scenario}", "--set", "tiers.api.autoscaling={policy: target-tracking, min: 1, max: 4, metric: memory, target: 0}"],
             status: 2, message: "must be greater than 0"),
        Case(name: "cron that never fires",
             arguments: ["check", "{scenario}", "--set", #"tiers.api.autoscaling={policy: scheduled, actions: [{cron: "0 0 31 2 *", desired: 2}]}"#],
             status: 2, message: "\"0 0 31 2 *\" never fires"),
        Case(name: "desired above max",
             arguments: ["check", "{scenario}", "--set", #"tiers.api.autoscaling={policy: scheduled, actions: [{cron: "0 8 * * *", max: 3, desired: 5}]}"#],
             status: 2, message: "desired (5) must not exceed this action's max (3)"),
        Case(name: "Pareto shape 1",
             arguments: ["check", "{scenario}", "--set", "operations.listProjects.query_time={distribution: pareto, shape: 1, scale: 1ms}"],
             status: 2, message: "a Pareto shape of 1 has no finite mean"),
        Case(name: "zero rate is a warning", arguments: ["check", "{scenario}", "--set", "tenant_groups.small.rate_per_tenant=0/s"],
             status: 0, message: "warning: --set tenant_groups.small.rate_per_tenant: tenant_groups.small.rate_per_tenant: a rate of zero sends no requests"),
        Case(name: "tiny cpu_speed", arguments: ["check", "{scenario}", "--set", "tiers.api.cpu_speed=1e-300"],
             status: 2, message: "tiers.api.cpu_speed: must be at least 0.01, found 1e-300"),
        Case(name: "catalog hours_per_month 0", arguments: ["check", "{scenario}", "--catalog", "{dir}/zero-hours.yaml"],
             status: 2, message: "droplet_billing.hours_per_month: must be above 0 and at most 744, found 0"),
        Case(name: "catalog negative price", arguments: ["check", "{scenario}", "--catalog", "{dir}/negative-price.yaml"],
             status: 2, message: "monthly_usd: must be at least 0 and at most 1000000, found -6"),
        Case(name: "catalog missing field", arguments: ["check", "{scenario}", "--catalog", "{dir}/missing-field.yaml"],
             status: 2, message: "droplet_billing.hours_per_month: missing required field"),
        Case(name: "catalog is a directory", arguments: ["check", "{scenario}", "--catalog", "{dir}"],
             status: 2, message: "it is a directory"),
        Case(name: "history of three columns",
             scenario: MinimalScenario.text.replacingOccurrences(
                of: "    droplets: 2\n",
                with: "    droplets: 2\n    autoscaling: {policy: predictive, min: 1, max: 4, target: 60%, history: history.csv}\n"),
             arguments: ["check", "{scenario}"], status: 2, message: "history.csv:2: expected one value per line or timestamp,value; found 3 columns",
             files: ["history.csv": "12\n1,2,3\n"]),
        // 5. Absurd work is refused before it starts.
        Case(name: "absurd rate", arguments: ["run", "{scenario}", "--set", "tenant_groups.small.rate_per_tenant=1000000/s", "--horizon", "7d"],
             status: 2, message: "simulated requests, above the limit of 2 billion (--max-requests)", timeout: 20),
        Case(name: "request limit can be lowered", arguments: ["run", "{scenario}", "--max-requests", "1000"],
             status: 2, message: "above the limit of 1,000 (--max-requests)", timeout: 20),
        Case(name: "memory limit", arguments: ["run", "{scenario}", "--replications", "10000", "--max-memory", "64MiB"],
             status: 2, message: "of memory, above the limit of 64 MiB (--max-memory)", timeout: 20),
        Case(name: "an overloaded tier's queue is bounded by its balancer",
             arguments: ["run", "{scenario}", "--horizon", "1m", "--set", "tenant_groups.small.rate_per_tenant=1000/s",
                         "--set", "operations.listProjects.cpu_base=1s"],
             status: 0, message: "    balancerConnectionLimit  ", timeout: 30),
        // 6. Outputs are checked before the work.
        Case(name: "missing output folder", arguments: ["run", "{repo}/scenarios/baseline.yaml", "--out", "{dir}/missing/report.json"],
             status: 2, message: "--out {dir}/missing/report.json: the folder {dir}/missing does not exist", timeout: 20),
        Case(name: "output is a directory", arguments: ["run", "{scenario}", "--out", "{dir}"],
             status: 2, message: "is a directory; name a file inside it", timeout: 20),
        Case(name: "same file twice", arguments: ["run", "{scenario}", "--out", "{dir}/a", "--series-csv", "{dir}/a"],
             status: 2, message: "--out and --series-csv name the same file", timeout: 20),
        Case(name: "full device", arguments: ["run", "{scenario}", "--out", "/dev/full"],
             status: 2, message: "--out /dev/full: cannot write (No space left on device)"),
        // 7. --set that used to be ignored.
        Case(name: "unknown field of a variant",
             scenario: MinimalScenario.text + "variants:\n  - {name: more, set: {tiers.api.droplets: 3}}\n",
             arguments: ["check", "{scenario}", "--set", "variants.0.bogus=1"],
             status: 2, message: "--set variants.0.bogus: variants.0.bogus: unknown field \"bogus\""),
        Case(name: "renamed variant",
             scenario: MinimalScenario.text + "variants:\n  - {name: more, set: {tiers.api.droplets: 3}}\n",
             arguments: ["check", "{scenario}", "--set", "variants.0.name=zzz"],
             status: 0, message: "variants: zzz"),
        Case(name: "variant out of range",
             scenario: MinimalScenario.text + "variants:\n  - {name: more, set: {tiers.api.droplets: 3}}\n",
             arguments: ["check", "{scenario}", "--set", "variants.1.name=zzz"],
             status: 2, message: "\"1\" is not an index of the list"),
        Case(name: "conflicting seeds", arguments: ["run", "{scenario}", "--seed", "5", "--set", "seed=9"],
             status: 2, message: "--seed 5 and --set seed=9 both set seed; give one of them"),
        Case(name: "conflicting --set", arguments: ["check", "{scenario}", "--set", "tiers.api.droplets=3", "--set", "tiers.api={size: s-1vcpu-1gb, droplets: 1}"],
             status: 2, message: "both set tiers.api"),
        // 8. Unbounded input.
        Case(name: "endless file", arguments: ["check", "/dev/zero"],
             status: 2, message: "larger than 32 MiB, the limit for scenario files", timeout: 20),
        // 10. Messages and flags.
        Case(name: "negative jobs", arguments: ["run", "{scenario}", "--jobs", "-1"],
             status: 2, message: "--jobs must be a whole number from 1 to 4096, found \"-1\""),
        Case(name: "negative replications", arguments: ["run", "{scenario}", "--replications", "-2"],
             status: 2, message: "--replications must be a whole number from 1 to 10000, found \"-2\""),
        Case(name: "negative seed", arguments: ["run", "{scenario}", "--seed", "-3"],
             status: 2, message: "--seed must be a whole number from 0 to 9223372036854775807, found \"-3\""),
        Case(name: "seed of 2^64-1", arguments: ["run", "{scenario}", "--seed", "18446744073709551615"],
             status: 2, message: "--seed must be a whole number from 0 to 9223372036854775807"),
        Case(name: "negative horizon", arguments: ["run", "{scenario}", "--horizon", "-1d"],
             status: 2, message: "--horizon must be a positive duration such as 6h, 1d or 7d, found \"-1d\""),
        Case(name: "unknown variant", arguments: ["run", "{repo}/scenarios/business-hours.yaml", "--variant", "nosuch"],
             status: 2, message: "--variant nosuch: no variant or file named \"nosuch\"; variants of the scenario: static-peak"),
        Case(name: "validate with no jobs", arguments: ["validate", "--jobs", "0"],
             status: 2, message: "--jobs must be a whole number from 1 to 4096, found 0"),
        Case(name: "validate matching nothing", arguments: ["validate", "--only", "nomatch"],
             status: 2, message: "--only nomatch: no validation case matches; the cases: M/M/1"),
        Case(name: "analyze refuses markdown", arguments: ["analyze", "{scenario}", "--format", "markdown"],
             status: 2, message: "The value 'markdown' is invalid for '--format <format>'"),
        Case(name: "merge keys",
             scenario: MinimalScenario.text.replacingOccurrences(of: "  api:\n    size: s-2vcpu-4gb\n    droplets: 2\n",
                                                                with: "  api: &tier\n    size: s-2vcpu-4gb\n    droplets: 2\n  web:\n    <<: *tier\n    droplets: 1\n"),
             arguments: ["check", "{scenario}"], status: 0, message: "OK"),
        Case(name: "a key added by a policy file is located in it",
             scenario: MinimalScenario.text.replacingOccurrences(of: "replications: 1", with: "replications: 2"),
             arguments: ["compare", "{scenario}", "--policy", "baseline", "{dir}/policy.yaml"],
             status: 2, message: "{dir}/policy.yaml:3:20: tiers.api.nodes: unknown field \"nodes\"",
             files: ["policy.yaml": "name: x\nset:\n  tiers.api.nodes: 3\n"]),
        Case(name: "an unknown field lists the fields, not the catalog", arguments: ["check", "{scenario}", "--set", "bogus=1"],
             status: 2, message: "bogus: unknown field \"bogus\"; expected one of: name, description, seed", absent: "capsim catalog"),
        Case(name: "one replication, singular", arguments: ["check", "{scenario}"], status: 0, message: "A run of 1 replication:"),
        Case(name: "one worker, singular", arguments: ["run", "{scenario}", "--horizon", "10m", "--set", "tiers.api.size=s-1vcpu-2gb",
                                                       "--set", "tiers.api.droplets=1"],
             status: 0, message: "1 × s-1vcpu-2gb, 1 worker", absent: "1 workers"),
        Case(name: "analyze offers only its formats", arguments: ["analyze", "--help"], status: 0,
             message: "(values: table, json;", absent: "markdown"),
        Case(name: "validate offers only its formats", arguments: ["validate", "--help"], status: 0,
             message: "Output format: table, json or csv.", absent: "markdown"),
        Case(name: "an hour is 1h", arguments: ["check", "{scenario}"], status: 0, message: "requests over 1h"),
    ]

    func testEveryRowBehaves() throws {
        let catalog = try String(contentsOfFile: CLI.catalogPath, encoding: .utf8)
        for row in Self.cases {
            let scenario = try TemporaryScenario(row.scenario)
            let dir = scenario.directory.path
            var files = row.files
            files["zero-hours.yaml"] = catalog.replacingOccurrences(of: "hours_per_month: 672", with: "hours_per_month: 0")
            files["negative-price.yaml"] = catalog.replacingOccurrences(of: "monthly_usd: 6,", with: "monthly_usd: -6,")
            files["missing-field.yaml"] = catalog.replacingOccurrences(of: "hours_per_month: 672", with: "")
            for (name, text) in files { try Data(text.utf8).write(to: scenario.directory.appendingPathComponent(name)) }
            func fill(_ text: String) -> String {
                text.replacingOccurrences(of: "{scenario}", with: scenario.path).replacingOccurrences(of: "{dir}", with: dir)
                    .replacingOccurrences(of: "{repo}", with: CLI.repositoryRoot.path)
            }
            let outcome = try CLI.run(row.arguments.map(fill), timeout: row.timeout)
            XCTAssertFalse(outcome.crashed, "\(row.name): capsim crashed\n\(outcome.summary)")
            XCTAssertEqual(outcome.status, row.status, "\(row.name)\n\(outcome.summary)")
            if let message = row.message.map(fill) {
                XCTAssertTrue(outcome.stderr.contains(message) || (row.status == 0 && outcome.stdout.contains(message)),
                              "\(row.name): expected \"\(message)\"\n\(outcome.summary)")
            }
            if let absent = row.absent {
                XCTAssertFalse(outcome.stdout.contains(absent) || outcome.stderr.contains(absent),
                               "\(row.name): \"\(absent)\" must not appear\n\(outcome.summary)")
            }
            XCTAssertEqual(try String(contentsOf: scenario.url, encoding: .utf8), row.scenario, "\(row.name): the scenario changed")
        }
    }

    func testSampleCatalogEditsApply() throws {
        let catalog = try String(contentsOfFile: CLI.catalogPath, encoding: .utf8)
        XCTAssertTrue(catalog.contains("hours_per_month: 672"), "test bug: the catalog edit of the hours_per_month rows no longer applies")
        XCTAssertTrue(catalog.contains("monthly_usd: 6,"), "test bug: the catalog edit of the negative-price row no longer applies")
    }
}
