import DigitalOceanCatalog
import Foundation
@testable import Model
import Scenarios
import SimCore
import Traces
import XCTest
import YAMLSupport

/// The arrivals a trace-driven group draws: the trace's counts in expectation, exactly,
/// and within Poisson noise hour by hour on the shipped NASA example.
final class TraceArrivalTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Disk: ScenarioFileSource {
        func text(at path: String, what: String) throws(ScenarioError) -> String {
            do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw Self.unreadable(path, what: what, because: "no such file")
            }
        }

        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
    }

    func nasaScenario(_ overrides: [String] = []) throws -> Scenario {
        let catalogPath = Self.root.appendingPathComponent("datasets/digitalocean-catalog.yaml").path
        let catalog = try Catalog.parse(String(contentsOfFile: catalogPath, encoding: .utf8), path: catalogPath)
        return try ScenarioLoader(catalog: catalog, files: Disk())
            .load(path: Self.root.appendingPathComponent("scenarios/nasa-week.yaml").path, overrides: overrides)
    }

    /// Arrival times of every source, drawn as `PlatformSimulation` draws them.
    func arrivals(_ model: PlatformModel, horizon: Double) -> [Double] {
        let streams = RandomStreams(seed: model.replicationSeed(0))
        var times: [Double] = []
        for source in model.sources {
            var stream = streams.stream(named: source.streamName)
            var process = ArrivalProcess(profile: source.profile)
            var time = 0.0
            while let next = process.next(after: time, horizon: horizon, unitExponential: -log(stream.nextOpenUnit())) {
                times.append(next)
                time = next
            }
        }
        return times
    }

    /// Per hour of the week, (observed − expected)² / expected summed over the 168 hours is
    /// chi-square with 168 degrees of freedom when the arrivals are Poisson with the trace's
    /// means. Its 99.9th percentile is 230.4 (Wilson–Hilferty), so a correct model fails
    /// this test for one seed in a thousand; the seed is fixed, so the test is repeatable.
    ///
    /// The shipped scale is ×100; the test draws at ×10 (5.2 million arrivals, seconds in a
    /// debug build): the statistic is as sensitive to a wrong shape at any scale.
    func testNASAWeekArrivalsPerHourMatchTheTraceWithinPoissonNoise() throws {
        XCTAssertEqual(try nasaScenario().tenantGroups.first?.traceLoad?.scale, 100)
        let scenario = try nasaScenario(["tenant_groups.visitors.load.scale=10"])
        let load = try XCTUnwrap(scenario.tenantGroups.first?.traceLoad)
        XCTAssertEqual(load.scale, 10)
        let model = PlatformModel(scenario: scenario)
        let times = arrivals(model, horizon: scenario.horizon)
        var observed = [Double](repeating: 0, count: 168)
        for time in times { observed[min(167, Int(time / 3600))] += 1 }
        let perHour = Int(3600 / load.trace.resolution)
        var chiSquare = 0.0
        for hour in 0..<168 {
            let expected = load.trace.counts[(hour * perHour)..<((hour + 1) * perHour)].reduce(0, +) * load.scale
            chiSquare += (observed[hour] - expected) * (observed[hour] - expected) / expected
        }
        XCTAssertLessThan(chiSquare, 230.4, "seed \(scenario.seed)")
        // The total within 4 standard deviations of the trace's 516,943 × 10.
        XCTAssertEqual(Double(times.count), 516_943 * 10, accuracy: 4 * (516_943.0 * 10).squareRoot())
    }

    /// Integrating the source's rate over the trace gives its counts × scale, interval by
    /// interval; past the end the rate is 0 without `loop` and the trace again with it.
    func testTheRateIntegratesToTheCountsExactlyAndLoopsOrStops() throws {
        let trace = LoadTrace(start: 0, resolution: 60, counts: [6, 0, 3, 12], gaps: [1..<2], timeZone: .fixed(secondsEast: 0))
        for loop in [false, true] {
            let rates = TraceRates(load: TraceLoad(file: "x", trace: trace, scale: 2.5, shift: 30, loop: loop))
            var time = 0.0, area: [Double] = []
            while time < 480 {
                let segment = rates.segment(at: time)
                let stop = min(segment.end, 480)
                area.append(segment.requests(until: stop))
                time = stop
            }
            // Shifted by 30 s: half of interval 0, then 1, 2, 3, then (looping) 0, 1, 2, 3 again.
            let expected: [Double] = loop ? [7.5, 0, 7.5, 30, 15, 0, 7.5, 30, 7.5] : [7.5, 0, 7.5, 30, 0]
            XCTAssertEqual(area, expected, "loop: \(loop)")
        }
    }

    func testTheSameSeedDrawsTheSameArrivals() throws {
        let scenario = try nasaScenario(["horizon=6h"])
        XCTAssertEqual(arrivals(PlatformModel(scenario: scenario), horizon: scenario.horizon),
                       arrivals(PlatformModel(scenario: scenario), horizon: scenario.horizon))
    }

    /// A trace with tenants gives each its own source, busiest tenant first.
    func testTraceTenantsMapToTheGroupsTenantsBySize() throws {
        let profile = """
            # capsim load profile v1
            # time_zone: UTC
            # resolution: 60s
            # start: 2026-01-01T00:00:00Z
            start,requests,tenant
            2026-01-01T00:00:00Z,1,small
            2026-01-01T00:00:00Z,9,big
            2026-01-01T00:01:00Z,2,small

            """
        let yaml = try String(contentsOfFile: Self.root.appendingPathComponent("scenarios/nasa-week.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "../datasets/nasa-1995-07-03-week.csv, scale: 100", with: "t.csv, loop: true")
            .replacingOccurrences(of: "horizon: 7d", with: "horizon: 1h")
        let catalogPath = Self.root.appendingPathComponent("datasets/digitalocean-catalog.yaml").path
        let catalog = try Catalog.parse(String(contentsOfFile: catalogPath, encoding: .utf8), path: catalogPath)
        let scenario = try ScenarioLoader(catalog: catalog, files: InMemoryScenarioFiles(["t.csv": profile])).parse(yaml, source: "s.yaml")
        let model = PlatformModel(scenario: scenario)
        XCTAssertEqual(model.sources.map(\.tenant), [0, 1])
        XCTAssertEqual(model.sources.map(\.streamName), ["arrivals.visitors.trace.0", "arrivals.visitors.trace.1"])
        XCTAssertEqual(model.sources.map { $0.profile.segment(at: 0).rate }, [9.0 / 60, 1.0 / 60])
        XCTAssertEqual(Array(model.tenantShares.prefix(3)), [0.75, 0.25, 0])
    }
}
