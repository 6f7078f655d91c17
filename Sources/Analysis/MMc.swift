import Foundation

/// The M/M/c queue: Poisson arrivals at rate λ, `c` identical servers with exponential
/// service at rate μ each, one first-come-first-served queue with unlimited room.
///
/// Every result here is exact under those assumptions (Kleinrock 1975, *Queueing Systems*
/// Vol. 1, §3.5; Gross, Shortle, Thompson & Harris 2008, *Fundamentals of Queueing Theory*,
/// 4th ed., ch. 2), which is why the simulator is tested against it. M/M/1 is the case
/// c = 1; ``mm1(arrivalRate:serviceRate:)`` spells it.
///
/// The Erlang C probability is computed once, in the initializer, so that reading several
/// results costs O(1) each.
///
/// A model with ρ = λ / (cμ) ≥ 1, a non-positive or non-finite service rate, a negative or
/// non-finite arrival rate, or fewer than one server has no steady state: ``isStable`` is
/// `false`, waits, lengths and percentiles are infinite, ``probabilityOfWaiting`` is 1.
///
/// What it deliberately does not do: finite waiting rooms (M/M/c/K), abandonment or
/// priorities. Those change every formula, and the simulator covers them.
public struct MMc: Sendable, Hashable {
    /// Arrival rate λ, arrivals per unit time.
    /// - Complexity: O(1); a stored value.
    public let arrivalRate: Double
    /// Service rate μ of one server, completions per unit time while busy.
    /// - Complexity: O(1); a stored value.
    public let serviceRate: Double
    /// Number of servers c.
    /// - Complexity: O(1); a stored value.
    public let servers: Int
    /// Erlang C: the probability that an arrival waits at all, C(c, λ/μ); 1 if unstable.
    ///
    /// Exact under PASTA (Poisson arrivals see time averages; Wolff 1982).
    /// - Complexity: O(1); computed once by the initializer.
    public let probabilityOfWaiting: Double

    /// A model of the queue; never traps, see the type comment for unstable input.
    /// - Complexity: O(`servers`) for the Erlang C recursion.
    public init(arrivalRate: Double, serviceRate: Double, servers: Int) {
        self.arrivalRate = arrivalRate
        self.serviceRate = serviceRate
        self.servers = servers
        let valid = isNonNegativeFinite(arrivalRate) && isPositiveFinite(serviceRate) && servers >= 1
        self.probabilityOfWaiting = valid ? Erlang.c(servers: servers, load: arrivalRate / serviceRate) : 1
    }

    /// M/M/1, the single-server case.
    /// - Complexity: O(1).
    public static func mm1(arrivalRate: Double, serviceRate: Double) -> MMc {
        MMc(arrivalRate: arrivalRate, serviceRate: serviceRate, servers: 1)
    }

    /// Offered load a = λ / μ in erlangs: the mean number of busy servers.
    /// - Complexity: O(1).
    public var offeredLoad: Double { arrivalRate / serviceRate }

    /// Utilization ρ = λ / (cμ), the long-run fraction of time a server is busy; infinite
    /// when the inputs are not a system.
    /// - Complexity: O(1).
    public var utilization: Double {
        guard hasValidInputs else { return .infinity }
        return perServerUtilization(arrivalRate: arrivalRate, serviceRate: serviceRate, servers: servers)
    }

    /// Whether a steady state exists: valid inputs and ρ < 1.
    /// - Complexity: O(1).
    public var isStable: Bool { hasValidInputs && utilization < 1 }

    /// Mean wait in queue before service, Wq = C / (cμ − λ).
    /// - Complexity: O(1).
    public var meanWait: Double {
        guard isStable else { return .infinity }
        return probabilityOfWaiting / decayRate
    }

    /// Mean response (sojourn) time, W = Wq + 1/μ.
    /// - Complexity: O(1).
    public var meanResponse: Double {
        guard isStable else { return .infinity }
        return meanWait + 1 / serviceRate
    }

    /// Mean number waiting, Lq = C · ρ / (1 − ρ).
    ///
    /// Computed from its own closed form rather than as λ·Wq, so that Little's law relates
    /// two independent derivations and a test of it can catch an error in either.
    /// - Complexity: O(1).
    public var meanQueueLength: Double {
        guard isStable else { return .infinity }
        let rho = utilization
        return probabilityOfWaiting * rho / (1 - rho)
    }

