import Foundation
import Scenarios
import YAMLSupport

// What a comparison decides: which cost it ranks by, the cheapest variant that meets every
// SLO (or, when none does, the closest), from the verdicts `RunResult.verdicts` gives each
// variant. These are functions of the published summary, so a comparison read back from its
// JSON decides the same.

extension ComparisonSummary {
    /// The cost that ranks the variants: the monthly figure when the horizon is whole weeks,
    /// the horizon's own otherwise.
    public struct CostBasis: Equatable, Sendable {
        /// `.monthlyCost` or `.horizonCost`.
        public var measure: PolicyComparison.Measure
        /// Why there is no monthly figure; nil when there is one.
        public var noMonthlyReason: String?
    }

    /// Seconds in a week: a horizon of whole weeks holds every weekday as often as every
    /// other, so its bill extrapolates to a 730-hour month (`Month.billingHours`) without
    /// over-weighting any day.
    static let weekSeconds = 7 * 86_400.0

    /// The monthly figure extrapolates the horizon's bill to a 730-hour month. That is honest
    /// only when the horizon is whole weeks; a single event day (Black Friday) or a few hours
    /// would be repeated thirty times over, so such a comparison ranks by the horizon's cost
    /// and says why it shows no monthly figure.
    public var costBasis: CostBasis {
        let horizon = setup.horizonSeconds
        let weeks = horizon / Self.weekSeconds
        if horizon > 0, weeks == weeks.rounded() {
            return CostBasis(measure: .monthlyCost, noMonthlyReason: nil)
        }
        return CostBasis(measure: .horizonCost, noMonthlyReason:
            "no monthly figure: the horizon, \(Units.describe(seconds: horizon)), is not whole weeks, and a month extrapolated "
                + "from it would repeat it \(plainNumber(Month.billingHours * 3600 / max(horizon, 1))) times; "
                + "costs are over the horizon")
    }

    /// A variant's cost in the basis, in US dollars: the mean over replications as the
    /// measure publishes it (4 decimals: a short horizon's cents would tie at 2), or the mean
    /// bill in a document without the measure.
    public func cost(of variant: Variant) -> Double {
        let measure = costBasis.measure
        return variant.estimate(of: measure)?.mean ?? (measure == .monthlyCost ? variant.cost.monthlyUSD : variant.cost.horizonUSD)
    }

    /// "$190.49 a month" or "$52.10 over the 1d horizon".
    public func costText(_ usd: Double) -> String {
        let amount = "$" + String(format: usd < 1 ? "%.4f" : "%.2f", usd)
        return costBasis.measure == .monthlyCost
            ? "\(amount) a month" : "\(amount) over the \(Units.describe(seconds: setup.horizonSeconds)) horizon"
    }

    /// The comparison's conclusion.
    public struct Decision: Equatable, Sendable {
        /// Whether some variant meets every SLO.
        public enum Outcome: String, Codable, Sendable {
            /// `variant` is the cheapest that meets every SLO.
            case met
            /// No variant meets every SLO; `variant` is the closest.
            case noneMet
            /// The scenario sets no SLO; `variant` is the cheapest.
            case noObjectives
        }
        public var outcome: Outcome
        /// The cheapest variant meeting every SLO, or the closest when none does.
        public var variant: String
        /// Its cost in the comparison's basis, in US dollars.
        public var costUSD: Double
        /// The conclusion as the reports' first line says it.
        public var line: String
    }

