import Results
import Scenarios

// The parts of a comparison report that decide: each variant's SLO verdicts, the cost
// against service frontier and, with `--sweep`, the sensitivity to the swept assumption.
// Each is rows of cells, which the table and the markdown lay out in their own way.

extension ComparisonReport {
    /// The measures the tables show: the monthly cost only when the horizon supports one
    /// (`ComparisonSummary.costBasis`); JSON and CSV keep every measure.
    var shownMeasures: [PolicyComparison.Measure] {
        guard let summary else { return [] }
        let basis = summary.costBasis.measure
        return measures.filter { $0 != .monthlyCost || basis == .monthlyCost }
    }

    /// What decides which bound: printed above the verdicts in every format.
    static let verdictRule = "met when the 95% interval's bound on the bad side meets the target "
        + "(upper bound for latency and error rate, lower bound for attainment), as capsim run --check-slo decides"

    /// The first line: the decision, or why there is none (a document written before
    /// comparisons published verdicts).
    var decisionLine: String {
        summary?.decision?.line ?? "no decision: this comparison was recorded without its SLO verdicts"
    }

    // MARK: Verdicts

    static let verdictHeader = ["variant", "objective", "target", "value", "95% interval", "verdict"]

    /// One row per variant and objective; the variant named on its first row only.
    var verdictRows: [[String]] {
        guard let summary else { return [] }
        return summary.variants.flatMap { variant -> [[String]] in
            guard let objectives = variant.objectives else { return [[variant.name, "not recorded"]] }
            return objectives.enumerated().map { index, objective in
                let interval = objective.interval.map {
                    "[\(RunReport.objectiveNumber($0.lower, unit: objective.unit)), \(RunReport.objectiveNumber($0.upper, unit: objective.unit))]"
                } ?? ""
                let value = objective.status == .noData
                    ? "no data" : RunReport.objectiveNumber(objective.unroundedValue ?? objective.value ?? .nan, unit: objective.unit)
                return [index == 0 ? variant.name : "", objective.name,
                        "\(RunReport.symbol(objective.comparison)) \(RunReport.objectiveNumber(objective.target, unit: objective.unit))",
                        value, interval, RunReport.statusLabel(objective.status)]
            }
        }
    }

    /// Whether any variant has an objective to show.
    var hasVerdicts: Bool { summary?.variants.contains { !($0.objectives ?? []).isEmpty } ?? false }

    // MARK: Frontier

    /// The frontier's column titles.
    var frontierHeader: [String] {
        guard let frontier = summary?.frontier else { return [] }
        return ["variant", frontier.cost.label, frontier.service.label, "frontier"]
    }

    /// Variants by cost, each on the frontier or dominated by a named one.
    var frontierRows: [[String]] {
        guard let frontier = summary?.frontier else { return [] }
        return frontier.points.map { point in
            [point.variant, Self.number(point.costUSD, frontier.cost),
             point.service.map { Self.number($0, frontier.service) } ?? "no data",
             point.onFrontier ? "on the frontier" : point.dominatedBy.map { "dominated by \($0)" } ?? "no data"]
        }
    }

    /// "Cost against SLO attainment: …", explaining the frontier's rule.
    var frontierTitle: String {
        guard let frontier = summary?.frontier else { return "" }
        let service = frontier.service == .attainment ? "SLO attainment" : "p95 latency (the scenario sets no attainment objective)"
        return "\(frontier.cost == .monthlyCost ? "Monthly" : "Horizon") cost against \(service), by cost: a variant is on the "
            + "frontier unless another is as cheap or cheaper and serves as well or better, strictly better in one"
    }

    // MARK: Sensitivity

    /// Per base variant of a sweep: its name, the column titles and one row per swept value
    /// (each measure, then each objective's verdict).
    var sensitivity: [(base: String, header: [String], rows: [[String]])] {
        guard let summary, let sweep = summary.sweep else { return [] }
        var bases: [String] = []
        for variant in summary.variants { if let base = variant.swept?.base, !bases.contains(base) { bases.append(base) } }
        let measures = shownMeasures
        return bases.map { base in
            let swept = summary.variants.filter { $0.swept?.base == base }
            let names = swept.first?.objectives?.map(\.name) ?? []
            let rows = swept.map { variant in
                [variant.swept?.value ?? ""] + measures.map { Self.estimate(variant, $0) }
                    + names.map { name in (variant.objectives?.first { $0.name == name }).map { RunReport.statusLabel($0.status) } ?? "" }
            }
            return (base, [sweep.field] + measures.map(\.label) + names, rows)
        }
    }

    /// "Sensitivity to tiers.api.autoscaling.tolerance (0, 0.05, 0.1)".
    var sensitivityTitle: String {
        guard let sweep = summary?.sweep else { return "" }
        return "Sensitivity to \(sweep.path) (\(sweep.values.joined(separator: ", "))): each variant run at every value, "
            + "± the 95% interval; verdicts by the rule above"
    }

    /// A markdown table.
    static func markdownTable(_ header: [String], _ rows: [[String]], leftColumns: Int = 1) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return line(header) + "|" + header.indices.map { $0 < leftColumns ? "---" : "---:" }.joined(separator: "|") + "|\n"
            + rows.map { line($0 + Array(repeating: "", count: max(0, header.count - $0.count))) }.joined()
    }
}