    /// Mean number in the system, L = Lq + λ/μ (those waiting plus those in service).
    /// - Complexity: O(1).
    public var meanInSystem: Double {
        guard isStable else { return .infinity }
        return meanQueueLength + offeredLoad
    }

    /// P(Wq ≤ t), the distribution of the wait in queue: 1 − C · e^(−(cμ − λ) t) for t ≥ 0.
    ///
    /// Exact for first-come-first-served (Gross et al. 2008, ch. 2, M/M/c waiting-time
    /// distribution). Negative or NaN `t`, or an unstable model, give 0.
    /// - Complexity: O(1).
    public func waitDistribution(atOrBelow t: Double) -> Double {
        guard isStable else { return 0 }
        return exponentialTailDistribution(t, probabilityOfWaiting: probabilityOfWaiting, decayRate: decayRate)
    }

    /// The p-quantile of the wait in queue, inverting ``waitDistribution(atOrBelow:)``:
    /// 0 when p ≤ 1 − C (that share of arrivals never waits), else ln(C / (1 − p)) / (cμ − λ).
    ///
    /// Exact. p ≥ 1 or NaN, or an unstable model, give infinity (unless nobody ever waits).
    /// - Complexity: O(1).
    public func waitPercentile(_ p: Double) -> Double {
        guard isStable else { return .infinity }
        return exponentialTailQuantile(p, probabilityOfWaiting: probabilityOfWaiting, decayRate: decayRate)
    }

    /// P(W ≤ t), the distribution of the response time (wait plus own service).
    ///
    /// Under first-come-first-served an arrival's service time is independent of its wait,
    /// so W = Wq + S with Wq as above and S ~ Exp(μ) (Gross et al. 2008, ch. 2). Writing
    /// θ = cμ − λ and δ = θ − μ, the convolution gives
    ///
    ///     P(W > t) = e^(−μt) · (1 + C μ (1 − e^(−δt)) / δ),
    ///
    /// with (1 − e^(−δt))/δ → t as δ → 0; it is evaluated with `expm1`, and rearranged for
    /// δ < 0, so that θ close to μ does not cancel and large t does not overflow. Exact. For c = 1 it reduces to 1 − e^(−(μ−λ)t).
    /// - Complexity: O(1).
    public func responseDistribution(atOrBelow t: Double) -> Double {
        guard isStable, t >= 0 else { return 0 }
        return 1 - responseTail(t)
    }

    /// The p-quantile of the response time, found by bisection on
    /// ``responseDistribution(atOrBelow:)`` (the M/M/c response time has no closed-form
    /// quantile for c > 1).
    ///
    /// Exact up to a relative tolerance of 1e-12. p ≤ 0 gives 0; p ≥ 1, NaN or an unstable
    /// model give infinity.
    /// - Complexity: O(1): at most about 1,100 evaluations of the tail, typically under 100.
    public func responsePercentile(_ p: Double) -> Double {
        guard isStable, !p.isNaN, p < 1 else { return .infinity }
        guard p > 0 else { return 0 }
        let target = 1 - p
        var low = 0.0
        var high = 1 / serviceRate + 1 / decayRate
        var doublings = 0
        while responseTail(high) > target && doublings < 1_000 {
            low = high
            high *= 2
            doublings += 1
        }
        for _ in 0..<100 where high - low > 1e-12 * high {
            let mid = 0.5 * (low + high)
            if responseTail(mid) > target { low = mid } else { high = mid }
        }
        return high
    }

    // MARK: - Internals

    private var hasValidInputs: Bool {
        isNonNegativeFinite(arrivalRate) && isPositiveFinite(serviceRate) && servers >= 1
    }

    /// θ = cμ − λ: the rate at which the conditional wait decays.
    private var decayRate: Double { Double(servers) * serviceRate - arrivalRate }

    /// P(W > t) = e^(−μt) + C μ e^(−min(θ, μ) t) (1 − e^(−|δ| t)) / |δ|, the convolution
    /// written so that neither factor overflows when θ < μ and t is large (near ρ = 1).
    private func responseTail(_ t: Double) -> Double {
        let mu = serviceRate
        let theta = decayRate
        let gap = abs(theta - mu)
        // (1 − e^(−|δ|t)) / |δ|, which tends to t as δ → 0.
        let spread = gap == 0 ? t : -expm1(-gap * t) / gap
        return exp(-mu * t) + probabilityOfWaiting * mu * exp(-min(theta, mu) * t) * spread
    }
}
