import DigitalOceanCatalog
import Scenarios
import SimCore

/// Policies side by side on the same load, with each variant's paired difference against
/// the first.
///
/// Every variant runs the same replications with the same seeds, so replication i of each
/// variant sees the very same arrivals (common random numbers). The difference of a measure
/// between two variants is then taken replication by replication, and its Student-t
/// interval is far narrower than the two separate intervals would suggest: the traffic's
/// own variation cancels out (Law, *Simulation Modeling and Analysis*, 5th ed., §10.2).
public struct PolicyComparison: Sendable {
    /// The measures compared, in table order.
    public enum Measure: String, CaseIterable, Sendable, Codable {
        case monthlyCost = "monthlyUSD"
        case horizonCost = "horizonUSD"
        case p95 = "p95Ms"
        case p99 = "p99Ms"
        case attainment
        case errorRate
        case dropletHours
        case scaleEvents

        /// The table's column title, with the unit.
        public var label: String {
            switch self {
            case .monthlyCost: "monthly cost ($)"
            case .horizonCost: "horizon cost ($)"
            case .p95: "p95 (ms)"
            case .p99: "p99 (ms)"
            case .attainment: "SLO attainment"
            case .errorRate: "error rate"
            case .dropletHours: "droplet-hours"
            case .scaleEvents: "scale events"
            }
        }

        /// Whether a larger value is better, for reading a difference.
        public var largerIsBetter: Bool { self == .attainment }

        /// The decimals a table shows; the JSON publishes two more.
        public var decimalPlaces: Int {
            switch self {
            case .monthlyCost, .horizonCost: 2
            case .p95, .p99: 1
            case .attainment, .errorRate: 4
            case .dropletHours, .scaleEvents: 1
            }
        }
    }

    public struct Variant: Sendable {
        /// The variant's name from the scenario's `variants:` list, or "baseline".
        public var name: String
        /// What the variant changes, in the scenario's words.
        public var description: String
        /// The autoscaled tiers' policies ("api: target-tracking"), or "static".
        public var policy: String
        /// The variant's run.
        public var result: RunResult
        /// Per measure: the value in each replication, in replication order: US dollars per
        /// month, milliseconds, fractions, droplet-hours or scale events.
        public var values: [Measure: [Double]]
        /// Per measure: mean and 95% interval across replications.
        public var estimates: [Measure: ConfidenceInterval]
        /// Per measure: the paired difference against the first variant (nil for the first).
        public var differences: [Measure: ConfidenceInterval]?
        /// Measures with no data in some replication (a latency percentile or an error rate
        /// over no request, attainment over no window with a request): such a measure has no
        /// estimate and no difference, and its per-replication value is NaN where it is missing.
        public var noData: Set<Measure>
        /// The base variant and value of a variant made by `--sweep`; nil otherwise.
        public var swept: SweepPoint?
    }

    /// In the order given; the first is the reference of the paired differences.
    public var variants: [Variant]
    /// Whether the scenario sets an attainment objective (the measure is shown only then).
    public var hasAttainment: Bool
    /// The assumption `--sweep` varied across the variants; nil without one.
    public var sweep: SweptAssumption?

    /// `swept[i]` says which base variant and value made run i, for a sweep.
    public init(_ runs: [(name: String, description: String, result: RunResult)], sweep: SweptAssumption? = nil,
                swept: [SweepPoint?] = []) {
        self.sweep = sweep
        hasAttainment = runs.first?.result.scenario.objectives.attainment != nil
        var variants: [Variant] = []
        for (index, run) in runs.enumerated() {
            let values = Self.values(run.result)
            let noData = Set(values.filter { $0.value.contains { $0.isNaN } }.keys)
            var estimates: [Measure: ConfidenceInterval] = [:]
            for (measure, list) in values where !noData.contains(measure) { estimates[measure] = .studentT(list) }
            var differences: [Measure: ConfidenceInterval]?
            if let first = variants.first {
                var paired: [Measure: ConfidenceInterval] = [:]
                for (measure, list) in values where !noData.contains(measure) && !first.noData.contains(measure) {
                    let base = first.values[measure] ?? []
                    paired[measure] = .studentT(zip(list, base).map { $0 - $1 })
                }
                differences = paired
            }
            let policies = run.result.fleets.filter(\.autoscaled).map { "\($0.role.rawValue): \($0.policy)" }
            variants.append(Variant(
                name: run.name, description: run.description,
                policy: policies.isEmpty ? "static" : policies.joined(separator: ", "),
                result: run.result, values: values, estimates: estimates, differences: differences, noData: noData,
                swept: index < swept.count ? swept[index] : nil))
        }
        self.variants = variants
    }

    /// Each measure per replication; NaN where a replication has no data for it. Latency
    /// and attainment follow the SLO counting rule (`RunResult.verdicts`).
    package static func values(_ result: RunResult) -> [Measure: [Double]] {
        let replications = result.replications
        return [
            .monthlyCost: result.bills.map(\.monthlyUSD),
            .horizonCost: result.bills.map(\.horizonUSD),
            .p95: replications.map(\.p95Milliseconds),
            .p99: replications.map(\.p99Milliseconds),
            .attainment: replications.map { $0.attainment ?? .nan },
            .errorRate: replications.map { $0.errorRate ?? .nan },
            .dropletHours: replications.map { $0.fleets.reduce(0) { $0 + $1.dropletSeconds } / 3600 },
            .scaleEvents: replications.map { Double($0.fleets.reduce(0) { $0 + $1.scaleEvents.count }) },
        ]
    }

    /// The measures worth showing: attainment only when the scenario sets its objective.
    public var measures: [Measure] { Measure.allCases.filter { $0 != .attainment || hasAttainment } }
}

extension ConfidenceInterval {
    /// True when the interval excludes zero: the difference is significant at its level.
    public var excludesZero: Bool {
        guard let lower, let upper else { return false }
        return lower > 0 || upper < 0
    }

    /// True when the interval is worth a mark of significance: it excludes zero, comes from
    /// at least 3 observations and has a non-zero width. With 2 replications the Student-t
    /// interval rests on one degree of freedom, and an interval of zero width (a measure
    /// that did not vary, e.g. the cost of a fixed fleet) says nothing about chance.
    public var isSignificant: Bool {
        count >= 3 && (halfWidth ?? 0) > 0 && excludesZero
    }
}
