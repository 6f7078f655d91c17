import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

/// The full validation grid of `capsim validate`: every statistic of every textbook case
/// must have its closed form inside the 99% interval, with a half-width under 3%.
final class ValidationGridTests: XCTestCase {
    func testEveryCaseAgreesWithItsClosedForm() throws {
        let runner = ReplicationRunner(jobs: ProcessInfo.processInfo.activeProcessorCount)
        for validation in ValidationSuite.standard().cases {
            for check in try ValidationSuite.run(validation, catalog: Fixtures.catalog, runner: runner) {
                let interval = check.simulated
                XCTAssertTrue(check.inside, "\(check.caseName) \(check.statistic): closed form \(check.analytic) outside [\(interval.lower ?? .nan), \(interval.upper ?? .nan)] (seed \(validation.seed))")
                XCTAssertLessThan(check.relativeHalfWidth, ValidationSuite.maximumRelativeHalfWidth,
                                  "\(check.caseName) \(check.statistic): interval too wide (seed \(validation.seed))")
            }
        }
    }

    /// The generated scenarios are ordinary scenario files: they pass `capsim check`'s loader
    /// and describe the queue they claim.
    func testGeneratedScenariosDescribeTheirQueues() throws {
        for validation in ValidationSuite.standard(scale: 0.01).cases {
            let scenario = try Fixtures.scenario(yaml: ValidationSuite.scenarioText(for: validation))
            let estimate = PlatformModel(scenario: scenario).workload(.wholeHorizon)
            switch validation.queue {
            case .sessionStarvation:
                continue
            case .pool, .deterministicPool, .lognormalPool:
                XCTAssertEqual(estimate.database.transactionRate * estimate.database.meanHold / Double(validation.servers),
                               validation.utilization, accuracy: 1e-9, validation.name)
            default:
                XCTAssertEqual(estimate.tiers[0].utilization, validation.utilization, accuracy: 1e-9, validation.name)
            }
        }
    }
}
