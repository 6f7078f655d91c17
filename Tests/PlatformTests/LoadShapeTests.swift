import Foundation
import XCTest
@testable import Scenarios
@testable import Model
import SimCore

/// Load shapes (README "Load shape: ramps"): linear profiles keep the weekly mean, arrivals on
/// a ramp are drawn exactly, `step` keeps the old rates, bursts ramp as written.
final class LoadShapeTests: XCTestCase {
    static let utc = TimeZone(identifier: "UTC")!
    /// Monday 2026-11-30 00:00 UTC, seconds since 1970.
    static let monday = 1_795_996_800.0

    /// A business-hours profile: night, a steep morning, a plateau, an evening fall.
    static let office: [Double] = [0.04, 0.03, 0.03, 0.03, 0.04, 0.08, 0.3, 1.0, 2.6, 3.8, 4.3, 4.3,
                                   3.9, 4.3, 4.3, 3.8, 2.7, 1.5, 0.8, 0.4, 0.2, 0.12, 0.08, 0.05]

    static func group(_ shape: ProfileShape, hourly: [Double] = office, weekday: [Double] = [1, 1, 1, 1, 0.95, 0.12, 0.1],
                      zone: TimeZone = utc, growth: Double = 0) -> TenantGroup {
        TenantGroup(name: "g", count: 1, ratePerTenant: 1, sizeSpread: .equal,
                    hourlyFactors: ScenarioBuilder.normalized(hourly), weekdayFactors: ScenarioBuilder.normalized(weekday),
                    timeZone: zone, bursts: [], growthPerMonth: growth, mix: [MixEntry(target: "op", weight: 1)],
                    profileShape: shape)
    }

    static func profile(_ group: TenantGroup, baseRate: Double = 1, start: Double = monday, windows: [LoadWindow] = [],
                        onlyInsideWindows: Bool = false) -> LoadProfile {
        LoadProfile(baseRate: baseRate, group: group, startEpoch: start, windows: windows, onlyInsideWindows: onlyInsideWindows)
    }

    /// Expected requests over `[from, to)`, walking the profile's stretches.
    static func expectedRequests(_ profile: LoadProfile, from: Double, to: Double) -> Double {
        var time = from, total = 0.0
        while time < to {
            let segment = profile.segment(at: time)
            let stop = min(segment.end, to)
            total += segment.requests(until: stop)
            time = stop
        }
        return total
    }

    // MARK: The profile

    /// The periodic trapezoid sum through the hour mid-points equals the step sum, so a week
    /// of either shape carries the same requests: checked from an odd start (13:17 on a
    /// Wednesday) and in a zone with a fractional offset, where no knot falls on the start.
    func testWeeklyMeanIsTheSameForStepAndLinear() {
        for zone in [Self.utc, TimeZone(identifier: "Asia/Kolkata")!] {
            let start = Self.monday + 2 * 86_400 + 13 * 3600 + 17 * 60
            let step = Self.profile(Self.group(.step, zone: zone), baseRate: 3, start: start)
            let linear = Self.profile(Self.group(.linear, zone: zone), baseRate: 3, start: start)
            XCTAssertTrue(linear.interpolates)
            let week = 7 * 86_400.0
            XCTAssertEqual(step.meanRate(over: week), 3, accuracy: 1e-12, "\(zone.identifier)")
            XCTAssertEqual(linear.meanRate(over: week), step.meanRate(over: week), accuracy: 1e-12, "\(zone.identifier)")
            // Over a single day the shapes differ: the ramps move load across hour boundaries.
            XCTAssertNotEqual(linear.meanRate(over: 9 * 3600), step.meanRate(over: 9 * 3600), accuracy: 1e-3)
        }
    }

