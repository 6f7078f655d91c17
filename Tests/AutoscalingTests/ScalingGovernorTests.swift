import XCTest
@testable import Autoscaling

final class ScalingGovernorTests: XCTestCase {
    /// The worked case of kubernetes.io, horizontal-pod-autoscale, "Scaling Policies":
    /// with Pods 4 and Percent 10 per 60 s and selectPolicy Max, 80 replicas lose 8 at first
    /// (10% beats 4 pods), and in the next period 10% of 72 (7.2) still beats 4, leaving 64.
    func testGovernor_kubernetesScaleDownExample() {
        let behavior = ScalingBehavior(
            scaleUp: ScalingBehavior.kubernetesDefault.scaleUp,
            scaleDown: ScalingRules(
                stabilizationWindow: 0,
                policies: [RatePolicy(kind: .pods, value: 4, period: 60), RatePolicy(kind: .percent, value: 10, period: 60)],
                select: .max))
        var governor = ScalingGovernor(behavior: behavior)

        let first = governor.govern(recommended: 10, current: 80, minimum: 1, maximum: 100, at: 0)
        XCTAssertEqual(first, 72)
        governor.recordScale(from: 80, to: 72, at: 0)

        // Within the period the 8 already removed use up the allowance.
        XCTAssertEqual(governor.govern(recommended: 10, current: 72, minimum: 1, maximum: 100, at: 15), 72)
        XCTAssertEqual(governor.govern(recommended: 10, current: 72, minimum: 1, maximum: 100, at: 45), 72)

        // 60 s later the first event has left the period (the window is open at its old end).
        let second = governor.govern(recommended: 10, current: 72, minimum: 1, maximum: 100, at: 60)
        XCTAssertEqual(second, 64)
    }

    func testGovernor_scaleDownSelectMinTakesTheSmallerChange() {
        let behavior = ScalingBehavior(
            scaleUp: ScalingBehavior.kubernetesDefault.scaleUp,
            scaleDown: ScalingRules(
                stabilizationWindow: 0,
                policies: [RatePolicy(kind: .pods, value: 4, period: 60), RatePolicy(kind: .percent, value: 10, period: 60)],
                select: .min))
        var governor = ScalingGovernor(behavior: behavior)
        XCTAssertEqual(governor.govern(recommended: 10, current: 80, minimum: 1, maximum: 100, at: 0), 76)
    }

    func testGovernor_scaleDownPercentTruncates() {
        // 15 × 0.9 = 13.5: Kubernetes' int32 conversion keeps 13.
        let behavior = ScalingBehavior(
            scaleUp: ScalingBehavior.kubernetesDefault.scaleUp,
            scaleDown: ScalingRules(stabilizationWindow: 0, policies: [RatePolicy(kind: .percent, value: 10, period: 60)], select: .max))
        var governor = ScalingGovernor(behavior: behavior)
        XCTAssertEqual(governor.govern(recommended: 1, current: 15, minimum: 1, maximum: 100, at: 0), 13)
    }

    /// The default 300 s scale-down window keeps the highest recommendation it holds.
    func testGovernor_stabilizationHoldsTheWindowsHighestRecommendation() {
        var governor = ScalingGovernor(behavior: .kubernetesDefault)
        XCTAssertEqual(governor.govern(recommended: 10, current: 10, minimum: 1, maximum: 20, at: 0), 10)
        XCTAssertEqual(governor.govern(recommended: 8, current: 10, minimum: 1, maximum: 20, at: 15), 10)
        XCTAssertEqual(governor.govern(recommended: 6, current: 10, minimum: 1, maximum: 20, at: 30), 10)
        XCTAssertEqual(governor.govern(recommended: 6, current: 10, minimum: 1, maximum: 20, at: 285), 10)

        // At 300 s the 10 of t = 0 leaves the window; the 8 of t = 15 is now the highest.
        XCTAssertEqual(governor.govern(recommended: 6, current: 10, minimum: 1, maximum: 20, at: 300), 8)
        governor.recordScale(from: 10, to: 8, at: 300)

        // At 330 s only 6s remain.
        XCTAssertEqual(governor.govern(recommended: 6, current: 8, minimum: 1, maximum: 20, at: 330), 6)
    }

    func testGovernor_scaleUpWindowTakesTheLowestRecommendation() {
        let behavior = ScalingBehavior(
            scaleUp: ScalingRules(stabilizationWindow: 60, policies: [], select: .max),
            scaleDown: ScalingBehavior.unlimited.scaleDown)
        var governor = ScalingGovernor(behavior: behavior)
        XCTAssertEqual(governor.govern(recommended: 5, current: 4, minimum: 1, maximum: 20, at: 0), 5)
        governor.recordScale(from: 4, to: 5, at: 0)
        XCTAssertEqual(governor.govern(recommended: 9, current: 5, minimum: 1, maximum: 20, at: 30), 5)
        XCTAssertEqual(governor.govern(recommended: 9, current: 5, minimum: 1, maximum: 20, at: 60), 9)
    }

