import Foundation

/// Maps a value axis's domain onto pixels and chooses its ticks.
///
/// Linear scales start at zero unless told otherwise (a bar or an area measured from a
/// baseline that is not zero misleads) and end on a "nice" tick: a multiple of 1, 2, 2.5
/// or 5 times a power of ten. Logarithmic scales are for latency, whose p99 can sit two or
/// three decades above its p50; they tick at 1, 2 and 5 per decade while that leaves room.
struct ValueScale: Sendable {
    enum Kind: Sendable { case linear, logarithmic }

    let kind: Kind
    /// The domain, after rounding out to ticks.
    let lower: Double
    let upper: Double
    /// Pixel positions of `lower` and `upper` (on a y axis `lower` maps to the bottom).
    let start: Double
    let end: Double
    /// The tick values, ascending, inside the domain.
    let ticks: [Double]
    /// The step between linear ticks, for their labels' decimals; for logarithmic ticks,
    /// the smallest tick.
    let step: Double

    /// A linear scale over `0…max` (or `min…max` when `min` is negative), extended to
    /// the next tick; about `targetTicks` ticks.
    static func linear(minimum: Double = 0, maximum: Double, start: Double, end: Double, targetTicks: Int = 6) -> ValueScale {
        var low = Swift.min(minimum, maximum)
        var high = Swift.max(minimum, maximum)
        if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
        if high - low < 1e-12 { high = low == 0 ? 1 : low + abs(low) }
        let step = niceStep((high - low) / Double(Swift.max(1, targetTicks - 1)))
        let lower = (low / step).rounded(.down) * step
        let upper = (high / step - 1e-9).rounded(.up) * step
        var ticks: [Double] = []
        var tick = lower
        while tick <= upper + step * 1e-6 {
            ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        return ValueScale(kind: .linear, lower: lower, upper: upper, start: start, end: end, ticks: ticks, step: step)
    }

    /// A base-10 logarithmic scale from the decade at or below `minimum` to the one at or
    /// above `maximum`; both must be positive.
    static func logarithmic(minimum: Double, maximum: Double, start: Double, end: Double) -> ValueScale {
        // The ends are 1, 2 or 5 times a power of ten, the tightest around the values,
        // so that a series between 8 and 150 ms is drawn on 5–200, not 1–1,000.
        let low = logarithmicStep(Swift.max(minimum, 1e-9), rounding: .down)
        var high = logarithmicStep(Swift.max(maximum, minimum) * 1.05, rounding: .up)
        if high <= low { high = low * 10 }
        let decades = log10(high / low)
        let multipliers: [Double] = decades <= 3.5 ? [1, 2, 5] : [1]
        var ticks: [Double] = []
        var decade = pow(10, log10(low).rounded(.down))
        while decade <= high * 1.0001 {
            for multiplier in multipliers where decade * multiplier >= low * 0.9999 && decade * multiplier <= high * 1.0001 {
                ticks.append(decade * multiplier)
            }
            decade *= 10
        }
        return ValueScale(kind: .logarithmic, lower: low, upper: high, start: start, end: end, ticks: ticks, step: low)
    }

    /// The nearest of 1, 2, 5 × 10ⁿ at or below (`.down`) or at or above (`.up`) `value`.
    private static func logarithmicStep(_ value: Double, rounding: FloatingPointRoundingRule) -> Double {
        let decade = pow(10, log10(value).rounded(.down))
        let candidates = [1, 2, 5, 10].map { $0 * decade }
        if rounding == .down { return candidates.last { $0 <= value * 1.0001 } ?? decade }
        return candidates.first { $0 >= value * 0.9999 } ?? decade * 10
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, log10(raw).rounded(.down))
        for multiplier in [1, 2, 2.5, 5, 10] where multiplier * power >= raw * (1 - 1e-9) { return multiplier * power }
        return 10 * power
    }

    /// The pixel position of `value`, clamped to the scale's ends (so that nothing is
    /// drawn outside the plot and no clip path is needed); nil where the scale
    /// cannot show it (zero or less on a logarithmic scale, a non-finite value).
    func position(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let fraction: Double
        switch kind {
        case .linear:
            fraction = (value - lower) / (upper - lower)
        case .logarithmic:
            guard value > 0 else { return nil }
            fraction = log10(value / lower) / log10(upper / lower)
        }
        return start + (end - start) * Swift.min(1, Swift.max(0, fraction))
    }

    /// A tick's label.
    func label(_ tick: Double) -> String {
        switch kind {
        case .linear: NumberText.tick(tick, step: step, axisMaximum: Swift.max(abs(lower), abs(upper)))
        case .logarithmic: NumberText.tick(tick, step: Swift.min(tick, 1_000), axisMaximum: upper)
        }
    }
}
