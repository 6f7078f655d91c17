import Results

/// Variants as points of cost against service quality, with the Pareto frontier: the
/// variants no other variant beats on both at once.
///
/// The frontier is what a capacity decision chooses from: every variant off it costs
/// more for no better service than some variant on it. Each point carries its 95%
/// intervals as error bars, because a frontier drawn through means alone can rest on
/// differences the replications do not support.
struct ParetoChart {
    struct Point {
        var label: String
        /// Monthly cost, in US dollars.
        var cost: Double
        var costInterval: ValueInterval?
        /// The quality measure in display units (attainment in percent, latency in ms).
        var quality: Double
        var qualityInterval: ValueInterval?
    }

    var id: String
    var title: String
    var costTitle: String
    var qualityTitle: String
    /// True for attainment, false for a latency.
    var higherIsBetter: Bool
    var points: [Point]
    /// The SLO's target on the quality axis, drawn as a reference line.
    struct Target {
        /// The legend's words, "objective: 5m windows with p95 ≤ 300ms ≥ 99%".
        var legend: String
        /// The short label on the line, "objective ≥ 99%".
        var label: String
        var value: Double
    }

    var target: Target?
    /// The quality axis ends here at most (100 for an attainment in percent), whatever
    /// the intervals' padding.
    var qualityLimit: Double?

    /// The indices of the points on the frontier, cheapest first: a point is on it when
    /// no other point is at least as cheap and as good and strictly better in one of the
    /// two. Variants that tie (the same cost and service) are all on it.
    ///
    /// - Complexity: O(n²) for n points: a comparison has a handful.
    var frontier: [Int] {
        let dominated = points.indices.filter { index in
            let point = points[index]
            return points.contains { other in
                other.cost <= point.cost && !better(point.quality, than: other.quality)
                    && (other.cost < point.cost || better(other.quality, than: point.quality))
            }
        }
        return points.indices.filter { !dominated.contains($0) }.sorted {
            points[$0].cost != points[$1].cost ? points[$0].cost < points[$1].cost : better(points[$0].quality, than: points[$1].quality)
        }
    }

    private func better(_ a: Double, than b: Double) -> Bool { higherIsBetter ? a > b : a < b }

