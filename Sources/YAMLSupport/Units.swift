import Foundation
import SimCore
import Yams

/// Parses the unit-carrying quantities that scenario files use.
///
/// Units are required on durations and rates because a bare `300` is ambiguous
/// (milliseconds? seconds?) and a misread unit silently changes a capacity plan by
/// three orders of magnitude. The one exception is `0`, which means the same in any unit.
public enum Units {
    /// Seconds per unit suffix, longest suffixes first so `ms` wins over `m`.
    package static let durationUnits: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("us", 0.000_001), ("µs", 0.000_001),
        ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800),
    ]

    /// Reads `250ms`, `30s`, `5m`, `2h`, `7d`, or compounds such as `1d12h` or `1h30m`.
    public static func seconds(from text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let zero = Double(trimmed), zero == 0 { return 0 }
        var rest = Substring(trimmed)
        var total = 0.0
        var sawPart = false
        while !rest.isEmpty {
            let numberEnd = rest.firstIndex(where: { !($0.isNumber || $0 == ".") }) ?? rest.endIndex
            guard numberEnd != rest.startIndex, let value = Double(rest[..<numberEnd]) else { return nil }
            rest = rest[numberEnd...]
            let unitEnd = rest.firstIndex(where: { $0.isNumber || $0 == "." }) ?? rest.endIndex
            let unit = String(rest[..<unitEnd])
            guard let match = durationUnits.first(where: { $0.suffix == unit }) else { return nil }
            total += value * match.seconds
            rest = rest[unitEnd...]
            sawPart = true
        }
        return sawPart && total.isFinite ? total : nil
    }

    /// Reads `15/s`, `900/m`, `40/h`, `1000/d`: events per second.
    public static func perSecond(from text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let count = Double(parts[0].trimmingCharacters(in: .whitespaces)), count.isFinite else { return nil }
        let unit = parts[1].trimmingCharacters(in: .whitespaces)
        let seconds: Double
        switch unit {
        case "s", "sec", "second": seconds = 1
        case "m", "min", "minute": seconds = 60
        case "h", "hour": seconds = 3600
        case "d", "day": seconds = 86_400
        default:
            guard let parsed = Units.seconds(from: unit), parsed > 0 else { return nil }
            seconds = parsed
        }
        return count / seconds
    }

    /// Reads `49/month`, `588/year` or a bare `49`: US dollars per billing month (a year is
    /// twelve months). Revenue is quoted per month by SaaS plans, so the bare number means
    /// that.
    public static func usdPerMonth(from text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let amountText = parts[0].trimmingCharacters(in: .whitespaces)
        let amount = Double(amountText.hasPrefix("$") ? String(amountText.dropFirst()) : amountText)
        guard let amount, amount.isFinite, parts.count <= 2 else { return nil }
        guard parts.count == 2 else { return amount }
        switch parts[1].trimmingCharacters(in: .whitespaces) {
        case "month", "mo": return amount
        case "year", "yr": return amount / 12
        default: return nil
        }
    }

    /// Reads `512KiB`, `256MiB`, `1.5GiB` or `2TiB`: bytes, or nil without a binary unit.
    public static func bytes(from text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (suffix, scale) in [("KiB", 1024.0), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("TiB", 1_099_511_627_776)]
        where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)),
                  value >= 0, value.isFinite else { return nil }
            return value * scale
        }
        return nil
    }

    /// Reads `0.1%` as 0.001, or a plain fraction such as `0.001`.
    public static func fraction(from text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            return Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 }
        }
        return Double(trimmed)
    }

    /// Formats seconds the way scenario files write them, for messages and reports: the
    /// largest unit that divides the value exactly (`1h`, not `60m`), else the nearest one.
    public static func describe(seconds: Double) -> String {
        guard seconds.isFinite else { return "\(seconds)s" }
        if seconds == 0 { return "0s" }
        if seconds >= 60 {
            for (suffix, unit) in [("d", 86_400.0), ("h", 3600.0), ("m", 60.0)]
            where seconds.truncatingRemainder(dividingBy: unit) == 0 {
                return "\(trim(seconds / unit))\(suffix)"
            }
        }
        if seconds < 1 { return "\(trim(seconds * 1000))ms" }
        if seconds < 120 { return "\(trim(seconds))s" }
        if seconds < 7200 { return "\(trim(seconds / 60))m" }
        if seconds < 172_800 { return "\(trim(seconds / 3600))h" }
        return "\(trim(seconds / 86_400))d"
    }

    /// A number with at most three decimals, without a trailing `.0`; very large or small
    /// magnitudes in exponent form. Never traps, whatever the value (an `Int` conversion of
    /// 1e19 would).
    public static func trim(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let magnitude = Swift.abs(value)
        if magnitude >= 1e15 || (magnitude > 0 && magnitude < 0.0005) { return String(format: "%.6g", value) }
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
