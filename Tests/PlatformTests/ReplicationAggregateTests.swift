import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

/// Replications are folded as they finish, so a run's memory does not grow with their count
/// beyond a few numbers each, and the fold's order keeps the output independent of threads.
final class ReplicationAggregateTests: XCTestCase {
    static func shortScenario() throws -> Scenario {
        try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=20m", "start=2026-11-30T10:00:00"])
    }

    /// Latency recorders and minute samples reachable from `value`, without walking into
    /// either (a recorder's histogram has thousands of buckets) or into the scenario.
    static func heldValues(_ value: Any) -> (recorders: Int, minutes: Int) {
        switch value {
        case is LatencyRecorder: return (1, 0)
        case is MinuteSample: return (0, 1)
        case is Scenario, is Double, is Int, is Float, is String, is Bool: return (0, 0)
        default:
            var total = (recorders: 0, minutes: 0)
            for child in Mirror(reflecting: value).children {
                let held = heldValues(child.value)
                total.recorders += held.recorders
                total.minutes += held.minutes
            }
            return total
        }
    }

    /// A run's result keeps merged histograms and one averaged series, not each
    /// replication's (3.4 MB each for the baseline, mostly those).
    func testRunResultHoldsTheSameHistogramsAndSeriesWhateverTheReplicationCount() throws {
        let scenario = try Self.shortScenario()
        let model = PlatformModel(scenario: scenario)
        let costModel = CostModel(catalog: Fixtures.catalog)
        let results = ReplicationRunner(jobs: 2).run(model, count: 5)
        let two = RunResult(scenario: scenario, replications: Array(results.prefix(2)), costModel: costModel)
        let five = RunResult(scenario: scenario, replications: results, costModel: costModel)
        let heldByTwo = Self.heldValues(two), heldByFive = Self.heldValues(five)
        XCTAssertEqual(heldByFive.recorders, heldByTwo.recorders)
        XCTAssertEqual(heldByFive.minutes, heldByTwo.minutes)
        XCTAssertEqual(heldByFive.minutes, 20)
    }

    /// The runner's aggregate holds one set of merged histograms and one series of sums,
    /// and a small summary per replication.
    func testAggregateRetainsStateIndependentOfTheReplicationCount() throws {
        let model = PlatformModel(scenario: try Self.shortScenario())
        let two = ReplicationRunner(jobs: 2).aggregate(model, count: 2)
        let six = ReplicationRunner(jobs: 2).aggregate(model, count: 6)
        XCTAssertEqual(six.count, 6)
        XCTAssertEqual(Self.heldValues(six).recorders, Self.heldValues(two).recorders)
        XCTAssertEqual(six.seriesSums.count, two.seriesSums.count)
        XCTAssertTrue(six.firstSeries.isEmpty)
        let perReplication = Double(six.estimatedBytes - two.estimatedBytes) / 4
        XCTAssertLessThan(perReplication, 8_192, "bytes kept per extra replication")
        XCTAssertGreaterThan(ReplicationResult.estimatedBytes(for: model.scenario), 1_000_000)
        XCTAssertLessThan(Double(two.estimatedBytes), 1.5 * Double(ReplicationResult.estimatedBytes(for: model.scenario)))
    }

    /// Results are folded in replication order even when later ones finish first.
    func testFoldsInReplicationOrderWhateverTheFinishingOrder() throws {
        let model = PlatformModel(scenario: try Self.shortScenario())
        let template = model.simulate(replication: 0)
        let order = ReplicationRunner(jobs: 3).foldJobs(8, into: [Int](), progress: nil, { index in
            // The first job finishes last.
            if index == 0 { Thread.sleep(forTimeInterval: 0.3) }
            var result = template
            result.replication = index
            return result
        }, fold: { order, index, result in
            XCTAssertEqual(index, result.replication)
            order.append(index)
        })
        XCTAssertEqual(order, Array(0..<8))
    }

    /// The folded run reports the same numbers with any thread count, and the same as a
    /// result built from every replication at once.
    func testFoldedRunIsTheSameWhateverTheJobCount() throws {
        let scenario = try Self.shortScenario()
        let model = PlatformModel(scenario: scenario)
        let costModel = CostModel(catalog: Fixtures.catalog)
        let reference = RunResult(scenario: scenario, replications: ReplicationRunner(jobs: 1).run(model, count: 4), costModel: costModel)
        for jobs in [1, 2, 3] {
            let result = RunResult(ReplicationRunner(jobs: jobs).aggregate(model, count: 4), costModel: costModel)
            XCTAssertEqual(result.outcomes, reference.outcomes, "jobs \(jobs)")
            XCTAssertEqual(result.latency, reference.latency, "jobs \(jobs)")
            XCTAssertEqual(result.series, reference.series, "jobs \(jobs)")
            XCTAssertEqual(result.objectives, reference.objectives, "jobs \(jobs)")
            XCTAssertEqual(result.bills.map(\.monthlyUSD), reference.bills.map(\.monthlyUSD), "jobs \(jobs)")
            XCTAssertEqual(result.meanInSystem, reference.meanInSystem, "jobs \(jobs)")
            XCTAssertEqual(result.meanTimeInSystem, reference.meanTimeInSystem, "jobs \(jobs)")
            XCTAssertEqual(result.database.meanPoolWaitSeconds, reference.database.meanPoolWaitSeconds, "jobs \(jobs)")
            XCTAssertEqual(result.tiers.map(\.meanQueueWaitSeconds), reference.tiers.map(\.meanQueueWaitSeconds), "jobs \(jobs)")
            XCTAssertEqual(result.replications.map(\.seed), reference.replications.map(\.seed), "jobs \(jobs)")
        }
    }
}
