/// Blackman and Vigna's xoshiro256** generator ("Scrambled Linear Pseudorandom Number
/// Generators", ACM TOMS 2021): 256 bits of state, period 2²⁵⁶ − 1, and a few cycles a draw.
///
/// Chosen over `SystemRandomNumberGenerator` because a simulation must be repeatable from its
/// seed, and over smaller generators because many streams draw side by side and a large state
/// makes overlaps between them vanishingly unlikely. Not cryptographically secure.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Creates a generator whose state is filled by SplitMix64 from `seed`, as the authors
    /// recommend, so that any seed (including 0) gives a good state.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        // An all-zero state would stay zero forever; SplitMix64 cannot produce four zeros in a
        // row in practice, but the guard costs nothing.
        if s0 | s1 | s2 | s3 == 0 { s0 = SplitMix64.increment }
    }

    /// Returns the next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    /// Returns a uniform draw from [0, 1) on the grid of multiples of 2⁻⁵³.
    ///
    /// Uses the top 53 bits, the best ones of this generator, which is every value a `Double`
    /// can hold evenly spaced in [0, 1).
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Returns a uniform draw from (0, 1], safe to pass to `log`.
    ///
    /// Inverse-transform samplers take `log(u)`; excluding 0 avoids an infinite draw without
    /// a rejection loop.
    @inlinable
    public mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) &+ 1) * 0x1.0p-53
    }

    @inlinable
    @inline(__always)
    func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 &- amount))
    }
}
