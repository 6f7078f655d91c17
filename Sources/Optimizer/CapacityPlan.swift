import Foundation
import Scenarios

/// The optimizer's answer, `capsim.plan/v1`: the cheapest configuration found that meets
/// every SLO, verified, with its runners-up, the cheaper configurations that failed and why,
/// how it holds under other load, and what it was made from. Written as YAML or JSON (the
/// same members); `capsim plan show|check` and `capsim run --plan` read either.
public struct CapacityPlan: Codable, Sendable, Equatable {
    public static let schema = "capsim.plan/v1"

    public var schema: String
    public var capsimVersion: String
    public var scenario: ScenarioReference
    /// `feasible`: a configuration meets every SLO and passed its verification;
    /// `unverified`: the search's best failed the verification run, as did every runner-up;
    /// `infeasible`: nothing in the space meets every SLO;
    /// `undecided`: the budget ran out before any candidate was shown to meet them.
    public var status: String
    /// How sure the answer is, in words: what the search could not rule out.
    public var confidence: String
    /// The chosen configuration; for an infeasible space, the closest one.
    public var configuration: Configuration
    public var label: String
    public var cost: PlanCost
    /// Each SLO at the verification run.
    public var objectives: [PlanObjective]
    public var verification: Verification
    public var runnersUp: [RunnerUp]
    /// Cheaper configurations that were rejected, cheapest first, with the SLO that failed.
    public var rejectedCheaper: [Rejected]
    public var sensitivity: [Sensitivity]
    public var replanBy: ReplanBy?
    public var search: SearchRecord

    public struct ScenarioReference: Codable, Sendable, Equatable {
        public var name: String
        public var source: String
        /// SHA-256 of the scenario text the plan was made from.
        public var hash: String
        public var seed: UInt64
    }

    public struct PlanCost: Codable, Sendable, Equatable {
        /// Mean over the verification's replications, US dollars per month.
        public var monthlyUSD: Double
        public var components: [Component]
        public struct Component: Codable, Sendable, Equatable {
            public var name: String
            public var detail: String
            public var monthlyUSD: Double
        }
    }

    public struct PlanObjective: Codable, Sendable, Equatable {
        public var name: String
        /// "ms" or "fraction".
        public var unit: String
        public var target: Double
        /// `atMost` or `atLeast`.
        public var direction: String
        public var value: Double
        /// The 95% interval over the replications (nil bounds with one replication).
        public var lower: Double?
        public var upper: Double?
        /// Distance from the interval's bad-side bound to the target, as a fraction of the
        /// target (positive: met with room to spare).
        public var margin: Double
        public var met: Bool
    }

    public struct Verification: Codable, Sendable, Equatable {
        public var replications: Int
        public var seed: UInt64
        public var met: Bool
        /// Search candidates that failed verification before this one, by label.
        public var failedBefore: [String]
    }

    public struct RunnerUp: Codable, Sendable, Equatable {
        public var label: String
        public var configuration: Configuration
        public var monthlyUSD: Double
        /// The smallest SLO margin, as a fraction of its target.
        public var margin: Double
    }

    public struct Rejected: Codable, Sendable, Equatable {
        public var label: String
        /// Its least monthly cost (its cost, for a fixed fleet), US dollars.
        public var monthlyUSD: Double
        /// `screen`, `dominated`, `probe`, `simulation` or `model`.
        public var stage: String
        /// The SLO that failed and by how much, or why it was not simulated.
        public var reason: String
    }

    public struct Sensitivity: Codable, Sendable, Equatable {
        /// Every group's rate times this factor.
        public var loadFactor: Double
        public var met: Bool
        public var monthlyUSD: Double
        /// The objectives missed, as "name: value against target".
        public var missed: [String]
    }

    public struct ReplanBy: Codable, Sendable, Equatable {
        /// The first month (from the scenario's start, by each group's growth_per_month) in
        /// which the plan no longer meets every SLO; nil when it holds through `horizonMonths`.
        public var month: Int?
        /// The calendar month that is, e.g. "2027-05".
        public var calendarMonth: String?
        /// How far ahead the search looked.
        public var horizonMonths: Int
        public var note: String
    }

    public struct SearchRecord: Codable, Sendable, Equatable {
        /// The optimization's id in the run history (nil when not recorded).
        public var id: String?
        public var combinations: Int
        public var valid: Int
        public var excluded: Int
        /// Discarded by the analytic screen (saturation) or dominated.
        public var screenedOut: Int
        public var simulatedCandidates: Int
        public var probedOut: Int
        public var ruledOutByModel: Int
        public var unresolved: Int
        public var trials: Int
        /// Requests simulated by the search (verification and sensitivity apart).
        public var requests: Int
        /// What simulating every valid configuration at full fidelity would take, estimated
        /// from the search's own full-horizon trials.
        public var exhaustiveRequestsEstimate: Int
        public var exhaustive: Bool
        public var replications: Int
        public var stoppedBy: String?
    }
}
