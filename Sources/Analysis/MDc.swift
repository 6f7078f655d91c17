import Foundation

/// The M/D/c queue: Poisson arrivals at rate λ, `c` servers, every service exactly D long,
/// one first-come-first-served queue. Its mean wait is known exactly (Crommelin 1932,
/// "Delay probability formulae when the holding times are constant", *P.O. Electrical
/// Engineers' Journal* 25; in the form below in Franx 2001, "A simple solution for the M/D/c
/// waiting time distribution", *Operations Research Letters* 29):
///
///     Wq = D · Σ_{k≥1} [ P(N_k ≥ kc) − (c / a) · P(N_k ≥ kc + 1) ],  N_k ~ Poisson(k a), a = λD.
///
/// With c = 1 the sum is Pollaczek–Khinchine's ρD / (2(1 − ρ)) (a test checks it). This is
/// the reference for a PgBouncer pool whose transactions hold their connection for a fixed
/// time: the Allen–Cunneen halving of M/M/c (``MGc``) errs by a few percent there, and
/// Cosmetatos' correction (1976) by less, but both are approximations.
public struct MDc: Sendable, Hashable {
    public let arrivalRate: Double
    /// The service time D, seconds.
    public let serviceTime: Double
    public let servers: Int

    /// A model of the queue; never traps.
    /// - Complexity: O(1).
    public init(arrivalRate: Double, serviceTime: Double, servers: Int) {
        self.arrivalRate = arrivalRate
        self.serviceTime = serviceTime
        self.servers = servers
    }

    /// ρ = λD / c; infinite when the inputs are not a system.
    public var utilization: Double {
        guard servers >= 1, isPositiveFinite(serviceTime), isNonNegativeFinite(arrivalRate) else { return .infinity }
        return arrivalRate * serviceTime / Double(servers)
    }

    public var isStable: Bool { utilization < 1 }

    /// The exact mean wait in queue (Crommelin), in the unit of `serviceTime`; infinite
    /// when unstable, 0 without arrivals.
    ///
    /// The terms fall geometrically (about like ρ^k); the sum stops once a term is below
    /// 10⁻¹⁶ of the total, or after 10⁶ terms (ρ within 10⁻⁵ of 1).
    /// - Complexity: O(K · c) for K terms.
    public var meanWait: Double {
        guard isStable else { return .infinity }
        guard arrivalRate > 0 else { return 0 }
        let offered = arrivalRate * serviceTime, c = Double(servers)
        var sum = 0.0
        for k in 1...1_000_000 {
            let mean = Double(k) * offered
            let first = Self.poissonTail(mean: mean, from: k * servers)
            let term = first.atLeast - (c / offered) * first.aboveFirst
            sum += term
            if k > 4 && abs(term) < 1e-16 * max(sum, 1e-300) { break }
        }
        return serviceTime * max(0, sum)
    }

    /// P(N ≥ n) and P(N ≥ n + 1) for N ~ Poisson(`mean`), n ≥ the mean, summed from the
    /// first term upwards in log space so that neither underflows nor cancels.
    static func poissonTail(mean: Double, from n: Int) -> (atLeast: Double, aboveFirst: Double) {
        let logFirst = -mean + Double(n) * log(mean) - lgamma(Double(n) + 1)
        let first = exp(logFirst)
        var term = first, total = 0.0, j = n
        while term > 0 {
            total += term
            j += 1
            term *= mean / Double(j)
            if term < 1e-18 * total { break }
        }
        return (total, total - first)
    }
}
