/// A tenant group's load taken from a load profile (`load: {trace: FILE, …}`): the trace's
/// counts, scaled, replayed from an offset into it, and repeated or not past its end.
///
/// Simulated time 0 (the scenario's start) replays the trace at `shift` seconds after its
/// first interval: the trace's own dates are not matched to the scenario's calendar, so a
/// 1995 trace drives a 2026 scenario; choose `shift` (and the scenario's start) to line up
/// the weekdays you want. Interval *i* of the trace then sends, in expectation,
/// `counts[i] × scale` requests spread as a Poisson process over its length; gaps send none.
/// With `exact` (a profile that kept its request times), each request of the trace arrives
/// at its own time instead, `scale` times over (README, "Exact replay").
public struct TraceLoad: Sendable {
    /// The profile file as named in the scenario, resolved against the scenario's folder.
    public var file: String
    public var trace: LoadTrace
    /// Multiplies every count.
    public var scale: Double
    /// Seconds into the trace at which the scenario starts.
    public var shift: Double
    /// Whether the trace repeats after its end; otherwise the load stops there.
    public var loop: Bool
    /// Whether requests arrive at the trace's own request times (`replay: exact`) rather than
    /// as a Poisson process per interval; only for a trace with `requestTimes`.
    public var exact: Bool

    public init(file: String, trace: LoadTrace, scale: Double, shift: Double, loop: Bool, exact: Bool = false) {
        precondition(!exact || trace.requestTimes != nil)
        self.file = file
        self.trace = trace
        self.scale = scale
        self.shift = shift
        self.loop = loop
        self.exact = exact
    }

    /// Mean requests per second over one pass of the trace, scaled (gaps count as no load).
    public var meanRate: Double { trace.span > 0 ? trace.total * scale / trace.span : 0 }

    /// Seconds of simulated time with load before the trace runs out, or infinity with `loop`.
    public var playingSeconds: Double { loop ? .infinity : max(0, trace.span - shift) }

    /// Requests per second of each interval, scaled: the rates a Poisson process follows.
    /// `tenant` selects one tenant's counts.
    public func rates(tenant: Int? = nil) -> [Double] {
        let counts = tenant.map { trace.tenantCounts[$0] } ?? trace.counts
        return counts.map { $0 * scale / trace.resolution }
    }

    /// Trace tenants by total requests, busiest first (ties in order of first appearance):
    /// the `k`th maps to the group's `k`th largest tenant.
    public var tenantsBySize: [Int] {
        let totals = trace.tenantCounts.map { $0.reduce(0, +) }
        return totals.indices.sorted { totals[$0] > totals[$1] || (totals[$0] == totals[$1] && $0 < $1) }
    }
}