    /// Each factor is the rate at its hour's mid-point; half-way between two mid-points the
    /// rate is their mean; Sunday 23:30 joins Monday 00:30.
    func testLinearProfilePassesThroughTheFactorsAtHourMidPoints() {
        let group = Self.group(.linear)
        let profile = Self.profile(group)
        let hourly = group.hourlyFactors, weekday = group.weekdayFactors
        XCTAssertEqual(profile.segment(at: 8.5 * 3600).rate, hourly[8] * weekday[0], accuracy: 1e-12)
        XCTAssertEqual(profile.segment(at: 9 * 3600).rate, (hourly[8] + hourly[9]) / 2 * weekday[0], accuracy: 1e-12)
        XCTAssertEqual(profile.segment(at: 8.75 * 3600).rate, (0.75 * hourly[8] + 0.25 * hourly[9]) * weekday[0], accuracy: 1e-12)
        let segment = profile.segment(at: 8.5 * 3600)
        XCTAssertEqual(segment.end, 9 * 3600, "a linear profile has a knot every local half hour")
        XCTAssertEqual(segment.endRate, (hourly[8] + hourly[9]) / 2 * weekday[0], accuracy: 1e-12)
        // The week wraps: Monday 00:00 lies between Sunday 23:30 and Monday 00:30.
        XCTAssertEqual(profile.segment(at: 0).rate, (hourly[23] * weekday[6] + hourly[0] * weekday[0]) / 2, accuracy: 1e-12)
    }

    /// A linear group with a flat profile has nothing to interpolate: it is the step profile,
    /// stretch for stretch, so its arrivals are the same to the bit.
    func testFlatLinearProfileIsTheStepProfile() {
        let ones = Array(repeating: 1.0, count: 24), flat = Array(repeating: 1.0, count: 7)
        let linear = Self.profile(Self.group(.linear, hourly: ones, weekday: flat, growth: 0.05), baseRate: 2)
        let step = Self.profile(Self.group(.step, hourly: ones, weekday: flat, growth: 0.05), baseRate: 2)
        XCTAssertFalse(linear.interpolates)
        var time = 0.0
        while time < 86_400 {
            XCTAssertEqual(linear.segment(at: time), step.segment(at: time))
            time = step.segment(at: time).end
        }
    }

    /// `step` holds each factor for its whole local hour, as before ramps existed.
    func testStepProfileHoldsEachHour() {
        let group = Self.group(.step)
        let profile = Self.profile(group)
        let segment = profile.segment(at: 8.25 * 3600)
        XCTAssertEqual(segment.rate, group.hourlyFactors[8] * group.weekdayFactors[0])
        XCTAssertEqual(segment.endRate, segment.rate)
        XCTAssertEqual(segment.end, 9 * 3600)
    }

    // MARK: Exact inversion

    /// On a linear stretch the arrival time solves `a·s + k·s²/2 = E`: checked against the
    /// closed form, for a rising ramp from a positive rate, one from zero and a falling one.
    func testInversionOnALinearStretchMatchesTheClosedForm() {
        let ones = Array(repeating: 1.0, count: 24), flat = Array(repeating: 1.0, count: 7)
        let group = Self.group(.step, hourly: ones, weekday: flat)
        let hour = 3600.0
        // Rises from 2/s to 6/s over the first hour: Λ(t) = 2t + t²/1800.
        let rising = Self.profile(group, baseRate: 2, windows: [LoadWindow(start: 0, end: 2 * hour, factor: 3, rampUp: hour)])
        // A tenant's extra load only: 0 to 8/s over an hour, then back to 0 over the next.
        let fromZero = Self.profile(group, baseRate: 2, windows: [LoadWindow(start: 0, end: 2 * hour, factor: 4, rampUp: hour, rampDown: hour)],
                                    onlyInsideWindows: true)
        let cases: [(name: String, profile: LoadProfile, inverse: (Double) -> Double)] = [
            // Λ(t) = 2t + t²/1800 up to 3600 (area 14,400), then 6/s.
            ("rising", rising, { area in
                area <= 14_400 ? (-2 + (4 + 4 * area / 1800).squareRoot()) * 900 : hour + (area - 14_400) / 6
            }),
            // Λ(t) = t²/900 up to 3600 (area 14,400), then 14,400 + 8u − u²/900 with u = t − 3600.
            ("from zero", fromZero, { area in
                area <= 14_400 ? (900 * area).squareRoot() : hour + 450 * (8 - max(0, 64 - (area - 14_400) / 225).squareRoot())
            }),
        ]
        for (name, profile, inverse) in cases {
            var process = ArrivalProcess(profile: profile)
            var stream = RandomStreams(seed: 42).stream(named: "inversion")
            var time = 0.0, area = 0.0, count = 0
            while true {
                let exponential = -log(1 - Double(stream.next() >> 11) * 0x1p-53)
                guard let next = process.next(after: time, horizon: 2 * hour - 1, unitExponential: exponential) else { break }
                area += exponential
                let expected = inverse(area)
                XCTAssertEqual(next, expected, accuracy: 1e-9 * max(1, expected), "\(name): arrival \(count)")
                time = next
                count += 1
            }
            XCTAssertGreaterThan(count, 1000, name)
        }
    }

