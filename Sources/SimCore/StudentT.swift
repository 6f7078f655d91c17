import Foundation

/// Student's t distribution, for confidence intervals on the mean of a few replications.
///
/// Computed from scratch rather than tabulated so that any confidence level and any number of
/// replications work. The CDF goes through the regularized incomplete beta function,
/// evaluated by its continued fraction with the modified Lentz algorithm (Press et al.,
/// Numerical Recipes, 3rd ed., §6.4); the quantile inverts the CDF by bisection.
public enum StudentT {
    /// P(T ≤ t) for T with `degreesOfFreedom` (≥ 1) degrees of freedom.
    ///
    /// Uses P(|T| > t) = I_x(ν/2, 1/2) with x = ν/(ν + t²).
    public static func cdf(_ t: Double, degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom >= 1, "Student's t needs at least 1 degree of freedom, not \(degreesOfFreedom)")
        if t.isNaN { return .nan }
        let nu = Double(degreesOfFreedom)
        let twoSidedTail = regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
        return t > 0 ? 1 - twoSidedTail / 2 : twoSidedTail / 2
    }

    /// The t with P(T ≤ t) = `probability`, to within 1e-10 relative (absolute near 0).
    ///
    /// `-infinity` at probability 0 and `+infinity` at 1. Solves on the upper tail, which is
    /// where confidence intervals live and where 1 − cdf would lose digits.
    public static func quantile(_ probability: Double, degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom >= 1, "Student's t needs at least 1 degree of freedom, not \(degreesOfFreedom)")
        precondition((0...1).contains(probability), "A probability must be in 0...1, not \(probability)")
        if probability == 0.5 { return 0 }
        if probability < 0.5 { return -quantile(1 - probability, degreesOfFreedom: degreesOfFreedom) }
        if probability == 1 { return .infinity }
        let nu = Double(degreesOfFreedom)
        let upperTail = 1 - probability
        func tail(_ t: Double) -> Double {
            regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5) / 2
        }
        // Bracket the root: the tail falls from 1/2 at 0 towards 0.
        var low = 0.0
        var high = 1.0
        while tail(high) > upperTail {
            low = high
            high *= 2
            if high > 1e300 { return .infinity }
        }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if tail(middle) > upperTail { low = middle } else { high = middle }
            if high - low <= 1e-12 * Swift.max(1, high) { break }
        }
        return (low + high) / 2
    }

    /// I_x(a, b), the regularized incomplete beta function.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast below the mean (a+1)/(a+b+2); above it, use
        // the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction for I_x(a, b), by the modified Lentz method.
    static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        func guarded(_ value: Double) -> Double { abs(value) < tiny ? tiny : value }

        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var result = d
        for step in 1...10_000 {
            let m = Double(step)
            // Even term d_{2m}.
            var coefficient = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 / guarded(1 + coefficient * d)
            c = guarded(1 + coefficient / c)
            result *= d * c
            // Odd term d_{2m+1}.
            coefficient = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 / guarded(1 + coefficient * d)
            c = guarded(1 + coefficient / c)
            let change = d * c
            result *= change
            if abs(change - 1) < epsilon { break }
        }
        return result
    }
}
