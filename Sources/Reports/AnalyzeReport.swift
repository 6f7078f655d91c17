import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Results
import Scenarios
import SimCore
import YAMLSupport

/// Renders `capsim analyze`: the analytic estimate at the peak hour and over the horizon.
public struct AnalyzeReport: Sendable {
    public var analysis: CapacityAnalysis
    public var wallSeconds: Double

    public init(analysis: CapacityAnalysis, wallSeconds: Double) {
        self.analysis = analysis
        self.wallSeconds = wallSeconds
    }

    public static let schema = "capsim.analyze/v1"

    public func json() -> JSONValue {
        let scenario = analysis.scenario
        return .object([
            ("schema", .string(Self.schema)),
            ("scenario", .object([("name", .string(scenario.name)), ("source", .string(scenario.source)),
                                  ("horizonSeconds", .number(scenario.horizon))])),
            ("latencyTarget", analysis.latencyTarget.map { target in
                .object([("percentile", .number(target.percentile)), ("targetMs", .rounded(target.target * 1000, places: 3))])
            } ?? .null),
            ("peakHour", Self.window(analysis.peakHour)),
            ("mean", Self.window(analysis.wholeHorizon)),
            ("balancers", Self.balancers(analysis.balancers)),
            ("assumptions", .array(analysis.assumptions.map(JSONValue.string))),
            ("wallSeconds", .rounded(wallSeconds, places: 4)),
        ])
    }

    static func window(_ window: CapacityAnalysis.WindowAnalysis) -> JSONValue {
        let estimate = window.estimate
        return .object([
            ("startSeconds", .number(estimate.start)),
            ("durationSeconds", .number(estimate.duration)),
            ("arrivalRatePerSecond", .rounded(estimate.arrivalRate, places: 4)),
            ("tiers", .object(window.tiers.map { tier in
                (tier.role.rawValue, .object([
                    ("droplets", .integer(tier.workload.droplets)),
                    ("workers", .integer(tier.workload.workers)),
                    ("requestRatePerSecond", .rounded(tier.workload.requestRate, places: 4)),
                    ("meanServiceMs", .rounded(tier.workload.meanService * 1000, places: 4)),
                    ("serviceCV", .rounded(tier.workload.serviceCV, places: 4)),
                    ("utilization", .rounded(tier.utilization, places: 6)),
                    ("stable", .bool(tier.isStable)),
                    ("waitModel", .string(tier.waitModel)),
                    ("meanWaitMs", .rounded(tier.meanWait * 1000, places: 4)),
                    ("p95WaitMs", .rounded(tier.p95Wait * 1000, places: 4)),
                    ("meanResponseMs", .rounded(tier.meanResponse * 1000, places: 4)),
                    ("p95ResponseMs", .rounded(tier.p95Response * 1000, places: 4)),
                    ("smallestStableDroplets", tier.smallestStableDroplets.map(JSONValue.integer) ?? .null),
                    ("smallestDropletsMeetingTarget", tier.smallestDropletsMeetingTarget.map(JSONValue.integer) ?? .null),
                ]))
            })),
            ("database", .object([
                ("transactionRatePerSecond", .rounded(window.database.workload.transactionRate, places: 4)),
                ("meanQueryMs", .rounded(window.database.workload.meanQueryTime * 1000, places: 4)),
                ("cores", .integer(window.database.workload.cores)),
                ("cpuUtilization", .rounded(window.database.utilization, places: 6)),
                ("pool", .object([
                    ("size", .integer(window.database.workload.poolSize)),
                    ("utilization", .rounded(window.database.pool.utilization, places: 6)),
                    ("stable", .bool(window.database.pool.isStable)),
                    ("probabilityOfWaiting", .rounded(window.database.pool.probabilityOfWaiting, places: 6)),
                    ("meanWaitMs", .rounded(window.database.pool.meanWait * 1000, places: 4)),
                    ("p95WaitMs", .rounded(window.database.pool.p95Wait * 1000, places: 4)),
                    ("smallestStablePool", window.database.pool.smallestStablePool.map(JSONValue.integer) ?? .null),
                ])),
            ])),
        ])
    }

    public func table() -> String {
        let scenario = analysis.scenario
        var out = "capsim analyze — \(scenario.name) (analytic estimate, no simulation)\n"
        if let target = analysis.latencyTarget {
            out += "  sizing target: p\(Units.trim(target.percentile)) ≤ \(Units.describe(seconds: target.target))\n"
        }
        for (title, window) in [("Peak hour", analysis.peakHour), ("Mean over the horizon", analysis.wholeHorizon)] {
            let e = window.estimate
            out += "\n\(title)"
            if title == "Peak hour" {
                let local = RunReport.isoFormatter(scenario.timeZone).string(from: scenario.start.addingTimeInterval(e.start))
                out += " (from \(local))"
            }
            out += ": \(RunReport.fixed(e.arrivalRate, 1)) requests/s\n"
            var rows: [[String]] = []
            for tier in window.tiers {
                rows.append([
                    "\(tier.role.rawValue) tier", "\(tier.workload.droplets) droplets", "ρ \(RunReport.fixed(tier.utilization * 100, 1))%",
                    "wait mean \(RunReport.ms(tier.meanWait * 1000)) / p95 \(RunReport.ms(tier.p95Wait * 1000)) ms",
                    "response p95 ≈ \(RunReport.ms(tier.p95Response * 1000)) ms",
                    "min stable \(tier.smallestStableDroplets.map(String.init) ?? "—")",
                    "min for target \(tier.smallestDropletsMeetingTarget.map(String.init) ?? "—")",
                ])
            }
            let d = window.database
            rows.append(["database", "\(d.workload.cores) vCPUs", "ρ \(RunReport.fixed(d.utilization * 100, 1))%",
                         "\(RunReport.fixed(d.workload.transactionRate, 1)) transactions/s", "", "", ""])
            rows.append(["pgbouncer pool", "\(d.workload.poolSize) connections", "ρ \(RunReport.fixed(d.pool.utilization * 100, 1))%",
                         "wait mean \(RunReport.ms(d.pool.meanWait * 1000)) / p95 \(RunReport.ms(d.pool.p95Wait * 1000)) ms",
                         "P(wait) \(RunReport.percent(d.pool.probabilityOfWaiting))",
                         "min stable \(d.pool.smallestStablePool.map(String.init) ?? "—")", ""])
            out += RunReport.grid(rows, header: nil)
        }
        out += Self.balancerTable(analysis.balancers)
        out += "\nAssumptions\n"
        for assumption in analysis.assumptions { out += "  - \(assumption)\n" }
        out += "\ncomputed in \(RunReport.fixed(wallSeconds * 1000, 1)) ms\n"
        return out
    }
}
