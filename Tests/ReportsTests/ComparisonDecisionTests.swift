import Foundation
import XCTest
@testable import Scenarios
import SimCore
@testable import Results
@testable import Reports

/// What `capsim compare` decides, on hand-built summaries: the first line, the verdicts per
/// SLO, the frontier, the marks of significance and the monthly figure's honesty.
final class ComparisonDecisionTests: XCTestCase {
    /// The comparison kept beside the CLI's golden tests: five business-hours variants.
    static func golden() throws -> ComparisonSummary {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CapsimTests/Golden/compare-business-hours-20m.json")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "<wall time>", with: "1.234")
        return try JSONValueDecoder().decode(ComparisonSummary.self, from: text)
    }

    static func objective(_ name: String, kind: ObjectiveVerdict.Kind, target: Double, value: Double?, interval: (Double, Double)?,
                          status: ObjectiveVerdict.Status) -> RunSummary.Objective {
        let unit = { if case .latency = kind { return "ms" } else { return "fraction" } }()
        return RunSummary.Objective(
            name: name, kind: kind, target: target, comparison: kind == .attainment ? .atLeast : .atMost, unit: unit, value: value,
            unroundedValue: value, interval: interval.map { RunSummary.Bounds(lower: $0.0, upper: $0.1) }, met: status == .met,
            status: status, samples: 1000, reason: status == .noData ? "no requests in the measured interval" : nil)
    }

    /// Three SLOs: overall p95 ≤ 250 ms, the enterprise group's p99 ≤ 400 ms, attainment ≥ 99%.
    /// `p99` is the group's upper bound; `attainment` the attainment's lower bound.
    static func objectives(p99: Double, attainment: Double) -> [RunSummary.Objective] {
        [objective("p95 latency", kind: .latency(.overall), target: 250, value: 120, interval: (110, 130), status: .met),
         objective("p99 latency of group enterprise", kind: .latency(.group("enterprise")), target: 400, value: p99 - 10,
                   interval: (p99 - 20, p99), status: p99 <= 400 ? .met : .missed),
         objective("5m windows with p95 ≤ 200ms", kind: .attainment, target: 0.99, value: attainment + 0.001,
                   interval: (attainment, attainment + 0.002), status: attainment >= 0.99 ? .met : .missed)]
    }

    /// The golden comparison with each variant's monthly cost, attainment and SLO measures
    /// replaced: `(monthly $, group p99 upper bound ms, attainment lower bound)`.
    static func summary(_ variants: [(cost: Double, p99: Double, attainment: Double)], horizon: Double = 7 * 86_400) throws
        -> ComparisonSummary
    {
        var summary = try golden()
        summary.setup.horizonSeconds = horizon
        summary.variants = Array(summary.variants.prefix(variants.count))
        for (index, values) in variants.enumerated() {
            summary.variants[index].cost = ComparisonSummary.Cost(horizonUSD: values.cost / 4, monthlyUSD: values.cost)
            for (measure, cost) in [(PolicyComparison.Measure.monthlyCost, values.cost), (.horizonCost, values.cost / 4)] {
                let slot = try XCTUnwrap(summary.variants[index].estimates.firstIndex { $0.measure == measure })
                summary.variants[index].estimates[slot].estimate = ComparisonSummary.Estimate(
                    mean: cost, interval: RunSummary.Bounds(lower: cost - 0.5, upper: cost + 0.5))
            }
            summary.variants[index].objectives = objectives(p99: values.p99, attainment: values.attainment)
            if let slot = summary.variants[index].estimates.firstIndex(where: { $0.measure == .attainment }) {
                summary.variants[index].estimates[slot].estimate = ComparisonSummary.Estimate(
                    mean: values.attainment + 0.001, interval: RunSummary.Bounds(lower: values.attainment, upper: values.attainment + 0.002))
            }
        }
        return summary
    }

    func testFirstLineNamesTheCheapestVariantThatMeetsEverySLO() throws {
        let summary = try Self.summary([(250, 300, 0.995), (170, 450, 0.995), (190, 380, 0.992), (200, 390, 0.999)])
        let decision = try XCTUnwrap(summary.decision)
        XCTAssertEqual(decision.outcome, .met)
        XCTAssertEqual(decision.variant, summary.variants[2].name, "the cheaper variant that misses the group's p99 is passed over")
        let table = ComparisonReport(summary: summary).table()
        XCTAssertEqual(table.split(separator: "\n").first.map(String.init),
                       "cheapest meeting every SLO: \(summary.variants[2].name) at $190.00 a month")
        XCTAssertTrue(ComparisonReport(summary: summary).markdown().hasPrefix("**cheapest meeting every SLO: "))
    }

