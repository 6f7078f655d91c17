import Foundation

/// A distribution built from observed non-negative values, such as measured durations.
///
/// Sampling inverts the empirical CDF with linear interpolation between order statistics:
/// the n sorted values sit at the probabilities 0, 1/(n−1), …, 1 and a uniform draw lands
/// between two of them. Unlike resampling the raw values, this produces values between the
/// observations, so a small sample does not make the model see only a handful of durations;
/// the price is that nothing outside [min, max] is ever drawn.
public struct EmpiricalDistribution: Sendable, Equatable, Hashable {
    /// The observations in ascending order.
    public let sortedValues: [Double]

    /// Creates the distribution of `values`, or `nil` if `values` is empty or holds a negative
    /// or non-finite value (the kernel's distributions describe durations and sizes).
    public init?(values: [Double]) {
        guard !values.isEmpty, values.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        sortedValues = values.sorted()
    }

    /// Wraps values already known to be sorted, finite and non-negative.
    init(alreadySorted values: [Double]) {
        sortedValues = values
    }

    /// Draws one value by inverting the interpolated empirical CDF.
    ///
    /// - Complexity: O(1).
    @inlinable
    public func sample(using generator: inout Xoshiro256StarStar) -> Double {
        let values = sortedValues
        let last = values.count - 1
        if last == 0 { return values[0] }
        let position = generator.nextUnit() * Double(last)
        let lower = Swift.min(Int(position), last - 1)
        let fraction = position - Double(lower)
        return values[lower] + fraction * (values[lower + 1] - values[lower])
    }

    /// The mean of the interpolated distribution: each of the n−1 segments is uniform and
    /// carries probability 1/(n−1).
    public var mean: Double {
        let last = sortedValues.count - 1
        if last == 0 { return sortedValues[0] }
        var total = 0.0
        for index in 0..<last {
            total += (sortedValues[index] + sortedValues[index + 1]) / 2
        }
        return total / Double(last)
    }

    /// The variance of the interpolated distribution, from the segments' second moments
    /// (a² + ab + b²)/3.
    public var variance: Double {
        let last = sortedValues.count - 1
        if last == 0 { return 0 }
        let mean = self.mean
        var total = 0.0
        for index in 0..<last {
            // Centred on the mean to avoid cancellation between E[X²] and mean².
            let a = sortedValues[index] - mean
            let b = sortedValues[index + 1] - mean
            total += (a * a + a * b + b * b) / 3
        }
        return Swift.max(0, total / Double(last))
    }
}
