import Results
import Scenarios

/// The charts of one run, each with the caption that says what it shows and how it was
/// drawn, built from the run's summary alone.
struct RunCharts {
    let summary: RunSummary
    let axis: TimeAxis

    init(_ summary: RunSummary) {
        self.summary = summary
        axis = TimeAxis(setup: summary.setup, minutes: Double(summary.minutesSpanned))
    }

    /// A figure: the chart's markup and its caption.
    typealias Figure = (svg: String, caption: String)

    static let downsamplingNote = "Where a pixel column spans several minutes, the line is the mean of its minutes and the shaded band their least to greatest value."

    /// The colour of a tier, the same on every chart: API blue, web vermillion, database green.
    static func style(_ role: TierRole) -> SeriesStyle {
        role == .api ? SeriesStyle.nth(0) : SeriesStyle.nth(1)
    }

    static let databaseStyle = SeriesStyle(color: SeriesStyle.palette[2], dash: SeriesStyle.dashes[2])

    var tierRoles: [TierRole] { summary.hasWebTier ? [.api, .web] : [.api] }

    func traffic(id: String) -> Figure {
        let chart = TimeSeriesChart(
            id: id, title: "Arrivals and completions \(summary.perInterval)", valueTitle: "requests \(summary.perInterval)", axis: axis,
            lines: [
                // Arrivals wide and completions thin on top: when nothing fails they
                // coincide, and both must stay visible.
                .init(label: "arrived", style: SeriesStyle.nth(0).width(3.2), values: summary.perMinute { Double($0.arrivals) }, envelope: true),
                .init(label: "completed", style: SeriesStyle(color: "#000000", dash: "3 2", width: 1.2), values: summary.perMinute { Double($0.completed) }),
            ])
        return (chart.svg(), "Requests that arrived and requests answered in full in each minute, averaged over \(replicationsText). \(Self.downsamplingNote)")
    }

    /// Failures and refusals per minute, stacked. The series counts failures per minute
    /// only in total: the causes are known for the whole run, which `errorCauses` shows.
    func errors(id: String) -> Figure {
        let chart = TimeSeriesChart(
            id: id, title: "Failed and refused requests \(summary.perInterval)", valueTitle: "requests \(summary.perInterval)", axis: axis,
            areas: [
                .init(label: "failed (all causes)", color: SeriesStyle.palette[1], values: summary.perMinute { Double($0.errors) }.map { $0 ?? 0 }),
                .init(label: "refused for complexity", color: SeriesStyle.palette[4], values: summary.perMinute { Double($0.rejected) }.map { $0 ?? 0 }),
                .init(label: "throttled (429)", color: SeriesStyle.palette[3], values: summary.perMinute { Double($0.throttled) }.map { $0 ?? 0 }),
            ],
            emptyNote: "no request failed or was refused")
        return (chart.svg(), "Stacked: failed requests, then those refused for their query complexity, then those throttled by the rate limit. The per-minute series counts failures only in total; their causes are counted for the whole run, in the bar chart below. Stacked values are the mean of each pixel column's minutes.")
    }

    /// Colours of the error causes, then of the two refusals: the palette, then yellow
    /// and grey, which only the rarest causes use.
    private static let causeColors = SeriesStyle.palette + ["#F0E442", "#999999"]

    /// The run's failures by cause and its refusals, as stacked bars; nil when there are
    /// none, since an empty bar says less than the sentence the caller writes instead.
    func errorCauses(id: String) -> Figure? {
        let outcomes = summary.requests.outcomes
        var failed: [BarChart.Segment] = []
        for cause in ErrorCause.allCases where outcomes.errors(cause) > 0 {
            failed.append(.init(label: Self.describe(cause), value: Double(outcomes.errors(cause)), color: Self.causeColors[failed.count]))
        }
        var refused: [BarChart.Segment] = []
        if outcomes.rejected > 0 { refused.append(.init(label: "refused for complexity", value: Double(outcomes.rejected), color: SeriesStyle.palette[4])) }
        if outcomes.throttled > 0 { refused.append(.init(label: "throttled (429)", value: Double(outcomes.throttled), color: SeriesStyle.palette[3])) }
        guard !failed.isEmpty || !refused.isEmpty else { return nil }
        let total = Double(outcomes.total)
        func note(_ segments: [BarChart.Segment]) -> String {
            let sum = segments.reduce(0) { $0 + $1.value }
            return NumberText.fixed(sum, places: 0) + (total > 0 ? " (" + ReportTables.percent(sum / total) + " of requests)" : "")
        }
        var bars: [BarChart.Bar] = []
        if !failed.isEmpty { bars.append(.init(label: "failed", segments: failed, note: note(failed))) }
        if !refused.isEmpty { bars.append(.init(label: "refused (not errors)", segments: refused, note: note(refused))) }
        let chart = BarChart(id: id, title: "Failed and refused requests over the run, by cause", valueTitle: "requests, summed over \(replicationsText)",
                             bars: bars, legend: (failed + refused).map { LegendEntry(label: $0.label, swatch: .area(color: $0.color)) })
        return (chart.svg(), "Totals over every replication. Refusals (complexity limit, rate limit) are answered client errors and do not count against the error-rate objective.")
    }

