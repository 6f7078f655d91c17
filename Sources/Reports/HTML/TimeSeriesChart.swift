/// A chart of per-minute series against local time: lines (optionally with their
/// min–max envelope or drawn as steps), stacked areas, horizontal target lines and
/// point events such as scale changes.
///
/// The chart downsamples every series to one bucket per pixel column (see `Downsampled`)
/// before drawing, so its size is bounded by the chart's width, not the horizon.
struct TimeSeriesChart {
    /// A series drawn as a line.
    struct Line {
        var label: String
        var style: SeriesStyle
        /// One value per minute; nil where the minute has none.
        var values: [Double?]
        /// Which value of a bucket the line goes through.
        var reduction: Downsampled.Reduction = .mean
        /// Whether the bucket's min–max envelope is shaded behind the line.
        var envelope = false
        /// Whether the line holds its value until the next change (counts of droplets).
        var stepped = false
    }

    /// A series stacked on the ones before it, drawn as a filled area.
    struct Area {
        var label: String
        var color: String
        /// One value per minute, zero or more.
        var values: [Double]
    }

    /// A horizontal reference line: an SLO target.
    struct Threshold {
        var label: String
        var value: Double
        var dash: String?
    }

    /// A point event: a scale change at a minute, drawn at a value.
    struct Event {
        var minute: Double
        var value: Double
        var shape: MarkerShape
        var color: String
        var tooltip: String
    }

    var id: String
    var title: String
    /// The y axis title with its unit, "requests per minute".
    var valueTitle: String
    var axis: TimeAxis
    var lines: [Line] = []
    var areas: [Area] = []
    var thresholds: [Threshold] = []
    var events: [Event] = []
    /// Legend entries for the events, which the chart cannot name itself.
    var eventLegend: [LegendEntry] = []
    var logarithmic = false
    /// The y axis reaches at least this far (100 for a percentage).
    var minimumUpper = 0.0
    var plotHeight = 240.0
    /// Written across the plot when every value is zero, where the lines would otherwise
    /// hide in the axis: "no client waited".
    var emptyNote: String?

    /// The chart as an `<svg>` element.
    func svg() -> String {
        let frame = ChartFrame(id: id, title: title, legend: legend, plotHeight: plotHeight)
        let columns = Int(frame.plotWidth)
        let sampledLines = lines.map { Downsampled($0.values, columns: columns) }
        let sampledAreas = areas.map { Downsampled($0.values.map { Optional($0) }, columns: columns) }
        let stacked = stackedTops(sampledAreas)
        let scale = valueScale(frame: frame, sampledLines: sampledLines, stackedTops: stacked)
        let x = { (minute: Double) in frame.plotLeft + minute / axis.minutes * frame.plotWidth }

        var canvas = SVGCanvas()
        frame.begin(&canvas)
        frame.drawYAxis(scale, title: valueTitle, into: &canvas)
        frame.drawTimeAxis(axis, x: x, into: &canvas)
        canvas.raw("<g class=\"plot\">")
        drawAreas(sampledAreas, tops: stacked, scale: scale, x: x, into: &canvas)
        for (line, sampled) in zip(lines, sampledLines) where line.envelope && sampled.minutesPerBucket > 1 {
            drawEnvelope(sampled, style: line.style, scale: scale, x: x, into: &canvas)
        }
        for (line, sampled) in zip(lines, sampledLines) {
            let data = line.stepped
                ? steppedPath(sampled, reduction: line.reduction, scale: scale, x: x)
                : linePath(sampled.buckets.map(\.center), sampled.values(line.reduction), scale: scale, x: x)
            canvas.path(data, attributes: "class=\"series\" fill=\"none\" \(line.style.strokeAttributes) stroke-linejoin=\"round\"",
                        tooltip: line.label)
        }
        canvas.raw("</g>")
        if let emptyNote, lines.allSatisfy({ $0.values.allSatisfy { ($0 ?? 0) == 0 } }), areas.allSatisfy({ $0.values.allSatisfy { $0 == 0 } }) {
            canvas.text(emptyNote, x: (frame.plotLeft + frame.plotRight) / 2, y: (frame.plotTop + frame.plotBottom) / 2,
                        attributes: "class=\"empty-note\" text-anchor=\"middle\"")
        }
        drawThresholds(frame: frame, scale: scale, into: &canvas)
        for event in events {
            guard let y = scale.position(event.value) else { continue }
            canvas.raw(event.shape.element(x: x(event.minute), y: y, r: 4.5,
                                           attributes: "class=\"event\" fill=\"\(event.color)\" stroke=\"#fff\" stroke-width=\"0.8\"",
                                           tooltip: event.tooltip))
        }
        frame.end(&canvas)
        return canvas.markup
    }

    private var legend: [LegendEntry] {
        areas.map { LegendEntry(label: $0.label, swatch: .area(color: $0.color)) }
            + lines.map { LegendEntry(label: $0.label, swatch: $0.envelope ? .band($0.style) : .line($0.style)) }
            + thresholds.map { LegendEntry(label: $0.label, swatch: .reference(dash: $0.dash)) }
            + eventLegend
    }

    /// Each bucket's running total over the stacked areas, bottom layer first.
    private func stackedTops(_ sampled: [Downsampled]) -> [[Double]] {
        var tops: [[Double]] = []
        var running = [Double](repeating: 0, count: sampled.first?.buckets.count ?? 0)
        for layer in sampled {
            for (index, bucket) in layer.buckets.enumerated() where index < running.count { running[index] += bucket.mean ?? 0 }
            tops.append(running)
        }
        return tops
    }