    func svg() -> String {
        let onFrontier = Set(frontier)
        let legend = points.indices.map { LegendEntry(label: points[$0].label, swatch: .marker(Self.shape($0), color: Self.color($0), filled: true)) }
            + [LegendEntry(label: "Pareto frontier (filled: on it; hollow: dominated)", swatch: .reference(dash: "7 4"))]
            + (target.map { [LegendEntry(label: $0.legend, swatch: .reference(dash: ReferenceStyle.dashes[1]))] } ?? [])
        let frame = ChartFrame(id: id, title: title, legend: legend, plotHeight: 340)
        let costs = points.flatMap { [$0.cost, $0.costInterval?.lower ?? $0.cost, $0.costInterval?.upper ?? $0.cost] }
        let qualities = points.flatMap { [$0.quality, $0.qualityInterval?.lower ?? $0.quality, $0.qualityInterval?.upper ?? $0.quality] }
            + (target.map { [$0.value] } ?? [])
        let xScale = Self.paddedScale(costs, start: frame.plotLeft, end: frame.plotRight - 150)
        let yScale = Self.paddedScale(qualities, start: frame.plotBottom, end: frame.plotTop, limit: qualityLimit)
        var labels = LabelPlacer(bounds: (frame.plotLeft, frame.plotTop, frame.plotRight, frame.plotBottom))
        for point in points {
            if let x = xScale.position(point.cost), let y = yScale.position(point.quality) { labels.occupy(x: x - 8, y: y - 8, width: 16, height: 16) }
        }

        var canvas = SVGCanvas()
        frame.begin(&canvas)
        frame.drawYAxis(yScale, title: qualityTitle, into: &canvas)
        frame.drawXAxis(xScale, title: costTitle, into: &canvas)
        canvas.line(x1: frame.plotLeft, y1: frame.plotBottom, x2: frame.plotRight, y2: frame.plotBottom, attributes: "class=\"axis-line\"")
        if let target, let y = yScale.position(target.value) {
            canvas.line(x1: frame.plotLeft, y1: y, x2: frame.plotRight, y2: y,
                        attributes: "class=\"threshold\" stroke=\"\(ReferenceStyle.color)\" stroke-width=\"1.4\" stroke-dasharray=\"\(ReferenceStyle.dashes[1])\"")
            let width = ChartFrame.textWidth(target.label, size: 12)
            let spot = labels.place(width: width, height: 14, candidates: [
                (frame.plotRight - 6 - width, y - 17), (frame.plotRight - 6 - width, y + 3), (frame.plotLeft + 6, y - 17), (frame.plotLeft + 6, y + 3),
            ])
            canvas.text(target.label, x: spot.x, y: spot.y + 11, attributes: "class=\"ref-label\"")
        }
        // The frontier as a staircase: from one frontier point, the next is reached by
        // paying more first, then gaining quality.
        var staircase = PathData()
        for (step, index) in frontier.enumerated() {
            guard let x = xScale.position(points[index].cost), let y = yScale.position(points[index].quality) else { continue }
            if step == 0 {
                staircase.move(x, y)
            } else if let previous = yScale.position(points[frontier[step - 1]].quality) {
                staircase.line(x, previous)
                staircase.line(x, y)
            }
        }
        if frontier.count == 1, let only = frontier.first, let x = xScale.position(points[only].cost), let y = yScale.position(points[only].quality) {
            staircase.line(x + 0.1, y)
        }
        canvas.path(staircase, attributes: "class=\"series frontier\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.6\" stroke-dasharray=\"7 4\"")
        var labelPositions: [(index: Int, x: Double, y: Double)] = []
        for (index, point) in points.enumerated() {
            guard let x = xScale.position(point.cost), let y = yScale.position(point.quality) else { continue }
            let color = Self.color(index)
            var bars = PathData()
            if let interval = point.costInterval, let low = xScale.position(interval.lower), let high = xScale.position(interval.upper) {
                bars.move(low, y); bars.line(high, y)
                bars.move(low, y - 4); bars.line(low, y + 4)
                bars.move(high, y - 4); bars.line(high, y + 4)
            }
            if let interval = point.qualityInterval, let low = yScale.position(interval.lower), let high = yScale.position(interval.upper) {
                bars.move(x, low); bars.line(x, high)
                bars.move(x - 4, low); bars.line(x + 4, low)
                bars.move(x - 4, high); bars.line(x + 4, high)
            }
            canvas.path(bars, attributes: "class=\"interval\" stroke=\"\(color)\" stroke-width=\"1.3\" fill=\"none\"")
            let filled = onFrontier.contains(index)
            let tooltip = "\(point.label): \(NumberText.dollars(point.cost)) per month, \(NumberText.readable(point.quality))"
            canvas.raw(Self.shape(index).element(
                x: x, y: y, r: 6,
                attributes: "class=\"series point\" " + (filled ? "fill=\"\(color)\" stroke=\"#222\" stroke-width=\"0.8\"" : "fill=\"#fff\" stroke=\"\(color)\" stroke-width=\"2\""),
                tooltip: tooltip))
            labelPositions.append((index, x, y))
        }
        // Labels after every marker, each where it covers no marker, target label or
        // earlier label: right above, right below, left above, left below, then further out.
        for (index, x, y) in labelPositions {
            let label = points[index].label
            let width = ChartFrame.textWidth(label, size: 12)
            let spot = labels.place(width: width, height: 14, candidates: [
                (x + 9, y - 20), (x + 9, y + 6), (x - 9 - width, y - 20), (x - 9 - width, y + 6),
                (x + 9, y - 36), (x + 9, y + 22), (x - 9 - width, y - 36), (x - 9 - width, y + 22),
                (x - width / 2, y - 50), (x - width / 2, y + 36),
            ])
            canvas.text(label, x: spot.x, y: spot.y + 11, attributes: "class=\"point-label\"")
        }
        frame.end(&canvas)
        return canvas.markup
    }

    static func color(_ index: Int) -> String { SeriesStyle.nth(index).color }
    static func shape(_ index: Int) -> MarkerShape { MarkerShape.sequence[index % MarkerShape.sequence.count] }

    /// A linear scale around the values with a margin of a tenth of their spread (or of
    /// their size, when they are all equal), so that no point sits on the frame.
    static func paddedScale(_ values: [Double], start: Double, end: Double, limit: Double? = nil) -> ValueScale {
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? 0
        let high = finite.max() ?? 1
        let pad = high > low ? (high - low) * 0.1 : max(abs(high) * 0.05, 0.5)
        let minimum = low >= 0 ? max(0, low - pad) : low - pad
        let maximum = limit.map { min($0, high + pad) } ?? high + pad
        let scale = ValueScale.linear(minimum: minimum, maximum: maximum, start: start, end: end, targetTicks: 7)
        guard let limit, scale.upper > limit else { return scale }
        // Rounding out to a tick passed the limit: stop at it instead (an attainment
        // axis ends at 100%), keeping the ticks below.
        return ValueScale(kind: .linear, lower: scale.lower, upper: limit, start: start, end: end,
                          ticks: scale.ticks.filter { $0 <= limit } + (scale.ticks.contains(limit) ? [] : [limit]), step: scale.step)
    }
}