    /// The process never misses an arrival at a zero rate and never divides by one: a ramp that
    /// starts at 0 takes its first arrival at √(2E/k), and a zero exponential arrives at once.
    func testInversionAtZeroRate() {
        let ones = Array(repeating: 1.0, count: 24), flat = Array(repeating: 1.0, count: 7)
        let profile = Self.profile(Self.group(.step, hourly: ones, weekday: flat), baseRate: 1,
                                   windows: [LoadWindow(start: 100, end: 200, factor: 2, rampUp: 100)], onlyInsideWindows: true)
        var process = ArrivalProcess(profile: profile)
        // Slope 2/100 per second from t = 100: E = 1 arrives at 100 + √(2 · 1 / 0.02) = 110.
        XCTAssertEqual(process.next(after: 0, horizon: 1000, unitExponential: 1)!, 110, accuracy: 1e-12)
        XCTAssertEqual(process.next(after: 110, horizon: 1000, unitExponential: 0), 110)
        // The whole ramp holds 100 requests; past it the source is empty.
        XCTAssertNil(process.next(after: 110, horizon: 1000, unitExponential: 100))
    }

    // MARK: Arrivals against the integrated rate

    /// Over a simulated weekday of a linear profile, arrivals per hour match the integrated
    /// rate within Poisson noise (a chi-square over the 24 hours with the 99.9% bound of 24
    /// degrees of freedom, 51.18), while the step profile's hourly counts are refused by the
    /// same test: the ramp is really there.
    func testArrivalsPerHourMatchTheIntegratedRateOnARamp() throws {
        let yaml = """
        seed: 11
        horizon: 1d
        start: 2026-12-01T00:00:00
        time_zone: UTC
        tenant_groups:
          g:
            count: 1
            rate_per_tenant: 2/s
            hourly: [\(Self.office.map { "\($0)" }.joined(separator: ", "))]
            mix: {op: 1}
        operations:
          op: {complexity: 1, depth: 0}
        tiers:
          api: {size: s-8vcpu-16gb, droplets: 4}
        database: {plan: db-s-1vcpu-1gb}
        """
        let scenario = try Fixtures.scenario(yaml: yaml)
        XCTAssertEqual(scenario.tenantGroups[0].profileShape, .linear, "linear is the default")
        let model = PlatformModel(scenario: scenario)
        let trace = Fixtures.traced(scenario).1
        let hours = Dictionary(grouping: trace.arrivalsByGroup[0], by: { Int($0 / 3600) }).mapValues(\.count)
        var stepScenario = scenario
        stepScenario.tenantGroups[0].profileShape = .step
        let stepModel = PlatformModel(scenario: stepScenario)
        var chiSquare = 0.0, stepChiSquare = 0.0
        for hour in 0..<24 {
            let from = Double(hour) * 3600
            let expected = Self.expectedRequests(model.sources[0].profile, from: from, to: from + 3600)
            let stepExpected = Self.expectedRequests(stepModel.sources[0].profile, from: from, to: from + 3600)
            let observed = Double(hours[hour] ?? 0)
            chiSquare += (observed - expected) * (observed - expected) / expected
            stepChiSquare += (observed - stepExpected) * (observed - stepExpected) / stepExpected
        }
        XCTAssertLessThan(chiSquare, 51.18, "seed 11: hourly counts do not follow the linear profile")
        XCTAssertGreaterThan(stepChiSquare, 51.18, "seed 11: the test cannot tell a ramp from a step")
    }

