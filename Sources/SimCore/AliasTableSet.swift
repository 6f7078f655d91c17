import Foundation
/// Several alias tables in one flat storage, for drawing in a hot loop.
///
/// An `AliasTable` kept in an array is copied out, with its two arrays retained and released,
/// on every draw; a set keeps every table's columns in two shared arrays and draws from
/// table `t` by offset, so a draw touches no reference count. Draws are identical to the
/// tables it was built from.
public struct AliasTableSet: Sendable {
    @usableFromInline let thresholds: [Double]
    @usableFromInline let aliases: [Int]
    @usableFromInline let offsets: [Int]
    @usableFromInline let counts: [Int]

    /// - Complexity: O(total columns).
    public init(_ tables: [AliasTable]) {
        var thresholds: [Double] = [], aliases: [Int] = [], offsets: [Int] = [], counts: [Int] = []
        for table in tables {
            offsets.append(thresholds.count)
            counts.append(table.count)
            thresholds += table.thresholds
            aliases += table.aliases
        }
        self.thresholds = thresholds
        self.aliases = aliases
        self.offsets = offsets
        self.counts = counts
    }

    public var tableCount: Int { counts.count }

    /// Draws from table `table`: the same index its `AliasTable` would draw.
    ///
    /// - Complexity: O(1).
    @inlinable
    public func sample(table: Int, using generator: inout Xoshiro256StarStar) -> Int {
        let n = counts[table], offset = offsets[table]
        let position = generator.nextUnit() * Double(n)
        let column = Swift.min(Int(position), n - 1)
        return position - Double(column) < thresholds[offset + column] ? column : aliases[offset + column]
    }
}

/// Several samplers in flat storage: drawing from sampler `i` reads plain numbers only,
/// where an array of `Sampler` values would retain and release each one per draw.
public struct SamplerSet: Sendable {
    @usableFromInline let kinds: [Sampler.Kind]
    @usableFromInline let first: [Double]
    @usableFromInline let second: [Double]
    /// The full samplers, for the kinds drawn through `Distribution` (normal, empirical).
    @usableFromInline let samplers: [Sampler]

    /// - Complexity: O(count).
    public init(_ distributions: [Distribution]) {
        samplers = distributions.map(Sampler.init)
        kinds = samplers.map(\.kind)
        first = samplers.map(\.first)
        second = samplers.map(\.second)
    }

    public var count: Int { kinds.count }

    /// Draws from sampler `index`; the same value `Sampler.sample(using:)` draws.
    ///
    /// - Complexity: O(1) expected.
    @inlinable
    public func sample(_ index: Int, using generator: inout Xoshiro256StarStar) -> Double {
        Sampler.draw(kinds[index], first[index], second[index], using: &generator)
            ?? samplers[index].sample(using: &generator)
    }
}
