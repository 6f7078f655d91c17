import Foundation
import Results

/// The time axis of the per-minute charts: minutes since the start, labelled in the
/// scenario's local time.
///
/// An SRE reads "Tuesday 09:00" faster than "minute 1,980", and the load profiles are
/// written in local hours, so ticks fall on whole local hours or local midnights (across
/// a daylight-saving change too: the calendar, not arithmetic on seconds, decides where
/// a local hour starts). Runs that do not share a start are overlaid on elapsed time
/// instead, labelled "+6 h", "+2 d".
struct TimeAxis: Sendable {
    /// Where minute 0 is, and how its ticks are labelled.
    enum Clock: Sendable {
        case local(start: Date, zone: TimeZone, zoneName: String)
        case elapsed
    }

    let clock: Clock
    /// Minutes the axis spans.
    let minutes: Double
    /// The warm-up at the start, in minutes, shaded on the charts.
    let warmupMinutes: Double

    /// Local time from a run's setup; elapsed time when its start or zone cannot be read.
    init(setup: RunSummary.Setup, minutes: Double) {
        self.minutes = max(minutes, 1)
        warmupMinutes = setup.warmupSeconds / 60
        if let zone = TimeZone(identifier: setup.timeZone),
           let start = RunSummary.Setup.isoFormatter(zone).date(from: setup.start) {
            clock = .local(start: start, zone: zone, zoneName: setup.timeZone)
        } else {
            clock = .elapsed
        }
    }

    /// The axis shared by several runs: local time when they all start at the same instant
    /// in the same zone, elapsed time otherwise.
    init(setups: [RunSummary.Setup], minutes: Double) {
        let first = setups.first.map { TimeAxis(setup: $0, minutes: minutes) }
        let shared = setups.allSatisfy { $0.start == setups.first?.start && $0.timeZone == setups.first?.timeZone }
        self.minutes = max(minutes, 1)
        warmupMinutes = setups.map(\.warmupSeconds).max().map { $0 / 60 } ?? 0
        clock = shared ? (first?.clock ?? .elapsed) : .elapsed
    }

    /// The axis title, with the zone and its offset at the start: "Local time, Europe/Berlin (UTC+01:00)".
    var title: String {
        switch clock {
        case let .local(start, zone, zoneName):
            let offset = zone.secondsFromGMT(for: start)
            let sign = offset < 0 ? "−" : "+"
            let hours = abs(offset) / 3600
            let minutesPart = abs(offset) % 3600 / 60
            let text = "UTC\(sign)\(hours < 10 ? "0" : "")\(hours):\(minutesPart < 10 ? "0" : "")\(minutesPart)"
            return "Local time, \(zoneName) (\(text) at the start)"
        case .elapsed:
            return "Time since the start"
        }
    }

    /// One tick: where, its label's lines, and whether it starts a day (drawn darker).
    struct Tick: Equatable {
        var minute: Double
        var lines: [String]
        var major: Bool
    }

    /// The steps a tick may take, in minutes, finest first.
    private static let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080]

    /// Ticks at whole local steps, at most about `maximum` of them.
    func ticks(maximum: Int = 12) -> [Tick] {
        let step = Self.steps.first { minutes / $0 <= Double(maximum) } ?? (minutes / Double(maximum)).rounded(.up)
        // Candidates are walked at the finest grid every zone's offset respects (a
        // quarter hour) or, below it, at the step itself.
        let grain = step < 15 ? step : 15
        let (start, calendar) = calendarAndStart
        var ticks: [Tick] = []
        let firstGrain = (start.timeIntervalSinceReferenceDate / 60 / grain).rounded(.up) * grain
        var absolute = firstGrain
        let end = start.timeIntervalSinceReferenceDate / 60 + minutes
        var lastDay: Int?
        while absolute <= end + 1e-9 {
            let date = Date(timeIntervalSinceReferenceDate: absolute * 60)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
            let hour = parts.hour ?? 0
            let minute = parts.minute ?? 0
            let minuteOfDay = Double(hour * 60 + minute)
            let startOfDay = minuteOfDay == 0
            let aligned: Bool
            if step < 1440 {
                aligned = minuteOfDay.truncatingRemainder(dividingBy: step) == 0
            } else {
                let dayNumber = Int((calendar.startOfDay(for: date).timeIntervalSince(calendar.startOfDay(for: start)) / 86_400).rounded())
                aligned = startOfDay && dayNumber % Int(step / 1440) == 0
            }
            if aligned {
                let offset = absolute - start.timeIntervalSinceReferenceDate / 60
                let dayKey = (parts.year ?? 0) * 1000 + (parts.month ?? 0) * 40 + (parts.day ?? 0)
                ticks.append(Tick(minute: offset, lines: label(parts, offset: offset, step: step, newDay: lastDay != dayKey), major: startOfDay))
                lastDay = dayKey
            }
            absolute += grain
        }
        return ticks
    }

    /// A moment as people read it: "Tue 1 Dec 09:14" in local time, "+1 h 14 min" elapsed.
    func describe(minute: Double) -> String {
        guard case let .local(start, _, _) = clock else {
            let whole = Int(minute.rounded(.down))
            return whole < 60 ? "+\(whole) min" : "+\(whole / 60) h \(whole % 60) min"
        }
        let (_, calendar) = calendarAndStart
        let parts = calendar.dateComponents([.month, .day, .hour, .minute, .weekday], from: start.addingTimeInterval(minute * 60))
        let hour = parts.hour ?? 0
        let minutePart = parts.minute ?? 0
        return "\(Self.weekdays[((parts.weekday ?? 1) - 1) % 7]) \(parts.day ?? 1) \(Self.months[((parts.month ?? 1) - 1) % 12]) "
            + "\(hour < 10 ? "0" : "")\(hour):\(minutePart < 10 ? "0" : "")\(minutePart)"
    }

    private var calendarAndStart: (Date, Calendar) {
        var calendar = Calendar(identifier: .gregorian)
        switch clock {
        case let .local(start, zone, _):
            calendar.timeZone = zone
            return (start, calendar)
        case .elapsed:
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return (Date(timeIntervalSinceReferenceDate: 0), calendar)
        }
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "09:00" under "Tue 1 Dec" on the first tick of each day; "Tue 1 Dec" alone for
    /// day steps. Elapsed: "+6 h", "+2 d".
    private func label(_ parts: DateComponents, offset: Double, step: Double, newDay: Bool) -> [String] {
        let hour = parts.hour ?? 0
        let minute = parts.minute ?? 0
        if case .elapsed = clock {
            let whole = Int(offset.rounded())
            if step >= 1440 { return ["+\(whole / 1440) d"] }
            if whole < 60 { return ["+\(whole) min"] }
            return ["+\(whole / 60) h" + (whole % 60 == 0 ? "" : " \(whole % 60) min")]
        }
        let day = "\(Self.weekdays[((parts.weekday ?? 1) - 1) % 7]) \(parts.day ?? 1) \(Self.months[((parts.month ?? 1) - 1) % 12])"
        if step >= 1440 { return [day] }
        let time = "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
        return newDay ? [time, day] : [time]
    }
}
