import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Results
import Scenarios
import SimCore
import YAMLSupport

/// Renders `capsim compare`: first the decision (the cheapest variant meeting every SLO, or
/// the closest), then the variants side by side, their SLO verdicts, the cost against
/// service frontier, each one's paired difference against the first and, with `--sweep`,
/// the sensitivity to the swept assumption.
///
/// Every format is rendered from the comparison's `ComparisonSummary` alone, so that a
/// comparison kept as its `capsim.compare/v1` JSON renders later to the same bytes. The
/// tables print the summary's numbers, rounded to two decimals more than they show (so a
/// shown digit can differ by one at a tie of the published ones, as `RunReport` explains,
/// and a difference that rounds to 0 shows no "+"); a paired difference's mark of
/// significance is the summary's `significant`, decided before rounding.
public struct ComparisonReport: Sendable {
    /// The comparison as `capsim.compare/v1` publishes it; nil for a comparison of no variant.
    public var summary: ComparisonSummary?

    /// A report of a comparison read back, or of one just made.
    public init(summary: ComparisonSummary) {
        self.summary = summary
    }

    /// The report of `comparison`: its summary made, rounded as `capsim.compare/v1` publishes
    /// it. `wallSeconds` is the wall-clock time of every variant's run.
    public init(comparison: PolicyComparison, wallSeconds: Double) {
        summary = ComparisonSummary(comparison, wallSeconds: wallSeconds)
    }

    /// The schema of `json()`.
    public static let schema = ComparisonSummary.currentSchema

    /// The measures compared, in table order: the baseline's, which every variant shares.
    var measures: [PolicyComparison.Measure] { summary?.variants.first?.estimates.map(\.measure) ?? [] }

    /// Decimal places per measure, shared by every format (the JSON and CSV show two more).
    static func places(_ measure: PolicyComparison.Measure) -> Int { measure.decimalPlaces }

    static func number(_ value: Double, _ measure: PolicyComparison.Measure) -> String {
        RunReport.fixed(value, places(measure))
    }

    /// "12.34 ± 0.56": the mean and the half-width of its 95% interval.
    static func estimate(_ estimate: ComparisonSummary.Estimate?, _ measure: PolicyComparison.Measure) -> String {
        guard let estimate else { return "" }
        guard let interval = estimate.interval else { return number(estimate.mean, measure) }
        return "\(number(estimate.mean, measure)) ± \(number((interval.upper - interval.lower) / 2, measure))"
    }

    /// A variant's estimate of a measure, or "no data" when a replication measured nothing.
    static func estimate(_ variant: ComparisonSummary.Variant, _ measure: PolicyComparison.Measure) -> String {
        variant.noData.contains(measure) ? "no data" : estimate(variant.estimate(of: measure), measure)
    }

    /// A variant's paired difference, or "no data" when either side has none.
    static func difference(_ variant: ComparisonSummary.Variant, baseline: ComparisonSummary.Variant,
                           _ measure: PolicyComparison.Measure) -> String {
        variant.noData.contains(measure) || baseline.noData.contains(measure)
            ? "no data" : difference(variant.difference(of: measure), measure)
    }

    /// "+1.23 [0.45, 2.01] *": the mean difference, its 95% interval, and a star when the
    /// interval excludes zero.
    static func difference(_ difference: ComparisonSummary.MeasureDifference?, _ measure: PolicyComparison.Measure) -> String {
        guard let difference, let mean = difference.mean else { return "" }
        let sign = mean > 0 ? "+" : ""
        guard let interval = difference.interval else { return sign + number(mean, measure) }
        return "\(sign)\(number(mean, measure)) [\(number(interval.lower, measure)), \(number(interval.upper, measure))]\(difference.significant ? " *" : "")"
    }

    // MARK: Table

    /// The decision first, then the variants' measures, their SLO verdicts, the frontier,
    /// the paired differences and, with a sweep, the sensitivity.
    public func table() -> String {
        guard let summary, let first = summary.variants.first else { return "" }
        let setup = summary.setup
        let measures = shownMeasures
        var out = decisionLine + "\n"
        out += "capsim compare — \(setup.name)\n"
        out += "  \(Units.describe(seconds: setup.horizonSeconds)) from \(setup.start) (\(setup.timeZone)), "
        out += "\(setup.replications) replication\(setup.replications == 1 ? "" : "s") per variant, seed \(setup.seed)\n"
        out += "  every variant sees the same arrivals (common random numbers); ± is the 95% interval\n"
        if let reason = summary.costBasis.noMonthlyReason { out += "  \(reason)\n" }
        out += "\n"
        out += RunReport.grid(summary.variants.map { variant in
            [variant.name, variant.policy] + measures.map { Self.estimate(variant, $0) }
        }, header: ["variant", "policy"] + measures.map(\.label))
        if hasVerdicts {
            out += "\nSLO verdicts: \(Self.verdictRule)\n"
            out += RunReport.grid(verdictRows, header: Self.verdictHeader)
        }
        out += "\n\(frontierTitle)\n"
        out += RunReport.grid(frontierRows, header: frontierHeader)
        if summary.variants.count > 1 {
            out += "\nPaired differences against \(first.name) (mean [95% interval]; * the interval excludes 0, from ≥ 3 replications with non-zero width)\n"
            out += RunReport.grid(summary.variants.dropFirst().map { variant in
                [variant.name] + measures.map { Self.difference(variant, baseline: first, $0) }
            }, header: ["variant"] + measures.map(\.label))
        }
        if summary.sweep != nil {
            out += "\n\(sensitivityTitle)\n"
            for section in sensitivity {
                out += "  \(section.base)\n"
                out += RunReport.grid(section.rows, header: section.header)
            }
        }
        out += "\n\(summary.variants.count) variants in \(RunReport.fixed(summary.wallSeconds, 2)) s\n"
        return out
    }

