/// Text and numbers as the HTML report writes them.
///
/// Every string that comes from a summary (scenario names, variant descriptions, the
/// reasons of scale events) goes through `htmlEscaped` before it reaches the page: a
/// scenario may be called `<b>&"A/B"`, and a report must show that, not interpret it.
extension String {
    /// The text with `&`, `<`, `>`, `"` and `'` replaced by character references, so
    /// that it is inert both in element content and inside a quoted attribute value.
    ///
    /// - Complexity: O(`count`).
    package var htmlEscaped: String {
        // Most strings need nothing: scan once before building a copy.
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return self }
        var escaped = ""
        escaped.reserveCapacity(utf8.count + 16)
        for character in unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}

/// How numbers read on the page: coordinates with one decimal, values with a sensible
/// number of digits and thousands separators.
enum NumberText {
    /// A coordinate in SVG user units, to a tenth of a unit: finer is invisible at the
    /// chart's scale and would only make the file larger. "12", "12.5", "-0.3".
    static func coordinate(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let whole = tenths / 10
        let fraction = abs(tenths % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// `value` with exactly `places` decimals and thousands separated by commas:
    /// "1,234.50". Non-finite values read as an en dash.
    static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = (scaled / scale).rounded(.down)
        let fraction = Int(scaled - whole * scale)
        var digits = String(Int(whole))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        let negative = value < 0 && scaled > 0
        guard places > 0 else { return (negative ? "−" : "") + grouped }
        let fractionText = String(fraction)
        let padded = String(repeating: "0", count: max(0, places - fractionText.count)) + fractionText
        return (negative ? "−" : "") + grouped + "." + padded
    }

    /// A tick label: as many decimals as the step between ticks needs; k or M when the
    /// axis reaches `axisMaximum` ≥ 10,000 or ≥ 1,000,000, on every tick of the axis so
    /// that one unit holds throughout ("2.5k", "5k", "7.5k", "10k").
    static func tick(_ value: Double, step: Double, axisMaximum: Double? = nil) -> String {
        let reach = axisMaximum ?? abs(value)
        if value == 0 { return "0" }
        if reach >= 1_000_000 && step >= 100_000 { return withoutTrailingZeros(trimmed(value / 1_000_000, step: step / 1_000_000)) + "M" }
        if reach >= 10_000 && step >= 1_000 { return withoutTrailingZeros(trimmed(value / 1_000, step: step / 1_000)) + "k" }
        return trimmed(value, step: step)
    }

    /// "5.0" → "5", "2.50" → "2.5".
    private static func withoutTrailingZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = text
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `value` with the decimals `step` needs (0 for a step of 1 or more, 1 for 0.5, 2 for 0.25).
    private static func trimmed(_ value: Double, step: Double) -> String {
        var places = 0
        var scaled = step
        while places < 6 && abs(scaled - scaled.rounded()) > 1e-6 * scaled {
            places += 1
            scaled *= 10
        }
        return fixed(value, places: places)
    }

    /// A value for a table, with the decimals its size deserves: 3 significant digits
    /// below 100, none above. "0.0123", "12.3", "1,234".
    static func readable(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        if magnitude >= 100 { return fixed(value, places: 0) }
        if magnitude >= 10 { return fixed(value, places: 1) }
        if magnitude >= 1 { return fixed(value, places: 2) }
        var places = 2
        var threshold = 0.1
        while magnitude < threshold && places < 8 {
            places += 1
            threshold /= 10
        }
        return fixed(value, places: places)
    }

    /// US dollars with cents: "$1,234.50".
    static func dollars(_ value: Double) -> String {
        value < 0 ? "−$" + fixed(-value, places: 2) : "$" + fixed(value, places: 2)
    }

    /// A duration in the largest unit that keeps it whole or nearly so: "20 min", "7 d", "36 h".
    static func duration(seconds: Double) -> String {
        let units: [(Double, String)] = [(86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")]
        for (size, name) in units where seconds >= size && (seconds / size).rounded() * size == seconds {
            return "\(fixed(seconds / size, places: 0)) \(name)"
        }
        return seconds >= 3_600 ? "\(readable(seconds / 3_600)) h" : "\(readable(seconds)) s"
    }
}
