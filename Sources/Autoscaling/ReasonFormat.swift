import Foundation

/// How numbers appear in recommendation reasons and validation messages, written once so
/// that every policy's log lines read alike.
enum ReasonFormat {
    /// A metric value: two decimals for ratios and rates, three significant digits for small
    /// values (latencies and waits in seconds) that two decimals would show as 0.00.
    static func metric(_ value: Double) -> String {
        abs(value) >= 0.1 || value == 0 ? String(format: "%.2f", value) : String(format: "%.3g", value)
    }

    /// A bound, offset, adjustment or time: as short as it can be ("2", "0.25", "-1").
    static func compact(_ value: Double) -> String {
        String(format: "%g", value)
    }
}

extension Int {
    /// A droplet count from a computed value, clamped to ±1,000,000 first: a degenerate
    /// metric (a utilization target near zero, a forecast in the billions) then asks for
    /// the most droplets the controller allows instead of trapping on the conversion.
    /// The controller clamps to the policy's `max` afterwards.
    init(clampingDroplets value: Double) {
        let bound = 1_000_000.0
        self = value.isNaN ? 0 : Int(Swift.min(Swift.max(value, -bound), bound))
    }
}
