import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

/// The analytic workload against the simulation: utilizations agree within 2% (relative).
final class WorkloadEstimateTests: XCTestCase {
    func testUtilizationsAgreeWithTheSimulationOnTheBaseline() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=1d", "replications=2"])
        let model = PlatformModel(scenario: scenario)
        let estimate = model.workload(.wholeHorizon)
        let results = ReplicationRunner(jobs: 2).run(model, count: 2)
        for tier in estimate.tiers {
            let simulated = results.map { r in r.tiers.first { $0.role == tier.role }!.cpuUtilization }.reduce(0, +) / 2
            print("tier \(tier.role): analytic \(tier.utilization) simulated \(simulated)")
            XCTAssertEqual(tier.utilization, simulated, accuracy: 0.02 * simulated, "\(tier.role)")
        }
        let database = results.map(\.database.cpuUtilization).reduce(0, +) / 2
        print("db: analytic \(estimate.database.utilization) simulated \(database)")
        XCTAssertEqual(estimate.database.utilization, database, accuracy: 0.02 * database)
        for (index, ratio) in estimate.cacheHitRatio.enumerated() {
            guard let ratio else { continue }
            let lookups = results.reduce(0) { $0 + $1.cacheLookupsByOperation[index] }
            let hits = results.reduce(0) { $0 + $1.cacheHitsByOperation[index] }
            print("cache \(scenario.operations[index].name): analytic \(ratio) simulated \(Double(hits) / Double(lookups))")
            XCTAssertEqual(ratio, Double(hits) / Double(lookups), accuracy: 0.02)
        }
    }
}
