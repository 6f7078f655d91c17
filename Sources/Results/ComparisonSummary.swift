import Foundation
import Scenarios
import SimCore

/// A comparison's results as `capsim.compare/v1` publishes them: each variant's estimates,
/// its paired differences against the first, and its per-replication values, rounded to
/// the decimals the schema publishes (two more than the table shows).
///
/// `capsim compare --format json` is this value encoded, and decoding that text gives an
/// equal value, for the reasons `RunSummary` gives. Everything but `wallSeconds` is a
/// function of the scenario, the variants and the seed.
public struct ComparisonSummary: Equatable, Sendable {
    /// The schema this type reads and writes.
    public static let currentSchema = "capsim.compare/v1"

    /// The schema identifier, `capsim.compare/v1`.
    public var schema: String
    /// What ran: the scenario, its seed, replications per variant and horizon.
    public var setup: Setup
    /// The first variant's name: the reference of every paired difference.
    public var baseline: String
    /// In the order given, the baseline first; with a sweep, each base variant once per value.
    public var variants: [Variant]
    /// The assumption `--sweep` varied; nil without one.
    public var sweep: SweptAssumption?
    /// Wall-clock seconds of every variant's run (3 decimals): the one value that depends
    /// on the machine.
    public var wallSeconds: Double

    /// What ran.
    public struct Setup: Equatable, Sendable {
        /// The scenario's name.
        public var name: String
        /// The scenario file, as given on the command line.
        public var source: String
        /// The scenario's seed (the JSON writes its 64 bits as a signed integer).
        public var seed: UInt64
        /// Replications per variant.
        public var replications: Int
        /// The simulated start, local time with its UTC offset, e.g. "2026-11-30T08:00:00+01:00".
        public var start: String
        /// The scenario's time zone, an IANA name such as "Europe/Berlin".
        public var timeZone: String
        /// Simulated time per replication, in seconds.
        public var horizonSeconds: Double
    }

    /// One variant.
    public struct Variant: Equatable, Sendable {
        /// The variant's name from the scenario's `variants:` list, or "baseline".
        public var name: String
        /// What the variant changes, in the scenario's words.
        public var description: String
        /// The autoscaled tiers' policies ("api: target-tracking"), or "static".
        public var policy: String
        /// Per measure shown, in table order: the mean and its interval.
        public var estimates: [MeasureEstimate]
        /// Per measure shown: the paired difference against the baseline; nil for the baseline.
        public var differences: [MeasureDifference]?
        /// The measures with no data in some replication, in table order.
        public var noData: [PolicyComparison.Measure]
        /// Per measure shown: the value in each replication.
        public var perReplication: [MeasureValues]
        /// Requests by outcome over every replication.
        public var requests: OutcomeCounts
        /// Per tier, how its fleet moved.
        public var fleets: [RunSummary.Fleet]
        /// The mean bill over replications.
        public var cost: Cost
        /// Minutes of missed attainment windows while capacity was booting, mean over
        /// replications (2 decimals); nil without an attainment objective.
        public var underProvisionedMinutes: Double?
        /// Every SLO of the scenario with its value, 95% interval and verdict, by the rule of
        /// `capsim run --check-slo` (`RunResult.verdicts`); nil in a document written before
        /// comparisons published them.
        public var objectives: [RunSummary.Objective]?
        /// The base variant and swept value of a variant made by `--sweep`; nil otherwise.
        public var swept: SweepPoint?
    }

    /// A measure's values are in its own unit: US dollars per month, milliseconds, a
    /// fraction, droplet-hours or scale events per replication; rounded to the measure's
    /// `decimalPlaces` plus 2.
    public struct MeasureEstimate: Equatable, Sendable {
        /// Which measure.
        public var measure: PolicyComparison.Measure
        /// Its mean and interval over replications; nil when some replication has no data.
        public var estimate: Estimate?
    }

    /// A mean over replications and its 95% interval, in the measure's unit.
    public struct Estimate: Equatable, Sendable {
        /// The mean over replications.
        public var mean: Double
        /// The 95% Student-t interval; nil with fewer than two replications.
        public var interval: RunSummary.Bounds?
    }

