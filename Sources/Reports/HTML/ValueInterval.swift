import Results

/// The ends of an interval in a chart's display units (a percentage, milliseconds).
struct ValueInterval: Equatable, Sendable {
    var lower: Double
    var upper: Double

    init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// A summary's interval, scaled into display units.
    init(_ bounds: RunSummary.Bounds, scale: Double = 1) {
        self.init(lower: bounds.lower * scale, upper: bounds.upper * scale)
    }
}
