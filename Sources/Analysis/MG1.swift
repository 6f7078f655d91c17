/// The M/G/1 queue: Poisson arrivals at rate λ, one server whose service times have any
/// distribution with mean E[S] and coefficient of variation cv = σ_S / E[S],
/// first-come-first-served.
///
/// The means come from the Pollaczek–Khinchine formula (Pollaczek 1930, Khinchine 1932;
/// Kleinrock 1975, *Queueing Systems* Vol. 1, §5.6):
///
///     Wq = ρ · E[S] · (1 + cv²) / (2 (1 − ρ)),   ρ = λ E[S],
///
/// and they are exact: only the first two moments of service matter. M/D/1 is cv = 0
/// (``md1(arrivalRate:serviceTime:)``), M/M/1 is cv = 1.
///
/// What it deliberately does not give: wait percentiles. The M/G/1 wait distribution
/// depends on the whole service distribution, not on two moments; for an estimate use
/// ``MGc`` with one server, which says that it approximates.
///
/// Invalid input (E[S] ≤ 0, λ < 0, cv < 0, non-finite) or ρ ≥ 1 gives ``isStable`` ==
/// `false` and infinite waits and lengths, the module's convention.
public struct MG1: QueueMeans, Sendable, Hashable {
    /// Arrival rate λ.
    /// - Complexity: O(1); a stored value.
    public let arrivalRate: Double
    /// Mean service time E[S].
    /// - Complexity: O(1); a stored value.
    public let meanService: Double
    /// Coefficient of variation of service time, σ_S / E[S]: 0 deterministic, 1 exponential.
    /// - Complexity: O(1); a stored value.
    public let serviceCoefficientOfVariation: Double

    /// A model of the queue; never traps.
    /// - Complexity: O(1).
    public init(arrivalRate: Double, meanService: Double, serviceCoefficientOfVariation: Double) {
        self.arrivalRate = arrivalRate
        self.meanService = meanService
        self.serviceCoefficientOfVariation = serviceCoefficientOfVariation
    }

    /// M/D/1: constant service time, where queueing comes from arrivals alone and the mean
    /// wait is half that of M/M/1.
    /// - Complexity: O(1).
    public static func md1(arrivalRate: Double, serviceTime: Double) -> MG1 {
        MG1(arrivalRate: arrivalRate, meanService: serviceTime, serviceCoefficientOfVariation: 0)
    }

    /// The P-K means are exact for every service distribution with these two moments.
    /// - Complexity: O(1).
    public var isExact: Bool { true }

    /// Utilization ρ = λ E[S]; infinite when the inputs are not a system.
    /// - Complexity: O(1).
    public var utilization: Double {
        guard hasValidInputs else { return .infinity }
        return arrivalRate * meanService
    }

    /// Whether a steady state exists: valid inputs and ρ < 1.
    /// - Complexity: O(1).
    public var isStable: Bool { hasValidInputs && utilization < 1 }

    /// Probability that an arrival waits: ρ, the fraction of time the server is busy, which
    /// Poisson arrivals see (PASTA; Wolff 1982). Exact; 1 if unstable.
    /// - Complexity: O(1).
    public var probabilityOfWaiting: Double { isStable ? utilization : 1 }

    /// Mean wait in queue by Pollaczek–Khinchine, ρ E[S] (1 + cv²) / (2(1 − ρ)).
    /// - Complexity: O(1).
    public var meanWait: Double {
        guard isStable else { return .infinity }
        let rho = utilization
        return rho * meanService * (1 + squaredCV) / (2 * (1 - rho))
    }




    private var squaredCV: Double { serviceCoefficientOfVariation * serviceCoefficientOfVariation }

    private var hasValidInputs: Bool {
        isNonNegativeFinite(arrivalRate) && isPositiveFinite(meanService)
            && isNonNegativeFinite(serviceCoefficientOfVariation)
    }
}
