import Foundation

/// A five-field cron time specification (minute hour day-of-month month day-of-week), as
/// Vixie cron reads it (crontab(5), "Vixie cron" 4.1, and its descendant cronie).
///
/// The grammar of each field: `*`, a number, a name (months `jan`–`dec`, weekdays
/// `sun`–`sat`, any case), a range `a-b`, a step over `*`, over a range or from a number
/// (`*/15`, `9-17/2`, `5/10` meaning 5 through the field's maximum every 10), and
/// comma-separated lists of these. Day-of-week takes 0–7, where both 0 and 7 are Sunday.
///
/// The day rule is crontab(5)'s: when both day-of-month and day-of-week are restricted, a
/// day matches if *either* matches ("0 0 1 * 1" runs on the 1st and on every Monday);
/// otherwise both must. As in Vixie cron's `entry.c`, a field counts as unrestricted when
/// it starts with `*`, so `*/2` in day-of-month leaves the day-of-week field in charge.
///
/// Each field is a bit set, so a match is five mask tests. The type does not know about
/// time zones until ``firings(from:through:in:)`` is asked for instants.
///
/// ## Topics
/// - Parsing: ``init(parsing:)``, ``CronError``
/// - Matching: ``matches(minute:hour:day:month:weekday:)``, ``matches(_:in:)``
/// - Instants: ``firings(from:through:in:)``
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written, kept for scale-event reasons ("schedule 0 18 * * 1-5").
    public let expression: String
    private let minutes: UInt64
    private let hours: UInt64
    private let daysOfMonth: UInt64
    private let months: UInt64
    /// Bits 0–6, Sunday = 0; a parsed 7 is folded into bit 0.
    private let weekdays: UInt64
    private let dayOfMonthRestricted: Bool
    private let dayOfWeekRestricted: Bool

    /// Parses a five-field expression; fields are separated by any run of spaces or tabs.
    /// - Throws: ``CronError``, naming the field at fault.
    /// - Complexity: O(length of `expression`).
    public init(parsing expression: String) throws(CronError) {
        let fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else { throw .fieldCount(found: fields.count) }
        self.expression = fields.joined(separator: " ")
        minutes = try Self.parse(fields[0], as: .minute)
        hours = try Self.parse(fields[1], as: .hour)
        daysOfMonth = try Self.parse(fields[2], as: .dayOfMonth)
        months = try Self.parse(fields[3], as: .month)
        var weekdays = try Self.parse(fields[4], as: .dayOfWeek)
        if weekdays & (1 << 7) != 0 { weekdays = (weekdays | 1) & ~(1 << 7) }
        self.weekdays = weekdays
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    public var description: String { expression }

    /// Whether any date matches at all: `0 0 31 2 *` (February 31st) or `0 0 31 4,6 *`
    /// never does, and a scheduled action that never fires is surely a mistake. February
    /// counts 29 days, so a leap-day schedule can fire.
    /// - Complexity: O(12 × 31) bit tests.
    public var canFire: Bool {
        // With day-of-week restricted too, any matching weekday fires (the OR rule), and
        // every weekday occurs in every month.
        guard dayOfMonthRestricted && !dayOfWeekRestricted else { return true }
        let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for month in 1...12 where Self.contains(months, month) {
            for day in 1...longest[month - 1] where Self.contains(daysOfMonth, day) { return true }
        }
        return false
    }

    /// Whether a wall-clock minute matches. `weekday` counts from Sunday = 0 (7 is also
    /// accepted as Sunday); `day` and `month` count from 1.
    /// - Complexity: O(1).
    public func matches(minute: Int, hour: Int, day: Int, month: Int, weekday: Int) -> Bool {
        Self.contains(minutes, minute) && Self.contains(hours, hour) && Self.contains(months, month)
            && matchesDay(day: day, weekday: weekday % 7)
    }

    /// Whether the wall-clock minute holding `date` in `timeZone` matches.
    ///
    /// The reference implementation that ``firings(from:through:in:)`` must agree with: it
    /// asks Foundation's Gregorian calendar for the local components of one instant.
    /// - Complexity: one `Calendar.dateComponents` call.
    public func matches(_ date: Date, in timeZone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: date)
        return matches(minute: c.minute!, hour: c.hour!, day: c.day!, month: c.month!, weekday: c.weekday! - 1)
    }

    /// Every whole-minute instant in [`start`, `end`] whose local wall-clock time in
    /// `timeZone` matches, in increasing order.
    ///
    /// The rule is "walk the UTC minutes and convert each to local time", which is what a
    /// cron daemon ticking once a minute would do if it never ran a missed job. Hence
    /// across daylight-saving changes: a local time skipped by a spring-forward (02:30 in
    /// Europe/Berlin on 2026-03-29) does not fire at all, and a local time repeated by a
    /// fall-back fires twice, once per offset. Vixie cron instead runs skipped jobs once
    /// and repeated ones once; we prefer the literal rule because it is easy to state and
    /// to check, and a scheduled scaling action that fires twice sets the same values
    /// twice, which is harmless.
    ///
    /// Rather than convert each of the ~30,000 minutes of three weeks, the range is split
    /// into stretches of constant UTC offset (found by probing every six hours and bisecting
    /// to the minute where the offset changes), and within a stretch the calendar is asked
    /// once per local day; hours and minutes are then read off the bit sets. This assumes
    /// at most one offset change per six hours, true of every zone in the tz database.
    /// - Complexity: O(days + firings) calendar and arithmetic work, plus O(days / 0.25 +
    ///   log 360 per offset change) `secondsFromGMT` look-ups.
    public func firings(from start: Date, through end: Date, in timeZone: TimeZone) -> [Date] {
        // Work in whole UTC minutes since 1970.
        let first = Int((start.timeIntervalSince1970 / 60).rounded(.up))
        let last = Int((end.timeIntervalSince1970 / 60).rounded(.down))
        guard first <= last else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        var result: [Date] = []
        for stretch in Self.constantOffsetStretches(first: first, last: last, in: timeZone) {
            appendFirings(in: stretch, calendar: calendar, to: &result)
        }
        return result
    }

    // MARK: - Private

    private func matchesDay(day: Int, weekday: Int) -> Bool {
        let dayOfMonth = Self.contains(daysOfMonth, day)
        let dayOfWeek = Self.contains(weekdays, weekday)
        // crontab(5): "If both fields are restricted (i.e., don't start with *), the
        // command will be run when either field matches the current time."
        return dayOfMonthRestricted && dayOfWeekRestricted ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek
    }

    private static func contains(_ set: UInt64, _ value: Int) -> Bool {
        value >= 0 && value < 64 && set & (1 << UInt64(value)) != 0
    }

    /// UTC minutes `first...last` during which `offset` (seconds east of UTC) holds.
    private struct Stretch {
        var first: Int
        var last: Int
        var offset: Int
    }

    private static func constantOffsetStretches(first: Int, last: Int, in timeZone: TimeZone) -> [Stretch] {
        func offset(_ minute: Int) -> Int {
            timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(minute) * 60))
        }
        let probe = 6 * 60
        var stretches: [Stretch] = []
        var stretchStart = first
        var current = offset(first)
        var known = first  // the last minute known to have offset `current`
        while known < last {
            let next = min(known + probe, last)
            if offset(next) == current {
                known = next
                continue
            }
            // Bisect for the first minute after `known` with another offset.
            var (low, high) = (known, next)
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if offset(middle) == current { low = middle } else { high = middle }
            }
            stretches.append(Stretch(first: stretchStart, last: low, offset: current))
            stretchStart = high
            current = offset(high)
            known = high
        }
        stretches.append(Stretch(first: stretchStart, last: last, offset: current))
        return stretches
    }

    private func appendFirings(in stretch: Stretch, calendar: Calendar, to result: inout [Date]) {
        // Local wall-clock seconds, as if the zone were UTC with this fixed offset.
        let localFirst = stretch.first * 60 + stretch.offset
        let localLast = stretch.last * 60 + stretch.offset
        let secondsPerDay = 86_400
        var day = Self.floorDivide(localFirst, secondsPerDay)
        let lastDay = Self.floorDivide(localLast, secondsPerDay)
        while day <= lastDay {
            defer { day += 1 }
            let midnight = day * secondsPerDay
            let c = calendar.dateComponents(
                [.day, .month, .weekday], from: Date(timeIntervalSince1970: Double(midnight)))
            guard Self.contains(months, c.month!), matchesDay(day: c.day!, weekday: c.weekday! - 1) else { continue }
            for hour in 0..<24 where Self.contains(hours, hour) {
                for minute in 0..<60 where Self.contains(minutes, minute) {
                    let local = midnight + hour * 3600 + minute * 60
                    // The UTC minute whose local time falls in this local minute; for an
                    // offset that is not whole minutes (local mean time before ~1900) it
                    // is the first UTC minute inside it.
                    let utcMinute = Self.floorDivide(local - stretch.offset + 59, 60)
                    guard utcMinute >= stretch.first, utcMinute <= stretch.last else { continue }
                    result.append(Date(timeIntervalSince1970: Double(utcMinute) * 60))
                }
            }
        }
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    // MARK: - Parsing

    private static func range(of field: CronError.Field) -> ClosedRange<Int> {
        switch field {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// One field: a comma-separated list of `*`, `a`, `a-b`, each optionally `/step`.
    private static func parse(_ text: String, as field: CronError.Field) throws(CronError) -> UInt64 {
        let bounds = range(of: field)
        var set: UInt64 = 0
        for element in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !element.isEmpty else { throw .emptyElement(field: field, text: text) }
            let parts = element.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let base = parts[0]
            var step = 1
            if parts.count == 2 {
                guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(parts[1]), value > 0 else {
                    throw .invalidStep(field: field, text: String(parts[1]))
                }
                step = value
            }
            let low: Int
            let high: Int
            if base == "*" {
                (low, high) = (bounds.lowerBound, bounds.upperBound)
            } else if let dash = base.firstIndex(of: "-") {
                low = try value(base[..<dash], in: field)
                high = try value(base[base.index(after: dash)...], in: field)
                guard low <= high else { throw .reversedRange(field: field, low: low, high: high) }
            } else {
                low = try value(base, in: field)
                // crontab(5) in cronie: "a/n" runs from a to the field's maximum (7 for
                // day-of-week, as cronie's own table has it; 7 folds into Sunday).
                high = parts.count == 2 ? bounds.upperBound : low
            }
            for v in stride(from: low, through: high, by: step) { set |= 1 << UInt64(v) }
        }
        return set
    }

    private static func value(_ text: Substring, in field: CronError.Field) throws(CronError) -> Int {
        let names: [String] =
            switch field {
            case .month: monthNames
            case .dayOfWeek: weekdayNames
            default: []
            }
        if let index = names.firstIndex(of: text.lowercased()) {
            return field == .month ? index + 1 : index
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
            throw .invalidValue(field: field, text: String(text))
        }
        let bounds = range(of: field)
        guard bounds.contains(number) else { throw .outOfRange(field: field, value: number, range: bounds) }
        return number
    }
}