    /// The cheapest variant that meets every SLO; when none does, the closest: the fewest
    /// SLOs not met, then the fewest without data, then the smallest total relative
    /// shortfall (`RunSummary.Objective.relativeShortfall`), then the cheapest. Equal costs
    /// go to the variant given first. Nil for a summary read from a document older than the
    /// verdicts.
    public var decision: Decision? {
        guard !variants.isEmpty, variants.allSatisfy({ $0.objectives != nil }) else { return nil }
        let objectives = variants.map { $0.objectives ?? [] }
        if objectives.allSatisfy(\.isEmpty) {
            let cheapest = cheapest(variants.indices)
            let cost = cost(of: variants[cheapest])
            return Decision(outcome: .noObjectives, variant: variants[cheapest].name, costUSD: cost,
                            line: "the scenario sets no SLO; cheapest: \(variants[cheapest].name) at \(costText(cost))")
        }
        let meeting = variants.indices.filter { objectives[$0].allSatisfy(\.met) }
        if !meeting.isEmpty {
            let cheapest = cheapest(meeting)
            let cost = cost(of: variants[cheapest])
            return Decision(outcome: .met, variant: variants[cheapest].name, costUSD: cost,
                            line: "cheapest meeting every SLO: \(variants[cheapest].name) at \(costText(cost))")
        }
        let ranked = variants.indices.min { a, b in closeness(objectives[a], a) < closeness(objectives[b], b) }!
        let closest = objectives[ranked]
        let unmet = closest.filter { !$0.met }
        let misses = unmet.map { objective in
            objective.relativeShortfall.map { "\(objective.name) by \(Self.percentText($0))" } ?? "\(objective.name) (no data)"
        }
        let cost = cost(of: variants[ranked])
        return Decision(outcome: .noneMet, variant: variants[ranked].name, costUSD: cost,
                        line: "no variant meets every SLO; closest: \(variants[ranked].name), missing \(unmet.count) of "
                            + "\(closest.count) (\(misses.joined(separator: "; "))), at \(costText(cost))")
    }

    /// The index of the cheapest of `indices`, the first given on a tie.
    private func cheapest(_ indices: some Collection<Int>) -> Int {
        indices.min { cost(of: variants[$0]) < cost(of: variants[$1]) || (cost(of: variants[$0]) == cost(of: variants[$1]) && $0 < $1) }!
    }

    /// How far a variant is from meeting every SLO, smaller being closer.
    private func closeness(_ objectives: [RunSummary.Objective], _ index: Int) -> Closeness {
        Closeness(unmet: objectives.filter { !$0.met }.count, noData: objectives.filter { $0.status == .noData }.count,
                  shortfall: objectives.compactMap(\.relativeShortfall).reduce(0, +), cost: cost(of: variants[index]), index: index)
    }

    /// "46%", "0.5%", "<0.1%": a relative shortfall for a sentence.
    static func percentText(_ fraction: Double) -> String {
        let percent = fraction * 100
        if percent > 0 && percent < 0.1 { return "<0.1%" }
        return percent >= 10 ? String(format: "%.0f%%", percent) : String(format: "%.1f%%", percent)
    }
}

/// The closest variant's ranking key, compared member by member.
private struct Closeness: Comparable {
    var unmet: Int
    var noData: Int
    var shortfall: Double
    var cost: Double
    var index: Int

    static func < (a: Closeness, b: Closeness) -> Bool {
        (a.unmet, a.noData, a.shortfall, a.cost, a.index) < (b.unmet, b.noData, b.shortfall, b.cost, b.index)
    }
}

extension RunSummary.Objective {
    /// How far the verdict's bound (the 95% interval's end on the bad side, the mean with one
    /// replication: the bound that decided `met`) lies past the target, relative to what the
    /// target allows: for a latency or an error rate a share of the target (260 ms against
    /// 200 ms is 0.3); for attainment a share of the windows the objective lets miss (98.5%
    /// against 99% is 0.5 of the 1% allowed). 0 when met, nil without data.
    public var relativeShortfall: Double? {
        if met { return 0 }
        guard status != .noData, let value = unroundedValue ?? value else { return nil }
        switch comparison {
        case .atMost:
            let bound = interval?.upper ?? value
            return max(0, bound - target) / max(target, .leastNormalMagnitude)
        case .atLeast:
            let bound = interval?.lower ?? value
            let allowed = unit == "fraction" ? 1 - target : target
            return max(0, target - bound) / max(allowed, .leastNormalMagnitude)
        }
    }
}

/// A count for prose, to one decimal: "30", "30.4".
private func plainNumber(_ value: Double) -> String {
    let tenth = (value * 10).rounded() / 10
    return tenth == tenth.rounded() ? String(format: "%.0f", tenth) : String(format: "%.1f", tenth)
}
