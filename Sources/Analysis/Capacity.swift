/// Server-count searches over the M/M/c and Allen–Cunneen models: the questions a capacity
/// plan asks first, before anything is simulated.
///
/// Both searches return the smallest c in 1...`cap` that meets the goal, or `nil` when none
/// does or the inputs are not a system. They rely on the goal being monotone in c: ρ falls
/// as c grows, and so does every M/M/c wait percentile (more servers never make the
/// FCFS wait stochastically longer), which Allen–Cunneen inherits because it only rescales
/// the M/M/c tail.
public enum Capacity {
    /// The search limit used when none is given; Erlang C is still accurate there.
    /// - Complexity: O(1); a stored value.
    public static let defaultCap = 10_000

    /// The smallest number of servers whose utilization λ / (cμ) is strictly below
    /// `maxUtilization`.
    ///
    /// A bound above 1 is treated as 1: beyond it there is no steady state to plan for.
    /// `nil` for a bound ≤ 0 or NaN, a negative or non-finite λ, a non-positive μ, or when
    /// more than `cap` servers would be needed.
    /// - Complexity: O(1): computed as ⌊a / bound⌋ + 1 and corrected by a step for rounding.
    public static func smallestServers(forArrivalRate arrivalRate: Double, serviceRate: Double,
                                       maxUtilization: Double, cap: Int = defaultCap) -> Int? {
        guard isNonNegativeFinite(arrivalRate), isPositiveFinite(serviceRate),
              maxUtilization > 0, cap >= 1 else { return nil }
        let bound = min(maxUtilization, 1)
        let meets = { (c: Int) in
            perServerUtilization(arrivalRate: arrivalRate, serviceRate: serviceRate, servers: c) < bound
        }
        let estimate = (arrivalRate / serviceRate / bound).rounded(.down) + 1
        guard estimate.isFinite, estimate <= Double(cap) + 1 else { return nil }
        // The division can land one off either way at an exact boundary; the check that
        // decides is the same ρ that `MMc.utilization` reports.
        var servers = max(1, Int(estimate))
        while servers > 1 && meets(servers - 1) { servers -= 1 }
        while !meets(servers) {
            servers += 1
            if servers > cap { return nil }
        }
        return servers <= cap ? servers : nil
    }

    /// The smallest number of servers whose p-quantile of the wait in queue is at most
    /// `target` (same time unit as 1/μ).
    ///
    /// With the default coefficients of variation (1, 1) this is exact M/M/c
    /// (``MMc/waitPercentile(_:)``). Other values use the Allen–Cunneen tail of
    /// ``MGc/waitPercentile(_:)``, an approximation. `p` must lie in [0, 1) and `target`
    /// must be non-negative; otherwise, or for inputs that are not a system, `nil`.
    /// - Complexity: O(c*) for an answer c*, or O(`cap`) when none exists: the Erlang B
    ///   recursion advances one server per step, so each candidate costs O(1).
    public static func smallestServers(forArrivalRate arrivalRate: Double, serviceRate: Double,
                                       meetingWaitPercentile p: Double, target: Double,
                                       serviceCoefficientOfVariation: Double = 1,
                                       arrivalCoefficientOfVariation: Double = 1,
                                       cap: Int = defaultCap) -> Int? {
        guard isNonNegativeFinite(arrivalRate), isPositiveFinite(serviceRate),
              p >= 0, p < 1, target >= 0, !target.isNaN,
              isNonNegativeFinite(serviceCoefficientOfVariation),
              isNonNegativeFinite(arrivalCoefficientOfVariation), cap >= 1 else { return nil }
        let load = arrivalRate / serviceRate
        let factor = (arrivalCoefficientOfVariation * arrivalCoefficientOfVariation
            + serviceCoefficientOfVariation * serviceCoefficientOfVariation) / 2
        var blocking = 1.0
        for servers in 1...cap {
            let carried = load * blocking
            blocking = carried / (Double(servers) + carried)
            guard perServerUtilization(arrivalRate: arrivalRate, serviceRate: serviceRate,
                                       servers: servers) < 1 else { continue }
            let waiting = Erlang.delayProbability(blocking: blocking, servers: servers, load: load)
            let decay = (Double(servers) * serviceRate - arrivalRate) / factor
            if exponentialTailQuantile(p, probabilityOfWaiting: waiting, decayRate: decay) <= target {
                return servers
            }
        }
        return nil
    }
}