    static func describe(_ cause: ErrorCause) -> String {
        switch cause {
        case .overloaded: "503 overloaded process"
        case .queryWaitTimeout: "PgBouncer query_wait_timeout"
        case .clientConnectionRefused: "PgBouncer max_client_conn"
        case .clientTimeout: "client timeout"
        case .noHealthyDroplet: "no healthy droplet"
        case .drained: "lost at scale-in destroy"
        case .balancerConnectionLimit: "balancer connection limit"
        case .dropletFailed: "droplet failed"
        case .balancerRateLimit: "balancer rate limit"
        case .balancerDrained: "closed at balancer node drain"
        case .databaseFailover: "database failover"
        }
    }

    func latency(id: String) -> Figure {
        let lines: [TimeSeriesChart.Line] = [
            .init(label: "p50", style: SeriesStyle.nth(2), values: summary.latency(\.p50Milliseconds), envelope: true),
            .init(label: "p95", style: SeriesStyle.nth(0), values: summary.latency(\.p95Milliseconds), envelope: true),
            .init(label: "p99", style: SeriesStyle.nth(1), values: summary.latency(\.p99Milliseconds), envelope: true),
        ]
        let targets = Self.latencyTargets(summary.objectives)
        let logarithmic = Self.needsLogarithmicScale(lines.map(\.values) + [targets.map { Optional($0.value) }])
        let chart = TimeSeriesChart(id: id, title: "Latency percentiles \(summary.perInterval)", valueTitle: "latency (ms\(logarithmic ? ", log scale" : ""))",
                                    axis: axis, lines: lines, thresholds: targets, logarithmic: logarithmic)
        return (chart.svg(), "Percentiles of the requests that ended in each minute, failed and timed-out requests included, averaged over \(replicationsText); minutes in which nothing ended are gaps. Grey lines are the scenario's latency objectives. \(Self.downsamplingNote)\(logarithmic ? " The scale is logarithmic because the percentiles span more than a decade." : "")")
    }

    /// The latency objectives as target lines, each with its own dash.
    static func latencyTargets(_ objectives: [RunSummary.Objective]) -> [TimeSeriesChart.Threshold] {
        objectives.filter { $0.unit == "ms" }.enumerated().map { index, objective in
            .init(label: "objective: \(objective.name) ≤ \(NumberText.readable(objective.target)) ms", value: objective.target,
                  dash: ReferenceStyle.dashes[index % ReferenceStyle.dashes.count])
        }
    }