    func testFirstLineNamesTheClosestWhenNoneMeets() throws {
        // Two variants miss one SLO each; the one 5% over its target is closer than the one 50% over.
        let summary = try Self.summary([(250, 600, 0.995), (170, 600, 0.95), (190, 420, 0.995), (200, 460, 0.995)])
        let decision = try XCTUnwrap(summary.decision)
        XCTAssertEqual(decision.outcome, .noneMet)
        XCTAssertEqual(decision.variant, summary.variants[2].name, "fewest SLOs missed, then the smallest shortfall")
        XCTAssertEqual(decision.line, "no variant meets every SLO; closest: \(summary.variants[2].name), missing 1 of 3 "
                       + "(p99 latency of group enterprise by 5.0%), at $190.00 a month")
        XCTAssertTrue(ComparisonReport(summary: summary).table().hasPrefix("no variant meets every SLO; closest: "))
    }

    /// Attainment's shortfall is a share of the windows the objective lets miss: 98.5% against
    /// 99% is half the 1% allowed again.
    func testRelativeShortfallOfAttainmentIsAgainstTheAllowedMisses() {
        let missed = Self.objective("a", kind: .attainment, target: 0.99, value: 0.986, interval: (0.985, 0.987), status: .missed)
        XCTAssertEqual(try XCTUnwrap(missed.relativeShortfall), 0.5, accuracy: 1e-9)
        let latency = Self.objective("b", kind: .latency(.overall), target: 200, value: 250, interval: (240, 260), status: .missed)
        XCTAssertEqual(try XCTUnwrap(latency.relativeShortfall), 0.3, accuracy: 1e-9)
        XCTAssertNil(Self.objective("c", kind: .errorRate, target: 0.01, value: nil, interval: nil, status: .noData).relativeShortfall)
    }

