import Results

/// The parts of a comparison report that come from the comparison summary itself: the
/// variants' estimates, cost against service (the Pareto frontier), and the paired
/// differences (the forest plot).
struct ComparisonCharts {
    let summary: ComparisonSummary

    init(_ summary: ComparisonSummary) {
        self.summary = summary
    }

    /// Fractions are shown in percent (differences in percentage points); the other
    /// measures in their own unit.
    static func isFraction(_ measure: PolicyComparison.Measure) -> Bool {
        measure == .attainment || measure == .errorRate
    }

    /// A measure's value as a table shows it.
    static func format(_ value: Double, _ measure: PolicyComparison.Measure) -> String {
        switch measure {
        case .monthlyCost: NumberText.dollars(value)
        case .attainment, .errorRate: ReportTables.percent(value)
        case .p95, .p99: NumberText.readable(value) + " ms"
        case .dropletHours, .scaleEvents: NumberText.readable(value)
        }
    }

    /// Each variant with its policy and every measure's mean and 95% interval.
    func variantTable(into page: inout HTMLPage) {
        let measures = summary.variants.first?.estimates.map(\.measure) ?? []
        let rows = summary.variants.map { variant -> [HTMLPage.Cell] in
            [HTMLPage.Cell(variant.name), HTMLPage.Cell(variant.policy), HTMLPage.Cell(variant.description)]
                + measures.map { measure -> HTMLPage.Cell in
                    guard let estimate = variant.estimates.first(where: { $0.measure == measure })?.estimate else { return HTMLPage.Cell("no data", style: "nodata") }
                    let interval = estimate.interval.map { " (" + Self.format($0.lower, measure) + " – " + Self.format($0.upper, measure) + ")" } ?? ""
                    return .number(Self.format(estimate.mean, measure) + interval)
                }
        }
        page.table(["Variant", "Policy", "What it changes"] + measures.map { HTMLPage.Cell.number($0.label) }, rows: rows,
                   caption: "Means over replications with their 95% intervals in parentheses.")
    }

    /// Objectives down, runs across: each cell the verdict and the mean.
    static func verdictTable(labels: [String], summaries: [RunSummary], into page: inout HTMLPage) {
        var names: [String] = []
        for summary in summaries { for objective in summary.objectives where !names.contains(objective.name) { names.append(objective.name) } }
        guard !names.isEmpty else {
            page.paragraph("The scenario sets no objectives.")
            return
        }
        let rows = names.map { name -> [HTMLPage.Cell] in
            [HTMLPage.Cell(name)] + summaries.map { summary -> HTMLPage.Cell in
                guard let objective = summary.objectives.first(where: { $0.name == name }) else { return "–" }
                let verdict = ReportTables.verdict(objective.status)
                return HTMLPage.Cell(verdict.text + " · " + ReportTables.objectiveValue(objective.value, unit: objective.unit), style: verdict.style)
            }
        }
        page.table(["Objective"] + labels.map { HTMLPage.Cell($0) }, rows: rows,
                   caption: "Each cell: the verdict and the mean over replications.")
    }

    private func estimate(_ variant: ComparisonSummary.Variant, _ measure: PolicyComparison.Measure) -> ComparisonSummary.Estimate? {
        variant.estimates.first { $0.measure == measure }?.estimate
    }

    /// Monthly cost against SLO attainment (or, without an attainment objective, p95
    /// latency), with the frontier of the variants nothing beats on both.
    func pareto(id: String, variants: [RunSummary]) -> RunCharts.Figure {
        let hasAttainment = summary.variants.contains { estimate($0, .attainment) != nil }
        let quality: PolicyComparison.Measure = hasAttainment ? .attainment : .p95
        let scale = hasAttainment ? 100.0 : 1.0
        var points: [ParetoChart.Point] = []
        var missing: [String] = []
        for variant in summary.variants {
            guard let cost = estimate(variant, .monthlyCost), let value = estimate(variant, quality) else {
                missing.append(variant.name)
                continue
            }
            points.append(.init(label: variant.name, cost: cost.mean, costInterval: cost.interval.map { ValueInterval($0) }, quality: value.mean * scale,
                                qualityInterval: value.interval.map { ValueInterval($0, scale: scale) }))
        }
        let objectives = variants.first?.objectives ?? []
        let target: (label: String, value: Double)?
        if hasAttainment, let objective = objectives.first(where: { $0.unit == "fraction" && $0.comparison == .atLeast }) {
            target = ("objective: \(objective.name) ≥ \(ReportTables.percent(objective.target))", objective.target * 100)
        } else if !hasAttainment, let objective = objectives.first(where: { $0.unit == "ms" && $0.name == "p95 latency" }) {
            target = ("objective: p95 ≤ \(NumberText.readable(objective.target)) ms", objective.target)
        } else {
            target = nil
        }
        let chart = ParetoChart(
            id: id, title: hasAttainment ? "Monthly cost against SLO attainment" : "Monthly cost against p95 latency",
            costTitle: "monthly cost (US dollars per month)",
            qualityTitle: hasAttainment ? "SLO attainment (% of windows meeting the target)" : "p95 latency (ms)",
            higherIsBetter: hasAttainment, points: points, target: target)
        var caption = "Each variant at its mean monthly cost and \(hasAttainment ? "SLO attainment" : "p95 latency (the scenario sets no attainment objective)"), with 95% intervals as error bars. The dashed staircase joins the Pareto frontier: the variants no other variant beats on cost and \(hasAttainment ? "attainment" : "latency") at once (filled markers); hollow markers are dominated."
        if !missing.isEmpty { caption += " Not shown, for lack of data: \(missing.joined(separator: ", "))." }
        return (chart.svg(), caption)
    }

    /// Every measure's paired difference against the baseline, one panel per measure.
    func forest(id: String) -> RunCharts.Figure {
        let measures = summary.variants.first?.estimates.map(\.measure) ?? []
        let panels = measures.map { measure -> ForestPlot.Panel in
            let fraction = Self.isFraction(measure)
            let rows = summary.variants.enumerated().dropFirst().map { index, variant -> ForestPlot.Row in
                let difference = variant.differences?.first { $0.measure == measure }
                let scale = fraction ? 100.0 : 1.0
                return ForestPlot.Row(label: variant.name, mean: difference?.mean.map { $0 * scale },
                                      interval: difference?.interval.map { ValueInterval($0, scale: scale) },
                                      significant: difference?.significant ?? false, variantIndex: index)
            }
            let label = fraction ? measure.label + " (percentage points)" : measure.label
            return ForestPlot.Panel(measure: label, direction: measure.largerIsBetter ? "higher is better →" : "← lower is better", rows: rows)
        }
        let chart = ForestPlot(id: id, title: "Paired differences against \(summary.baseline), 95% intervals", panels: panels)
        return (chart.svg(), "Each variant less \(summary.baseline), replication by replication on the same random numbers (common random numbers), so the traffic's own variation cancels out; the bars are Student-t 95% intervals of the mean difference. An interval that crosses the dashed zero line is a difference the replications cannot tell from none. Fractions are in percentage points.")
    }
}
