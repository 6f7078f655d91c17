/// What a history row holds.
package enum RunKind: String, Codable, Sendable, CaseIterable {
    /// A `capsim run`: a `capsim.run/v1` summary and its series.
    case run
    /// A `capsim compare`: a `capsim.compare/v1` summary; its variants are rows of their own.
    case compare
    /// One variant of a comparison: a whole run, whose parent is the comparison.
    case variant
}