    func testVerdictsPerSLOIncludingAGroupSLOInEveryFormat() throws {
        let summary = try Self.summary([(250, 300, 0.995), (170, 450, 0.995)])
        let report = ComparisonReport(summary: summary)
        let table = report.table()
        let groupRows = table.split(separator: "\n").filter { $0.contains("p99 latency of group enterprise") }
        XCTAssertEqual(groupRows.count, 2, table)
        XCTAssertTrue(groupRows[0].contains("≤ 400 ms") && groupRows[0].hasSuffix("MET"), table)
        XCTAssertTrue(groupRows[1].contains("[430 ms, 450 ms]") && groupRows[1].hasSuffix("MISSED"), table)
        XCTAssertTrue(table.contains("upper bound for latency and error rate, lower bound for attainment"), table)
        XCTAssertTrue(report.markdown().contains("| p99 latency of group enterprise | ≤ 400 ms | 440 ms | [430 ms, 450 ms] | MISSED |"))
        let csv = report.csv()
        XCTAssertTrue(csv.contains(",slo:p99 latency of group enterprise,440.000,430.000,450.000,,,,,false,400.000,missed"), csv)
        let json = try report.json().serialized()
        XCTAssertTrue(json.contains(#""kind": "groupLatency""#) && json.contains(#""scope": "enterprise""#), json)
        XCTAssertTrue(json.contains(#""outcome": "met""#), json)
        let back = try JSONValueDecoder().decode(ComparisonSummary.self, from: json)
        XCTAssertEqual(back, summary)
        XCTAssertEqual(ComparisonReport(summary: back).table(), table)
    }

    func testNoStarAtTwoReplicationsOrZeroWidth() {
        XCTAssertTrue(ConfidenceInterval.studentT([1, 1.01]).excludesZero)
        XCTAssertFalse(ConfidenceInterval.studentT([1, 1.01]).isSignificant, "two replications")
        XCTAssertTrue(ConfidenceInterval.studentT([3, 3, 3]).excludesZero)
        XCTAssertFalse(ConfidenceInterval.studentT([3, 3, 3]).isSignificant, "zero width")
        XCTAssertTrue(ConfidenceInterval.studentT([3, 3.1, 2.9]).isSignificant)
        XCTAssertFalse(ConfidenceInterval.studentT([-1, 1, 0.5]).isSignificant, "contains zero")
    }

    /// The golden comparison ran 2 replications: no paired difference is marked, however far
    /// from zero (its cost differences are).
    func testTwoReplicationsMarkNothing() throws {
        let summary = try Self.golden()
        let differences = summary.variants.compactMap(\.differences).flatMap { $0 }
        XCTAssertTrue(differences.contains { $0.interval.map { $0.lower > 0 || $0.upper < 0 } ?? false }, "some interval excludes 0")
        XCTAssertFalse(differences.contains(where: \.significant))
        let table = ComparisonReport(summary: summary).table()
        let section = table.components(separatedBy: "Paired differences against")[1].components(separatedBy: "\n\n")[0]
        XCTAssertFalse(section.split(separator: "\n").dropFirst().contains { $0.contains(" *") }, section)
    }

    func testFrontierMarksTheUndominated() throws {
        // cost, attainment: a (250, 99.9%), b (170, 99.0%), c (190, 99.5%), d (200, 99.4%): d is beaten by c.
        let summary = try Self.summary([(250, 300, 0.999), (170, 300, 0.990), (190, 300, 0.995), (200, 300, 0.994)])
        let frontier = summary.frontier
        XCTAssertEqual(frontier.service, .attainment)
        XCTAssertEqual(frontier.points.map(\.costUSD), [170, 190, 200, 250], "sorted by cost")
        let names = summary.variants.map(\.name)
        XCTAssertEqual(frontier.points.map(\.onFrontier), [true, true, false, true])
        XCTAssertEqual(frontier.points[2].variant, names[3])
        XCTAssertEqual(frontier.points[2].dominatedBy, names[2])
        let table = ComparisonReport(summary: summary).table()
        XCTAssertTrue(table.contains("dominated by \(names[2])"), table)
        XCTAssertTrue(try ComparisonReport(summary: summary).json().serialized().contains(#""dominatedBy": "\#(names[2])""#))
    }

    /// Equal cost and equal service: neither dominates the other.
    func testFrontierKeepsTies() throws {
        let summary = try Self.summary([(200, 300, 0.995), (200, 300, 0.995)])
        XCTAssertEqual(summary.frontier.points.map(\.onFrontier), [true, true])
    }

    func testOneDayHorizonShowsNoMonthlyExtrapolation() throws {
        let summary = try Self.summary([(250, 300, 0.995), (170, 300, 0.995)], horizon: 86_400)
        XCTAssertEqual(summary.costBasis.measure, .horizonCost)
        let report = ComparisonReport(summary: summary)
        let table = report.table()
        XCTAssertFalse(table.contains("monthly cost ($)"), table)
        XCTAssertNil(table.range(of: #"\$[0-9.,]+ a month"#, options: .regularExpression), table)
        XCTAssertTrue(table.contains("horizon cost ($)"), table)
        XCTAssertTrue(table.contains("no monthly figure: the horizon, 1d, is not whole weeks"), table)
        XCTAssertTrue(table.hasPrefix("cheapest meeting every SLO: \(summary.variants[1].name) at $42.50 over the 1d horizon"), table)
        XCTAssertTrue(try report.json().serialized().contains(#""measure": "horizonUSD""#))
        let week = try Self.summary([(250, 300, 0.995), (170, 300, 0.995)], horizon: 14 * 86_400)
        XCTAssertNil(week.costBasis.noMonthlyReason)
        XCTAssertTrue(ComparisonReport(summary: week).table().contains("monthly cost ($)"))
    }

    /// A document written before comparisons published verdicts still reads and says so.
    func testOldDocumentHasNoDecision() throws {
        var summary = try Self.golden()
        for index in summary.variants.indices { summary.variants[index].objectives = nil }
        XCTAssertNil(summary.decision)
        XCTAssertTrue(ComparisonReport(summary: summary).table().hasPrefix("no decision: "))
    }
}

/// `--sweep`'s argument, read.
final class SweptAssumptionTests: XCTestCase {
    func testFlowValuesAreNotSplitInside() {
        XCTAssertEqual(SweptAssumption.splitValues("{min: 2, max: 4}, [1, 2], 'a,b', 3"), ["{min: 2, max: 4}", "[1, 2]", "'a,b'", "3"])
    }

    func testVariantNamesUseTheFieldsLastName() throws {
        let sweep = try SweptAssumption.parse("tiers.api.autoscaling.tolerance=0,0.05").get()
        XCTAssertEqual(sweep.values, ["0", "0.05"])
        XCTAssertEqual(sweep.variantName(base: "current-rule", value: "0.05"), "current-rule [tolerance=0.05]")
    }
}
