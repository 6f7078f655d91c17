import Autoscaling
import DequeModule
import DigitalOceanCatalog
import Foundation
import HeapModule
import Results
import Scenarios
import SimCore
import YAMLSupport

/// The piecewise-constant request rate of one arrival source over simulated time.
///
/// Rates change only at local hour boundaries (hourly and weekday factors, in the group's
/// own time zone) and at burst edges, so arrivals can be drawn exactly by inverting the
/// integrated rate instead of thinning: no rejected draws, and a rate of zero costs nothing.
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
    /// Multiplicative windows: `[start, end)` with a factor.
    package var windows: [(start: Double, end: Double, factor: Double)]
    /// When true the source exists only inside its windows (a single tenant's extra burst load).
    package var onlyInsideWindows: Bool

    package static let secondsPerMonth = Month.averageSeconds

    package init(baseRate: Double, group: TenantGroup, startEpoch: Double, windows: [(start: Double, end: Double, factor: Double)],
         onlyInsideWindows: Bool) {
        self.baseRate = baseRate
        self.hourlyFactors = group.hourlyFactors
        self.weekdayFactors = group.weekdayFactors
        self.timeZone = group.timeZone
        self.startEpoch = startEpoch
        self.growthPerSecond = log1p(group.growthPerMonth) / Self.secondsPerMonth
        self.windows = windows
        self.onlyInsideWindows = onlyInsideWindows
    }

    /// The rate in force from `time` and the time at which it next changes.
    package func segment(at time: Double) -> (rate: Double, end: Double) {
        let epoch = startEpoch + time
        let offset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: epoch)))
        let local = epoch + offset
        let day = (local / 86_400).rounded(.down)
        let secondOfDay = local - day * 86_400
        let hour = min(23, Int(secondOfDay / 3600))
        // 1970-01-01 was a Thursday; Monday is index 0.
        let weekday = ((Int(day) + 3) % 7 + 7) % 7
        var end = time + (3600 - local.truncatingRemainder(dividingBy: 3600))
        if end <= time { end = time + 3600 }
        var factor = onlyInsideWindows ? 0.0 : 1.0
        for window in windows {
            if time >= window.start && time < window.end {
                factor = onlyInsideWindows ? factor + window.factor : factor * window.factor
                end = min(end, window.end)
            } else if window.start > time {
                end = min(end, window.start)
            }
        }
        let growth = growthPerSecond == 0 ? 1 : exp(growthPerSecond * time)
        return (baseRate * hourlyFactors[hour] * weekdayFactors[weekday] * growth * factor, end)
    }

    /// The mean rate over `[0, horizon)`, for reports and analytic estimates.
    package func meanRate(over horizon: Double) -> Double {
        var time = 0.0, area = 0.0
        while time < horizon {
            let (rate, end) = segment(at: time)
            let stop = min(end, horizon)
            area += rate * (stop - time)
            time = stop
        }
        return horizon > 0 ? area / horizon : 0
    }
}

/// A non-homogeneous Poisson process drawn by inverting the integrated rate of a profile.
package struct ArrivalProcess: Sendable {
    package let profile: LoadProfile
    private var segmentRate: Double
    private var segmentEnd: Double

    package init(profile: LoadProfile) {
        self.profile = profile
        let first = profile.segment(at: 0)
        segmentRate = first.rate
        segmentEnd = first.end
    }

    /// The next arrival after `time`, or `nil` past `horizon`. The unit-rate exponential is
    /// spent across segments, which keeps the process exact at every rate change.
    package mutating func next(after time: Double, horizon: Double, unitExponential: Double) -> Double? {
        var remaining = unitExponential
        var now = time
        while now < horizon {
            if now >= segmentEnd {
                let segment = profile.segment(at: now)
                segmentRate = segment.rate
                segmentEnd = segment.end
            }
            let span = segmentEnd - now
            if segmentRate > 0 && remaining <= segmentRate * span {
                let arrival = now + remaining / segmentRate
                return arrival < horizon ? arrival : nil
            }
            remaining -= segmentRate * span
            now = segmentEnd
        }
        return nil
    }
}
