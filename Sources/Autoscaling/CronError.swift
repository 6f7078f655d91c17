/// Why a cron expression could not be parsed.
///
/// Each case names the field it was found in, so that a scenario error can point at the
/// part of `"0 25 * * 1-5"` that is wrong instead of rejecting the whole string. The wording
/// lives here, in ``description``, and nowhere else (STYLE.md, "Error types with
/// user-facing messages").
public enum CronError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The five fields of a crontab(5) time specification, in order.
    public enum Field: Int, Sendable, CaseIterable {
        case minute, hour, dayOfMonth, month, dayOfWeek

        /// The name used in messages, as crontab(5) spells it.
        public var name: String {
            switch self {
            case .minute: "minute"
            case .hour: "hour"
            case .dayOfMonth: "day-of-month"
            case .month: "month"
            case .dayOfWeek: "day-of-week"
            }
        }
    }

    /// The expression did not split into exactly five whitespace-separated fields.
    case fieldCount(found: Int)
    /// A value that is neither a number nor a name allowed in that field.
    case invalidValue(field: Field, text: String)
    /// A number outside the field's range (day-of-week allows 0–7, both meaning Sunday).
    case outOfRange(field: Field, value: Int, range: ClosedRange<Int>)
    /// A range whose start is after its end ("17-9"); cron does not wrap ranges around.
    case reversedRange(field: Field, low: Int, high: Int)
    /// A step after `/` that is not a positive whole number.
    case invalidStep(field: Field, text: String)
    /// An empty element in a list ("1,,2" or a trailing comma).
    case emptyElement(field: Field, text: String)

    public var description: String {
        switch self {
        case let .fieldCount(found):
            return "expected 5 fields (minute hour day-of-month month day-of-week), found \(found)"
        case let .invalidValue(field, text):
            let names =
                switch field {
                case .month: " or a month name (jan–dec)"
                case .dayOfWeek: " or a weekday name (sun–sat)"
                default: ""
                }
            return "\(field.name): \"\(text)\" is not a number\(names)"
        case let .outOfRange(field, value, range):
            return "\(field.name): \(value) is out of range \(range.lowerBound)–\(range.upperBound)"
        case let .reversedRange(field, low, high):
            return "\(field.name): range \(low)-\(high) runs backwards; write the smaller value first"
        case let .invalidStep(field, text):
            return "\(field.name): step \"\(text)\" must be a positive whole number"
        case let .emptyElement(field, text):
            return "\(field.name): empty list element in \"\(text)\""
        }
    }
}