    // MARK: Markdown

    public func markdown() -> String {
        guard let summary, let first = summary.variants.first else { return "" }
        let setup = summary.setup
        let measures = shownMeasures
        var out = "**\(decisionLine)**\n\n"
        out += "# capsim compare: \(setup.name)\n\n"
        out += "\(Units.describe(seconds: setup.horizonSeconds)), \(setup.replications) replication\(setup.replications == 1 ? "" : "s") per variant, seed \(setup.seed); "
        out += "the same arrivals in every variant. ± is the 95% interval.\n\n"
        if let reason = summary.costBasis.noMonthlyReason { out += "\(reason.prefix(1).uppercased() + reason.dropFirst()).\n\n" }
        out += Self.markdownTable(["variant", "policy"] + measures.map(\.label), summary.variants.map { variant in
            [variant.name, variant.policy] + measures.map { Self.estimate(variant, $0) }
        }, leftColumns: 2)
        if hasVerdicts {
            out += "\nSLO verdicts: \(Self.verdictRule).\n\n"
            out += Self.markdownTable(Self.verdictHeader, verdictRows, leftColumns: 3)
        }
        out += "\n\(frontierTitle).\n\n"
        out += Self.markdownTable(frontierHeader, frontierRows)
        if summary.variants.count > 1 {
            out += "\nPaired differences against **\(first.name)**: mean [95% interval]; * marks an interval that excludes 0, from ≥ 3 replications with non-zero width.\n\n"
            out += Self.markdownTable(["variant"] + measures.map(\.label), summary.variants.dropFirst().map { variant in
                [variant.name] + measures.map { Self.difference(variant, baseline: first, $0) }
            })
        }
        if summary.sweep != nil {
            out += "\n\(sensitivityTitle).\n"
            for section in sensitivity {
                out += "\n**\(section.base)**\n\n" + Self.markdownTable(section.header, section.rows)
            }
        }
        return out
    }

    // MARK: JSON

    /// `capsim.compare/v1`: the summary encoded, members in the schema's order. Every value
    /// but `wallSeconds` depends only on the scenario, the variants and the seed. A
    /// comparison of no variant writes its schema alone.
    public func json() throws -> JSONValue {
        guard let summary else { return .object([("schema", .string(Self.schema))]) }
        return try JSONValueEncoder().encode(summary)
    }

    // MARK: CSV

    /// One row per variant and measure: estimate, interval, paired difference and its
    /// interval; then one row per variant and SLO (`measure` is "slo:" and the objective's
    /// name): its value, interval, target and verdict.
    public func csv() -> String {
        var lines = ["variant,policy,measure,mean,ci95Lower,ci95Upper,differenceMean,differenceLower,differenceUpper,significant,noData,target,verdict"]
        for variant in summary?.variants ?? [] {
            for measure in measures {
                let estimate = variant.estimate(of: measure)
                // A difference without a mean is one over no data: its cells stay empty.
                let difference = variant.difference(of: measure).flatMap { $0.mean == nil ? nil : $0 }
                let places = Self.places(measure) + 2
                func cell(_ value: Double?) -> String { value.map { RunReport.fixed($0, places) } ?? "" }
                lines.append([
                    RunReport.csvField(variant.name), RunReport.csvField(variant.policy), measure.rawValue,
                    cell(estimate?.mean), cell(estimate?.interval?.lower), cell(estimate?.interval?.upper),
                    cell(difference?.mean), cell(difference?.interval?.lower), cell(difference?.interval?.upper),
                    difference.map { $0.significant ? "true" : "false" } ?? "",
                    variant.noData.contains(measure) ? "true" : "false", "", "",
                ].joined(separator: ","))
            }
        }
        for variant in summary?.variants ?? [] {
            for objective in variant.objectives ?? [] {
                let places = objective.unit == "ms" ? 3 : 6
                func cell(_ value: Double?) -> String { value.map { RunReport.fixed($0, places) } ?? "" }
                lines.append([
                    RunReport.csvField(variant.name), RunReport.csvField(variant.policy), RunReport.csvField("slo:" + objective.name),
                    cell(objective.status == .noData ? nil : objective.value), cell(objective.interval?.lower), cell(objective.interval?.upper),
                    "", "", "", "", objective.status == .noData ? "true" : "false",
                    cell(objective.target), objective.status.rawValue,
                ].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
