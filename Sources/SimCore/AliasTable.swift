/// Draws from a fixed discrete distribution in constant time, by the alias method.
///
/// Walker's alias method ("An Efficient Method for Generating Discrete Random Variables with
/// General Distributions", ACM TOMS 1977) in Vose's numerically stable construction (IEEE TSE
/// 1991): each of the n columns holds at most two outcomes, its own and an alias, so a draw is
/// one uniform number, one comparison and two array reads, whatever n is. Use it for choices
/// made per event among many weighted options; a linear scan costs O(n) per draw.
///
/// The weights are fixed at construction; changing one means building a new table.
public struct AliasTable: Sendable {
    /// For column i, the probability of keeping i rather than taking `aliases[i]`.
    @usableFromInline let thresholds: [Double]
    @usableFromInline let aliases: [Int]
    /// The normalized weights, kept to answer `probability(of:)` exactly.
    let probabilities: [Double]

    /// Builds the table for `weights`, which need not sum to 1; `nil` if `weights` is empty,
    /// holds a negative or non-finite weight, or sums to zero.
    ///
    /// - Complexity: O(n) time and memory for n weights.
    public init?(weights: [Double]) {
        guard !weights.isEmpty, weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        let total = weights.reduce(0, +)
        guard total > 0, total.isFinite else { return nil }
        let n = weights.count
        probabilities = weights.map { $0 / total }

        var scaled = probabilities.map { $0 * Double(n) }
        var thresholds = [Double](repeating: 1, count: n)
        var aliases = Array(0..<n)
        var small: [Int] = []
        var large: [Int] = []
        for index in 0..<n {
            if scaled[index] < 1 { small.append(index) } else { large.append(index) }
        }
        while let under = small.popLast(), let over = large.last {
            thresholds[under] = scaled[under]
            aliases[under] = over
            // The large column gives away what fills the small one.
            scaled[over] = (scaled[over] + scaled[under]) - 1
            if scaled[over] < 1 {
                large.removeLast()
                small.append(over)
            }
        }
        // What remains is 1 up to rounding; those columns always keep their own outcome.
        for index in small + large { thresholds[index] = 1 }
        self.thresholds = thresholds
        self.aliases = aliases
    }

    /// The number of outcomes.
    ///
    /// - Complexity: O(1).
    public var count: Int { thresholds.count }

    /// Draws an outcome index in `0..<count` with probability `probability(of:)`.
    ///
    /// One 53-bit uniform picks the column (integer part) and decides between the column and
    /// its alias (fractional part).
    ///
    /// - Complexity: O(1).
    @inlinable
    public func sample(using generator: inout Xoshiro256StarStar) -> Int {
        let n = thresholds.count
        let position = generator.nextUnit() * Double(n)
        // Rounding can bring `position` up to exactly n for large n.
        let column = Swift.min(Int(position), n - 1)
        return position - Double(column) < thresholds[column] ? column : aliases[column]
    }

    /// The normalized weight of outcome `index`.
    ///
    /// - Complexity: O(1).
    public func probability(of index: Int) -> Double {
        probabilities[index]
    }
}
