/// The G/G/1 queue by Kingman's formula: one server, general interarrival times with
/// coefficient of variation ca and general service times with mean E[S] and coefficient
/// of variation cs.
///
///     Wq ≈ (ρ / (1 − ρ)) · ((ca² + cs²) / 2) · E[S]
///
/// (Kingman 1961, "The single server queue in heavy traffic", *Proc. Cambridge Phil. Soc.*
/// 57; the form above is the one in Hopp & Spearman, *Factory Physics*.) It is a
/// heavy-traffic approximation: accurate as ρ → 1, rougher at light load, and exact when
/// ca = 1, where it is Pollaczek–Khinchine (see ``isExact``). It is the single-server case
/// of ``MGc``; it exists because it is the formula people quote and check by hand.
///
/// Invalid input or ρ ≥ 1 gives ``isStable`` == `false` and infinite results.
public struct GG1: QueueMeans, Sendable, Hashable {
    /// Arrival rate λ.
    /// - Complexity: O(1); a stored value.
    public let arrivalRate: Double
    /// Mean service time E[S].
    /// - Complexity: O(1); a stored value.
    public let meanService: Double
    /// Coefficient of variation of interarrival time ca; 1 for Poisson arrivals.
    /// - Complexity: O(1); a stored value.
    public let arrivalCoefficientOfVariation: Double
    /// Coefficient of variation of service time cs.
    /// - Complexity: O(1); a stored value.
    public let serviceCoefficientOfVariation: Double

    /// A model of the queue; never traps.
    /// - Complexity: O(1).
    public init(arrivalRate: Double, meanService: Double,
                arrivalCoefficientOfVariation: Double, serviceCoefficientOfVariation: Double) {
        self.arrivalRate = arrivalRate
        self.meanService = meanService
        self.arrivalCoefficientOfVariation = arrivalCoefficientOfVariation
        self.serviceCoefficientOfVariation = serviceCoefficientOfVariation
    }

    /// Whether ``meanWait`` is exact: for Poisson arrivals Kingman's formula is P-K.
    /// - Complexity: O(1).
    public var isExact: Bool { arrivalCoefficientOfVariation == 1 }

    /// Utilization ρ = λ E[S]; infinite when the inputs are not a system.
    /// - Complexity: O(1).
    public var utilization: Double { hasValidInputs ? arrivalRate * meanService : .infinity }

    /// Whether a steady state exists: valid inputs and ρ < 1.
    /// - Complexity: O(1).
    public var isStable: Bool { hasValidInputs && utilization < 1 }

    /// Mean wait in queue by Kingman's formula.
    /// - Complexity: O(1).
    public var meanWait: Double {
        guard isStable else { return .infinity }
        let rho = utilization
        let ca2 = arrivalCoefficientOfVariation * arrivalCoefficientOfVariation
        let cs2 = serviceCoefficientOfVariation * serviceCoefficientOfVariation
        return rho / (1 - rho) * (ca2 + cs2) / 2 * meanService
    }




    private var hasValidInputs: Bool {
        isNonNegativeFinite(arrivalRate) && isPositiveFinite(meanService)
            && isNonNegativeFinite(arrivalCoefficientOfVariation)
            && isNonNegativeFinite(serviceCoefficientOfVariation)
    }
}
