import Foundation

/// A distribution prepared for drawing in a hot loop.
///
/// `Distribution` is the value users write; drawing from it recomputes derived parameters
/// (a lognormal's μ and σ need two logarithms) on every draw. A sampler computes them once,
/// when a model is built, and keeps them in plain stored numbers.
public struct Sampler: Sendable {
    @usableFromInline
    enum Kind: UInt8, Sendable {
        case constant, exponential, uniform, normal, lognormal, gamma, weibull, pareto, empirical
    }

    @usableFromInline let kind: Kind
    @usableFromInline let first: Double
    @usableFromInline let second: Double
    @usableFromInline let empirical: EmpiricalDistribution?

    /// The distribution this sampler draws from.
    public let distribution: Distribution

    /// - Complexity: O(1).
    public init(_ distribution: Distribution) {
        self.distribution = distribution
        var empirical: EmpiricalDistribution?
        switch distribution {
        case let .constant(value): (kind, first, second) = (.constant, value, 0)
        case let .exponential(mean): (kind, first, second) = (.exponential, mean, 0)
        case let .uniform(lower, upper): (kind, first, second) = (.uniform, lower, upper - lower)
        case let .normal(mean, deviation): (kind, first, second) = (.normal, mean, deviation)
        case let .lognormal(mean, cv):
            let (mu, sigma) = Distribution.lognormalParameters(mean: mean, coefficientOfVariation: cv)
            (kind, first, second) = (.lognormal, mu, sigma)
        case let .gamma(shape, scale): (kind, first, second) = (.gamma, shape, scale)
        case let .weibull(shape, scale): (kind, first, second) = (.weibull, scale, 1 / shape)
        case let .pareto(shape, scale): (kind, first, second) = (.pareto, scale, -1 / shape)
        case let .empirical(values):
            (kind, first, second) = (.empirical, 0, 0)
            empirical = values
        }
        self.empirical = empirical
    }

    /// Draws one value; the same draws, in the same order, as `Distribution.sample(using:)`.
    ///
    /// - Complexity: O(1) expected, like `Distribution.sample(using:)`.
    @inlinable
    public func sample(using generator: inout Xoshiro256StarStar) -> Double {
        Self.draw(kind, first, second, using: &generator) ?? distribution.sample(using: &generator)
    }

    /// A draw from the kinds that prepared parameters describe completely; `nil` for those
    /// drawn through `Distribution` (truncated normal, empirical). Shared with `SamplerSet`.
    @inlinable
    static func draw(_ kind: Kind, _ first: Double, _ second: Double,
                     using generator: inout Xoshiro256StarStar) -> Double? {
        switch kind {
        case .constant: return first
        case .exponential: return -first * log(generator.nextOpenUnit())
        case .uniform: return first + second * generator.nextUnit()
        case .lognormal: return exp(first + second * Distribution.standardNormal(using: &generator))
        case .weibull: return first * pow(-log(generator.nextOpenUnit()), second)
        case .pareto: return first * pow(generator.nextOpenUnit(), second)
        case .gamma: return second * Distribution.standardGamma(shape: first, using: &generator)
        case .normal, .empirical: return nil
        }
    }
}
