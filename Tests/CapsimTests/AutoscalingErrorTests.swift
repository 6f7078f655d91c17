import Foundation
import XCTest

/// Malformed `autoscaling:` and `lifecycle:` blocks: exit 2 with file, line and field.
extension ErrorMessageTests {
    static func autoscaled(_ block: String) -> String {
        MinimalScenario.replacing("    droplets: 2", with: "    droplets: 2\n" + block)
    }

    func testUnknownPolicySuggestsNearest() throws {
        try assertCheckReports(Self.autoscaled("    autoscaling: {policy: target-traking, min: 1, max: 4, target: 70%}"),
                               at: "target-traking", path: "tiers.api.autoscaling.policy",
                               message: #"unknown policy "target-traking"; did you mean "target-tracking"?"#)
    }

    func testMinAboveMaxIsRefused() throws {
        try assertCheckReports(Self.autoscaled("    autoscaling:\n      policy: target-tracking\n      min: 6\n      max: 4\n      target: 70%"),
                               at: "max: 4", path: "tiers.api.autoscaling.max", message: "min (6) must not exceed max (4)")
    }

    func testFieldOfAnotherPolicyIsRefused() throws {
        try assertCheckReports(Self.autoscaled("    autoscaling:\n      policy: do-autoscale-pool\n      min: 1\n      max: 4\n      target: 70%\n      warmup: 1h"),
                               at: "warmup: 1h", path: "tiers.api.autoscaling.warmup",
                               message: #"the do-autoscale-pool policy does not take "warmup""#)
    }

    /// The DigitalOcean API's bounds: a pool keeps at least one droplet.
    func testPoolMinimumOfZeroIsRefused() throws {
        try assertCheckReports(Self.autoscaled("    autoscaling:\n      policy: do-autoscale-pool\n      min: 0\n      max: 4\n      target_cpu: 70%"),
                               at: "min: 0", path: "tiers.api.autoscaling.min",
                               message: "a Droplet autoscale pool's min must be from 1 to 500 (the DigitalOcean API's bounds), found 0")
    }

    func testPoolTakesOneFormOfTarget() throws {
        try assertCheckReports(Self.autoscaled("    autoscaling:\n      policy: do-autoscale-pool\n      min: 1\n      max: 4\n      target_cpu: 70%\n      target: 60%"),
                               at: "target: 60%", path: "tiers.api.autoscaling.target",
                               message: "give target_cpu and/or target_memory, or one metric and target, not both")
        try assertCheckReports(Self.autoscaled("    autoscaling:\n      policy: do-autoscale-pool\n      min: 1\n      max: 4\n      metric: p95_latency\n      target: 200ms"),
                               at: "metric: p95_latency", path: "tiers.api.autoscaling.metric",
                               message: #"a Droplet autoscale pool scales on cpu or memory, found "p95_latency""#)
        try assertCheckReports(Self.autoscaled("    autoscaling:\n      policy: do-autoscale-pool\n      min: 1\n      max: 4"),
                               at: "policy: do-autoscale-pool", path: "tiers.api.autoscaling.target_cpu",
                               message: #"missing required field "target_cpu" (or target_memory, or both)"#)
        try assertCheckReports(Self.autoscaled("    autoscaling: {policy: do-autoscale-pool, min: 1, max: 4, target_memory: 3%}"),
                               at: "do-autoscale-pool", path: "tiers.api.autoscaling", message: "target: memory 0.03 is outside 0.05…1.0")
        try assertCheckReports(Self.autoscaled("    autoscaling: {policy: do-autoscale-pool, min: 1, max: 4, target_cpu: 70%, tolerance: 2}"),
                               at: "tolerance: 2", path: "tiers.api.autoscaling.tolerance", message: "must be at most")
    }

    func testBadCronFieldIsReportedAtItsLine() throws {
        try assertCheckReports(Self.autoscaled("""
                autoscaling:
                  policy: scheduled
                  actions:
                    - {cron: "0 25 * * 1-5", desired: 2}
            """),
            at: "0 25 * * 1-5", path: "tiers.api.autoscaling.actions.0.cron", message: "hour")
    }

    func testStepGapIsReported() throws {
        try assertCheckReports(Self.autoscaled("""
                autoscaling:
                  policy: step
                  min: 1
                  max: 4
                  metric: cpu
                  alarms:
                    - threshold: 60%
                      comparison: above
                      steps: [{lower: 0, upper: 10%, adjustment: 1}, {lower: 20%, adjustment: 2}]
            """),
            at: "- threshold: 60%", path: "tiers.api.autoscaling.alarms", message: "gap between offsets 0.1 and 0.2")
    }

    func testPoolCooldownOutsideDigitalOceanLimitsIsRefused() throws {
        try assertCheckReports(Self.autoscaled("    autoscaling: {policy: do-autoscale-pool, min: 1, max: 4, target: 70%, cooldown: 1m}"),
                               at: "do-autoscale-pool", path: "tiers.api.autoscaling", message: "cooldown")
    }

    func testLatencyTargetNeedsAUnit() throws {
        try assertCheckReports(Self.autoscaled("    autoscaling: {policy: target-tracking, min: 1, max: 4, metric: p95_latency, target: 200}"),
                               at: "p95_latency", path: "tiers.api.autoscaling.target", message: "a duration needs a unit")
    }

    func testMissingHistoryFileIsReported() throws {
        try assertCheckReports(Self.autoscaled("    autoscaling: {policy: predictive, min: 1, max: 4, history: no-such-history.csv}"),
                               at: "no-such-history.csv", path: "tiers.api.autoscaling.history", message: "cannot read the history file")
    }

    func testFailureProbabilityMustBeAFraction() throws {
        try assertCheckReports(Self.autoscaled("    lifecycle: {failure_probability: 150%}"),
                               at: "failure_probability", path: "tiers.api.lifecycle.failure_probability", message: "must be at most 0.99")
    }

    func testFractionalStepOfWholeDropletsIsRefused() throws {
        try assertCheckReports(Self.autoscaled("""
                autoscaling:
                  policy: step
                  min: 1
                  max: 4
                  metric: cpu
                  alarms:
                    - {threshold: 60%, comparison: above, steps: [{lower: 0, adjustment: 1.5}]}
            """),
            at: "adjustment: 1.5", path: "tiers.api.autoscaling.alarms.0.steps.0.adjustment",
            message: "ChangeInCapacity adjusts by whole droplets, found 1.5")
    }
}
