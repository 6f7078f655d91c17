/// A family of independent, named random streams derived from one seed.
///
/// `stream(named:)` is a pure function of (seed, name): a stream does not depend on which
/// other streams exist or how much they were used. Giving each source of randomness its own
/// name therefore keeps its draws unchanged when another part of a model changes, which is
/// what makes common random numbers work and comparisons between two variants sharp.
///
/// Names are hashed with FNV-1a (64 bits) over their UTF-8 bytes, a fixed function that is
/// the same on every platform and every run, and mixed with the seed by SplitMix64. Swift's
/// `Hasher` is deliberately not used: it is randomly seeded per process.
public struct RandomStreams: Sendable {
    /// The seed every stream is derived from.
    public let seed: UInt64

    /// Creates the family of streams for `seed`.
    public init(seed: UInt64) {
        self.seed = seed
    }

    /// The stream for `name`.
    public func stream(named name: String) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: key(for: name))
    }

    /// The `index`-th stream for `name`, for example one per replication or per entity.
    ///
    /// Distinct from `stream(named:)` and from every other index, so that adding entities
    /// leaves the existing entities' draws unchanged.
    public func stream(named name: String, index: Int) -> Xoshiro256StarStar {
        let indexKey = SplitMix64.mix(UInt64(bitPattern: Int64(index)) ^ 0x6A09_E667_F3BC_C909)
        return Xoshiro256StarStar(seed: SplitMix64.mix(key(for: name) ^ indexKey))
    }

    /// Mixes the seed with the name's hash; two SplitMix64 steps so that a seed and a name
    /// hash that happen to differ by a constant do not cancel.
    func key(for name: String) -> UInt64 {
        SplitMix64.mix(seed &+ SplitMix64.mix(Self.fnv1a64(name)))
    }

    /// FNV-1a, 64-bit (Fowler, Noll and Vo; offset basis and prime from the reference).
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
