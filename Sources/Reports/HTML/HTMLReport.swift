import Results

/// Self-contained HTML reports with SVG charts, from the published summaries alone.
///
/// The reports take `RunSummary` and `ComparisonSummary`, never a `RunResult`, so that a
/// report can be drawn again later from a stored history (`capsim report ID… --html`)
/// and looks the same as the one written when the run finished. Each report is one file:
/// inline CSS, inline SVG, no script, no font, no image and no fetch of any kind (its
/// Content Security Policy forbids them), so it can be attached to a ticket or a review,
/// opened offline, and printed.
///
/// ## Topics
/// - `run(_:)`: one run.
/// - `comparison(_:variants:)`: policy variants on the same load, with paired differences.
/// - `runs(_:)`: independent runs side by side.
public enum HTMLReport {
    /// The report of one run: its setup, verdicts, bill and capacity, and the per-minute
    /// charts of traffic, failures, latency, fleet, utilization, pool waiters and cost.
    ///
    /// - Complexity: O(minutes of the horizon); the page itself is bounded by the charts'
    ///   width, about 0.7 MB for a week.
    public static func run(_ summary: RunSummary) -> String {
        var page = HTMLPage(title: "capsim run: \(summary.setup.name)")
        let charts = RunCharts(summary)
        page.header("capsim run: \(summary.setup.name)",
                    subtitle: "\(NumberText.duration(seconds: summary.setup.horizonSeconds)) from \(charts.axis.describe(minute: 0)) (\(summary.setup.timeZone)), seed \(summary.setup.seed), \(summary.setup.replications) replication\(summary.setup.replications == 1 ? "" : "s")")
        page.facts(ReportTables.setupFacts(summary, axis: charts.axis))

        page.section("Objectives")
        let missed = summary.objectives.filter { $0.status != .met }.count
        page.paragraph(summary.objectivesMet ? "✓ Every objective is met." : "✗ \(missed) of \(summary.objectives.count) objectives missed or without data.",
                       style: summary.objectivesMet ? "verdict met" : "verdict missed")
        ReportTables.objectives(summary, into: &page)

        page.section("Cost")
        ReportTables.cost(summary.cost, into: &page)

        page.section("Capacity")
        ReportTables.capacity(summary, into: &page)

        page.section("Traffic and failures")
        add(charts.traffic(id: page.nextChartID()), to: &page)
        add(charts.errors(id: page.nextChartID()), to: &page)
        if let causes = charts.errorCauses(id: page.nextChartID()) {
            add(causes, to: &page)
        } else {
            page.paragraph("No request failed or was refused in any replication.")
        }

        page.section("Latency")
        add(charts.latency(id: page.nextChartID()), to: &page)

        page.section("Fleet and utilization")
        add(charts.fleet(id: page.nextChartID()), to: &page)
        add(charts.utilization(id: page.nextChartID()), to: &page)
        add(charts.poolWaiters(id: page.nextChartID()), to: &page)

        page.section("Cost over time")
        add(charts.accruedCost(id: page.nextChartID()), to: &page)

        if let tenants = charts.tenantCosts(id: page.nextChartID()) {
            page.section("Cost per tenant")
            add(tenants, to: &page)
            ReportTables.tenantGroups(summary.tenantCosts, into: &page)
        }
        footer(&page, schema: summary.schema)
        return page.document()
    }

