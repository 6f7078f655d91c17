import ArgumentParser
import Reports
import Results

/// `--html FILE`: a self-contained HTML report with SVG charts, written beside the
/// command's other outputs.
///
/// The path joins the command's `OutputFiles`, so it is checked with the others before
/// the simulation starts (a typo never throws a finished run away), is never one of the
/// run's inputs, and is replaced atomically together with them. The report is drawn from
/// the published summaries only (`HTMLReport`), as a report from the run history will be.
struct HTMLOutput: ParsableArguments {
    @Option(name: .customLong("html"),
            help: ArgumentHelp("Also write a self-contained HTML report with SVG charts to this file.", valueName: "file"))
    var path: String?

    /// The output to check and write, none without `--html`.
    var outputs: [(option: String, path: String?)] {
        path.map { [("--html", $0)] } ?? []
    }

    /// The run's report, as the one text `outputs` names; none without `--html`.
    func render(_ report: RunReport) -> [String] {
        path == nil ? [] : [HTMLReport.run(report.summary)]
    }

    /// The comparison's report, every variant's series overlaid; none without `--html`.
    /// `runs` are the variants' runs in the comparison's order, whose summaries carry the
    /// series; each carries the comparison's wall time, which the report does not show
    /// per variant.
    func render(_ report: ComparisonReport, runs: [RunResult], wallSeconds: Double) -> [String] {
        guard path != nil, let summary = report.summary else { return [] }
        let variants = runs.map { RunSummary($0, wallSeconds: wallSeconds) }
        return [HTMLReport.comparison(summary, variants: variants)]
    }
}
