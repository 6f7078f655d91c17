import Results

/// Paired differences against the baseline as intervals around zero, one small panel
/// per measure (a forest plot).
///
/// The measures have different units (dollars, milliseconds, fractions), so each panel
/// has its own axis; within a panel every variant's interval is on one scale, with zero
/// marked, so "does the interval cross zero?" is answered at a glance. A filled mean
/// marks an interval that excludes zero; a hollow one, a difference the replications
/// cannot tell from none.
struct ForestPlot {
    struct Row {
        var label: String
        var mean: Double?
        var interval: ValueInterval?
        var significant: Bool
        /// The variant's index among all variants, for its colour.
        var variantIndex: Int
    }

    struct Panel {
        /// The measure and its unit, "monthly cost ($)".
        var measure: String
        /// Which way is better, "lower is better".
        var direction: String
        var rows: [Row]
    }

    var id: String
    var title: String
    var panels: [Panel]

    private static let rowHeight = 26.0
    private static let panelHeader = 26.0
    private static let panelAxis = 52.0
    private static let labelWidth = 150.0
    private static let gap = 40.0

    private var columns: Int { panels.count > 1 ? 2 : 1 }

    private var panelHeight: Double {
        Self.panelHeader + Double(panels.map(\.rows.count).max() ?? 1) * Self.rowHeight + Self.panelAxis
    }

    func svg() -> String {
        let legend = [
            LegendEntry(label: "mean difference, 95% interval excludes 0", swatch: .marker(.circle, color: "#333", filled: true)),
            LegendEntry(label: "mean difference, interval includes 0", swatch: .marker(.circle, color: "#333", filled: false)),
            LegendEntry(label: "no difference (0)", swatch: .reference(dash: ReferenceStyle.dashes[0])),
        ]
        let rowsOfPanels = (panels.count + columns - 1) / columns
        let frame = ChartFrame(id: id, title: title, legend: legend, plotHeight: Double(max(1, rowsOfPanels)) * panelHeight - 40,
                               leftMargin: 24)
        let panelWidth = (frame.plotWidth - Self.gap * Double(columns - 1)) / Double(columns)
        var canvas = SVGCanvas()
        frame.begin(&canvas)
        for (index, panel) in panels.enumerated() {
            let left = frame.plotLeft + Double(index % columns) * (panelWidth + Self.gap)
            let top = frame.plotTop + Double(index / columns) * panelHeight
            draw(panel, left: left, top: top, width: panelWidth, into: &canvas)
        }
        frame.end(&canvas)
        return canvas.markup
    }

    private func draw(_ panel: Panel, left: Double, top: Double, width: Double, into canvas: inout SVGCanvas) {
        canvas.raw("<g class=\"panel\">")
        canvas.text(panel.measure, x: left, y: top + 14, attributes: "class=\"panel-title\"")
        canvas.text(panel.direction, x: left + width, y: top + 14, attributes: "class=\"note\" text-anchor=\"end\"")
        let plotTop = top + Self.panelHeader
        let plotBottom = plotTop + Double(panel.rows.count) * Self.rowHeight
        let values = panel.rows.flatMap { [$0.mean, $0.interval?.lower, $0.interval?.upper].compactMap { $0 } }.filter(\.isFinite)
        let low = min(0, values.min() ?? 0)
        let high = max(0, values.max() ?? 0)
        let pad = high > low ? (high - low) * 0.08 : 1
        let scale = ValueScale.linear(minimum: low < 0 ? low - pad : 0, maximum: high > 0 ? high + pad : 0,
                                      start: left + Self.labelWidth, end: left + width - 8, targetTicks: 5)
        for tick in scale.ticks {
            guard let x = scale.position(tick) else { continue }
            canvas.line(x1: x, y1: plotTop, x2: x, y2: plotBottom, attributes: "class=\"grid\"")
            canvas.text(scale.label(tick), x: x, y: plotBottom + 16, attributes: "class=\"tick-label\" text-anchor=\"middle\"")
        }
        canvas.line(x1: scale.start, y1: plotBottom, x2: scale.end, y2: plotBottom, attributes: "class=\"axis-line\"")
        canvas.text("difference, variant − baseline (\(panel.measure))", x: (scale.start + scale.end) / 2, y: plotBottom + 36,
                    attributes: "class=\"axis-title\" text-anchor=\"middle\"")
        if let zero = scale.position(0) {
            canvas.line(x1: zero, y1: plotTop - 4, x2: zero, y2: plotBottom,
                        attributes: "class=\"zero\" stroke=\"\(ReferenceStyle.color)\" stroke-width=\"1.4\" stroke-dasharray=\"\(ReferenceStyle.dashes[0])\"")
        }
        for (rowIndex, row) in panel.rows.enumerated() {
            let y = plotTop + (Double(rowIndex) + 0.5) * Self.rowHeight
            canvas.text(Self.truncated(row.label), x: left + Self.labelWidth - 10, y: y + 4, attributes: "class=\"tick-label\" text-anchor=\"end\"")
            let color = SeriesStyle.nth(row.variantIndex).color
            guard let mean = row.mean, let x = scale.position(mean) else {
                canvas.text("no data", x: scale.start + 6, y: y + 4, attributes: "class=\"note\"")
                continue
            }
            if let interval = row.interval, let a = scale.position(interval.lower), let b = scale.position(interval.upper) {
                var whisker = PathData()
                whisker.move(a, y); whisker.line(b, y)
                whisker.move(a, y - 6); whisker.line(a, y + 6)
                whisker.move(b, y - 6); whisker.line(b, y + 6)
                canvas.path(whisker, attributes: "class=\"series interval\" stroke=\"\(color)\" stroke-width=\"2\" fill=\"none\"",
                            tooltip: "\(row.label): \(NumberText.readable(interval.lower)) to \(NumberText.readable(interval.upper))")
            }
            canvas.raw(MarkerShape.circle.element(
                x: x, y: y, r: 5.5,
                attributes: "class=\"series point\" " + (row.significant ? "fill=\"\(color)\" stroke=\"#222\" stroke-width=\"0.8\"" : "fill=\"#fff\" stroke=\"\(color)\" stroke-width=\"2\""),
                tooltip: "\(row.label): mean difference \(NumberText.readable(mean))"))
        }
        canvas.raw("</g>")
    }

    /// A label cut to fit the label column, with an ellipsis.
    private static func truncated(_ label: String) -> String {
        let fits = Int((labelWidth - 14) / (12 * 0.58))
        return label.count <= fits ? label : String(label.prefix(fits - 1)) + "…"
    }
}

