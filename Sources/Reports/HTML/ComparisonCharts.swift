import Results

/// The parts of a comparison report that come from the comparison summary itself: the
/// variants' estimates, cost against service (the Pareto frontier), and the paired
/// differences (the forest plot).
struct ComparisonCharts {
    let summary: ComparisonSummary

    init(_ summary: ComparisonSummary) {
        self.summary = summary
    }

    /// The measures shown, as the text table shows them: the monthly cost only when the
    /// horizon supports one (`ComparisonSummary.costBasis`).
    var shownMeasures: [PolicyComparison.Measure] {
        let basis = summary.costBasis.measure
        return (summary.variants.first?.estimates.map(\.measure) ?? []).filter { $0 != .monthlyCost || basis == .monthlyCost }
    }

    /// Fractions are shown in percent (differences in percentage points); the other
    /// measures in their own unit.
    static func isFraction(_ measure: PolicyComparison.Measure) -> Bool {
        measure == .attainment || measure == .errorRate
    }

    /// A measure's value as a table shows it, with its unit.
    static func format(_ value: Double, _ measure: PolicyComparison.Measure) -> String {
        switch measure {
        case .monthlyCost, .horizonCost: NumberText.dollars(value)
        case .attainment, .errorRate: ReportTables.percent(value)
        case .p95, .p99: NumberText.readable(value) + " ms"
        case .dropletHours, .scaleEvents: NumberText.readable(value)
        }
    }

    /// A measure's column title with its unit; fractions are shown in percent.
    static func columnTitle(_ measure: PolicyComparison.Measure) -> String {
        switch measure {
        case .attainment: "SLO attainment (%)"
        case .errorRate: "error rate (%)"
        default: measure.label
        }
    }

    /// "205.79 ± 3.94": the mean and the half-width of its 95% interval, in the column's
    /// unit, with the decimals the terminal table shows (two more for percentages).
    static func estimateText(_ estimate: ComparisonSummary.Estimate, _ measure: PolicyComparison.Measure) -> String {
        let scale = isFraction(measure) ? 100.0 : 1.0
        let places = isFraction(measure) ? 2 : measure.decimalPlaces
        let mean = NumberText.fixed(estimate.mean * scale, places: places)
        guard let interval = estimate.interval else { return mean }
        return mean + " ± " + NumberText.fixed((interval.upper - interval.lower) / 2 * scale, places: places)
    }

    /// Each variant's policy and what it changes, then every measure's mean and interval.
    func variantTable(into page: inout HTMLPage) {
        page.table(["Variant", "Policy", "What it changes"],
                   rows: summary.variants.map { [HTMLPage.Cell($0.name), HTMLPage.Cell($0.policy), HTMLPage.Cell($0.description)] })
        let measures = shownMeasures
        let rows = summary.variants.map { variant -> [HTMLPage.Cell] in
            [HTMLPage.Cell(variant.name)] + measures.map { measure -> HTMLPage.Cell in
                guard let estimate = variant.estimates.first(where: { $0.measure == measure })?.estimate else { return HTMLPage.Cell("no data", style: "nodata") }
                return .number(Self.estimateText(estimate, measure))
            }
        }
        page.table(["Variant"] + measures.map { HTMLPage.Cell.number(Self.columnTitle($0)) }, rows: rows,
                   caption: "Means over replications ± the half-width of their 95% intervals.")
    }

    /// Objectives down, runs across: each cell the verdict and the mean.
    static func verdictTable(labels: [String], summaries: [RunSummary], into page: inout HTMLPage) {
        verdictTable(labels: labels, objectives: summaries.map(\.objectives), into: &page)
    }

