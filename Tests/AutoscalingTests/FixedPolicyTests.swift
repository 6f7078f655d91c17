import XCTest
@testable import Autoscaling

final class FixedPolicyTests: XCTestCase {
    func testFixed_alwaysGivesItsCount() {
        let observation = TierObservation(
            time: 0, window: 60, droplets: 8, ready: 8, minimum: 1, maximum: 20,
            metrics: TierMetrics([.cpu: 0.99]), arrivalRate: 0)
        let recommendation = FixedPolicy(count: 3).recommend(for: observation)
        XCTAssertEqual(recommendation, ScalingRecommendation(desired: 3, reason: "static"))
    }
}
