/// One entry of a chart's legend: a label and a sample of how its series is drawn.
struct LegendEntry: Sendable {
    enum Swatch: Sendable {
        /// A stroke in a series' colour and dash.
        case line(SeriesStyle)
        /// A filled area (stacked areas, bars).
        case area(color: String)
        /// A line with a shaded band behind it: a downsampled series and its envelope.
        case band(SeriesStyle)
        /// A point marker.
        case marker(MarkerShape, color: String, filled: Bool)
        /// A grey reference line (a target, zero).
        case reference(dash: String?)
        /// A short vertical tick across a bar (a revenue).
        case tick
        /// A bar outline (a bar marked as special).
        case outline(color: String)
    }

    var label: String
    var swatch: Swatch
}

/// The shapes of point markers: scale events, variants on a scatter plot.
enum MarkerShape: Sendable {
    case circle, square, triangleUp, triangleDown, diamond

    /// The shape centred at (x, y) with half-size `r`, as an SVG element; `tooltip`
    /// becomes its `<title>` (escaped), which browsers show on hover.
    func element(x: Double, y: Double, r: Double, attributes: String, tooltip: String? = nil) -> String {
        func point(_ dx: Double, _ dy: Double) -> String { "\(NumberText.coordinate(x + dx)),\(NumberText.coordinate(y + dy))" }
        let geometry: String
        switch self {
        case .circle:
            geometry = "cx=\"\(NumberText.coordinate(x))\" cy=\"\(NumberText.coordinate(y))\" r=\"\(NumberText.coordinate(r))\""
        case .square:
            geometry = "x=\"\(NumberText.coordinate(x - r))\" y=\"\(NumberText.coordinate(y - r))\" width=\"\(NumberText.coordinate(2 * r))\" height=\"\(NumberText.coordinate(2 * r))\""
        case .triangleUp:
            geometry = "points=\"\(point(0, -r * 1.2)) \(point(r * 1.1, r * 0.8)) \(point(-r * 1.1, r * 0.8))\""
        case .triangleDown:
            geometry = "points=\"\(point(0, r * 1.2)) \(point(r * 1.1, -r * 0.8)) \(point(-r * 1.1, -r * 0.8))\""
        case .diamond:
            geometry = "points=\"\(point(0, -r * 1.3)) \(point(r * 1.1, 0)) \(point(0, r * 1.3)) \(point(-r * 1.1, 0))\""
        }
        guard let tooltip else { return "<\(tagName) \(geometry) \(attributes)/>" }
        return "<\(tagName) \(geometry) \(attributes)><title>\(tooltip.htmlEscaped)</title></\(tagName)>"
    }

    /// The SVG element's name.
    var tagName: String {
        switch self {
        case .circle: "circle"
        case .square: "rect"
        case .triangleUp, .triangleDown, .diamond: "polygon"
        }
    }

    /// Shapes in the order scatter plots assign them, so that variants differ in shape
    /// as well as colour.
    static let sequence: [MarkerShape] = [.circle, .square, .diamond, .triangleUp, .triangleDown]
}

/// The parts every chart shares: the SVG element, its title, its legend, the plot area
/// and the axes around it.
///
/// Charts are drawn in a fixed coordinate system 1,160 units wide (the page's content
/// width less its padding) and scaled by the `viewBox` to whatever width the page or the
/// paper gives them; text therefore keeps its proportion to the plot.
struct ChartFrame {
    static let width = 1160.0
    /// Room for the y tick labels and the rotated y axis title.
    static let leftMargin = 84.0
    static let rightMargin = 28.0
    /// Below the plot: two lines of tick labels and the x axis title.
    static let bottomMargin = 66.0
    private static let legendRowHeight = 20.0
    private static let titleHeight = 34.0

    /// The element id: unique in the page.
    let id: String
    let title: String
    let legend: [LegendEntry]
    /// Where each legend entry goes, computed once so that `height` can count the rows.
    private let legendPlacement: [(x: Double, row: Int)]
    let plotLeft: Double
    let plotRight: Double
    let plotTop: Double
    let plotBottom: Double

