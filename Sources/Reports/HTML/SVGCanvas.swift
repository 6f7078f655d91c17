/// The markup of one SVG chart, built by appending elements.
///
/// Text content and attribute values that come from data are escaped here, in the one
/// place that writes them; numbers go through `NumberText.coordinate`.
struct SVGCanvas {
    private(set) var markup = ""

    init(reservingCapacity capacity: Int = 16_384) {
        markup.reserveCapacity(capacity)
    }

    /// Appends markup as it is: for the chart code's own constant attributes and tags.
    mutating func raw(_ text: String) {
        markup += text
    }

    /// A `<text>` element with escaped content; `attributes` are the caller's own.
    mutating func text(_ content: String, x: Double, y: Double, attributes: String = "") {
        markup += "<text x=\"\(NumberText.coordinate(x))\" y=\"\(NumberText.coordinate(y))\""
        if !attributes.isEmpty { markup += " " + attributes }
        markup += ">\(content.htmlEscaped)</text>"
    }

    /// A straight line.
    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, attributes: String) {
        markup += "<line x1=\"\(NumberText.coordinate(x1))\" y1=\"\(NumberText.coordinate(y1))\" x2=\"\(NumberText.coordinate(x2))\" y2=\"\(NumberText.coordinate(y2))\" \(attributes)/>"
    }

    /// A rectangle.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, attributes: String) {
        markup += "<rect x=\"\(NumberText.coordinate(x))\" y=\"\(NumberText.coordinate(y))\" width=\"\(NumberText.coordinate(max(0, width)))\" height=\"\(NumberText.coordinate(max(0, height)))\" \(attributes)/>"
    }

    /// A path; nothing when `data` is empty, so that no chart carries an empty `d`.
    mutating func path(_ data: PathData, attributes: String, tooltip: String? = nil) {
        guard !data.isEmpty else { return }
        if let tooltip {
            markup += "<path d=\"\(data.text)\" \(attributes)><title>\(tooltip.htmlEscaped)</title></path>"
        } else {
            markup += "<path d=\"\(data.text)\" \(attributes)/>"
        }
    }
}

/// The `d` attribute of an SVG path, written compactly: after a moveto, further pairs
/// are implicit linetos ("M1 2L3 4 5 6"), which keeps a week's series small.
struct PathData {
    private(set) var text = ""
    private var drawing = false

    var isEmpty: Bool { text.isEmpty }

    /// Starts a new subpath at (x, y).
    mutating func move(_ x: Double, _ y: Double) {
        text += "M\(NumberText.coordinate(x)) \(NumberText.coordinate(y))"
        drawing = false
    }

    /// A straight segment to (x, y).
    mutating func line(_ x: Double, _ y: Double) {
        text += drawing ? " " : "L"
        text += "\(NumberText.coordinate(x)) \(NumberText.coordinate(y))"
        drawing = true
    }

    /// Closes the current subpath.
    mutating func close() {
        text += "Z"
        drawing = false
    }
}
