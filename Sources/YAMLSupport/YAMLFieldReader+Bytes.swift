import Foundation
import Yams

extension Units {
    /// Byte units a response size may carry: decimal (`KB` = 1000 B, as HTTP tools report
    /// sizes) and binary (`KiB` = 1024 B). Longest suffixes first, so `KiB` is not read as `B`.
    static let byteUnits: [(suffix: String, bytes: Double)] = [
        ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824),
        ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1),
    ]

    /// Reads `512B`, `12KB`, `40KiB`, `1.5MB` or `2MiB` as bytes; nil without one of those units.
    public static func byteCount(from text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (suffix, scale) in byteUnits where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            guard let value = Double(number), value >= 0, value.isFinite else { return nil }
            return value * scale
        }
        return nil
    }

    /// Bytes as a size a person reads: `40KB`, `1.5MB`, decimal units.
    public static func describe(bytes: Double) -> String {
        if bytes >= 1_000_000_000 { return "\(trim(bytes / 1_000_000_000))GB" }
        if bytes >= 1_000_000 { return "\(trim(bytes / 1_000_000))MB" }
        if bytes >= 1000 { return "\(trim(bytes / 1000))KB" }
        return "\(trim(bytes))B"
    }
}

extension YAMLFieldReader {
    /// The largest single response a field accepts: 1 GB, far above any page or API answer.
    package static let largestResponseBytes = 1e9

    /// A size such as `12KB` or `40KiB`; a bare number is refused unless it is zero, since
    /// `40` could mean bytes or kilobytes.
    package func byteCount(_ node: Node, path: String, exclusiveMinimum: Bool = false,
                           maximum: Double = YAMLFieldReader.largestResponseBytes) -> Double? {
        guard case let .scalar(scalar) = node else {
            report("expected a size such as 800B, 12KB or 40KiB, found \(describe(node))", at: node, path: path)
            return nil
        }
        let text = scalar.string
        let bytes = Units.byteCount(from: text) ?? (Double(text) == 0 ? 0 : nil)
        guard let bytes else {
            let why = Double(text) != nil ? "a size needs a unit" : "not a size"
            report("\(why): \"\(text)\"; write it as 800B, 12KB, 40KiB or 1.5MB", at: node, path: path)
            return nil
        }
        return checkRange(bytes, node: node, path: path, minimum: 0, maximum: maximum,
                          exclusiveMinimum: exclusiveMinimum, shown: text, describe: Units.describe(bytes:))
    }
}
