import Foundation
import Scenarios

/// The request rate of one arrival source over simulated time: piecewise linear.
///
/// A `linear` group's rate runs in straight lines between its hourly × weekday factors placed
/// at local hour mid-points, cyclic over the week (Sunday 23:30 joins Monday 00:30). The
/// trapezoid sum through the mid-points equals the step sum, so the weekly mean is the
/// step profile's exactly, and `rate_per_tenant` keeps its meaning. A `step` group keeps
/// each factor for its whole local hour, as before ramps existed, and so does a linear group
/// whose 168 factors are all equal (there is nothing to interpolate; the arrivals are then
/// the step profile's to the bit). Burst windows ramp linearly over `rampUp` and `rampDown`.
///
/// The rate is linear between knots: local half hours (the hour boundaries of a linear
/// profile are knots too, which puts a daylight-saving jump at a knot, as the step profile
/// has it), hour boundaries of a step profile, and burst edges. Where two factors change
/// within one stretch (a burst ramp over a sloping hour, growth), the rate is the chord
/// between their product at the knots: the model's definition, not an approximation of
/// another one, so arrivals are still drawn exactly by inverting the integrated rate: no
/// thinning, no rejected draws, and a rate of zero costs nothing.
package struct LoadProfile: Sendable {
    /// Requests per second with every factor at 1.
    package var baseRate: Double
    package var hourlyFactors: [Double]
    package var weekdayFactors: [Double]
    package var timeZone: TimeZone
    /// Seconds since 1970 of simulated time 0.
    package var startEpoch: Double
    /// Compound monthly growth as a per-second exponential rate.
    package var growthPerSecond: Double
    /// Multiplicative windows (bursts), each with its ramps.
    package var windows: [LoadWindow]
    /// When true the source exists only inside its windows (a single tenant's extra burst load).
    package var onlyInsideWindows: Bool
    /// The shape the group asked for.
    package var shape: ProfileShape
    /// Whether the rate is interpolated between hour mid-points: a linear shape whose factors
    /// are not all equal.
    package let interpolates: Bool
    /// The factor of each local hour of the week (hourly × weekday), Monday 00:00 first: the
    /// values at the knots of a linear profile.
    private let weekFactors: [Double]
    /// A trace-driven source's rates (`load: {trace:}`), which replace everything above;
    /// nil for an hourly profile, which then pays one branch per stretch.
    package let trace: TraceRates?

    package static let secondsPerMonth = Month.averageSeconds
    private static let hoursPerWeek = 168

    package init(baseRate: Double, group: TenantGroup, startEpoch: Double, windows: [LoadWindow], onlyInsideWindows: Bool) {
        self.baseRate = baseRate
        self.hourlyFactors = group.hourlyFactors
        self.weekdayFactors = group.weekdayFactors
        self.timeZone = group.timeZone
        self.startEpoch = startEpoch
        self.growthPerSecond = log1p(group.growthPerMonth) / Self.secondsPerMonth
        self.windows = windows
        self.onlyInsideWindows = onlyInsideWindows
        self.shape = group.profileShape
        let week = (0..<Self.hoursPerWeek).map { group.hourlyFactors[$0 % 24] * group.weekdayFactors[$0 / 24] }
        self.weekFactors = week
        self.interpolates = group.profileShape == .linear && week.contains { $0 != week[0] }
        self.trace = nil
    }

    /// A source that follows a trace's rates.
    package init(trace: TraceRates, group: TenantGroup, startEpoch: Double) {
        self.baseRate = 0
        self.hourlyFactors = group.hourlyFactors
        self.weekdayFactors = group.weekdayFactors
        self.timeZone = group.timeZone
        self.startEpoch = startEpoch
        self.growthPerSecond = 0
        self.windows = []
        self.onlyInsideWindows = false
        self.shape = .step
        self.weekFactors = []
        self.interpolates = false
        self.trace = trace
    }

    /// The linear stretch of rate that starts at `time`: its rate there, its rate just before
    /// it ends, and its end (the next knot).
    ///
    /// - Complexity: O(windows).
    package func segment(at time: Double) -> LoadSegment {
        if let trace { return trace.segment(at: time) }
        let epoch = startEpoch + time
        let offset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: epoch)))
        let local = epoch + offset
        let day = (local / 86_400).rounded(.down)
        let secondOfDay = local - day * 86_400
        let hour = min(23, Int(secondOfDay / 3600))
        // 1970-01-01 was a Thursday; Monday is index 0.
        let weekday = ((Int(day) + 3) % 7 + 7) % 7
        let knotSpacing = interpolates ? 1800.0 : 3600.0
        var end = time + (knotSpacing - local.truncatingRemainder(dividingBy: knotSpacing))
        if end <= time { end = time + knotSpacing }
        for window in windows { end = min(end, window.nextKnot(after: time)) }
        let (factor, endFactor) = windowFactors(from: time, to: end)
        if !interpolates {
            let growth = growthPerSecond == 0 ? 1 : exp(growthPerSecond * time)
            let rate = baseRate * hourlyFactors[hour] * weekdayFactors[weekday] * growth * factor
            let endRate = endFactor == factor ? rate : baseRate * hourlyFactors[hour] * weekdayFactors[weekday] * growth * endFactor
            return LoadSegment(start: time, end: end, rate: rate, endRate: endRate)
        }
        // Between the mid-points of hours `knot` and `knot + 1` of the week, `fraction` of the way.
        let secondOfHour = secondOfDay - Double(hour) * 3600
        let hourOfWeek = weekday * 24 + hour
        let knot = secondOfHour < 1800 ? (hourOfWeek + Self.hoursPerWeek - 1) % Self.hoursPerWeek : hourOfWeek
        let fraction = min(1, max(0, (secondOfHour < 1800 ? secondOfHour + 1800 : secondOfHour - 1800) / 3600))
        let endFraction = min(1, fraction + (end - time) / 3600)
        let from = weekFactors[knot], to = weekFactors[(knot + 1) % Self.hoursPerWeek]
        let growth = growthPerSecond == 0 ? 1 : exp(growthPerSecond * time)
        let endGrowth = growthPerSecond == 0 ? 1 : exp(growthPerSecond * end)
        let rate = baseRate * (from + (to - from) * fraction) * growth * factor
        let endRate = baseRate * (from + (to - from) * endFraction) * endGrowth * endFactor
        return LoadSegment(start: time, end: end, rate: rate, endRate: endRate)
    }

    /// The windows' combined factor at `time` and just before `end`, with no window knot
    /// between them: every window stays on one straight piece.
    private func windowFactors(from time: Double, to end: Double) -> (Double, Double) {
        var factor = onlyInsideWindows ? 0.0 : 1.0
        var endFactor = factor
        for window in windows where time >= window.start && time < window.end {
            let (value, endValue) = window.values(from: time, to: end, outside: onlyInsideWindows ? 0 : 1)
            factor = onlyInsideWindows ? factor + value : factor * value
            endFactor = onlyInsideWindows ? endFactor + endValue : endFactor * endValue
        }
        return (factor, endFactor)
    }

    /// The mean rate over `[0, horizon)`, for reports and analytic estimates.
    ///
    /// - Complexity: O(knots in the horizon × windows).
    package func meanRate(over horizon: Double) -> Double {
        var time = 0.0, area = 0.0
        while time < horizon {
            let segment = segment(at: time)
            let stop = min(segment.end, horizon)
            area += segment.requests(until: stop)
            time = stop
        }
        return horizon > 0 ? area / horizon : 0
    }
}

