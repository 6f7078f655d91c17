/// A run's identity in the history: 128 random bits, written as 32 lower-case hexadecimal
/// digits.
///
/// Random rather than sequential so that histories written on different machines (shards
/// of a sweep, a colleague's laptop) can be merged without renumbering, and so that an id
/// printed at the end of a report names that run wherever the file travels. People type
/// a prefix, as with git: ``shortForm`` is the eight digits capsim prints, and any unique
/// prefix of four digits or more finds the run (`RunHistory.resolve(_:)`).
package struct RunID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 32 hexadecimal digits.
    package let hex: String

    /// The fewest digits a prefix must have: shorter ones would match too many runs to be
    /// worth a look-up.
    package static let minimumPrefixLength = 4

    /// The digits capsim prints: 32 bits, unique among thousands of runs, and the full id
    /// is always one `runs list --format json` away.
    package static let shortLength = 8

    /// A fresh id from the system's random number generator.
    package static func random() -> RunID {
        var generator = SystemRandomNumberGenerator()
        return RunID(high: generator.next(), low: generator.next())
    }

    init(high: UInt64, low: UInt64) {
        hex = Self.digits(high) + Self.digits(low)
    }

    /// The id written as `hex`; nil unless it is 32 hexadecimal digits (either case).
    package init?(_ hex: String) {
        let lowered = hex.lowercased()
        guard lowered.count == 32, Self.isHexadecimal(lowered) else { return nil }
        self.hex = lowered
    }

    /// The first eight digits, as reports and messages print them.
    package var shortForm: String { String(hex.prefix(Self.shortLength)) }

    package var description: String { hex }

    package static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.hex < rhs.hex }

    /// True when `text` is non-empty and only `0-9a-f`.
    static func isHexadecimal(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    private static func digits(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
