import Results
import Scenarios

/// The per-minute charts of several runs, one line per run on each: the variants of a
/// comparison, or independent runs side by side.
///
/// Each run keeps its style (colour and dash) on every chart. Lines only, no envelopes:
/// several bands on one plot hide each other. Runs that do not share a start are drawn
/// on elapsed time (see `TimeAxis`).
struct OverlayCharts {
    let runs: [(label: String, summary: RunSummary)]
    let axis: TimeAxis
    /// What a line stands for in the captions: "variant" or "run".
    let noun: String

    init(_ runs: [(label: String, summary: RunSummary)], noun: String) {
        self.runs = runs
        self.noun = noun
        axis = TimeAxis(setups: runs.map(\.summary.setup), minutes: Double(runs.map(\.summary.minutesSpanned).max() ?? 1))
    }

    typealias Figure = RunCharts.Figure

    var note: String {
        "One line per \(noun), in the same colour and dash on every chart; where a pixel column spans several minutes, the line is the mean of its minutes."
    }

    private var anyWebTier: Bool { runs.contains { $0.summary.hasWebTier } }

    /// Lines of one per-minute quantity, one per run.
    private func lines(_ value: (RunSummary) -> [Double?], reduction: Downsampled.Reduction = .mean, stepped: Bool = false) -> [TimeSeriesChart.Line] {
        runs.enumerated().map { index, run in
            TimeSeriesChart.Line(label: run.label, style: SeriesStyle.nth(index), values: value(run.summary), reduction: reduction, stepped: stepped)
        }
    }

    private var perInterval: String { runs.first?.summary.perInterval ?? "per minute" }

    /// Every overlay this set of runs calls for, in reading order.
    func all(nextID: () -> String) -> [Figure] {
        var figures = [completed(id: nextID()), errors(id: nextID())]
        figures.append(latency(\.p95Milliseconds, name: "p95", id: nextID()))
        figures.append(latency(\.p99Milliseconds, name: "p99", id: nextID()))
        figures.append(droplets(.api, id: nextID()))
        if anyWebTier { figures.append(droplets(.web, id: nextID())) }
        figures.append(utilization(.api, id: nextID()))
        if anyWebTier { figures.append(utilization(.web, id: nextID())) }
        figures.append(databaseUtilization(id: nextID()))
        figures.append(poolWaiters(id: nextID()))
        figures.append(accruedCost(id: nextID()))
        return figures
    }

    func completed(id: String) -> Figure {
        let chart = TimeSeriesChart(id: id, title: "Requests completed \(perInterval)", valueTitle: "requests \(perInterval)", axis: axis,
                                    lines: lines { summary in summary.perMinute { Double($0.completed) } })
        return (chart.svg(), "Requests answered in full in each minute, averaged over each \(noun)'s replications. \(note)")
    }

    func errors(id: String) -> Figure {
        let chart = TimeSeriesChart(id: id, title: "Failed requests \(perInterval)", valueTitle: "requests \(perInterval)", axis: axis,
                                    lines: lines { summary in summary.perMinute { Double($0.errors) } }, emptyNote: "no request failed")
        return (chart.svg(), "Failed requests of every cause in each minute (refusals by the complexity and rate limits not included). \(note)")
    }

    func latency(_ percentile: KeyPath<RunSummary.Minute, Double>, name: String, id: String) -> Figure {
        let series = lines { $0.latency(percentile) }
        let targets = RunCharts.latencyTargets(runs.first?.summary.objectives ?? [])
        let logarithmic = RunCharts.needsLogarithmicScale(series.map(\.values) + [targets.map { Optional($0.value) }])
        let chart = TimeSeriesChart(id: id, title: "Latency \(name) \(perInterval)", valueTitle: "\(name) latency (ms\(logarithmic ? ", log scale" : ""))",
                                    axis: axis, lines: series, thresholds: targets, logarithmic: logarithmic)
        return (chart.svg(), "The \(name) of the requests that ended in each minute, failed and timed-out requests included; minutes in which nothing ended are gaps. Grey lines are the latency objectives of \(runs.first?.label ?? "the first \(noun)"). \(note)")
    }

    func droplets(_ role: TierRole, id: String) -> Figure {
        let counted: (RunSummary.Minute) -> Double? = role == .api ? { Double($0.apiDroplets) } : { Double($0.webDroplets) }
        // A droplet of headroom above the highest peak.
        let peak = runs.compactMap { $0.summary.fleets.first { $0.role == role }?.peakDroplets }.max() ?? 1
        let chart = TimeSeriesChart(id: id, title: "Droplets counted, \(role.rawValue) tier", valueTitle: "droplets", axis: axis,
                                    lines: lines({ $0.perMinute(counted) }, reduction: .maximum, stepped: true), minimumUpper: Double(peak + 1))
        return (chart.svg(), "Droplets of the \(role.rawValue) tier counted at the end of each minute (booting, checking or in rotation: what is billed), averaged over each \(noun)'s replications; where a pixel column spans several minutes, its greatest count. One line per \(noun), in the same colour and dash on every chart.")
    }

    func utilization(_ role: TierRole, id: String) -> Figure {
        let chart = TimeSeriesChart(id: id, title: "CPU utilization, \(role.rawValue) tier", valueTitle: "utilization (%)", axis: axis,
                                    lines: lines { summary in summary.perMinute { role == .api ? $0.apiUtilization * 100 : $0.webUtilization * 100 } },
                                    minimumUpper: 100)
        return (chart.svg(), "Busy \(role.rawValue) workers over workers able to run, per minute. \(note)")
    }

    func databaseUtilization(id: String) -> Figure {
        let chart = TimeSeriesChart(id: id, title: "Database CPU utilization", valueTitle: "utilization (%)", axis: axis,
                                    lines: lines { summary in summary.perMinute { $0.databaseUtilization * 100 } }, minimumUpper: 100)
        return (chart.svg(), "Busy database cores over cores, per minute. \(note)")
    }

    func poolWaiters(id: String) -> Figure {
        let chart = TimeSeriesChart(id: id, title: "Clients waiting for a PgBouncer server connection", valueTitle: "clients waiting (time-averaged)",
                                    axis: axis, lines: lines { summary in summary.perMinute { $0.poolWaiting } }, minimumUpper: 1,
                                    emptyNote: "no client waited for a server connection")
        return (chart.svg(), "Clients queued in PgBouncer for a server connection, time-averaged over each minute. \(note)")
    }

    func accruedCost(id: String) -> Figure {
        let chart = TimeSeriesChart(id: id, title: "Cost accrued over the horizon", valueTitle: "accrued cost (US dollars)", axis: axis,
                                    lines: lines { summary in
                                        let parts = summary.accruedCost()
                                        return (0..<summary.minutesSpanned).map { minute in parts.reduce(0) { $0 + $1.values[minute] } }
                                    })
        return (chart.svg(), "Cumulative US dollars of each \(noun)'s bill (mean over replications). A tier's droplets accrue in proportion to the droplets counted in each minute, every other line evenly over the horizon; the end of each line is the \(noun)'s bill over the horizon. \(note)")
    }
}
