/// How one series is drawn: a colour from the Okabe–Ito palette and a dash pattern.
///
/// Colour alone does not tell series apart for a reader with a colour-vision deficiency
/// or on a grey-scale printout, so the n-th style differs from the others in both colour
/// and dash. The palette is Okabe and Ito's "Color Universal Design" set (2008), which
/// stays distinguishable under the common deficiencies; its yellow is left out because
/// it vanishes on white paper.
struct SeriesStyle: Equatable, Sendable {
    /// A CSS colour, "#0072B2".
    var color: String
    /// An SVG `stroke-dasharray`, nil for a solid line.
    var dash: String?
    /// Stroke width in user units.
    var width: Double = 1.8

    /// Okabe–Ito without yellow, in the order the charts assign them: blue, vermillion,
    /// bluish green, reddish purple, orange, sky blue, black.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    /// Dash patterns in the same order: solid, long dash, dot, dash-dot, short dash,
    /// dash-dot-dot, long-short.
    static let dashes: [String?] = [nil, "9 4", "2 3", "9 3 2 3", "5 4", "9 3 2 3 2 3", "14 4 4 4"]

    /// The n-th style; after seven the colours repeat with the next dash pattern, so that
    /// no two of the first 49 coincide.
    static func nth(_ index: Int) -> SeriesStyle {
        let color = palette[index % palette.count]
        let dash = dashes[(index + index / palette.count) % dashes.count]
        return SeriesStyle(color: color, dash: dash)
    }

    /// The same colour and dash, thicker or thinner.
    func width(_ width: Double) -> SeriesStyle {
        var copy = self
        copy.width = width
        return copy
    }

    /// The SVG presentation attributes of a stroke in this style.
    var strokeAttributes: String {
        var attributes = "stroke=\"\(color)\" stroke-width=\"\(NumberText.coordinate(width))\""
        if let dash { attributes += " stroke-dasharray=\"\(dash)\"" }
        return attributes
    }
}

/// The grey of reference lines (targets, zero): dark enough to print, distinct from
/// every palette colour.
enum ReferenceStyle {
    static let color = "#555555"
    static let dashes = ["6 3", "2 2", "10 3 3 3", "1 3"]
}
