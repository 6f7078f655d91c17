import XCTest
@testable import Autoscaling

final class DropletAutoscalePoolPolicyTests: XCTestCase {
    private func observe(cpu: Double?, droplets: Int = 4, ready: Int? = nil, at time: Double = 0) -> TierObservation {
        var metrics = TierMetrics()
        metrics[.cpu] = cpu
        return TierObservation(
            time: time, window: 60, droplets: droplets, ready: ready ?? droplets, minimum: 1, maximum: 20,
            metrics: metrics, arrivalRate: 0)
    }

    private let configuration = DropletAutoscalePoolConfiguration(metric: .cpu, target: 0.6, cooldown: 600)

    func testPool_scalesInProportionWithoutTolerance() {
        let policy = DropletAutoscalePoolPolicy(configuration: configuration)
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.9)).desired, 6)   // 4 × 1.5
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.3)).desired, 2)   // 4 × 0.5
        // 4 × 0.63 / 0.6 = 4.2: 5% over target still adds a droplet (the HPA would not).
        let slightlyOver = policy.recommend(for: observe(cpu: 0.63))
        XCTAssertEqual(slightlyOver.desired, 5)
        XCTAssertEqual(slightlyOver.reason, "cpu 0.63 vs target 0.60")
    }

    func testPool_usesDropletsInRotation() {
        let policy = DropletAutoscalePoolPolicy(configuration: configuration)
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.9, droplets: 5, ready: 2)).desired, 3)
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.9, droplets: 5, ready: 0)).desired, 5)
        XCTAssertEqual(policy.recommend(for: observe(cpu: nil, droplets: 5)).reason, "no metrics")
    }

    func testPool_cooldownHoldsBothDirections() {
        var policy = DropletAutoscalePoolPolicy(configuration: configuration)
        policy.didScale(from: 4, to: 6, at: 100)
        let up = policy.recommend(for: observe(cpu: 0.9, droplets: 6, at: 699))
        XCTAssertEqual(up.desired, 6)
        XCTAssertEqual(up.reason, "cpu 0.90 vs target 0.60, cooldown until 700 s")
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.3, droplets: 6, at: 400)).desired, 6)
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.3, droplets: 6, at: 700)).desired, 3)
    }

    func testPool_validConfigurationHasNoProblems() {
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(configuration), [])
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(.init(metric: .memory, target: 0.05, cooldown: 300)), [])
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(.init(metric: .cpu, target: 1.0, cooldown: 1200)), [])
    }

    func testPool_validationReportsEveryProblem() {
        let wrong = DropletAutoscalePoolConfiguration(metric: .p95Latency, target: 1.5, cooldown: 60)
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(wrong), [
            "metric: \"p95_latency\" is not available; a Droplet autoscale pool scales on cpu or memory",
            "target: 1.5 is outside 0.05…1.0",
            "cooldown: 60 s is outside 300…1200 s (5 to 20 minutes)",
        ])
        XCTAssertEqual(
            DropletAutoscalePoolPolicy.validate(.init(metric: .cpu, target: 0.04, cooldown: 1201)),
            ["target: 0.04 is outside 0.05…1.0", "cooldown: 1201 s is outside 300…1200 s (5 to 20 minutes)"])
    }
}