    /// Kubernetes' default scale-up limit: the larger of 100% and 4 pods per 15 s.
    func testGovernor_defaultScaleUpLimit() {
        var small = ScalingGovernor(behavior: .kubernetesDefault)
        XCTAssertEqual(small.govern(recommended: 50, current: 2, minimum: 1, maximum: 100, at: 0), 6)

        var large = ScalingGovernor(behavior: .kubernetesDefault)
        XCTAssertEqual(large.govern(recommended: 50, current: 10, minimum: 1, maximum: 100, at: 0), 20)
    }

    func testGovernor_scaleUpEventsUseUpThePeriod() {
        var governor = ScalingGovernor(behavior: .kubernetesDefault)
        XCTAssertEqual(governor.govern(recommended: 50, current: 2, minimum: 1, maximum: 100, at: 0), 6)
        governor.recordScale(from: 2, to: 6, at: 0)
        // The period started at 2: 6 is all it allows until the event leaves it.
        XCTAssertEqual(governor.govern(recommended: 50, current: 6, minimum: 1, maximum: 100, at: 10), 6)
        XCTAssertEqual(governor.govern(recommended: 50, current: 6, minimum: 1, maximum: 100, at: 15), 12)
    }

    /// Kubernetes counts scale-downs inside the period too: the period started higher.
    func testGovernor_periodStartUndoesScaleDowns() {
        let behavior = ScalingBehavior(
            scaleUp: ScalingRules(stabilizationWindow: 0, policies: [RatePolicy(kind: .pods, value: 4, period: 60)], select: .max),
            scaleDown: ScalingBehavior.unlimited.scaleDown)
        var governor = ScalingGovernor(behavior: behavior)
        governor.recordScale(from: 14, to: 10, at: 0)
        XCTAssertEqual(governor.govern(recommended: 50, current: 10, minimum: 1, maximum: 100, at: 5), 18)
    }

    func testGovernor_scaleUpSelectMinTakesTheSmallerChange() {
        let behavior = ScalingBehavior(
            scaleUp: ScalingRules(stabilizationWindow: 0, policies: ScalingBehavior.kubernetesDefault.scaleUp.policies, select: .min),
            scaleDown: ScalingBehavior.kubernetesDefault.scaleDown)
        var governor = ScalingGovernor(behavior: behavior)
        XCTAssertEqual(governor.govern(recommended: 50, current: 2, minimum: 1, maximum: 100, at: 0), 4)
    }

    func testGovernor_disabledForbidsThatDirection() {
        let behavior = ScalingBehavior(
            scaleUp: ScalingRules(stabilizationWindow: 0, policies: [RatePolicy(kind: .pods, value: 4, period: 15)], select: .disabled),
            scaleDown: ScalingRules(stabilizationWindow: 0, policies: [], select: .disabled))
        var governor = ScalingGovernor(behavior: behavior)
        XCTAssertEqual(governor.govern(recommended: 50, current: 5, minimum: 1, maximum: 100, at: 0), 5)
        XCTAssertEqual(governor.govern(recommended: 1, current: 5, minimum: 1, maximum: 100, at: 15), 5)
    }

    func testGovernor_emptyPoliciesMeanNoLimit() {
        var governor = ScalingGovernor(behavior: .unlimited)
        XCTAssertEqual(governor.govern(recommended: 50, current: 2, minimum: 1, maximum: 100, at: 0), 50)
        XCTAssertEqual(governor.govern(recommended: 1, current: 50, minimum: 1, maximum: 100, at: 15), 1)
    }

    func testGovernor_clampsToBounds() {
        var governor = ScalingGovernor(behavior: .unlimited)
        XCTAssertEqual(governor.govern(recommended: 50, current: 2, minimum: 1, maximum: 12, at: 0), 12)
        XCTAssertEqual(governor.govern(recommended: 0, current: 12, minimum: 3, maximum: 12, at: 15), 3)
        // A count above a lowered maximum comes down even when nothing else would move it.
        XCTAssertEqual(governor.govern(recommended: 12, current: 12, minimum: 3, maximum: 8, at: 30), 8)
    }

    func testGovernor_historyStaysBounded() {
        var governor = ScalingGovernor(behavior: .kubernetesDefault)
        var current = 5
        for step in 0..<10_000 {
            let time = Double(step) * 15
            let recommended = 3 + step % 7
            let next = governor.govern(recommended: recommended, current: current, minimum: 1, maximum: 20, at: time)
            if next != current {
                governor.recordScale(from: current, to: next, at: time)
                current = next
            }
        }
        // 300 s at 15 s holds 20 recommendations; one 15 s period holds one event.
        XCTAssertLessThanOrEqual(governor.rememberedCount, 22)
    }
}
