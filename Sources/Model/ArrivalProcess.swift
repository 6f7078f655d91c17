/// A non-homogeneous Poisson process drawn by inverting the integrated rate of a profile.
///
/// Each arrival spends one unit-rate exponential E across the profile's stretches: a
/// stretch whose expected requests fall short of what is left of E is crossed whole; in
/// the stretch that holds the arrival, the integrated rate is solved for it. On a constant
/// stretch that is `E / rate`; on a linear one, with rate `a` at the current time and slope
/// `k`, it is the root of `a·s + k·s²/2 = E`, written `s = 2E / (a + √(a² + 2kE))` so that
/// no two close numbers are subtracted (the textbook `(−a + √…)/k` loses every digit when
/// `k` is tiny, and divides by zero when it is zero). Exact, with no rejected draws.
package struct ArrivalProcess: Sendable {
    package let profile: LoadProfile
    private var segmentStart: Double
    private var segmentRate: Double
    private var segmentEndRate: Double
    /// Requests per second per second; 0 on a constant stretch, which then takes the path
    /// (and the rounding) of the piecewise-constant process exactly.
    private var segmentSlope: Double
    private var segmentEnd: Double

    package init(profile: LoadProfile) {
        self.profile = profile
        segmentStart = 0
        segmentRate = 0
        segmentEndRate = 0
        segmentSlope = 0
        segmentEnd = 0
        load(profile.segment(at: 0))
    }

    private mutating func load(_ segment: LoadSegment) {
        segmentStart = segment.start
        segmentRate = segment.rate
        segmentEndRate = segment.endRate
        segmentEnd = segment.end
        segmentSlope = segment.rate == segment.endRate ? 0 : (segment.endRate - segment.rate) / (segment.end - segment.start)
    }

    /// The next arrival after `time`, or `nil` past `horizon`. The unit-rate exponential is
    /// spent across segments, which keeps the process exact at every rate change.
    ///
    /// - Complexity: O(1) per stretch crossed; one square root on a sloping stretch.
    package mutating func next(after time: Double, horizon: Double, unitExponential: Double) -> Double? {
        var remaining = unitExponential
        var now = time
        while now < horizon {
            if now >= segmentEnd { load(profile.segment(at: now)) }
            let span = segmentEnd - now
            if segmentSlope == 0 {
                if segmentRate > 0 && remaining <= segmentRate * span {
                    let arrival = now + remaining / segmentRate
                    return arrival < horizon ? arrival : nil
                }
                remaining -= segmentRate * span
            } else {
                let rate = max(0, segmentRate + segmentSlope * (now - segmentStart))
                let area = (rate + segmentEndRate) / 2 * span
                if area > 0 && remaining <= area {
                    let discriminant = max(0, rate * rate + 2 * segmentSlope * remaining)
                    let denominator = rate + discriminant.squareRoot()
                    let offset = denominator > 0 ? min(span, 2 * remaining / denominator) : 0
                    let arrival = now + offset
                    return arrival < horizon ? arrival : nil
                }
                remaining -= area
            }
            now = segmentEnd
        }
        return nil
    }
}
