import SimCore
import Traces

/// A trace-driven source that replays the trace's own request times (`replay: exact`)
/// instead of drawing a Poisson process from its counts.
///
/// Request *i* of the trace arrives at simulated time `offset[i] − shift`, and again one trace
/// span later on every lap when the trace loops. `scale` is spent as whole copies of each
/// request plus one more with the fractional part's probability (one draw per request, none
/// when the scale is whole): at 2.0 every request arrives twice at its instant, at 0.5 half
/// of them do, chosen at random. Copies share their instant because that is what the trace
/// says; a scale that should also smooth the load is what `replay: poisson` is for.
package struct RequestReplay: Sendable {
    private let offsets: [Double]
    /// Per request, the group-relative tenant rank it maps to, or −1 to draw one by size;
    /// empty when the trace names no tenants.
    private let tenantRanks: [Int32]
    private let span: Double
    private let shift: Double
    private let loop: Bool
    private let wholeCopies: Int
    private let extraCopyProbability: Double
    /// The next request of the trace to consider, and the lap it is on.
    private var index: Int
    private var lap: Int
    /// Copies of the current request still to send after the one scheduled.
    private var copiesLeft = 0
    /// The tenant rank of the arrival scheduled last (−1: draw one by size).
    package private(set) var scheduledTenantRank: Int32 = -1

    /// - Parameters:
    ///   - rankOfTraceTenant: maps a trace tenant index to the group's tenant rank.
    ///   - factor: multiplies `load.scale` (the optimizer's load transform; 1 otherwise).
    package init(load: TraceLoad, rankOfTraceTenant: [Int32], factor: Double) {
        let times = load.trace.requestTimes!
        offsets = times.offsets
        tenantRanks = times.tenants.map { $0 < 0 ? -1 : rankOfTraceTenant[Int($0)] }
        span = load.trace.span
        shift = load.shift
        loop = load.loop
        let scale = load.scale * factor
        wholeCopies = Int(scale.rounded(.down))
        extraCopyProbability = scale - scale.rounded(.down)
        // The first request at or after `shift`.
        var low = 0, high = offsets.count
        while low < high {
            let middle = (low + high) / 2
            if offsets[middle] < load.shift { low = middle + 1 } else { high = middle }
        }
        index = low
        lap = 0
    }

    /// The next arrival's time, or `nil` when none comes before `horizon`.
    ///
    /// - Complexity: O(1) amortized; requests replayed zero times are skipped one by one.
    package mutating func next(horizon: Double, stream: inout Xoshiro256StarStar) -> Double? {
        if copiesLeft > 0 {
            copiesLeft -= 1
            return time(of: index - 1)
        }
        while true {
            if index == offsets.count {
                guard loop, span > 0, !offsets.isEmpty else { return nil }
                index = 0
                lap += 1
            }
            let time = time(of: index)
            guard time < horizon else { return nil }
            var copies = wholeCopies
            if extraCopyProbability > 0 && stream.nextUnit() < extraCopyProbability { copies += 1 }
            index += 1
            if copies == 0 { continue }
            copiesLeft = copies - 1
            scheduledTenantRank = tenantRanks.isEmpty ? -1 : tenantRanks[index - 1]
            return time
        }
    }

    private func time(of request: Int) -> Double { offsets[request] - shift + Double(lap) * span }
}
