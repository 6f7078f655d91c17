import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation

/// The per-minute series grows as the run goes instead of reserving the horizon up front
/// (a 1,000,000-day horizon reserved 86 GB before the first event).
final class SeriesReservationTests: XCTestCase {
    func testLongHorizonReservesAtMostAWeekOfMinutes() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=100d"])
        let simulation = PlatformSimulation(model: PlatformModel(scenario: scenario), replication: 0)
        XCTAssertLessThanOrEqual(simulation.recorder.series.capacity, 2 * 7 * 1440)
    }
}
