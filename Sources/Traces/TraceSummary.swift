import YAMLSupport

/// The numbers `capsim trace import` prints about a trace, each defined so that two traces
/// can be compared.
///
/// Rates count intervals with data only (a gap is missing data, not zero traffic).
/// Seasonality strength is the share of the variance of *hourly* request counts explained by
/// the mean of their local hour of the day (daily) or of the week (weekly): 1 − Σ(x − m_h)² /
/// Σ(x − x̄)² over complete local hours (every interval with data), which is 0 when the hour
/// tells nothing and 1 when it tells everything. Hourly counts are used because at one
/// second Poisson noise hides any cycle. A strength is `nil` unless every hour of the
/// day (week) occurs at least twice: with one week of data each hour of the week occurs once
/// and "explains" everything by construction.
public struct TraceSummary: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var resolution: Double
    public var intervals: Int
    public var gapCount: Int
    /// Seconds without data, and the longest gap as (start, seconds).
    public var gapSeconds: Double
    public var longestGap: (start: Double, seconds: Double)?
    public var totalRequests: Double
    /// Requests per second over the intervals with data.
    public var meanRate: Double
    /// The busiest interval's rate, requests per second, and its start.
    public var peakRate: Double
    public var peakStart: Double
    public var peakToMean: Double
    public var dailyStrength: Double?
    public var weeklyStrength: Double?
    /// The busiest intervals, at most one per local hour, busiest first: (start, requests per second).
    public var bursts: [(start: Double, rate: Double)]
    public var tenants: Int
    public var timeZone: TraceTimeZone

    /// `3d 10h 27m`: days, hours, minutes and seconds, zeros left out.
    public static func duration(_ seconds: Double) -> String {
        var rest = Int(seconds.rounded())
        if rest == 0 { return "0s" }
        var parts: [String] = []
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        return parts.joined(separator: " ")
    }

    /// How many bursts are listed.
    public static let burstCount = 5

    public static func == (a: Self, b: Self) -> Bool { a.description == b.description }

    /// - Complexity: O(intervals + intervals × log bursts).
    public init(_ trace: LoadTrace) {
        start = trace.start
        end = trace.end
        resolution = trace.resolution
        intervals = trace.counts.count
        gapCount = trace.gaps.count
        gapSeconds = Double(trace.gapIntervals) * trace.resolution
        let longest = trace.gaps.max { $0.count < $1.count }
        longestGap = longest.map { (trace.start + Double($0.lowerBound) * trace.resolution, Double($0.count) * trace.resolution) }
        totalRequests = trace.total
        let dataSeconds = Double(trace.counts.count - trace.gapIntervals) * trace.resolution
        meanRate = dataSeconds > 0 ? totalRequests / dataSeconds : 0
        let peakIndex = trace.counts.indices.max { trace.counts[$0] < trace.counts[$1] } ?? 0
        peakRate = trace.counts.isEmpty ? 0 : trace.counts[peakIndex] / trace.resolution
        peakStart = trace.start + Double(peakIndex) * trace.resolution
        peakToMean = meanRate > 0 ? peakRate / meanRate : 0
        tenants = trace.tenants.count
        timeZone = trace.timeZone
        let hours = Self.localHours(trace)
        dailyStrength = Self.strength(hours, period: 24)
        weeklyStrength = Self.strength(hours, period: 168)
        var byHour: [Int: (start: Double, count: Double)] = [:]
        for (index, count) in trace.counts.enumerated() where count > 0 {
            let time = trace.start + Double(index) * trace.resolution
            let hour = Int(((time + Double(trace.timeZone.offset(atEpoch: time))) / 3600).rounded(.down))
            if count > byHour[hour]?.count ?? 0 { byHour[hour] = (time, count) }
        }
        bursts = byHour.values.sorted { $0.count > $1.count || ($0.count == $1.count && $0.start < $1.start) }
            .prefix(Self.burstCount).map { ($0.start, $0.count / trace.resolution) }
    }

    /// Complete local hours as (hour of the week, Monday 00h = 0; requests).
    static func localHours(_ trace: LoadTrace) -> [(hourOfWeek: Int, count: Double)] {
        guard trace.resolution <= 3600, 3600.truncatingRemainder(dividingBy: trace.resolution) == 0 else { return [] }
        var sums: [Int: (count: Double, parts: Int, complete: Bool)] = [:]
        for index in trace.counts.indices {
            let time = trace.start + Double(index) * trace.resolution
            let hour = Int(((time + Double(trace.timeZone.offset(atEpoch: time))) / 3600).rounded(.down))
            var entry = sums[hour] ?? (0, 0, true)
            entry.count += trace.counts[index]
            entry.parts += 1
            if !trace.hasData(at: index) { entry.complete = false }
            sums[hour] = entry
        }
        let parts = Int(3600 / trace.resolution)
        return sums.filter { $0.value.complete && $0.value.parts == parts }.sorted { $0.key < $1.key }.map { hour, entry in
            // Hour 0 of 1970-01-01 was a Thursday 00h: Monday 00h is 72 hours later in the week.
            (((hour + 72) % 168 + 168) % 168, entry.count)
        }
    }

    static func strength(_ hours: [(hourOfWeek: Int, count: Double)], period: Int) -> Double? {
        var sums = [Double](repeating: 0, count: period), seen = [Int](repeating: 0, count: period)
        for hour in hours { sums[hour.hourOfWeek % period] += hour.count; seen[hour.hourOfWeek % period] += 1 }
        guard seen.allSatisfy({ $0 >= 2 }) else { return nil }
        let mean = hours.reduce(0) { $0 + $1.count } / Double(hours.count)
        var total = 0.0, within = 0.0
        for hour in hours {
            let slot = hour.hourOfWeek % period
            total += (hour.count - mean) * (hour.count - mean)
            let slotMean = sums[slot] / Double(seen[slot])
            within += (hour.count - slotMean) * (hour.count - slotMean)
        }
        return total > 0 ? 1 - within / total : 0
    }
}

