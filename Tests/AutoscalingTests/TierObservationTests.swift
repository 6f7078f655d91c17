import XCTest
@testable import Autoscaling

final class TierObservationTests: XCTestCase {
    func testMetrics_keepEachValueApart() {
        var metrics = TierMetrics([.cpu: 0.5, .p95Latency: 0.25])
        metrics[.inFlight] = 3
        XCTAssertEqual(metrics[.cpu], 0.5)
        XCTAssertEqual(metrics[.p95Latency], 0.25)
        XCTAssertEqual(metrics[.inFlight], 3)
        XCTAssertNil(metrics[.memory])
        XCTAssertNil(metrics[.requestsPerDroplet])
    }

    func testNotReady_countsBootingDroplets() {
        let observation = TierObservation(
            time: 0, window: 60, droplets: 5, ready: 3, minimum: 2, maximum: 10,
            metrics: TierMetrics(), arrivalRate: 0)
        XCTAssertEqual(observation.notReady, 2)
    }
}