    /// The report of a comparison: each variant's estimates and verdicts, cost against
    /// service quality with the Pareto frontier, the paired differences as a forest plot,
    /// and every per-minute chart with one line per variant.
    ///
    /// `variants` are the variants' run summaries in the comparison's order (each
    /// variant's `RunReport.summary`); their series are what the overlays draw. Without
    /// them the page still has the tables, the frontier and the forest plot.
    public static func comparison(_ summary: ComparisonSummary, variants: [RunSummary]) -> String {
        var page = HTMLPage(title: "capsim compare: \(summary.setup.name)")
        let setup = summary.setup
        page.header("capsim compare: \(setup.name)",
                    subtitle: "\(summary.variants.count) variants on the same load (common random numbers), \(setup.replications) replications each, against \(summary.baseline)")
        var facts: [(term: String, value: String)] = [
            ("Scenario", setup.name), ("File", setup.source),
            ("Horizon", NumberText.duration(seconds: setup.horizonSeconds)),
            ("Seed", String(setup.seed)), ("Replications", "\(setup.replications) per variant"),
            ("Baseline", summary.baseline), ("Wall time", NumberText.readable(summary.wallSeconds) + " s"),
        ]
        if let first = variants.first {
            facts.insert(contentsOf: [("Start", first.setup.start), ("Time zone", first.setup.timeZone)], at: 2)
        }
        if let decision = summary.decision { page.paragraph(decision.line, style: "decision") }
        page.facts(facts)
        let comparison = ComparisonCharts(summary)

        page.section("Variants")
        comparison.variantTable(into: &page)
        if let reason = summary.costBasis.noMonthlyReason {
            page.paragraph(reason.prefix(1).uppercased() + reason.dropFirst() + ".")
        }
        let published = summary.variants.compactMap(\.objectives)
        if published.count == summary.variants.count {
            page.section("Objectives")
            ComparisonCharts.verdictTable(labels: summary.variants.map(\.name), objectives: published, into: &page)
        } else if !variants.isEmpty {
            page.section("Objectives")
            ComparisonCharts.verdictTable(labels: summary.variants.map(\.name), summaries: variants, into: &page)
        }

        page.section("Cost against service")
        add(comparison.pareto(id: page.nextChartID(), variants: variants), to: &page)

        if summary.variants.count > 1 {
            page.section("Paired differences against \(summary.baseline)")
            add(comparison.forest(id: page.nextChartID()), to: &page)
        }

        if !variants.isEmpty {
            page.section("Over time")
            let labels = summary.variants.map(\.name)
            let runs = variants.enumerated().map { index, run in (label: index < labels.count ? labels[index] : run.setup.name, summary: run) }
            for figure in OverlayCharts(runs, noun: "variant").all(nextID: { page.nextChartID() }) { add(figure, to: &page) }
        }
        footer(&page, schema: summary.schema)
        return page.document()
    }

    /// Independent runs side by side: their setups, verdicts and bills, and every
    /// per-minute chart with one line per run. Unlike a comparison there are no paired
    /// differences: the runs need not share their random numbers.
    public static func runs(_ summaries: [RunSummary]) -> String {
        let labels = runLabels(summaries)
        var page = HTMLPage(title: "capsim runs: \(labels.joined(separator: ", "))")
        page.header("capsim runs: \(summaries.count) side by side", subtitle: labels.joined(separator: " · "))

        page.section("Runs")
        let rows = zip(labels, summaries).map { label, summary -> [HTMLPage.Cell] in
            [HTMLPage.Cell(label), HTMLPage.Cell(summary.setup.source), HTMLPage.Cell(summary.setup.start),
             .number(NumberText.duration(seconds: summary.setup.horizonSeconds)), .number(String(summary.setup.seed)),
             .number(String(summary.setup.replications)), .number(NumberText.dollars(summary.cost.monthlyUSD)),
             .number(NumberText.readable(summary.latency.p95Milliseconds) + " ms"),
             summary.objectivesMet ? ReportTables.verdict(.met) : ReportTables.verdict(.missed)]
        }
        page.table(["Run", "File", "Start", .number("Horizon"), .number("Seed"), .number("Replications"), .number("Per month"),
                    .number("p95"), "Objectives"], rows: rows,
                   caption: "Independent runs: differences between them include the noise of their own random numbers.")
        page.section("Objectives")
        ComparisonCharts.verdictTable(labels: labels, summaries: summaries, into: &page)

        page.section("Over time")
        for figure in OverlayCharts(Array(zip(labels, summaries)).map { (label: $0, summary: $1) }, noun: "run").all(nextID: { page.nextChartID() }) {
            add(figure, to: &page)
        }
        footer(&page, schema: summaries.first?.schema ?? RunSummary.currentSchema)
        return page.document()
    }

    /// Each run's scenario name, with its seed and then its position when names repeat.
    static func runLabels(_ summaries: [RunSummary]) -> [String] {
        let names = summaries.map(\.setup.name)
        var labels = names.enumerated().map { index, name in
            names.filter { $0 == name }.count > 1 ? "\(name) (seed \(summaries[index].setup.seed))" : name
        }
        for index in labels.indices where labels.filter({ $0 == labels[index] }).count > 1 { labels[index] += " #\(index + 1)" }
        return labels
    }

    private static func add(_ figure: RunCharts.Figure, to page: inout HTMLPage) {
        page.figure(figure.svg, caption: figure.caption)
    }

    private static func footer(_ page: inout HTMLPage, schema: String) {
        page.paragraph("Drawn by capsim from its \(schema) summary. Charts are SVG, scaled to the page; hover a line or marker for its name.", style: "subtitle")
    }
}