    private func valueScale(frame: ChartFrame, sampledLines: [Downsampled], stackedTops: [[Double]]) -> ValueScale {
        var values: [Double] = thresholds.map(\.value) + (stackedTops.last ?? [])
        for (line, sampled) in zip(lines, sampledLines) {
            values += (line.envelope ? sampled.buckets.map(\.maximum) : sampled.values(line.reduction)).compactMap { $0 }
            if line.envelope { values += sampled.buckets.compactMap(\.minimum) }
        }
        values += events.map(\.value)
        let finite = values.filter(\.isFinite)
        let maximum = max(finite.max() ?? 0, minimumUpper)
        if logarithmic, let minimum = finite.filter({ $0 > 0 }).min() {
            return .logarithmic(minimum: minimum, maximum: maximum, start: frame.plotBottom, end: frame.plotTop)
        }
        return .linear(minimum: min(0, finite.min() ?? 0), maximum: maximum, start: frame.plotBottom, end: frame.plotTop)
    }

    /// Points through bucket centres; a bucket without a value starts a new subpath.
    private func linePath(_ centers: [Double], _ values: [Double?], scale: ValueScale, x: (Double) -> Double) -> PathData {
        var data = PathData()
        var open = false
        for (center, value) in zip(centers, values) {
            guard let value, let y = scale.position(value) else {
                open = false
                continue
            }
            if open { data.line(x(center), y) } else { data.move(x(center), y) }
            open = true
        }
        return data
    }

    /// A step line: flat across each bucket, vertical at its edges; a point only where
    /// the value changes, so a fleet that never scales is one segment.
    private func steppedPath(_ sampled: Downsampled, reduction: Downsampled.Reduction, scale: ValueScale, x: (Double) -> Double) -> PathData {
        var data = PathData()
        var current: Double?
        for (bucket, value) in zip(sampled.buckets, sampled.values(reduction)) {
            guard let value, let y = scale.position(value) else {
                if let current, let y = scale.position(current) { data.line(x(bucket.start), y) }
                current = nil
                continue
            }
            if let previous = current {
                if previous != value, let previousY = scale.position(previous) {
                    data.line(x(bucket.start), previousY)
                    data.line(x(bucket.start), y)
                }
            } else {
                data.move(x(bucket.start), y)
            }
            current = value
        }
        if let current, let last = sampled.buckets.last, let y = scale.position(current) { data.line(x(last.end), y) }
        return data
    }

    /// The min–max band of a line, lightly filled in its colour.
    private func drawEnvelope(_ sampled: Downsampled, style: SeriesStyle, scale: ValueScale, x: (Double) -> Double, into canvas: inout SVGCanvas) {
        var data = PathData()
        var run: [(x: Double, low: Double, high: Double)] = []
        func flush() {
            guard run.count > 1 else {
                run.removeAll()
                return
            }
            data.move(run[0].x, run[0].high)
            for point in run.dropFirst() { data.line(point.x, point.high) }
            for point in run.reversed() { data.line(point.x, point.low) }
            data.close()
            run.removeAll()
        }
        for bucket in sampled.buckets {
            guard let low = bucket.minimum, let high = bucket.maximum,
                  let top = scale.position(high), let bottom = scale.position(low) ?? scale.position(scale.lower) else {
                flush()
                continue
            }
            run.append((x(bucket.center), bottom, top))
        }
        flush()
        canvas.path(data, attributes: "class=\"envelope\" fill=\"\(style.color)\" fill-opacity=\"0.16\" stroke=\"none\"")
    }

    private func drawAreas(_ sampled: [Downsampled], tops: [[Double]], scale: ValueScale, x: (Double) -> Double, into canvas: inout SVGCanvas) {
        guard let buckets = sampled.first?.buckets, !buckets.isEmpty else { return }
        // The outer points sit on the plot's edges so that the areas fill it.
        let xs = buckets.enumerated().map { index, bucket in
            x(index == 0 ? bucket.start : index == buckets.count - 1 ? bucket.end : bucket.center)
        }
        let floor = scale.position(max(scale.lower, 0)) ?? 0
        for (layer, area) in areas.enumerated() {
            var data = PathData()
            for (index, top) in tops[layer].enumerated() {
                let y = scale.position(top) ?? floor
                if index == 0 { data.move(xs[index], y) } else { data.line(xs[index], y) }
            }
            for index in xs.indices.reversed() {
                let y = layer == 0 ? floor : scale.position(tops[layer - 1][index]) ?? floor
                data.line(xs[index], y)
            }
            data.close()
            canvas.path(data, attributes: "class=\"series area\" fill=\"\(area.color)\" fill-opacity=\"0.85\" stroke=\"#333\" stroke-width=\"0.4\"",
                        tooltip: area.label)
        }
    }

    private func drawThresholds(frame: ChartFrame, scale: ValueScale, into canvas: inout SVGCanvas) {
        for threshold in thresholds {
            guard let y = scale.position(threshold.value) else { continue }
            canvas.line(x1: frame.plotLeft, y1: y, x2: frame.plotRight, y2: y,
                        attributes: "class=\"threshold\" stroke=\"\(ReferenceStyle.color)\" stroke-width=\"1.6\"" + (threshold.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""))
            // Above its line, unless the line runs along the top of the plot.
            let labelY = y - frame.plotTop < 16 ? y + 15 : y - 5
            canvas.text(threshold.label, x: frame.plotRight - 6, y: labelY, attributes: "class=\"ref-label\" text-anchor=\"end\"")
        }
    }
}