/// A stretch of time over which a source's rate is linear.
package struct LoadSegment: Sendable, Equatable {
    /// Seconds from the scenario start.
    package var start: Double
    package var end: Double
    /// Requests per second at `start`, and just before `end`.
    package var rate: Double
    package var endRate: Double

    /// The mean rate over the stretch: exactly `rate` when it is constant.
    package var meanRate: Double { rate == endRate ? rate : (rate + endRate) / 2 }

    /// Requests per second at `time`, within the stretch.
    package func rate(at time: Double) -> Double {
        rate == endRate ? rate : rate + (endRate - rate) * (time - start) / (end - start)
    }

    /// Expected requests over `[start, stop)`, `stop` within the stretch.
    package func requests(until stop: Double) -> Double {
        rate == endRate ? rate * (stop - start) : (rate + rate(at: stop)) / 2 * (stop - start)
    }
}

/// A burst as the profile sees it: `[start, end)` with a factor, reached and left linearly.
package struct LoadWindow: Sendable, Equatable {
    /// Seconds from the scenario start.
    package var start: Double
    package var end: Double
    package var factor: Double
    /// Seconds from `start` to the full factor, and from the full factor to `end`.
    package var rampUp: Double
    package var rampDown: Double

    package init(start: Double, end: Double, factor: Double, rampUp: Double = 0, rampDown: Double = 0) {
        self.start = start
        self.end = end
        self.factor = factor
        self.rampUp = rampUp
        self.rampDown = rampDown
    }

    /// The first of the window's edges after `time`, or infinity.
    func nextKnot(after time: Double) -> Double {
        if time < start { return start }
        if time < start + rampUp { return start + rampUp }
        if rampDown > 0 && time < end - rampDown { return end - rampDown }
        return time < end ? end : .infinity
    }

    /// The factor at `time` (inside the window) and just before `end` (on the same piece),
    /// where `outside` is the factor without the window (1, or 0 for a source that exists
    /// only inside its windows).
    func values(from time: Double, to stop: Double, outside: Double) -> (Double, Double) {
        if time < start + rampUp {
            let slope = (factor - outside) / rampUp
            return (outside + slope * (time - start), outside + slope * (stop - start))
        }
        if rampDown > 0 && time >= end - rampDown {
            let slope = (factor - outside) / rampDown
            return (outside + slope * (end - time), outside + slope * (end - stop))
        }
        return (factor, factor)
    }
}
