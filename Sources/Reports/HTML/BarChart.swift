/// Horizontal bars, each a stack of segments, against a linear value axis: totals by
/// cause, and later costs by tenant.
///
/// Horizontal because the labels (causes, tenant names) are long and read best
/// left-aligned; each bar's total is printed at its end so that the reader needs the
/// axis only to compare.
struct BarChart {
    struct Segment {
        var label: String
        var value: Double
        var color: String
    }

    struct Bar {
        var label: String
        var segments: [Segment]
        /// Printed after the bar; its total when nil.
        var note: String?
        /// A value marked across the bar with a black tick (a tenant's revenue).
        var marker: Double?
        /// Drawn with a heavy vermillion outline and its label in bold (a tenant served at
        /// a loss): a mark that survives grey-scale printing, unlike a fill colour.
        var highlighted = false
    }

    var id: String
    var title: String
    /// The value axis title with its unit, "requests over the run".
    var valueTitle: String
    var bars: [Bar]
    /// One entry per kind of segment, in stacking order.
    var legend: [LegendEntry]

    private static let rowHeight = 30.0

    func svg() -> String {
        let widestLabel = bars.map { ChartFrame.textWidth($0.label, size: 12) }.max() ?? 0
        let left = min(260, max(ChartFrame.leftMargin, widestLabel + 16))
        let frame = ChartFrame(id: id, title: title, legend: legend, plotHeight: Double(max(1, bars.count)) * Self.rowHeight + 8, leftMargin: left)
        let totals = bars.map { $0.segments.reduce(0) { $0 + max(0, $1.value) } }
        // A marker far beyond the bars (an enterprise tenant's revenue, thirty times its
        // cost) would squeeze them to slivers: the axis stretches for markers up to half
        // again the longest bar, and the others are left to the bar's note.
        let longest = totals.max() ?? 0
        let reach = bars.compactMap(\.marker).filter { $0 <= longest * 1.5 }.max() ?? 0
        // Room at the right for the printed totals.
        let noteWidth = zip(bars, totals).map { ChartFrame.textWidth($0.note ?? NumberText.readable($1), size: 12) }.max() ?? 0
        let scale = ValueScale.linear(maximum: max(longest, reach), start: frame.plotLeft, end: frame.plotRight - noteWidth - 12)
        var canvas = SVGCanvas()
        frame.begin(&canvas)
        frame.drawXAxis(scale, title: valueTitle, into: &canvas)
        for (row, bar) in bars.enumerated() {
            let top = frame.plotTop + 6 + Double(row) * Self.rowHeight
            let middle = top + (Self.rowHeight - 8) / 2
            canvas.text(bar.label, x: frame.plotLeft - 8, y: middle + 4,
                        attributes: "class=\"tick-label\(bar.highlighted ? " highlighted" : "")\" text-anchor=\"end\"")
            var start = 0.0
            for segment in bar.segments where segment.value > 0 {
                let x0 = scale.position(start) ?? frame.plotLeft
                let x1 = scale.position(start + segment.value) ?? x0
                canvas.raw("<rect class=\"series bar\" x=\"\(NumberText.coordinate(x0))\" y=\"\(NumberText.coordinate(top))\" width=\"\(NumberText.coordinate(max(0.8, x1 - x0)))\" height=\"\(NumberText.coordinate(Self.rowHeight - 8))\" fill=\"\(segment.color)\" stroke=\"#222\" stroke-width=\"0.5\"><title>\((segment.label + ": " + NumberText.readable(segment.value)).htmlEscaped)</title></rect>")
                start += segment.value
            }
            let end = scale.position(start) ?? frame.plotLeft
            if bar.highlighted {
                canvas.rect(x: frame.plotLeft, y: top, width: end - frame.plotLeft, height: Self.rowHeight - 8,
                            attributes: "class=\"highlight\" fill=\"none\" stroke=\"#D55E00\" stroke-width=\"2.5\"")
            }
            var noteX = end + 6
            if let marker = bar.marker, marker <= scale.upper, let x = scale.position(marker) {
                canvas.line(x1: x, y1: top - 3, x2: x, y2: top + Self.rowHeight - 5, attributes: "class=\"marker\" stroke=\"#000\" stroke-width=\"2.5\"")
                noteX = max(noteX, x + 6)
            }
            canvas.text(bar.note ?? NumberText.readable(start), x: noteX, y: middle + 4, attributes: "class=\"value-label\"")
        }
        canvas.line(x1: frame.plotLeft, y1: frame.plotTop, x2: frame.plotLeft, y2: frame.plotBottom, attributes: "class=\"axis-line\"")
        frame.end(&canvas)
        return canvas.markup
    }
}