extension TraceSummary: CustomStringConvertible {
    /// The summary as printed by `capsim trace import`, one fact a line.
    public var description: String {
        func time(_ seconds: Double) -> String { TraceTime.format(seconds, in: timeZone) }
        func rate(_ value: Double) -> String { Units.trim((value * 1000).rounded() / 1000) + "/s" }
        func share(_ value: Double?, _ why: String) -> String { value.map { Units.trim(($0 * 1000).rounded() / 1000) } ?? "n/a (\(why))" }
        var lines = [
            "span: \(time(start)) to \(time(end)) (\(TraceSummary.duration(end - start)), \(intervals) intervals of \(Units.trim(resolution))s, \(timeZone))",
            "gaps: " + (gapCount == 0 ? "none" : "\(gapCount) (\(TraceSummary.duration(gapSeconds)) without data; longest \(TraceSummary.duration(longestGap!.seconds)) from \(time(longestGap!.start)))"),
            "requests: \(Units.trim(totalRequests))" + (tenants > 0 ? " from \(tenants) tenant\(tenants == 1 ? "" : "s")" : ""),
            "mean rate: \(rate(meanRate))",
            "peak rate: \(rate(peakRate)) at \(time(peakStart)) (peak-to-mean \(Units.trim((peakToMean * 100).rounded() / 100)))",
            "daily seasonality strength: \(share(dailyStrength, "needs every hour of the day twice"))",
            "weekly seasonality strength: \(share(weeklyStrength, "needs two full weeks"))",
            "largest bursts:",
        ]
        for burst in bursts {
            lines.append("  \(time(burst.start))  \(rate(burst.rate))  (\(Units.trim((burst.rate / max(meanRate, .leastNonzeroMagnitude) * 100).rounded() / 100))× mean)")
        }
        return lines.joined(separator: "\n")
    }
}