    /// Objectives down, runs across, from each run's verdicts (`objectives[i]` is run i's):
    /// each cell the verdict, the mean and its 95% interval.
    static func verdictTable(labels: [String], objectives runs: [[RunSummary.Objective]], into page: inout HTMLPage) {
        var names: [String] = []
        for objectives in runs { for objective in objectives where !names.contains(objective.name) { names.append(objective.name) } }
        guard !names.isEmpty else {
            page.paragraph("The scenario sets no objectives.")
            return
        }
        let rows = names.map { name -> [HTMLPage.Cell] in
            [HTMLPage.Cell(name)] + runs.map { objectives -> HTMLPage.Cell in
                guard let objective = objectives.first(where: { $0.name == name }) else { return "–" }
                let verdict = ReportTables.verdict(objective.status)
                var text = verdict.text + " · " + ReportTables.objectiveValue(objective.value, unit: objective.unit)
                if let interval = objective.interval {
                    text += " [" + ReportTables.objectiveValue(interval.lower, unit: objective.unit) + ", "
                        + ReportTables.objectiveValue(interval.upper, unit: objective.unit) + "]"
                }
                return HTMLPage.Cell(text, style: verdict.style)
            }
        }
        page.table(["Objective"] + labels.map { HTMLPage.Cell($0) }, rows: rows,
                   caption: "Each cell: the verdict, the mean over replications and its 95% interval; met when the interval's bound on the bad side meets the target (upper for latency and error rate, lower for attainment).")
    }

    private func estimate(_ variant: ComparisonSummary.Variant, _ measure: PolicyComparison.Measure) -> ComparisonSummary.Estimate? {
        variant.estimates.first { $0.measure == measure }?.estimate
    }

    /// Monthly cost against SLO attainment (or, without an attainment objective, p95
    /// latency), with the frontier of the variants nothing beats on both.
    func pareto(id: String, variants: [RunSummary]) -> RunCharts.Figure {
        let costMeasure = summary.costBasis.measure
        let costName = costMeasure == .monthlyCost ? "monthly cost" : "horizon cost"
        let hasAttainment = summary.variants.contains { estimate($0, .attainment) != nil }
        let quality: PolicyComparison.Measure = hasAttainment ? .attainment : .p95
        let scale = hasAttainment ? 100.0 : 1.0
        var points: [ParetoChart.Point] = []
        var missing: [String] = []
        for variant in summary.variants {
            guard let cost = estimate(variant, costMeasure), let value = estimate(variant, quality) else {
                missing.append(variant.name)
                continue
            }
            points.append(.init(label: variant.name, cost: cost.mean, costInterval: cost.interval.map { ValueInterval($0) }, quality: value.mean * scale,
                                qualityInterval: value.interval.map { ValueInterval($0, scale: scale) }))
        }
        let objectives = variants.first?.objectives ?? []
        let target: ParetoChart.Target?
        if hasAttainment, let objective = objectives.first(where: { $0.unit == "fraction" && $0.comparison == .atLeast }) {
            target = .init(legend: "objective: \(objective.name) ≥ \(ReportTables.percent(objective.target))",
                           label: "objective ≥ \(ReportTables.percent(objective.target))", value: objective.target * 100)
        } else if !hasAttainment, let objective = objectives.first(where: { $0.unit == "ms" && $0.name == "p95 latency" }) {
            target = .init(legend: "objective: p95 latency ≤ \(NumberText.readable(objective.target)) ms",
                           label: "objective ≤ \(NumberText.readable(objective.target)) ms", value: objective.target)
        } else {
            target = nil
        }
        let chart = ParetoChart(
            id: id, title: (costMeasure == .monthlyCost ? "Monthly cost" : "Horizon cost") + (hasAttainment ? " against SLO attainment" : " against p95 latency"),
            costTitle: costMeasure == .monthlyCost ? "monthly cost (US dollars per month)" : "cost over the horizon (US dollars)",
            qualityTitle: hasAttainment ? "SLO attainment (% of windows meeting the target)" : "p95 latency (ms)",
            higherIsBetter: hasAttainment, points: points, target: target, qualityLimit: hasAttainment ? 100 : nil)
        var caption = "Each variant at its mean \(costName) and \(hasAttainment ? "SLO attainment" : "p95 latency (the scenario sets no attainment objective)"), with 95% intervals as error bars. The dashed staircase joins the Pareto frontier: the variants no other variant beats on cost and \(hasAttainment ? "attainment" : "latency") at once (filled markers); hollow markers are dominated."
        if !missing.isEmpty { caption += " Not shown, for lack of data: \(missing.joined(separator: ", "))." }
        if let reason = summary.costBasis.noMonthlyReason { caption += " " + reason.prefix(1).uppercased() + reason.dropFirst() + "." }
        return (chart.svg(), caption)
    }

    /// Every measure's paired difference against the baseline, one panel per measure.
    func forest(id: String) -> RunCharts.Figure {
        let measures = shownMeasures
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
