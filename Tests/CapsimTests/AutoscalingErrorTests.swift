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
        try assertCheckReports(Self.autoscaled("    autoscaling:\n      policy: do-autoscale-pool\n      min: 1\n      max: 4\n      target: 70%\n      tolerance: 0.1"),
                               at: "tolerance: 0.1", path: "tiers.api.autoscaling.tolerance",
                               message: #"the do-autoscale-pool policy does not take "tolerance""#)
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
