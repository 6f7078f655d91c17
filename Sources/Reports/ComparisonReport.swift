import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Results
import Scenarios
import SimCore
import YAMLSupport

/// Renders `capsim compare`: the variants side by side, then each one's paired difference
/// against the first.
public struct ComparisonReport: Sendable {
    public var comparison: PolicyComparison
    public var wallSeconds: Double

    public init(comparison: PolicyComparison, wallSeconds: Double) {
        self.comparison = comparison
        self.wallSeconds = wallSeconds
    }

    /// The schema of `json()`.
    public static let schema = ComparisonSummary.currentSchema

    var scenario: Scenario? { comparison.variants.first?.result.scenario }

    /// Decimal places per measure, shared by every format (the JSON and CSV show two more).
    static func places(_ measure: PolicyComparison.Measure) -> Int { measure.decimalPlaces }

    static func number(_ value: Double, _ measure: PolicyComparison.Measure) -> String {
        RunReport.fixed(value, places(measure))
    }

    static func estimate(_ interval: ConfidenceInterval?, _ measure: PolicyComparison.Measure) -> String {
        guard let interval else { return "" }
        guard let lower = interval.lower, let upper = interval.upper else { return number(interval.mean, measure) }
        return "\(number(interval.mean, measure)) ± \(number((upper - lower) / 2, measure))"
    }

    /// A variant's estimate of a measure, or "no data" when a replication measured nothing.
    static func estimate(_ variant: PolicyComparison.Variant, _ measure: PolicyComparison.Measure) -> String {
        variant.noData.contains(measure) ? "no data" : estimate(variant.estimates[measure], measure)
    }

    /// A variant's paired difference, or "no data" when either side has none.
    static func difference(_ variant: PolicyComparison.Variant, baseline: PolicyComparison.Variant,
                           _ measure: PolicyComparison.Measure) -> String {
        variant.noData.contains(measure) || baseline.noData.contains(measure)
            ? "no data" : difference(variant.differences?[measure], measure)
    }

    static func difference(_ interval: ConfidenceInterval?, _ measure: PolicyComparison.Measure) -> String {
        guard let interval else { return "" }
        let sign = interval.mean > 0 ? "+" : ""
        guard let lower = interval.lower, let upper = interval.upper else { return sign + number(interval.mean, measure) }
        return "\(sign)\(number(interval.mean, measure)) [\(number(lower, measure)), \(number(upper, measure))]\(interval.excludesZero ? " *" : "")"
    }

    // MARK: Table

    public func table() -> String {
        guard let scenario, let first = comparison.variants.first else { return "" }
        let measures = comparison.measures
        var out = "capsim compare — \(scenario.name)\n"
        out += "  \(Units.describe(seconds: scenario.horizon)) from \(RunReport.isoFormatter(scenario.timeZone).string(from: scenario.start)) (\(scenario.timeZoneName)), "
        out += "\(scenario.replications) replication\(scenario.replications == 1 ? "" : "s") per variant, seed \(scenario.seed)\n"
        out += "  every variant sees the same arrivals (common random numbers); ± is the 95% interval\n\n"
        out += RunReport.grid(comparison.variants.map { variant in
            [variant.name, variant.policy] + measures.map { Self.estimate(variant, $0) }
        }, header: ["variant", "policy"] + measures.map(\.label))
        if comparison.variants.count > 1 {
            out += "\nPaired differences against \(first.name) (mean [95% interval]; * the interval excludes 0)\n"
            out += RunReport.grid(comparison.variants.dropFirst().map { variant in
                [variant.name] + measures.map { Self.difference(variant, baseline: first, $0) }
            }, header: ["variant"] + measures.map(\.label))
        }
        out += "\n\(comparison.variants.count) variants in \(RunReport.fixed(wallSeconds, 2)) s\n"
        return out
    }

    // MARK: Markdown

    public func markdown() -> String {
        guard let scenario, let first = comparison.variants.first else { return "" }
        let measures = comparison.measures
        var out = "# capsim compare: \(scenario.name)\n\n"
        out += "\(Units.describe(seconds: scenario.horizon)), \(scenario.replications) replication\(scenario.replications == 1 ? "" : "s") per variant, seed \(scenario.seed); "
        out += "the same arrivals in every variant. ± is the 95% interval.\n\n"
        out += "| variant | policy | " + measures.map(\.label).joined(separator: " | ") + " |\n"
        out += "|---|---|" + measures.map { _ in "---:" }.joined(separator: "|") + "|\n"
        for variant in comparison.variants {
            out += "| \(variant.name) | \(variant.policy) | " + measures.map { Self.estimate(variant, $0) }.joined(separator: " | ") + " |\n"
        }
        if comparison.variants.count > 1 {
            out += "\nPaired differences against **\(first.name)**: mean [95% interval]; * marks an interval that excludes 0.\n\n"
            out += "| variant | " + measures.map(\.label).joined(separator: " | ") + " |\n"
            out += "|---|" + measures.map { _ in "---:" }.joined(separator: "|") + "|\n"
            for variant in comparison.variants.dropFirst() {
                out += "| \(variant.name) | " + measures.map { Self.difference(variant, baseline: first, $0) }.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    // MARK: JSON

    /// The comparison as `capsim.compare/v1` publishes it; nil without a variant.
    public var summary: ComparisonSummary? { ComparisonSummary(comparison, wallSeconds: wallSeconds) }

    /// `capsim.compare/v1`: the summary encoded, members in the schema's order. Every value
    /// but `wallSeconds` depends only on the scenario, the variants and the seed. A
    /// comparison of no variant writes its schema alone.
    public func json() throws -> JSONValue {
        guard let summary else { return .object([("schema", .string(Self.schema))]) }
        return try JSONValueEncoder().encode(summary)
    }

    // MARK: CSV

    /// One row per variant and measure: estimate, interval, paired difference and its interval.
    public func csv() -> String {
        var lines = ["variant,policy,measure,mean,ci95Lower,ci95Upper,differenceMean,differenceLower,differenceUpper,significant,noData"]
        for variant in comparison.variants {
            for measure in comparison.measures {
                let estimate = variant.estimates[measure]
                let difference = variant.differences?[measure]
                let places = Self.places(measure) + 2
                func cell(_ value: Double?) -> String { value.map { RunReport.fixed($0, places) } ?? "" }
                lines.append([
                    RunReport.csvField(variant.name), RunReport.csvField(variant.policy), measure.rawValue,
                    cell(estimate?.mean), cell(estimate?.lower), cell(estimate?.upper),
                    cell(difference?.mean), cell(difference?.lower), cell(difference?.upper),
                    difference.map { $0.excludesZero ? "true" : "false" } ?? "",
                    variant.noData.contains(measure) ? "true" : "false",
                ].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
