import Foundation
import XCTest

/// Malformed lifecycle fields (scale-in, failures, warm-up): exit 2 with file, line and field.
extension ErrorMessageTests {
    func testLifecycleFieldsReportTheirLineAndField() throws {
        let cases: [(block: String, fragment: String, path: String, message: String)] = [
            ("    lifecycle: {mtbf: 720}", "mtbf", "tiers.api.lifecycle.mtbf", "a duration needs a unit"),
            ("    lifecycle: {mtbf: 30s}", "mtbf", "tiers.api.lifecycle.mtbf", "must be at least 1m"),
            ("    lifecycle:\n      mtbf_by_size: {s-2vcpu-4b: 1000h}", "s-2vcpu-4b", "tiers.api.lifecycle.mtbf_by_size.s-2vcpu-4b",
             #"unknown droplet size "s-2vcpu-4b"; did you mean "s-2vcpu-4gb"?"#),
            ("    lifecycle:\n      warm_up: {duration: 2m, slowdown: 0.5}", "slowdown", "tiers.api.lifecycle.warm_up.slowdown",
             "must be at least 1, found 0.5"),
            ("    lifecycle:\n      warm_up: {slowdown: 2}", "warm_up", "tiers.api.lifecycle.warm_up.duration",
             #"missing required field "duration""#),
            ("    lifecycle:\n      warm_up: 2m", "warm_up", "tiers.api.lifecycle.warm_up", "expected a mapping of fields"),
            ("    lifecycle: {deregistration_lag: 2h}", "deregistration_lag", "tiers.api.lifecycle.deregistration_lag", "must be at most 1h"),
            ("    lifecycle: {shutdown_grace: -5s}", "shutdown_grace", "tiers.api.lifecycle.shutdown_grace", "not a duration"),
            ("    lifecycle: {unhealthy_threshold: 0}", "unhealthy_threshold", "tiers.api.lifecycle.unhealthy_threshold", "must be at least 1"),
            ("    lifecycle: {drain_timeout: 60s}", "drain_timeout", "tiers.api.lifecycle.drain_timeout", #"unknown field "drain_timeout""#),
            ("    lifecycle: {shutdown_grace: 30s}\n    autoscaling: {policy: do-autoscale-pool, min: 1, max: 4, target: 70%}",
             "shutdown_grace", "tiers.api.lifecycle.shutdown_grace", "follows DigitalOcean: shutdown, 60 s, destroy"),
        ]
        for entry in cases {
            try assertCheckReports(Self.autoscaled(entry.block), at: entry.fragment, path: entry.path, message: entry.message)
        }
    }
}
