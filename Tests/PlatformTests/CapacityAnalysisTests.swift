import XCTest
@testable import Platform
import Analysis

/// `capsim analyze` on the validation scenarios, whose answers are known exactly.
final class CapacityAnalysisTests: XCTestCase {
    func testMM1ScenarioGivesTheClosedForm() throws {
        let analysis = CapacityAnalysis(model: PlatformModel(scenario: try Fixtures.scenario(file: "scenarios/validation/mm1.yaml")))
        let api = try XCTUnwrap(analysis.wholeHorizon.tiers.first)
        XCTAssertEqual(api.utilization, 0.8, accuracy: 1e-9)
        XCTAssertEqual(api.workload.serviceCV, 1, accuracy: 1e-9)
        XCTAssertEqual(api.meanWait, 0.4, accuracy: 1e-9)
        XCTAssertEqual(api.waitModel, "M/G/1 per worker")
        XCTAssertEqual(api.smallestStableDroplets, 1)
    }

    func testCentralQueueScenarioUsesErlangC() throws {
        let analysis = CapacityAnalysis(model: PlatformModel(scenario: try Fixtures.scenario(file: "scenarios/validation/mmc.yaml")))
        let api = try XCTUnwrap(analysis.wholeHorizon.tiers.first)
        XCTAssertEqual(api.meanWait, Erlang.c(servers: 4, load: 3.2) / (40 - 32), accuracy: 1e-9)
        XCTAssertEqual(api.p95Wait, MMc(arrivalRate: 32, serviceRate: 10, servers: 4).waitPercentile(0.95), accuracy: 1e-9)
    }

    func testMD1ScenarioGivesPollaczekKhinchine() throws {
        let analysis = CapacityAnalysis(model: PlatformModel(scenario: try Fixtures.scenario(file: "scenarios/validation/md1.yaml")))
        XCTAssertEqual(try XCTUnwrap(analysis.wholeHorizon.tiers.first).meanWait, 0.2, accuracy: 1e-9)
    }

    func testPoolScenarioGivesErlangCForThePool() throws {
        let analysis = CapacityAnalysis(model: PlatformModel(scenario: try Fixtures.scenario(file: "scenarios/validation/pool-mmk.yaml")))
        let pool = analysis.wholeHorizon.database.pool
        XCTAssertEqual(pool.probabilityOfWaiting, Erlang.c(servers: 4, load: 3.2), accuracy: 1e-9)
        XCTAssertEqual(pool.meanWait, Erlang.c(servers: 4, load: 3.2) / 8, accuracy: 1e-9)
    }

    /// An overloaded tier is reported unstable, and the smallest stable fleet is larger.
    func testOverloadedTierNamesTheFleetThatWouldCope() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/validation/mm1.yaml", overrides: ["tenant_groups.clients.rate_per_tenant=25/s"])
        let api = try XCTUnwrap(CapacityAnalysis(model: PlatformModel(scenario: scenario)).wholeHorizon.tiers.first)
        XCTAssertFalse(api.isStable)
        XCTAssertEqual(api.smallestStableDroplets, 3, "25/s of 100 ms work needs three single-worker droplets")
    }

    /// The peak hour of the baseline is a weekday business hour and busier than the mean.
    func testPeakHourIsBusierThanTheMean() throws {
        let analysis = CapacityAnalysis(model: PlatformModel(scenario: try Fixtures.scenario(file: "scenarios/baseline.yaml")))
        XCTAssertGreaterThan(analysis.peakHour.estimate.arrivalRate, 3 * analysis.wholeHorizon.estimate.arrivalRate)
        XCTAssertEqual(analysis.peakHour.estimate.duration, 3600, accuracy: 1e-6)
        XCTAssertGreaterThan(analysis.peakHour.tiers[0].utilization, analysis.wholeHorizon.tiers[0].utilization)
    }
}
