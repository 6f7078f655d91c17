import Foundation

// Building blocks shared by the cases of `Distribution.sample(using:)`.

extension Distribution {
    /// A standard normal draw, by the ziggurat (``NormalZiggurat``): no cached state in the
    /// distribution value, so `sample` stays a pure function of the generator.
    @inlinable
    static func standardNormal(using generator: inout Xoshiro256StarStar) -> Double {
        NormalZiggurat.shared.sample(using: &generator)
    }

    /// The location μ and scale σ of the normal whose exponential has the given mean and
    /// coefficient of variation: σ² = ln(1 + cv²), μ = ln(mean) − σ²/2.
    @inlinable
    static func lognormalParameters(mean: Double, coefficientOfVariation: Double) -> (mu: Double, sigma: Double) {
        let sigmaSquared = log1p(coefficientOfVariation * coefficientOfVariation)
        return (log(mean) - sigmaSquared / 2, sigmaSquared.squareRoot())
    }

    /// A Gamma(shape, 1) draw by Marsaglia and Tsang's squeeze method ("A Simple Method for
    /// Generating Gamma Variables", ACM TOMS 2000).
    ///
    /// For shape < 1 it draws Gamma(shape + 1) and multiplies by U^(1/shape), the boost given
    /// in the same paper, since the squeeze needs shape ≥ 1.
    @inlinable
    static func standardGamma(shape: Double, using generator: inout Xoshiro256StarStar) -> Double {
        if shape < 1 {
            let boosted = standardGamma(shape: shape + 1, using: &generator)
            return boosted * pow(generator.nextOpenUnit(), 1 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = standardNormal(using: &generator)
            let base = 1 + c * x
            if base <= 0 { continue }
            let v = base * base * base
            let u = generator.nextOpenUnit()
            let xSquared = x * x
            // The cheap squeeze accepts about 98% of candidates without a logarithm.
            if u < 1 - 0.0331 * xSquared * xSquared { return d * v }
            if log(u) < 0.5 * xSquared + d * (1 - v + log(v)) { return d * v }
        }
    }
}
