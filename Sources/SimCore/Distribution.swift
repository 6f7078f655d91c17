import Foundation

/// The distributions a model draws durations and sizes from.
///
/// An enum rather than a protocol so that a distribution is a plain value (comparable,
/// hashable, storable in a scenario) and sampling is a `switch` the compiler can inline,
/// with no existential box per draw. Every case describes a non-negative quantity.
///
/// Parameters are not validated here (the enum cannot refuse a case); the layer that reads a
/// scenario checks them, for example that a mean is positive.
public enum Distribution: Sendable, Equatable, Hashable {
    /// Always `value`.
    case constant(Double)
    /// Exponential with the given mean: memoryless inter-arrival times.
    case exponential(mean: Double)
    /// Uniform on [lower, upper).
    case uniform(lower: Double, upper: Double)
    /// Normal truncated at 0: draws below 0 are rejected and redrawn; after 64 rejections in a
    /// row the draw is 0, which bounds the cost when almost all the mass is negative. `mean`
    /// and `standardDeviation` are those of the normal before truncation.
    case normal(mean: Double, standardDeviation: Double)
    /// Lognormal given the mean and coefficient of variation of the lognormal itself (not of
    /// the underlying normal), which is how measured service times are usually summarized.
    case lognormal(mean: Double, coefficientOfVariation: Double)
    /// Gamma with the given shape k and scale θ (mean kθ).
    case gamma(shape: Double, scale: Double)
    /// Weibull with the given shape k and scale λ.
    case weibull(shape: Double, scale: Double)
    /// Pareto (type I) with the given shape α and scale, the minimum value xₘ.
    case pareto(shape: Double, scale: Double)
    /// Observed values, interpolated; see `EmpiricalDistribution`.
    case empirical(EmpiricalDistribution)

    /// Draws one value.
    ///
    /// Each case consumes a variable number of draws from `generator`, so give each source of
    /// randomness its own stream (see `RandomStreams`) to keep variants comparable.
    ///
    /// - Complexity: O(1) expected; the truncated normal and gamma reject a bounded or
    ///   geometric number of times.
    @inlinable
    public func sample(using generator: inout Xoshiro256StarStar) -> Double {
        switch self {
        case .constant(let value):
            return value
        case .exponential(let mean):
            return -mean * log(generator.nextOpenUnit())
        case .uniform(let lower, let upper):
            return lower + (upper - lower) * generator.nextUnit()
        case .normal(let mean, let standardDeviation):
            for _ in 0..<64 {
                let value = mean + standardDeviation * Self.standardNormal(using: &generator)
                if value >= 0 { return value }
            }
            return 0
        case .lognormal(let mean, let coefficientOfVariation):
            let (mu, sigma) = Self.lognormalParameters(mean: mean, coefficientOfVariation: coefficientOfVariation)
            return exp(mu + sigma * Self.standardNormal(using: &generator))
        case .gamma(let shape, let scale):
            return scale * Self.standardGamma(shape: shape, using: &generator)
        case .weibull(let shape, let scale):
            return scale * pow(-log(generator.nextOpenUnit()), 1 / shape)
        case .pareto(let shape, let scale):
            return scale * pow(generator.nextOpenUnit(), -1 / shape)
        case .empirical(let distribution):
            return distribution.sample(using: &generator)
        }
    }
}
