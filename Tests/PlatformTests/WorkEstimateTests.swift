import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation

/// The work estimate that `run` checks against its limits before simulating: it must be
/// close to what a run really does, and it must scale with what drives the cost.
final class WorkEstimateTests: XCTestCase {
    func testBaselineDayEstimateMatchesTheSimulatedRequests() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=1d", "replications=1"])
        let model = PlatformModel(scenario: scenario)
        let estimate = WorkEstimate(models: [model], replications: 1, jobs: 1)
        let simulated = RunResult(scenario: scenario, replications: [model.simulate(replication: 0)],
                                  costModel: CostModel(catalog: Fixtures.catalog))
        XCTAssertEqual(estimate.requests, Double(simulated.outcomes.total), accuracy: 0.01 * Double(simulated.outcomes.total))
        XCTAssertEqual(estimate.events, Double(simulated.events), accuracy: 0.25 * Double(simulated.events),
                       "events per request is measured on this scenario")
        XCTAssertLessThan(estimate.peakBytes, 256 * 1_048_576, "a day of the baseline fits in well under 256 MiB")
    }

    func testEstimateScalesWithReplicationsHorizonAndVariants() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=1d"])
        let model = PlatformModel(scenario: scenario)
        let one = WorkEstimate(models: [model], replications: 1, jobs: 1)
        let four = WorkEstimate(models: [model], replications: 4, jobs: 1)
        XCTAssertEqual(four.requests, 4 * one.requests, accuracy: 1)
        XCTAssertEqual(four.seconds, 4 * one.seconds, accuracy: 1e-9)
        let parallel = WorkEstimate(models: [model], replications: 4, jobs: 2)
        XCTAssertEqual(parallel.seconds, 2 * one.seconds, accuracy: 1e-9, "two jobs halve the time")
        XCTAssertGreaterThan(parallel.peakBytes, four.peakBytes, "two replications run at once")
        let variants = WorkEstimate(models: [model, model, model], replications: 4, jobs: 1)
        XCTAssertEqual(variants.requests, 3 * four.requests, accuracy: 1)
        // Folded replications: memory grows by a summary per replication, not a result.
        let many = WorkEstimate(models: [model], replications: 1000, jobs: 2)
        XCTAssertLessThan(many.peakBytes - parallel.peakBytes, 1000 * 8192)
    }

    func testLimitsNameWhatIsExceeded() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=7d"])
        let estimate = WorkEstimate(models: [PlatformModel(scenario: scenario)], replications: 2, jobs: 2)
        XCTAssertEqual(WorkLimits(bytes: 8 * 1_073_741_824).excesses(of: estimate), [], "the baseline week runs without --force on 8 GiB")
        let tight = WorkLimits(requests: 1e6, bytes: 1e6)
        let reasons = tight.excesses(of: estimate)
        XCTAssertEqual(reasons.count, 2)
        XCTAssertTrue(reasons[0].contains("above the limit of 1 million (--max-requests)"), reasons[0])
        XCTAssertTrue(reasons[1].contains("(--max-memory)"), reasons[1])
    }
}
