import YAMLSupport

/// A trace as hourly request rates: the series the predictive policy learns from and
/// `capsim forecast` judges it on.
extension LoadTrace {
    /// Why a trace cannot be read hour by hour.
    public enum HourlyError: Error, Equatable, CustomStringConvertible {
        /// The resolution (seconds) does not divide an hour, so hours would split intervals.
        case resolutionDoesNotDivideAnHour(Double)

        public var description: String {
            switch self {
            case let .resolutionDoesNotDivideAnHour(seconds):
                "hourly rates need a resolution that divides an hour (1s, 1m, 5m, 15m, 1h…); this profile's is \(Units.trim(seconds))s"
            }
        }
    }

    /// Requests per second of each whole hour from the trace's start: hour `i` covers
    /// `[start + i·3600, start + (i + 1)·3600)`. An hour is `nil` when any of its
    /// intervals is a gap, since a gap is missing data, not a quiet hour; a last hour the
    /// trace does not cover whole is left out.
    ///
    /// Hours begin with the trace rather than on the clock: the seasonal model fits its
    /// own phases and seasonal-naive compares like with like, so nothing depends on where
    /// an hour starts, and every interval stays whole.
    /// - Complexity: O(intervals · log gaps).
    public func hourlyRates() throws(HourlyError) -> [Double?] {
        let perHour = 3600 / resolution
        guard perHour >= 1, perHour == perHour.rounded() else { throw .resolutionDoesNotDivideAnHour(resolution) }
        let k = Int(perHour)
        return stride(from: 0, to: counts.count - k + 1, by: k).map { first in
            let intervals = first..<(first + k)
            guard intervals.allSatisfy(hasData(at:)) else { return nil }
            return intervals.reduce(0) { $0 + counts[$1] } / 3600
        }
    }
}
