/// Steele, Lea and Flood's SplitMix64 ("Fast Splittable Pseudorandom Number Generators",
/// OOPSLA 2014), used only to turn seeds into well-mixed generator states.
///
/// Its finalizer is a bijection of `UInt64` with strong avalanche, so nearby seeds (0, 1, 2…)
/// and nearby name hashes still give unrelated states. Internal: models draw from
/// `Xoshiro256StarStar`.
@usableFromInline
struct SplitMix64 {
    @usableFromInline
    var state: UInt64

    @inlinable
    init(seed: UInt64) {
        state = seed
    }

    /// The golden-ratio increment that walks the state through all of `UInt64`.
    @inlinable
    static var increment: UInt64 { 0x9E37_79B9_7F4A_7C15 }

    /// Advances the state and returns its mixed value.
    @inlinable
    mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.finalize(state)
    }

    /// One SplitMix64 step from `value`: `SplitMix64(seed: value).next()` without the state.
    @inlinable
    static func mix(_ value: UInt64) -> UInt64 {
        finalize(value &+ increment)
    }

    @inlinable
    static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
