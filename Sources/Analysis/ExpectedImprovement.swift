import Foundation
import Linear

/// Acquisition functions for minimising a cost subject to constraints gⱼ(x) ≤ 0, each
/// modelled by a ``GaussianProcess`` (or, for the cost, known exactly).
///
/// The criterion is constrained expected improvement,
///
///     cEI(x) = EI_cost(x) · Πⱼ P(gⱼ(x) ≤ 0),
///
/// which treats the cost and the constraints as independent (Schonlau, Welch & Jones 1998,
/// "Global versus local search in constrained optimization of computer models"; Gardner,
/// Kusner, Xu, Weinberger & Cunningham 2014, "Bayesian optimization with inequality
/// constraints", ICML; Gelbart, Snoek & Adams 2014, "Bayesian optimization with unknown
/// constraints", UAI). Until a feasible point is known there is no incumbent to improve on,
/// and the criterion is the probability of feasibility alone, the rule of Gardner et al.
/// and Gelbart et al.: find the feasible region first, then improve within it.
///
/// Everything here is a pure function of its arguments: the same candidates and models
/// give the same batch, bit for bit.
///
/// ## Topics
/// - Closed forms: ``expectedImprovement(mean:standardDeviation:best:)``,
///   ``probabilityOfFeasibility(mean:standardDeviation:)``,
///   ``constrainedExpectedImprovement(cost:best:constraints:)``
/// - Over a candidate set: ``constrainedExpectedImprovements(candidates:cost:constraints:bestFeasibleCost:)``,
///   ``proposeBatch(size:candidates:cost:constraints:bestFeasibleCost:)``
public enum Acquisition {
    /// E[max(best − Y, 0)] for Y ~ N(mean, standardDeviation²): the expected amount by
    /// which a cost Y falls below the best cost so far.
    ///
    /// The closed form (Jones, Schonlau & Welch 1998, eq. 15) is s·(zΦ(z) + φ(z)) with
    /// z = (best − mean)/s. Φ is computed as ½ erfc(−z/√2): erfc keeps its relative
    /// accuracy in the far tail, where 1 + erf would round to 0, so EI stays positive and
    /// correctly ordered down to z ≈ −38, where φ underflows (measured against 50-digit
    /// arithmetic: relative error below 10⁻¹⁰ there, 10⁻¹³ for z ≥ −6). Ranking candidates
    /// that all have tiny EI is exactly the late-search situation where that matters.
    ///
    /// A standard deviation of 0 (or less) is a known value: max(best − mean, 0).
    /// - Complexity: O(1).
    public static func expectedImprovement(mean: Double, standardDeviation: Double, best: Double) -> Double {
        guard standardDeviation > 0 else {
            // NaN stays NaN through max only in one argument order; keep it explicit.
            if standardDeviation.isNaN || mean.isNaN || best.isNaN { return .nan }
            return max(best - mean, 0)
        }
        let z = (best - mean) / standardDeviation
        let value = standardDeviation * (z * normalCDF(z) + normalPDF(z))
        return max(0, value)
    }

    /// P(G ≤ 0) for G ~ N(mean, standardDeviation²): the probability that a constraint
    /// gⱼ(x) ≤ 0 holds. A standard deviation of 0 (or less) gives 1 or 0.
    ///
    /// Computed as ½ erfc(mean/(s√2)) so that a constraint violated by many standard
    /// deviations gives a tiny positive number (or exactly 0 beyond about 38), never a
    /// negative one.
    /// - Complexity: O(1).
    public static func probabilityOfFeasibility(mean: Double, standardDeviation: Double) -> Double {
        guard standardDeviation > 0 else {
            if standardDeviation.isNaN || mean.isNaN { return .nan }
            return mean <= 0 ? 1 : 0
        }
        return 0.5 * erfc(mean / (standardDeviation * 2.0.squareRoot()))
    }

    /// EI(cost) × Πⱼ P(gⱼ ≤ 0), or Πⱼ P(gⱼ ≤ 0) alone when `best` is `nil` (no feasible
    /// point known yet); see the type comment for the rule and its sources.
    /// - Parameters:
    ///   - cost: the predicted cost; `variance: 0` for a cost known exactly.
    ///   - best: the lowest cost among the feasible points evaluated so far.
    ///   - constraints: the predicted gⱼ, feasible where ≤ 0.
    /// - Complexity: O(number of constraints).
    public static func constrainedExpectedImprovement(
        cost: GaussianProcess.Prediction, best: Double?, constraints: [GaussianProcess.Prediction]
    ) -> Double {
        var value = 1.0
        if let best {
            value = expectedImprovement(mean: cost.mean, standardDeviation: cost.standardDeviation, best: best)
        }
        for constraint in constraints {
            value *= probabilityOfFeasibility(mean: constraint.mean, standardDeviation: constraint.standardDeviation)
        }
        return value
    }

    // MARK: Normal distribution

    /// φ(z), the standard normal density.
    static func normalPDF(_ z: Double) -> Double {
        exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
    }

    /// Φ(z) = ½ erfc(−z/√2), accurate in both tails.
    static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }
}