    /// True when the positive values span more than a factor of 30, where a linear axis
    /// would flatten the p50 against zero.
    static func needsLogarithmicScale(_ series: [[Double?]]) -> Bool {
        var low = Double.infinity
        var high = 0.0
        for values in series {
            for case let value? in values where value > 0 && value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        return high > 0 && high / low > 30
    }

    func fleet(id: String) -> Figure {
        var lines: [TimeSeriesChart.Line] = []
        var events: [TimeSeriesChart.Event] = []
        var eventLegend: [LegendEntry] = []
        for role in tierRoles {
            let style = Self.style(role)
            let counted: (RunSummary.Minute) -> Double? = role == .api ? { Double($0.apiDroplets) } : { Double($0.webDroplets) }
            let inRotation: (RunSummary.Minute) -> Double? = role == .api ? { Double($0.apiInRotation) } : { Double($0.webInRotation) }
            lines.append(.init(label: "\(role.rawValue) counted", style: style.width(2.2), values: summary.perMinute(counted), reduction: .maximum, stepped: true))
            lines.append(.init(label: "\(role.rawValue) in rotation", style: SeriesStyle(color: style.color, dash: "4 3", width: 1.6),
                               values: summary.perMinute(inRotation), reduction: .minimum, stepped: true))
            let changes = summary.fleets.first { $0.role == role }?.scaleEvents ?? []
            for change in changes {
                let out = change.toDroplets > change.fromDroplets
                events.append(.init(minute: change.timeSeconds / 60, value: Double(change.toDroplets), shape: out ? .triangleUp : .triangleDown,
                                    color: style.color,
                                    tooltip: "\(role.rawValue) \(change.fromDroplets) → \(change.toDroplets) at \(axis.describe(minute: change.timeSeconds / 60)): \(change.reason)"))
            }
            if changes.contains(where: { $0.toDroplets > $0.fromDroplets }) {
                eventLegend.append(LegendEntry(label: "\(role.rawValue) scale-out", swatch: .marker(.triangleUp, color: style.color, filled: true)))
            }
            if changes.contains(where: { $0.toDroplets < $0.fromDroplets }) {
                eventLegend.append(LegendEntry(label: "\(role.rawValue) scale-in", swatch: .marker(.triangleDown, color: style.color, filled: true)))
            }
        }
        // A droplet of headroom above the peak, so that the counted line does not run
        // along the frame.
        let peak = summary.fleets.map(\.peakDroplets).max() ?? 1
        let chart = TimeSeriesChart(id: id, title: "Droplets per tier", valueTitle: "droplets", axis: axis, lines: lines,
                                    events: events, eventLegend: eventLegend, minimumUpper: Double(peak + 1))
        let eventNote = events.isEmpty
            ? "No fleet changed size in the first replication."
            : "Triangles mark the first replication's scale events at the count they reached (hover for the policy's reason); the lines average every replication, so a marker can sit off them."
        return (chart.svg(), "Droplets counted (booting, checking or in rotation: what is billed) and droplets in rotation at the end of each minute, averaged over \(replicationsText). \(eventNote) Where a pixel column spans several minutes, counted shows its greatest count and in rotation its least.")
    }

    func utilization(id: String) -> Figure {
        var lines = tierRoles.map { role in
            TimeSeriesChart.Line(label: "\(role.rawValue) workers", style: Self.style(role),
                                 values: summary.perMinute { role == .api ? $0.apiUtilization * 100 : $0.webUtilization * 100 }, envelope: true)
        }
        lines.append(.init(label: "database cores", style: Self.databaseStyle, values: summary.perMinute { $0.databaseUtilization * 100 }, envelope: true))
        let chart = TimeSeriesChart(id: id, title: "CPU utilization per tier and database", valueTitle: "utilization (%)", axis: axis,
                                    lines: lines, minimumUpper: 100)
        return (chart.svg(), "Busy workers over workers able to run (the tiers) and busy cores over cores (the database) in each minute, averaged over \(replicationsText). \(Self.downsamplingNote)")
    }

    func poolWaiters(id: String) -> Figure {
        let chart = TimeSeriesChart(
            id: id, title: "Clients waiting for a PgBouncer server connection", valueTitle: "clients waiting (time-averaged)", axis: axis,
            lines: [.init(label: "waiting for a server connection", style: Self.databaseStyle.width(1.8), values: summary.perMinute { $0.poolWaiting }, envelope: true)],
            minimumUpper: 1, emptyNote: "no client waited for a server connection")
        return (chart.svg(), "The time-averaged number of clients queued in PgBouncer for a server connection in each minute, averaged over \(replicationsText); \(NumberText.readable(summary.database.poolWaitProbability * 100))% of acquisitions waited at all, \(summary.database.poolTimeouts) gave up. \(Self.downsamplingNote)")
    }

    func accruedCost(id: String) -> Figure {
        let lines = summary.accruedCost()
        let colors = SeriesStyle.palette + ["#F0E442", "#999999", "#666666"]
        let chart = TimeSeriesChart(
            id: id, title: "Cost accrued over the horizon, by bill line", valueTitle: "accrued cost (US dollars)", axis: axis,
            areas: lines.enumerated().map { index, line in .init(label: line.name, color: colors[index % colors.count], values: line.values) })
        return (chart.svg(), "Cumulative US dollars, stacked by line of the bill (mean over replications), reaching \(NumberText.dollars(summary.cost.horizonUSD)) at the horizon (\(NumberText.dollars(summary.cost.monthlyUSD)) per month). The summary keeps each line's total, not its timing, so the path is derived: a tier's droplets accrue in proportion to the droplets counted in each minute, every other line (load balancers, database) evenly over the horizon.")
    }

    /// The costliest tenants per month, ranked, each split into the cost that followed
    /// its measured use and its share of the rest, with its revenue as a tick and the
    /// tenants served at a loss outlined; nil when the run has no tenant costs.
    func tenantCosts(id: String) -> Figure? {
        let costs = summary.tenantCosts
        var tenants = costs.top
        for tenant in costs.largestLosses where !tenants.contains(where: { $0.name == tenant.name }) { tenants.append(tenant) }
        guard !tenants.isEmpty else { return nil }
        tenants.sort { $0.monthlyUSD != $1.monthlyUSD ? $0.monthlyUSD > $1.monthlyUSD : $0.name < $1.name }
        let measured = SeriesStyle.palette[0]
        let shared = SeriesStyle.palette[5]
        let bars = tenants.map { tenant -> BarChart.Bar in
            var note = NumberText.dollars(tenant.monthlyUSD)
            if let margin = tenant.marginMonthlyUSD {
                note += margin < 0 ? ", loss " + NumberText.dollars(-margin) : ", margin " + NumberText.dollars(margin)
            }
            return BarChart.Bar(
                label: tenant.name,
                segments: [.init(label: "measured use", value: tenant.variableMonthlyUSD, color: measured),
                           .init(label: "shared idle and fixed cost", value: tenant.monthlyUSD - tenant.variableMonthlyUSD, color: shared)],
                note: note, marker: tenant.revenueMonthlyUSD, highlighted: tenant.atLoss)
        }
        var legend = [LegendEntry(label: "measured use (CPU- and database-seconds)", swatch: .area(color: measured)),
                      LegendEntry(label: "shared idle and fixed cost (\(costs.idleCostRule.rawValue))", swatch: .area(color: shared))]
        if tenants.contains(where: { $0.revenueMonthlyUSD != nil }) { legend.append(LegendEntry(label: "revenue per month", swatch: .tick)) }
        if tenants.contains(where: \.atLoss) { legend.append(LegendEntry(label: "served at a loss", swatch: .outline(color: "#D55E00"))) }
        let chart = BarChart(id: id, title: "Monthly cost of the costliest tenants", valueTitle: "US dollars per month", bars: bars, legend: legend)
        let shown = tenants.count
        var caption = "Each tenant's share of the monthly bill (\(NumberText.dollars(costs.monthlyUSD)) over \(costs.tenantCount) tenants), costliest first: \(shown) tenants shown, "
            + "the \(costs.top.count) costliest and the largest losses. The measured part follows the tenant's CPU- and database-seconds; the rest "
            + "(idle capacity, booting droplets, load balancers, standby nodes) is shared \(Self.describe(costs.idleCostRule)). "
        if costs.tenantsAtLoss > 0 {
            caption += "Outlined in vermillion, labels in bold: tenants whose cost exceeds their revenue (the black tick, drawn when it is within the axis; the note gives every margin); \(costs.tenantsAtLoss) of \(costs.tenantCount) tenants are served at a loss. "
        } else if tenants.contains(where: { $0.revenueMonthlyUSD != nil }) {
            caption += "No tenant costs more than its revenue (the black tick). "
        }
        caption += "Every tenant, shown or not, is in the table by group below."
        return (chart.svg(), caption)
    }

    static func describe(_ rule: IdleCostRule) -> String {
        switch rule {
        case .byUsage: "in proportion to each tenant's use of the same resource"
        case .even: "equally among all tenants"
        case .byRequests: "in proportion to the requests each tenant sent"
        }
    }

    private var replicationsText: String {
        summary.setup.replications == 1 ? "the one replication" : "\(summary.setup.replications) replications"
    }
}
