/// Each request's own arrival time, kept by `capsim trace import --keep-request-times` from a
/// per-request source (a CSV of requests, an access log) so that a scenario can replay the
/// trace exactly (`load: {trace: …, replay: exact}`) instead of as a Poisson process per
/// interval: bursts shorter than an interval, and the gaps between them, survive.
///
/// Times are offsets from the trace's `start`, rounded to the microsecond: that is what the
/// profile file writes, so a trace read back from its file equals the one imported.
public struct RequestTimes: Sendable, Equatable {
    /// Seconds after the trace's start, ascending, each in `[0, span)`.
    public var offsets: [Double]
    /// Per request, its tenant's index in the trace's `tenants`, or −1 for none; empty when
    /// the trace names no tenants.
    public var tenants: [Int32]

    public init(offsets: [Double], tenants: [Int32] = []) {
        precondition(tenants.isEmpty || tenants.count == offsets.count)
        self.offsets = offsets
        self.tenants = tenants
    }

    /// `seconds` rounded to the microsecond, as the nearest double to a whole number of
    /// microseconds: exactly what reading the written decimal gives back.
    public static func rounded(_ seconds: Double) -> Double { (seconds * 1_000_000).rounded() / 1_000_000 }

    /// The requests whose offsets fall in `[low, high)` seconds, shifted to start at `low`.
    func slice(from low: Double, to high: Double) -> RequestTimes {
        var first = 0, last = offsets.count
        while first < offsets.count && offsets[first] < low { first += 1 }
        last = first
        while last < offsets.count && offsets[last] < high { last += 1 }
        return RequestTimes(offsets: offsets[first..<last].map { Self.rounded($0 - low) },
                            tenants: tenants.isEmpty ? [] : Array(tenants[first..<last]))
    }

    /// `offset` written to the microsecond without a trailing exponent: `12.680590`.
    public static func format(_ offset: Double) -> String {
        let micros = Int64((offset * 1_000_000).rounded())
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }
}
