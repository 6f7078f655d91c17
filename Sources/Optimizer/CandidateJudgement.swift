import Foundation
import Results
import Scenarios
import SimCore

/// What the search concluded about a candidate.
public enum CandidateStatus: Sendable, Equatable {
    /// Not decided yet.
    case open
    /// Meets every SLO at the stated confidence over the full replications.
    case feasible
    /// Cannot meet an SLO: `objective` is its position in verdict order, `reason` says which
    /// and by how much, `stage` how it was shown.
    case infeasible(stage: Stage, reason: String, objective: Int, excess: Double)
    /// Its cost is surely above what the search already found.
    case costlier
    /// The surrogate gave it less than the threshold's chance of meeting every SLO.
    case ruledOut(probability: Double)
    /// Left unresolved when the budget ran out.
    case unresolved

    public enum Stage: String, Sendable, Codable { case screen, probe, simulation }
}

/// A candidate's trials so far and what they say.
struct CandidateRecord: Sendable {
    var probe: TrialOutcome?
    /// Full-horizon replications, in index order.
    var replications: [TrialOutcome] = []
    var status: CandidateStatus = .open

    var monthlyCosts: [Double] { replications.compactMap(\.monthlyUSD) }

    /// Mean monthly cost over the replications so far.
    var meanMonthlyUSD: Double? {
        let costs = monthlyCosts
        return costs.isEmpty ? nil : costs.reduce(0, +) / Double(costs.count)
    }
}

/// The SLO verdicts of a candidate's replications, as `capsim run` judges them, and what the
/// search reads from them.
struct Judgement {
    var verdicts: [ObjectiveVerdict]

    init(scenario: Scenario, replications: [TrialOutcome]) {
        verdicts = RunResult.verdicts(scenario: scenario, measurements: replications.compactMap(\.measurements))
    }

    var allMet: Bool { verdicts.allSatisfy(\.met) }

    /// The first objective that is missed even on its optimistic side (the interval's good
    /// bound), or has no data: no further replication can rescue it at this confidence.
    var clearlyMissed: Int? {
        verdicts.firstIndex { verdict in
            if verdict.status == .noData { return true }
            guard verdict.interval.halfWidth != nil else { return false }
            switch verdict.direction {
            case .atMost: return (verdict.interval.lower ?? verdict.value) > verdict.target
            case .atLeast: return (verdict.interval.upper ?? verdict.value) < verdict.target
            }
        }
    }

    /// The worst objective: the one whose bad-side bound is furthest past (or closest to)
    /// its target, relative to the target.
    var worst: (verdict: ObjectiveVerdict, excess: Double)? {
        verdicts.map { ($0, Self.excess($0)) }.max { $0.1 < $1.1 }
    }

    /// How far the bad-side bound is past the target, as a fraction of the target (negative
    /// when met: the margin); +∞ without data.
    static func excess(_ verdict: ObjectiveVerdict) -> Double {
        guard verdict.status != .noData, verdict.value.isFinite else { return .infinity }
        switch verdict.direction {
        case .atMost:
            let bound = verdict.interval.upper ?? verdict.value
            return (bound - verdict.target) / verdict.target
        case .atLeast:
            let bound = verdict.interval.lower ?? verdict.value
            // Attainment and such: the shortfall relative to what may be missed.
            return (verdict.target - bound) / max(1 - verdict.target, 1e-9)
        }
    }

    /// The smallest margin over the objectives (larger is safer): the tie-break between
    /// candidates of equal cost.
    var margin: Double { -(worst?.excess ?? 0) }

    static func describe(_ verdict: ObjectiveVerdict) -> String {
        guard verdict.status != .noData else { return "\(verdict.name): \(verdict.reason ?? "no data")" }
        let bound = verdict.direction == .atMost ? (verdict.interval.upper ?? verdict.value) : (verdict.interval.lower ?? verdict.value)
        let format: (Double) -> String = { value in
            verdict.unit == "ms" ? String(format: "%.1f ms", value) : String(format: "%.3f%%", value * 100)
        }
        let side = verdict.direction == .atMost ? "upper" : "lower"
        return "\(verdict.name): \(format(verdict.value)) (95% \(side) bound \(format(bound))) against a target of "
            + "\(verdict.direction == .atMost ? "≤" : "≥") \(format(verdict.target))"
    }
}