    // MARK: Bursts

    /// A group burst rises from 1 to its factor over `ramp_up`, holds, and falls back over
    /// `ramp_down`; a single tenant's extra load ramps from 0.
    func testBurstRampShape() throws {
        let yaml = """
        seed: 5
        horizon: 4h
        time_zone: UTC
        tenant_groups:
          g:
            count: 4
            rate_per_tenant: 1/s
            bursts:
              - {start: 1h, duration: 2h, factor: 5, ramp_up: 30m, ramp_down: 1h}
              - {start: 1h, duration: 1h, factor: 3, tenant: 0, ramp_up: 20m}
            mix: {op: 1}
        operations:
          op: {complexity: 1, depth: 0}
        tiers:
          api: {size: s-8vcpu-16gb, droplets: 2}
        database: {plan: db-s-1vcpu-1gb}
        """
        let scenario = try Fixtures.scenario(yaml: yaml)
        XCTAssertEqual(scenario.tenantGroups[0].bursts[0].rampUp, 1800)
        XCTAssertEqual(scenario.tenantGroups[0].bursts[0].rampDown, 3600)
        let model = PlatformModel(scenario: scenario)
        let group = model.sources[0].profile, tenant = model.sources[1].profile
        func rate(_ profile: LoadProfile, _ minutes: Double) -> Double { profile.segment(at: minutes * 60).rate }
        // The group: 4/s outside, 4 → 20 over 60–90 min, 20 until 120, 20 → 4 over 120–180.
        for (minute, expected) in [(30.0, 4.0), (60, 4), (75, 12), (90, 20), (110, 20), (120, 20), (150, 12), (179, 4 + 16.0 / 60), (180, 4), (200, 4)] {
            XCTAssertEqual(rate(group, minute), expected, accuracy: 1e-9, "group at \(minute) min")
        }
        // The tenant's extra load: (3 − 1) × its 1/s share, from 0 over 60–80 min, then 2 until 120.
        let share = model.tenantShares[0] * 4
        for (minute, expected) in [(30.0, 0.0), (60, 0), (70, share), (80, 2 * share), (119, 2 * share), (120, 0)] {
            XCTAssertEqual(rate(tenant, minute), expected, accuracy: 1e-9, "tenant at \(minute) min")
        }
        // The expected requests of the group's burst: the ramps carry half their extra load.
        let extra: Double = 16 * (1800 / 2 + 1800 + 3600 / 2)
        XCTAssertEqual(Self.expectedRequests(group, from: 0, to: 4 * 3600), 4 * 14_400 + extra, accuracy: 1e-6)
    }

    /// A scenario built in code with bad ramps is refused with the field's path.
    func testProblemsNameBadRamps() throws {
        var scenario = try Fixtures.scenario(file: "scenarios/validation/mm1.yaml")
        scenario.tenantGroups[0].bursts = [
            Burst(start: 0, duration: 600, factor: 2, tenant: nil, rampUp: -1),
            Burst(start: 0, duration: 600, factor: 2, tenant: nil, rampUp: 400, rampDown: 300),
        ]
        let problems = scenario.problems(catalog: Fixtures.catalog).map { "\($0.path): \($0.message)" }
        XCTAssertTrue(problems.contains("tenant_groups.clients.bursts.0.ramp_up: must be at least 0, found -1 s"), "\(problems)")
        XCTAssertTrue(problems.contains("tenant_groups.clients.bursts.1.ramp_up: the ramps (400 s up, 300 s down) are longer than the burst's 600 s"),
                      "\(problems)")
    }
}
