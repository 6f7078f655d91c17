import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
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

/// Fleet sizing follows the objective's own percentile (issue 10: it used p95 for a p99 SLO).
final class CapacitySizingPercentileTests: XCTestCase {
    func testP99ObjectiveSizesForThe99thPercentile() throws {
        let base = try Fixtures.scenario(file: "scenarios/validation/mmc.yaml")
        let tier = try XCTUnwrap(CapacityAnalysis(model: PlatformModel(scenario: base)).wholeHorizon.tiers.first).workload
        let queue = CapacityAnalysis.queueModel(tier, droplets: tier.droplets)
        // A target between the fleet's p95 and p99 responses: met at p95, missed at p99.
        let target = (queue.waitPercentile(0.95) + queue.waitPercentile(0.99)) / 2 + tier.meanService
        let micros = Int(target * 1e6)
        for (percentile, expectMore) in [(95, false), (99, true)] {
            let scenario = try Fixtures.scenario(file: "scenarios/validation/mmc.yaml",
                                                 overrides: ["slos={latency: [{percentile: \(percentile), target: \(micros)us}]}"])
            let analysis = CapacityAnalysis(model: PlatformModel(scenario: scenario))
            XCTAssertEqual(analysis.latencyTarget?.percentile, Double(percentile))
            let api = try XCTUnwrap(analysis.wholeHorizon.tiers.first)
            let meeting = try XCTUnwrap(api.smallestDropletsMeetingTarget)
            if expectMore {
                XCTAssertGreaterThan(meeting, tier.droplets, "p\(percentile): the current fleet misses the 99th percentile")
            } else {
                XCTAssertLessThanOrEqual(meeting, tier.droplets, "p\(percentile): the current fleet meets the 95th percentile")
            }
        }
    }
}
