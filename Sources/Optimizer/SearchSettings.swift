import Foundation

/// How a search runs. Everything that changes its answer is here, and stored with it, so
/// that a resumed search repeats the same decisions.
public struct SearchSettings: Sendable, Codable, Equatable {
    /// The scenario's seed: replication i of every candidate draws the same random streams
    /// (common random numbers), so candidates differ by their configuration only.
    public var seed: UInt64
    /// Replications of the full horizon on which a candidate is judged, as `run` judges it.
    public var replications: Int
    /// Simulate every valid configuration at full fidelity, without screen, probe or model.
    public var exhaustive: Bool
    /// Candidates simulated together: the batch the search decides after. Fixed, not the
    /// thread count, so that the answer does not depend on `--jobs`.
    public var batchSize: Int
    /// Runners-up the plan lists: the search confirms this many more feasible candidates.
    public var runnersUp: Int
    /// Stop after this many simulated requests (nil: no cap).
    public var budgetRequests: Int?
    /// Stop after this many seconds of wall time (nil: no cap). A wall-time cap makes the
    /// answer depend on the machine's speed; the request cap does not.
    public var budgetSeconds: Double?
    /// Replications of the verification run, with another seed.
    public var verifyReplications: Int
    /// Above this many candidates left after the screen, a Gaussian-process surrogate
    /// chooses the batches and rules out what it is sure cannot meet the SLOs.
    public var surrogateThreshold: Int
    /// A candidate the surrogate gives less than this chance of meeting every SLO is not
    /// simulated.
    public var ruleOutProbability: Double

    public init(seed: UInt64, replications: Int, exhaustive: Bool = false, batchSize: Int = 8, runnersUp: Int = 5,
                budgetRequests: Int? = nil, budgetSeconds: Double? = nil, verifyReplications: Int = 10,
                surrogateThreshold: Int = 64, ruleOutProbability: Double = 0.01) {
        self.seed = seed
        self.replications = replications
        self.exhaustive = exhaustive
        self.batchSize = batchSize
        self.runnersUp = runnersUp
        self.budgetRequests = budgetRequests
        self.budgetSeconds = budgetSeconds
        self.verifyReplications = verifyReplications
        self.surrogateThreshold = surrogateThreshold
        self.ruleOutProbability = ruleOutProbability
    }

    /// The verification's seed: another stream family than the search's.
    public var verificationSeed: UInt64 { seed &+ 0x9E37_79B9_7F4A_7C15 }
}