    /// A paired difference against the baseline, replication by replication, in the
    /// measure's unit.
    public struct MeasureDifference: Equatable, Sendable {
        /// Which measure.
        public var measure: PolicyComparison.Measure
        /// The mean difference (this variant less the baseline); nil when either has no data.
        public var mean: Double?
        /// Its 95% interval; nil when either has no data.
        public var interval: RunSummary.Bounds?
        /// Whether the difference is significant: the interval excludes zero, comes from at
        /// least 3 replications and has a non-zero width (`ConfidenceInterval.isSignificant`).
        public var significant: Bool
    }

    /// A measure's value in each replication, in replication order, in the measure's unit.
    public struct MeasureValues: Equatable, Sendable {
        /// Which measure.
        public var measure: PolicyComparison.Measure
        /// One per replication; nil where the replication has no data.
        public var values: [Double?]
    }

    /// The mean bill over replications, in US dollars (2 decimals).
    public struct Cost: Codable, Equatable, Sendable {
        /// The charge over the horizon, in US dollars.
        public var horizonUSD: Double
        /// The monthly equivalent, in US dollars per billing month.
        public var monthlyUSD: Double
    }
}

extension ComparisonSummary {
    /// The summary of `comparison`; nil when it has no variant.
    public init?(_ comparison: PolicyComparison, wallSeconds: Double) {
        guard let first = comparison.variants.first else { return nil }
        let scenario = first.result.scenario
        schema = Self.currentSchema
        setup = Setup(name: scenario.name, source: scenario.source, seed: scenario.seed, replications: scenario.replications,
                      start: RunSummary.Setup.isoFormatter(scenario.timeZone).string(from: scenario.start),
                      timeZone: scenario.timeZoneName, horizonSeconds: scenario.horizon)
        baseline = first.name
        variants = comparison.variants.map { Variant($0, measures: comparison.measures) }
        sweep = comparison.sweep
        self.wallSeconds = wallSeconds.rounded(toPlaces: 3)
    }
}

extension ComparisonSummary.Variant {
    init(_ variant: PolicyComparison.Variant, measures: [PolicyComparison.Measure]) {
        name = variant.name
        description = variant.description
        policy = variant.policy
        estimates = measures.map { measure in
            let places = measure.decimalPlaces + 2
            return ComparisonSummary.MeasureEstimate(measure: measure, estimate: variant.estimates[measure].map {
                ComparisonSummary.Estimate(mean: $0.mean.rounded(toPlaces: places), interval: RunSummary.Bounds($0, places: places))
            })
        }
        differences = variant.differences.map { differences in
            measures.map { measure in
                let places = measure.decimalPlaces + 2
                let difference = differences[measure]
                return ComparisonSummary.MeasureDifference(
                    measure: measure, mean: difference.flatMap { $0.mean.isFinite ? $0.mean.rounded(toPlaces: places) : nil },
                    interval: difference.flatMap { RunSummary.Bounds($0, places: places) },
                    significant: difference?.isSignificant ?? false)
            }
        }
        noData = measures.filter { variant.noData.contains($0) }
        perReplication = measures.map { measure in
            let places = measure.decimalPlaces + 2
            return ComparisonSummary.MeasureValues(
                measure: measure, values: (variant.values[measure] ?? []).map { $0.isFinite ? $0.rounded(toPlaces: places) : nil })
        }
        requests = variant.result.outcomes
        fleets = variant.result.fleets.map(RunSummary.Fleet.init)
        cost = ComparisonSummary.Cost(horizonUSD: variant.result.cost.horizonUSD.rounded(toPlaces: 2),
                                      monthlyUSD: variant.result.cost.monthlyUSD.rounded(toPlaces: 2))
        underProvisionedMinutes = variant.result.underProvisionedMinutes?.mean.rounded(toPlaces: 2)
        objectives = variant.result.objectives.map(RunSummary.Objective.init)
        swept = variant.swept
    }
}

extension ComparisonSummary.Variant {
    /// The variant's estimate of `measure`; nil when a replication has no data for it or the
    /// comparison does not show it.
    package func estimate(of measure: PolicyComparison.Measure) -> ComparisonSummary.Estimate? {
        estimates.first { $0.measure == measure }?.estimate
    }

    /// The variant's paired difference in `measure`; nil for the baseline or a measure not shown.
    package func difference(of measure: PolicyComparison.Measure) -> ComparisonSummary.MeasureDifference? {
        differences?.first { $0.measure == measure }
    }
}
