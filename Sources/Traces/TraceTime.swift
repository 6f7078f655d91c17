import Foundation

/// Civil dates and times as seconds since 1970, without Foundation's formatters.
///
/// Traces hold millions of timestamps: `DateFormatter` costs microseconds each and depends
/// on the process locale, while this arithmetic (Howard Hinnant's `days_from_civil`,
/// http://howardhinnant.github.io/date_algorithms.html) is exact for the proleptic Gregorian
/// calendar and allocates nothing.
public enum TraceTime {
    /// Days from 1970-01-01 to the given civil date.
    ///
    /// - Complexity: O(1).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count from 1970-01-01.
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// A parsed timestamp: local civil seconds since 1970 and the UTC offset written with it,
    /// if any.
    public struct Parsed: Sendable, Equatable {
        /// The civil time as if it were UTC, in seconds since 1970, fractions kept.
        public var localSeconds: Double
        /// Seconds east of UTC written in the text (`Z`, `+02:00`, `-0400`), or `nil`.
        public var offsetSeconds: Int?
    }

    /// Parses `YYYY-MM-DD[T| ]HH:MM[:SS[.fff…]][Z|±HH[:]MM]`: ISO 8601 and the forms CSV
    /// exports use (NAB's `2014-04-10 00:04:00`, Azure's seven fractional digits).
    ///
    /// - Returns: `nil` when the text is not such a timestamp or names an impossible date.
    /// - Complexity: O(length of the text).
    public static func parse<S: StringProtocol>(_ text: S) -> Parsed? {
        var bytes = ByteCursor(Array(text.utf8))
        guard let year = bytes.digits(4), bytes.take(UInt8(ascii: "-")),
              let month = bytes.digits(2), bytes.take(UInt8(ascii: "-")),
              let day = bytes.digits(2), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        guard bytes.take(UInt8(ascii: "T")) || bytes.take(UInt8(ascii: " ")),
              let hour = bytes.digits(2), hour < 24, bytes.take(UInt8(ascii: ":")), let minute = bytes.digits(2), minute < 60
        else { return nil }
        var second = 0.0
        if bytes.take(UInt8(ascii: ":")) {
            guard let whole = bytes.digits(2), whole < 61 else { return nil }
            second = Double(whole)
            if bytes.take(UInt8(ascii: ".")) {
                var scale = 0.1
                var any = false
                while let digit = bytes.digit() {
                    second += Double(digit) * scale
                    scale /= 10
                    any = true
                }
                if !any { return nil }
            }
        }
        var offset: Int?
        if bytes.take(UInt8(ascii: "Z")) {
            offset = 0
        } else if let sign = bytes.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            bytes.advance()
            guard let hours = bytes.digits(2), hours <= 18 else { return nil }
            _ = bytes.take(UInt8(ascii: ":"))
            guard let minutes = bytes.digits(2), minutes < 60 else { return nil }
            offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        guard bytes.atEnd else { return nil }
        let local = Double(days(year: year, month: month, day: day)) * 86_400 + Double(hour * 3600 + minute * 60) + second
        return Parsed(localSeconds: local, offsetSeconds: offset)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2026-12-04T10:00:00-04:00`: whole seconds with the zone's offset at that instant.
    public static func format(_ epochSeconds: Double, in zone: TraceTimeZone) -> String {
        let whole = Int(epochSeconds.rounded(.down))
        let offset = zone.offset(atEpoch: epochSeconds)
        let local = whole + offset
        let day = Int((Double(local) / 86_400).rounded(.down))
        let secondOfDay = local - day * 86_400
        let (y, m, d) = civil(days: day)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + formatOffset(offset)
    }

    /// `+00:00`, `-04:00`.
    public static func formatOffset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return "\(sign)\(pad(magnitude / 3600, 2)):\(pad(magnitude / 60 % 60, 2))"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// A time zone for a trace: a fixed UTC offset (`-04:00`, what a log line carries) or an IANA
/// name (`America/New_York`, whose offset changes with daylight saving time).
public enum TraceTimeZone: Sendable, Equatable, CustomStringConvertible {
    case fixed(secondsEast: Int)
    case named(String)

    /// Reads `UTC`, `Z`, `+HH:MM`, `-HHMM`, `UTC-4`, `UTC+05:30` or an IANA name.
    public init?(_ text: String) {
        var body = Substring(text)
        if body == "UTC" || body == "Z" || body == "GMT" { self = .fixed(secondsEast: 0); return }
        if body.hasPrefix("UTC") { body = body.dropFirst(3) }
        if let sign = body.first, sign == "+" || sign == "-" {
            let digits = body.dropFirst().replacingOccurrences(of: ":", with: "")
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
            let (hours, minutes) = digits.count <= 2 ? (value, 0) : (value / 100, value % 100)
            guard hours <= 18, minutes < 60 else { return nil }
            self = .fixed(secondsEast: (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
            return
        }
        guard text.contains("/"), TimeZone(identifier: text) != nil else { return nil }
        self = .named(text)
    }

    /// Seconds east of UTC at an instant.
    public func offset(atEpoch seconds: Double) -> Int {
        switch self {
        case let .fixed(east): return east
        case let .named(name): return TimeZone(identifier: name)?.secondsFromGMT(for: Date(timeIntervalSince1970: seconds)) ?? 0
        }
    }

    /// The instant of a local civil time (seconds since 1970 as if UTC). In a named zone's
    /// repeated hour the earlier instant is taken; in its skipped hour, the offset before it.
    public func epoch(ofLocal local: Double) -> Double {
        switch self {
        case let .fixed(east): return local - Double(east)
        case .named:
            let first = local - Double(offset(atEpoch: local))
            let second = local - Double(offset(atEpoch: first))
            return min(first, second)
        }
    }

    /// Foundation's zone, for the model's calendar arithmetic.
    public var foundation: TimeZone {
        switch self {
        case let .fixed(east): return TimeZone(secondsFromGMT: east) ?? TimeZone(identifier: "UTC")!
        case let .named(name): return TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")!
        }
    }

    public var description: String {
        switch self {
        case let .fixed(east): return east == 0 ? "UTC" : "UTC" + TraceTime.formatOffset(east)
        case let .named(name): return name
        }
    }
}

/// Reads ASCII digits and punctuation from a byte array.
struct ByteCursor {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func advance() { index += 1 }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int? {
        guard let byte = peek(), byte >= 48, byte <= 57 else { return nil }
        index += 1
        return Int(byte - 48)
    }

    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
