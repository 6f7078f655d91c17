import Foundation

// Exact moments of each distribution, as sampled (the normal after truncation at 0).

extension Distribution {
    /// The exact mean of the values `sample(using:)` draws.
    ///
    /// The truncated normal's is that of the normal truncated at 0, μ + σλ with
    /// λ = φ(α)/(1 − Φ(α)) and α = −μ/σ; a Pareto with shape ≤ 1 has no finite mean, so
    /// `.infinity`.
    public var mean: Double {
        switch self {
        case .constant(let value):
            return value
        case .exponential(let mean):
            return mean
        case .uniform(let lower, let upper):
            return (lower + upper) / 2
        case .normal(let mean, let standardDeviation):
            return Self.truncatedNormalMoments(mean: mean, standardDeviation: standardDeviation).mean
        case .lognormal(let mean, _):
            return mean
        case .gamma(let shape, let scale):
            return shape * scale
        case .weibull(let shape, let scale):
            return scale * tgamma(1 + 1 / shape)
        case .pareto(let shape, let scale):
            return shape > 1 ? shape * scale / (shape - 1) : .infinity
        case .empirical(let distribution):
            return distribution.mean
        }
    }

    /// The exact variance of the values `sample(using:)` draws, `.infinity` where it is not
    /// finite (Pareto with shape ≤ 2).
    public var variance: Double {
        switch self {
        case .constant:
            return 0
        case .exponential(let mean):
            return mean * mean
        case .uniform(let lower, let upper):
            return (upper - lower) * (upper - lower) / 12
        case .normal(let mean, let standardDeviation):
            return Self.truncatedNormalMoments(mean: mean, standardDeviation: standardDeviation).variance
        case .lognormal(let mean, let coefficientOfVariation):
            let standardDeviation = mean * coefficientOfVariation
            return standardDeviation * standardDeviation
        case .gamma(let shape, let scale):
            return shape * scale * scale
        case .weibull(let shape, let scale):
            let first = tgamma(1 + 1 / shape)
            return scale * scale * Swift.max(0, tgamma(1 + 2 / shape) - first * first)
        case .pareto(let shape, let scale):
            guard shape > 2 else { return .infinity }
            return scale * scale * shape / ((shape - 1) * (shape - 1) * (shape - 2))
        case .empirical(let distribution):
            return distribution.variance
        }
    }

    /// The standard deviation relative to the mean, √variance / mean; 0 when the mean is 0.
    public var coefficientOfVariation: Double {
        let mean = self.mean
        if mean == 0 { return 0 }
        return variance.squareRoot() / mean
    }

    /// The distribution of `factor × X`, for example a service time on a machine `factor`
    /// times slower.
    ///
    /// Every case is closed under positive scaling, so the result has the same shape.
    /// `factor` must be non-negative, as the kernel's distributions describe non-negative
    /// quantities; a zero factor gives `.constant(0)`.
    public func scaled(by factor: Double) -> Distribution {
        precondition(factor >= 0, "Cannot scale a distribution by a negative factor (\(factor))")
        if factor == 0 { return .constant(0) }
        switch self {
        case .constant(let value):
            return .constant(value * factor)
        case .exponential(let mean):
            return .exponential(mean: mean * factor)
        case .uniform(let lower, let upper):
            return .uniform(lower: lower * factor, upper: upper * factor)
        case .normal(let mean, let standardDeviation):
            // Truncation at 0 commutes with a positive scale.
            return .normal(mean: mean * factor, standardDeviation: standardDeviation * factor)
        case .lognormal(let mean, let coefficientOfVariation):
            return .lognormal(mean: mean * factor, coefficientOfVariation: coefficientOfVariation)
        case .gamma(let shape, let scale):
            return .gamma(shape: shape, scale: scale * factor)
        case .weibull(let shape, let scale):
            return .weibull(shape: shape, scale: scale * factor)
        case .pareto(let shape, let scale):
            return .pareto(shape: shape, scale: scale * factor)
        case .empirical(let distribution):
            return .empirical(EmpiricalDistribution(alreadySorted: distribution.sortedValues.map { $0 * factor }))
        }
    }

    /// Mean and variance of N(μ, σ²) truncated to [0, ∞).
    ///
    /// With α = −μ/σ, Z = 1 − Φ(α) and λ = φ(α)/Z: mean = μ + σλ and
    /// variance = σ²(1 + αλ − λ²) (Johnson, Kotz and Balakrishnan, Continuous Univariate
    /// Distributions, vol. 1, §10.1). Z is computed as erfc(α/√2)/2 so that it keeps its
    /// precision deep in the tail.
    static func truncatedNormalMoments(mean: Double, standardDeviation: Double) -> (mean: Double, variance: Double) {
        guard standardDeviation > 0 else { return (Swift.max(mean, 0), 0) }
        let alpha = -mean / standardDeviation
        let survival = 0.5 * erfc(alpha / 2.0.squareRoot())
        // So far in the tail that the sampler returns its fallback 0 nearly always.
        guard survival > 0 else { return (0, 0) }
        let density = exp(-0.5 * alpha * alpha) / (2 * Double.pi).squareRoot()
        let lambda = density / survival
        let truncatedMean = mean + standardDeviation * lambda
        let truncatedVariance = standardDeviation * standardDeviation * (1 + alpha * lambda - lambda * lambda)
        return (Swift.max(truncatedMean, 0), Swift.max(truncatedVariance, 0))
    }
}
