/// The G/G/c queue by the Allen–Cunneen approximation: `c` servers, general interarrival
/// times (coefficient of variation ca; 1 for Poisson, the default, which makes it M/G/c)
/// and general service times with mean E[S] and coefficient of variation cs.
///
/// Allen–Cunneen scales the exact M/M/c wait by the variability of both streams
/// (Allen 1990, *Probability, Statistics, and Queueing Theory with Computer Science
/// Applications*, 2nd ed., ch. 6, after Cunneen's work with Allen):
///
///     Wq ≈ Wq(M/M/c) · (ca² + cs²) / 2.
///
/// It is exact when ca = cs = 1 (M/M/c), and for the mean with c = 1 and ca = 1, where it
/// reduces to Pollaczek–Khinchine (Erlang C with one server is ρ). Elsewhere it is an
/// approximation that is best in heavy traffic and weakest at low load with
/// low-variability service, where Erlang C overstates the chance of waiting.
///
/// Percentiles are a further approximation, documented on ``waitPercentile(_:)``; see
/// ``isMeanWaitExact`` and ``isWaitDistributionExact`` before quoting a result as exact.
///
/// Invalid input or ρ ≥ 1 gives ``isStable`` == `false` and infinite results.
public struct MGc: QueueMeans, Sendable, Hashable {
    /// Arrival rate λ.
    /// - Complexity: O(1); a stored value.
    public let arrivalRate: Double
    /// Mean service time E[S] of one server.
    /// - Complexity: O(1); a stored value.
    public let meanService: Double
    /// Number of servers c.
    /// - Complexity: O(1); a stored value.
    public let servers: Int
    /// Coefficient of variation of service time cs.
    /// - Complexity: O(1); a stored value.
    public let serviceCoefficientOfVariation: Double
    /// Coefficient of variation of interarrival time ca; 1 for Poisson arrivals.
    /// - Complexity: O(1); a stored value.
    public let arrivalCoefficientOfVariation: Double
    /// The M/M/c queue with the same λ, μ = 1/E[S] and c that the approximation scales.
    ///
    /// Exposed so that a caller can show the exponential reference beside the estimate.
    /// - Complexity: O(1); built by the initializer.
    public let exponentialReference: MMc

    /// A model of the queue; never traps.
    /// - Complexity: O(`servers`) for the Erlang C recursion.
    public init(arrivalRate: Double, meanService: Double, servers: Int,
                serviceCoefficientOfVariation: Double, arrivalCoefficientOfVariation: Double = 1) {
        self.arrivalRate = arrivalRate
        self.meanService = meanService
        self.servers = servers
        self.serviceCoefficientOfVariation = serviceCoefficientOfVariation
        self.arrivalCoefficientOfVariation = arrivalCoefficientOfVariation
        let serviceRate = isPositiveFinite(meanService) ? 1 / meanService : 0
        self.exponentialReference = MMc(arrivalRate: arrivalRate, serviceRate: serviceRate, servers: servers)
    }

    /// The Allen–Cunneen factor (ca² + cs²) / 2: 1 for M/M/c, ½ for M/D/c.
    /// - Complexity: O(1).
    public var variabilityFactor: Double {
        (arrivalCoefficientOfVariation * arrivalCoefficientOfVariation
            + serviceCoefficientOfVariation * serviceCoefficientOfVariation) / 2
    }

    /// Whether ``meanWait`` is exact: Poisson arrivals and either exponential service or a
    /// single server (then it is Pollaczek–Khinchine).
    /// - Complexity: O(1).
    public var isMeanWaitExact: Bool {
        arrivalCoefficientOfVariation == 1 && (serviceCoefficientOfVariation == 1 || servers == 1)
    }

    /// Whether the wait distribution and percentiles are exact: only for M/M/c.
    /// - Complexity: O(1).
    public var isWaitDistributionExact: Bool {
        arrivalCoefficientOfVariation == 1 && serviceCoefficientOfVariation == 1
    }

    /// Utilization ρ = λ E[S] / c; infinite when the inputs are not a system.
    /// - Complexity: O(1).
    public var utilization: Double { hasValidInputs ? exponentialReference.utilization : .infinity }

    /// Whether a steady state exists: valid inputs and ρ < 1.
    /// - Complexity: O(1).
    public var isStable: Bool { hasValidInputs && exponentialReference.isStable }

    /// Probability of waiting, approximated by Erlang C as Allen–Cunneen does; 1 if unstable.
    /// - Complexity: O(1).
    public var probabilityOfWaiting: Double { isStable ? exponentialReference.probabilityOfWaiting : 1 }

    /// Mean wait in queue, Wq(M/M/c) · (ca² + cs²) / 2. Approximate unless
    /// ``isMeanWaitExact``.
    /// - Complexity: O(1).
    public var meanWait: Double {
        guard isStable else { return .infinity }
        return exponentialReference.meanWait * variabilityFactor
    }




    /// Approximate P(Wq ≤ t): the M/M/c law with its tail stretched by the Allen–Cunneen
    /// factor f, 1 − C · e^(−(cμ − λ) t / f).
    ///
    /// The stretch keeps P(wait) = C and makes the mean equal ``meanWait``; the shape stays
    /// exponential, which heavy-traffic theory supports (Kingman 1961: the G/G/1 wait tends
    /// to an exponential as ρ → 1) and which is rougher at low load. With f = 0 (constant
    /// arrivals and service) nobody waits. Exact only when ``isWaitDistributionExact``.
    /// - Complexity: O(1).
    public func waitDistribution(atOrBelow t: Double) -> Double {
        guard isStable else { return 0 }
        return exponentialTailDistribution(t, probabilityOfWaiting: probabilityOfWaiting, decayRate: decayRate)
    }

    /// Approximate p-quantile of the wait in queue: 0 when p ≤ 1 − C, else
    /// f · ln(C / (1 − p)) / (cμ − λ), inverting ``waitDistribution(atOrBelow:)``.
    ///
    /// This is how a caller estimates a p95 wait for non-exponential service. It is an
    /// approximation (see ``waitDistribution(atOrBelow:)``); exact only for M/M/c.
    /// - Complexity: O(1).
    public func waitPercentile(_ p: Double) -> Double {
        guard isStable else { return .infinity }
        return exponentialTailQuantile(p, probabilityOfWaiting: probabilityOfWaiting, decayRate: decayRate)
    }

    /// (cμ − λ) / f; infinite when f = 0, which makes every quantile 0.
    private var decayRate: Double {
        (Double(servers) / meanService - arrivalRate) / variabilityFactor
    }

    private var hasValidInputs: Bool {
        isNonNegativeFinite(serviceCoefficientOfVariation) && isNonNegativeFinite(arrivalCoefficientOfVariation)
            && isPositiveFinite(meanService)
    }
}
