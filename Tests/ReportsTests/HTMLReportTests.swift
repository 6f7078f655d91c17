import Foundation
import XCTest
@testable import Reports
@testable import Results

/// The HTML reports: self-contained, escaped, every chart titled, labelled and with a
/// legend, and small enough for a week. Summaries are the golden JSON of a short run and
/// comparison (Tests/CapsimTests/Golden), stretched and renamed here, so that the tests
/// need no simulation.
final class HTMLReportTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CapsimTests/Golden")

    /// A name that breaks any page that does not escape it.
    static let hostileName = "<script>alert('x')</script> & \"Black <Friday>\""

    static func goldenText(_ name: String) throws -> String {
        try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8).replacingOccurrences(of: "<wall time>", with: "1.5")
    }

    static func baseRun() throws -> RunSummary {
        try JSONValueDecoder().decode(RunSummary.self, from: goldenText("run-baseline-20m.json"))
    }

    /// The golden run stretched to `minutes` rows of a daily cycle with a spike, a
    /// scale-out and scale-in every few hours, and a hostile name.
    static func syntheticRun(minutes: Int, seed: UInt64 = 1) throws -> RunSummary {
        var summary = try baseRun()
        summary.setup.name = hostileName
        summary.setup.horizonSeconds = Double(minutes * 60)
        summary.setup.warmupSeconds = 600
        var state = seed
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var rows: [RunSummary.Minute] = []
        rows.reserveCapacity(minutes)
        for minute in 0..<minutes {
            let daily = 0.5 - 0.5 * cos(Double(minute % 1440) / 1440 * 2 * .pi)
            let arrivals = Int(2_000 + 9_000 * daily + 300 * noise())
            let errors = minute % 997 == 0 ? 400 : Int(3 * noise())
            let droplets = 2 + Int(4 * daily)
            rows.append(RunSummary.Minute(
                minute: minute, arrivals: arrivals, completed: arrivals - errors, errors: errors, rejected: Int(10 * noise()),
                throttled: Int(2 * noise()), p50Milliseconds: 8 + 4 * noise(), p95Milliseconds: 60 + 30 * daily + 10 * noise(),
                p99Milliseconds: minute % 997 == 0 ? 30_000 : 110 + 60 * daily + 20 * noise(),
                apiUtilization: 0.2 + 0.5 * daily, webUtilization: 0.15 + 0.3 * daily, databaseUtilization: 0.05 + 0.1 * daily,
                poolWaiting: 0.5 * noise() * daily, inFlight: 3 + 10 * daily,
                apiDroplets: droplets, apiInRotation: max(2, droplets - (minute % 240 < 3 ? 1 : 0)), webDroplets: 2, webInRotation: 2))
        }
        summary.series.rows = rows
        summary.fleets[0].scaleEvents = stride(from: 60, to: minutes, by: 240).map { minute in
            RunSummary.ScaleChange(timeSeconds: Double(minute * 60), fromDroplets: 2, toDroplets: 3,
                                   reason: "cpu 81% > target 70% <&>")
        }
        summary.requests.outcomes.errors[ErrorCause.clientTimeout.index] = 120
        return summary
    }

    static func comparison() throws -> ComparisonSummary {
        var summary = try JSONValueDecoder().decode(ComparisonSummary.self, from: goldenText("compare-business-hours-20m.json"))
        summary.variants[1].name = "<b>rule</b> & co"
        return summary
    }

    /// Each `<svg class="chart"…</svg>` of a page.
    static func charts(_ page: String) -> [String] {
        var charts: [String] = []
        var rest = page[...]
        while let start = rest.range(of: "<svg class=\"chart\""), let end = rest[start.upperBound...].range(of: "</svg>") {
            charts.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return charts
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    // MARK: - Self-contained

    func testPagesLoadNothingFromOutside() throws {
        let run = try Self.syntheticRun(minutes: 1440)
        let pages = [HTMLReport.run(run), HTMLReport.comparison(try Self.comparison(), variants: [run, try Self.syntheticRun(minutes: 1440, seed: 2)] + Array(repeating: run, count: 3)),
                     HTMLReport.runs([run, try Self.baseRun()])]
        for page in pages {
            for forbidden in ["<script", "src=", "href=", "@import", "url(", "http:", "https:", "<link", "<img", "<iframe", "<object"] {
                XCTAssertFalse(page.lowercased().contains(forbidden), "the page contains \(forbidden)")
            }
            XCTAssertTrue(page.contains("default-src 'none'"), "the page's CSP forbids every fetch")
            XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
            XCTAssertTrue(page.hasSuffix("</html>\n"))
        }
    }

    // MARK: - Escaping

    func testTextFromTheSummaryIsEscaped() throws {
        let page = HTMLReport.run(try Self.syntheticRun(minutes: 600))
        XCTAssertFalse(page.contains("<script>alert"), "a scenario name must not become markup")
        XCTAssertFalse(page.contains("<Friday>"))
        XCTAssertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Black &lt;Friday&gt;&quot;"))
        XCTAssertTrue(page.contains("target 70% &lt;&amp;&gt;"), "scale event reasons are escaped in their tooltips")
        XCTAssertFalse(page.contains("70% <&>"))

        let comparison = HTMLReport.comparison(try Self.comparison(), variants: [])
        XCTAssertFalse(comparison.contains("<b>rule</b>"))
        XCTAssertTrue(comparison.contains("&lt;b&gt;rule&lt;/b&gt; &amp; co"))
    }

    func testHTMLEscapingCoversMarkupAndBothQuotes() {
        XCTAssertEqual("a<b & \"c\" 'd'>".htmlEscaped, "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        XCTAssertEqual("plain text, ünïcode ✓".htmlEscaped, "plain text, ünïcode ✓")
        XCTAssertEqual("&amp;".htmlEscaped, "&amp;amp;", "already escaped text is escaped again: the summary holds text, not markup")
    }

    // MARK: - Charts

    func testEveryChartHasATitleAxesALegendAndMarks() throws {
        let run = try Self.syntheticRun(minutes: 2880)
        let pages = [("run", HTMLReport.run(run), 9),
                     ("comparison", HTMLReport.comparison(try Self.comparison(), variants: Array(repeating: run, count: 5)), 13),
                     ("runs", HTMLReport.runs([run, run]), 11)]
        for (name, page, expected) in pages {
            let charts = Self.charts(page)
            XCTAssertEqual(charts.count, expected, "\(name): charts")
            for (index, chart) in charts.enumerated() {
                let label = "\(name) chart \(index + 1)"
                XCTAssertNotNil(chart.range(of: #"class="chart-title">[^<]+</text>"#, options: .regularExpression), "\(label): a title")
                XCTAssertNotNil(chart.range(of: #"<title id="[^"]+">[^<]+</title>"#, options: .regularExpression), "\(label): an accessible title")
                XCTAssertGreaterThanOrEqual(Self.count("class=\"axis-title\"", in: chart), 1, "\(label): an axis title")
                XCTAssertGreaterThanOrEqual(Self.count("class=\"tick-label", in: chart), 2, "\(label): tick labels")
                XCTAssertGreaterThanOrEqual(Self.count("class=\"legend-item\"", in: chart), 1, "\(label): a legend")
                XCTAssertNotNil(chart.range(of: #"class="series[^"]*"( [a-z-]+="[^"]*")*( d="M[0-9]| cx=| x=)"#, options: .regularExpression)
                                ?? chart.range(of: #"<path d="M[0-9][^"]*" class="series"#, options: .regularExpression),
                                "\(label): a data mark with geometry")
            }
        }
    }

    func testTimeChartsHaveBothAxisTitles() throws {
        let page = HTMLReport.run(try Self.syntheticRun(minutes: 1440))
        for chart in Self.charts(page) where chart.contains("Local time") {
            XCTAssertEqual(Self.count("class=\"axis-title\"", in: chart), 2, "a value axis and a time axis")
            XCTAssertTrue(chart.contains("Local time, America/New_York (UTC−05:00 at the start)"))
        }
    }

    func testLatencyChartDrawsTheObjectivesAsTargetLines() throws {
        let page = HTMLReport.run(try Self.syntheticRun(minutes: 600))
        let latency = try XCTUnwrap(Self.charts(page).first { $0.contains("Latency percentiles") })
        XCTAssertEqual(Self.count("class=\"threshold\"", in: latency), 2, "p95 latency and p99 latency of group enterprise")
        XCTAssertTrue(latency.contains("objective: p95 latency ≤ 300 ms"))
        XCTAssertTrue(latency.contains("log scale"), "a p99 spike to 30 s next to a p50 of 8 ms needs a logarithmic axis")
    }

    func testFleetChartMarksEveryScaleEvent() throws {
        let summary = try Self.syntheticRun(minutes: 1440)
        let page = HTMLReport.run(summary)
        let fleet = try XCTUnwrap(Self.charts(page).first { $0.contains("Droplets per tier") })
        XCTAssertEqual(Self.count("class=\"event\"", in: fleet), summary.fleets[0].scaleEvents.count)
        XCTAssertTrue(fleet.contains("api scale-out"))
    }

    func testRunWithoutFailuresSaysSoInsteadOfAnEmptyBar() throws {
        var summary = try Self.syntheticRun(minutes: 120)
        summary.requests.outcomes = OutcomeCounts()
        let page = HTMLReport.run(summary)
        XCTAssertTrue(page.contains("No request failed or was refused in any replication."))
        XCTAssertFalse(page.contains("over the run, by cause"))
    }

    func testTenantChartRanksTenantsAndMarksThoseServedAtALoss() throws {
        // The golden baseline's starter plan is free: its tenants are served at a loss.
        let summary = try Self.syntheticRun(minutes: 600)
        let costs = summary.tenantCosts
        var shown = costs.top
        shown += costs.largestLosses.filter { loss in !shown.contains { $0.name == loss.name } }
        let losses = shown.filter(\.atLoss).count
        XCTAssertGreaterThan(losses, 0, "the fixture has tenants at a loss")
        XCTAssertLessThan(losses, shown.count, "and tenants with a margin")
        let page = HTMLReport.run(summary)
        let chart = try XCTUnwrap(Self.charts(page).first { $0.contains("Monthly cost of the costliest tenants") })
        XCTAssertEqual(Self.count("class=\"highlight\"", in: chart), losses, "each tenant at a loss outlined")
        XCTAssertEqual(Self.count("class=\"tick-label highlighted\"", in: chart), losses, "and its label in bold")
        XCTAssertEqual(Self.count(", loss $", in: chart), losses)
        XCTAssertTrue(chart.contains("served at a loss"), "in the legend")
        // Ranked: the bars' labels in the order of the tenants' monthly cost.
        let expected = shown.sorted { $0.monthlyUSD != $1.monthlyUSD ? $0.monthlyUSD > $1.monthlyUSD : $0.name < $1.name }.map(\.name)
        let labels = chart.components(separatedBy: "text-anchor=\"end\">").dropFirst().compactMap { $0.components(separatedBy: "</text>").first }
        XCTAssertEqual(labels, expected)
        XCTAssertTrue(page.contains("Tenants at a loss"), "the table by group follows")
    }

    func testComparisonDrawsTheFrontierAndTheDifferences() throws {
        let comparison = try Self.comparison()
        let page = HTMLReport.comparison(comparison, variants: [])
        let charts = Self.charts(page)
        XCTAssertEqual(charts.count, 2, "without the variants' runs: the frontier and the forest plot only")
        XCTAssertTrue(charts[0].contains("class=\"series frontier\""))
        // Every variant but the reference against it, seven measures.
        XCTAssertEqual(Self.count("class=\"panel\"", in: charts[1]), 7)
        XCTAssertEqual(Self.count("class=\"series interval\"", in: charts[1]), (comparison.variants.count - 1) * 7)
    }

    // MARK: - Size

    func testSevenDayReportsStaySmall() throws {
        let week = try Self.syntheticRun(minutes: 7 * 1440)
        let run = HTMLReport.run(week)
        XCTAssertLessThan(run.utf8.count, 1_500_000, "a week's run report: \(run.utf8.count) bytes")
        let variants = try (1...5).map { try Self.syntheticRun(minutes: 7 * 1440, seed: UInt64($0)) }
        let comparison = HTMLReport.comparison(try Self.comparison(), variants: variants)
        XCTAssertLessThan(comparison.utf8.count, 1_500_000, "a week's comparison of five variants: \(comparison.utf8.count) bytes")
        // Seven times the minutes, not seven times the bytes: the bound is the chart's width.
        let day = HTMLReport.run(try Self.syntheticRun(minutes: 1440))
        XCTAssertLessThan(run.utf8.count, 2 * day.utf8.count, "week \(run.utf8.count) bytes, day \(day.utf8.count)")
    }

    // MARK: - Parts

    func testDownsamplingKeepsASpikeInTheEnvelope() {
        var values = [Double?](repeating: 1, count: 10_080)
        values[5_000] = 900
        values[7_000] = nil
        let sampled = Downsampled(values, columns: 1_000)
        XCTAssertLessThanOrEqual(sampled.buckets.count, 1_000)
        XCTAssertEqual(sampled.minutesPerBucket, 11)
        XCTAssertEqual(sampled.buckets.compactMap(\.maximum).max(), 900, "the spike survives as a maximum")
        let spike = sampled.buckets.first { $0.maximum == 900 }!
        XCTAssertEqual(spike.mean!, (10 + 900) / 11, accuracy: 1e-9, "the line is the bucket's mean")
        XCTAssertEqual(sampled.buckets.reduce(0) { $0 + $1.end - $1.start }, 10_080, "the buckets cover every minute once")
        XCTAssertNil(Downsampled([nil, nil, nil], columns: 1).buckets[0].mean, "a bucket with no value is a gap")
    }

    func testTimeAxisTicksAtLocalMidnightsAcrossADaylightSavingChange() throws {
        var setup = try Self.baseRun().setup
        setup.start = "2026-03-07T00:00:00-05:00"
        setup.timeZone = "America/New_York"
        let axis = TimeAxis(setup: setup, minutes: 3 * 1440)
        let ticks = axis.ticks(maximum: 4)
        // 8 March 2026 is 23 hours long in New York: the third midnight is at minute 2,820,
        // and three days of minutes end at 01:00 on the 10th.
        XCTAssertEqual(ticks.map(\.minute), [0, 1440, 2820, 4260])
        XCTAssertEqual(ticks.map(\.lines), [["Sat 7 Mar"], ["Sun 8 Mar"], ["Mon 9 Mar"], ["Tue 10 Mar"]])
        let hourly = axis.ticks(maximum: 12)
        XCTAssertEqual(hourly.first?.lines, ["00:00", "Sat 7 Mar"], "the first tick names its day")
        XCTAssertTrue(hourly.allSatisfy { $0.lines[0].hasSuffix(":00") })
    }

    func testTimeAxisFallsBackToElapsedTimeForRunsThatDoNotShareAStart() throws {
        let first = try Self.baseRun().setup
        var second = first
        second.start = "2026-12-01T00:00:00-05:00"
        let axis = TimeAxis(setups: [first, second], minutes: 120)
        XCTAssertEqual(axis.title, "Time since the start")
        XCTAssertEqual(axis.ticks(maximum: 5).map(\.lines), [["+0 min"], ["+30 min"], ["+1 h"], ["+1 h 30 min"], ["+2 h"]])
    }

    func testScalesTickAtRoundNumbers() {
        let linear = ValueScale.linear(maximum: 11_213, start: 0, end: 100)
        XCTAssertEqual(linear.ticks, [0, 2_500, 5_000, 7_500, 10_000, 12_500])
        XCTAssertEqual(linear.ticks.map(linear.label), ["0", "2.5k", "5k", "7.5k", "10k", "12.5k"], "one unit on the whole axis")
        let logarithmic = ValueScale.logarithmic(minimum: 8, maximum: 150, start: 0, end: 100)
        XCTAssertEqual(logarithmic.ticks, [5, 10, 20, 50, 100, 200])
        XCTAssertNil(logarithmic.position(0), "zero has no place on a logarithmic axis")
        XCTAssertEqual(logarithmic.position(1_000_000), 100, "values beyond the domain are clamped to the plot")
    }

    func testParetoFrontierKeepsTheVariantsNothingBeatsOnBoth() {
        func point(_ cost: Double, _ quality: Double) -> ParetoChart.Point {
            ParetoChart.Point(label: "\(cost)", cost: cost, costInterval: nil, quality: quality, qualityInterval: nil)
        }
        let chart = ParetoChart(id: "p", title: "t", costTitle: "c", qualityTitle: "q", higherIsBetter: true,
                                points: [point(300, 99.9), point(200, 99.0), point(250, 98.0), point(200, 97.0), point(400, 99.9)],
                                target: nil)
        XCTAssertEqual(chart.frontier, [1, 0], "cheapest at 99.0, then 99.9 for more; the rest are dominated")
        let latency = ParetoChart(id: "p", title: "t", costTitle: "c", qualityTitle: "q", higherIsBetter: false,
                                  points: [point(100, 500), point(150, 120), point(200, 130)], target: nil)
        XCTAssertEqual(latency.frontier, [0, 1])
        let ties = ParetoChart(id: "p", title: "t", costTitle: "c", qualityTitle: "q", higherIsBetter: true,
                               points: [point(250, 100), point(185, 100), point(185, 100), point(200, 100)], target: nil)
        XCTAssertEqual(ties.frontier, [1, 2], "variants that tie dominate neither each other nor are dominated")
    }

    func testNumbersReadWell() {
        XCTAssertEqual(NumberText.coordinate(-0.3), "-0.3")
        XCTAssertEqual(NumberText.coordinate(12.04), "12")
        XCTAssertEqual(NumberText.coordinate(-12.5), "-12.5")
        XCTAssertEqual(NumberText.fixed(1_234_567.891, places: 2), "1,234,567.89")
        XCTAssertEqual(NumberText.dollars(-3.5), "−$3.50")
        XCTAssertEqual(ReportTables.percent(0.99), "99%")
        XCTAssertEqual(ReportTables.percent(0.9995), "99.95%")
        XCTAssertEqual(ReportTables.percent(0.999_96), "99.996%", "not rounded up to 100%")
        XCTAssertEqual(ReportTables.percent(0.000_95), "0.095%")
        XCTAssertEqual(ReportTables.percent(0.383), "38.30%", "decimals line up in a column")
        XCTAssertEqual(NumberText.duration(seconds: 7 * 86_400), "7 d")
        XCTAssertEqual(NumberText.duration(seconds: 1_200), "20 min")
    }
}
