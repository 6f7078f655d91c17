import Traces

/// A trace-driven source's rate: constant within each interval of the trace, the interval's
/// count × scale spread evenly over it, so the arrivals are a Poisson process whose expected
/// count in every interval is the trace's exactly (README, "Real load").
///
/// Simulated time `t` plays the trace at `t + shift`; past the trace's end the rate is 0,
/// or the trace starts over when it loops. The position is computed from `t` each time, so
/// a looped month accumulates no rounding drift.
package struct TraceRates: Sendable {
    /// Requests per second of each interval.
    package let rates: [Double]
    /// Seconds per interval.
    package let resolution: Double
    /// Seconds into the trace at simulated time 0.
    package let shift: Double
    package let loop: Bool

    package init(load: TraceLoad, tenant: Int? = nil, factor: Double = 1) {
        rates = factor == 1 ? load.rates(tenant: tenant) : load.rates(tenant: tenant).map { $0 * factor }
        resolution = load.trace.resolution
        shift = load.shift
        loop = load.loop
    }

    /// Seconds the trace covers.
    package var span: Double { resolution * Double(rates.count) }

    /// The constant stretch that starts at `time`: to the end of its trace interval.
    ///
    /// - Complexity: O(1).
    package func segment(at time: Double) -> LoadSegment {
        var position = time + shift
        if position >= span {
            guard loop else { return LoadSegment(start: time, end: .greatestFiniteMagnitude, rate: 0, endRate: 0) }
            position = position.truncatingRemainder(dividingBy: span)
        }
        var index = min(rates.count - 1, Int(position / resolution))
        var end = time + (Double(index + 1) * resolution - position)
        if end <= time {
            // `position` rounded onto the interval's end: the stretch is the next interval.
            index = (index + 1) % rates.count
            end = time + resolution
        }
        return LoadSegment(start: time, end: end, rate: rates[index], endRate: rates[index])
    }
}