    init(id: String, title: String, legend: [LegendEntry], plotHeight: Double = 260,
         leftMargin: Double = ChartFrame.leftMargin) {
        self.id = id
        self.title = title
        self.legend = legend
        var placement: [(x: Double, row: Int)] = []
        var x = leftMargin
        var row = 0
        for entry in legend {
            let width = 36 + Self.textWidth(entry.label, size: 12) + 22
            if x + width > Self.width - Self.rightMargin && x > leftMargin {
                row += 1
                x = leftMargin
            }
            placement.append((x, row))
            x += width
        }
        legendPlacement = placement
        let rows = legend.isEmpty ? 0 : row + 1
        plotLeft = leftMargin
        plotRight = Self.width - Self.rightMargin
        plotTop = Self.titleHeight + Double(rows) * Self.legendRowHeight + 14
        plotBottom = plotTop + plotHeight
    }

    var plotWidth: Double { plotRight - plotLeft }
    var height: Double { plotBottom + Self.bottomMargin }

    /// A generous estimate of a label's width in a sans-serif face: the layout must
    /// leave room without measuring text, which only a browser can do.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.58
    }

    /// Opens the SVG element and draws the title and the legend.
    func begin(_ canvas: inout SVGCanvas) {
        // No xmlns: inline SVG in HTML needs none, and the page names no address at all.
        canvas.raw("<svg class=\"chart\" id=\"\(id)\" viewBox=\"0 0 \(NumberText.coordinate(Self.width)) \(NumberText.coordinate(height))\" role=\"img\" aria-labelledby=\"\(id)-title\">")
        canvas.raw("<title id=\"\(id)-title\">\(title.htmlEscaped)</title>")
        canvas.text(title, x: plotLeft, y: 22, attributes: "class=\"chart-title\"")
        guard !legend.isEmpty else { return }
        canvas.raw("<g class=\"legend\">")
        for (entry, place) in zip(legend, legendPlacement) {
            let y = Self.titleHeight + Double(place.row) * Self.legendRowHeight + 6
            canvas.raw("<g class=\"legend-item\">")
            drawSwatch(entry.swatch, x: place.x, y: y, into: &canvas)
            canvas.text(entry.label, x: place.x + 36, y: y + 4, attributes: "class=\"legend-label\"")
            canvas.raw("</g>")
        }
        canvas.raw("</g>")
    }

    private func drawSwatch(_ swatch: LegendEntry.Swatch, x: Double, y: Double, into canvas: inout SVGCanvas) {
        switch swatch {
        case let .line(style):
            canvas.line(x1: x, y1: y, x2: x + 28, y2: y, attributes: "\(style.width(max(style.width, 2.2)).strokeAttributes) fill=\"none\"")
        case let .band(style):
            canvas.rect(x: x, y: y - 6, width: 28, height: 12, attributes: "fill=\"\(style.color)\" fill-opacity=\"0.18\"")
            canvas.line(x1: x, y1: y, x2: x + 28, y2: y, attributes: "\(style.width(max(style.width, 2.2)).strokeAttributes) fill=\"none\"")
        case let .area(color):
            canvas.rect(x: x, y: y - 6, width: 28, height: 12, attributes: "fill=\"\(color)\" stroke=\"#333\" stroke-width=\"0.5\"")
        case let .marker(shape, color, filled):
            canvas.raw(shape.element(x: x + 14, y: y, r: 5, attributes: filled ? "fill=\"\(color)\" stroke=\"#222\" stroke-width=\"0.6\"" : "fill=\"#fff\" stroke=\"\(color)\" stroke-width=\"1.8\""))
        case .tick:
            canvas.line(x1: x + 14, y1: y - 8, x2: x + 14, y2: y + 8, attributes: "stroke=\"#000\" stroke-width=\"2.5\"")
        case let .outline(color):
            canvas.rect(x: x, y: y - 6, width: 28, height: 12, attributes: "fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"")
        case let .reference(dash):
            canvas.line(x1: x, y1: y, x2: x + 28, y2: y,
                        attributes: "stroke=\"\(ReferenceStyle.color)\" stroke-width=\"1.6\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""))
        }
    }

    /// Closes the SVG element.
    func end(_ canvas: inout SVGCanvas) {
        canvas.raw("</svg>")
    }

    /// Grid lines, tick labels and the rotated title of a y axis at the plot's left.
    func drawYAxis(_ scale: ValueScale, title: String, into canvas: inout SVGCanvas) {
        canvas.raw("<g class=\"axis y-axis\">")
        for tick in scale.ticks {
            guard let y = scale.position(tick) else { continue }
            canvas.line(x1: plotLeft, y1: y, x2: plotRight, y2: y, attributes: "class=\"grid\"")
            canvas.text(scale.label(tick), x: plotLeft - 8, y: y + 4, attributes: "class=\"tick-label\" text-anchor=\"end\"")
        }
        canvas.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, attributes: "class=\"axis-line\"")
        let middle = (plotTop + plotBottom) / 2
        canvas.text(title, x: 18, y: middle, attributes: "class=\"axis-title\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(NumberText.coordinate(middle)))\"")
        canvas.raw("</g>")
    }

    /// Tick marks, labels and title of a time axis along the plot's bottom, with the
    /// warm-up shaded and labelled.
    func drawTimeAxis(_ axis: TimeAxis, x: (Double) -> Double, into canvas: inout SVGCanvas) {
        if axis.warmupMinutes > 0 {
            let end = x(min(axis.warmupMinutes, axis.minutes))
            canvas.rect(x: plotLeft, y: plotTop, width: end - plotLeft, height: plotBottom - plotTop, attributes: "class=\"warmup\"")
            canvas.text("warm-up", x: plotLeft + 4, y: plotTop + 12, attributes: "class=\"note\"")
        }
        canvas.raw("<g class=\"axis x-axis\">")
        for tick in axis.ticks() {
            let position = x(tick.minute)
            canvas.line(x1: position, y1: plotTop, x2: position, y2: plotBottom, attributes: tick.major ? "class=\"grid major\"" : "class=\"grid\"")
            canvas.line(x1: position, y1: plotBottom, x2: position, y2: plotBottom + 5, attributes: "class=\"axis-line\"")
            // A label centred on a tick near an edge would run off the chart: it is
            // anchored at the edge instead.
            let half = (tick.lines.map { Self.textWidth($0, size: 12) }.max() ?? 0) / 2
            let anchor = position + half > Self.width - 2 ? "end" : position - half < 2 ? "start" : "middle"
            for (index, line) in tick.lines.enumerated() {
                canvas.text(line, x: position, y: plotBottom + 19 + Double(index) * 15,
                            attributes: "class=\"tick-label\(index > 0 ? " day" : "")\" text-anchor=\"\(anchor)\"")
            }
        }
        canvas.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, attributes: "class=\"axis-line\"")
        canvas.text(axis.title, x: (plotLeft + plotRight) / 2, y: plotBottom + 58, attributes: "class=\"axis-title\" text-anchor=\"middle\"")
        canvas.raw("</g>")
    }

    /// Grid lines, tick labels and title of a value axis along the plot's bottom.
    func drawXAxis(_ scale: ValueScale, title: String, bottom: Double? = nil, top: Double? = nil, into canvas: inout SVGCanvas) {
        let axisBottom = bottom ?? plotBottom
        let axisTop = top ?? plotTop
        canvas.raw("<g class=\"axis x-axis\">")
        for tick in scale.ticks {
            guard let x = scale.position(tick) else { continue }
            canvas.line(x1: x, y1: axisTop, x2: x, y2: axisBottom, attributes: "class=\"grid\"")
            canvas.text(scale.label(tick), x: x, y: axisBottom + 18, attributes: "class=\"tick-label\" text-anchor=\"middle\"")
        }
        canvas.line(x1: scale.start, y1: axisBottom, x2: scale.end, y2: axisBottom, attributes: "class=\"axis-line\"")
        canvas.text(title, x: (scale.start + scale.end) / 2, y: axisBottom + 40, attributes: "class=\"axis-title\" text-anchor=\"middle\"")
        canvas.raw("</g>")
    }
}
