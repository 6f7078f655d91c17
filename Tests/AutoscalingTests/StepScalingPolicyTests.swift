import XCTest
@testable import Autoscaling

final class StepScalingPolicyTests: XCTestCase {
    private func observe(_ value: Double?, droplets: Int = 10, ready: Int? = nil, at time: Double = 0) -> TierObservation {
        var metrics = TierMetrics()
        metrics[.inFlight] = value
        return TierObservation(
            time: time, window: 60, droplets: droplets, ready: ready ?? droplets, minimum: 1, maximum: 100,
            metrics: metrics, arrivalRate: 0)
    }

    /// Scale out by 1, 2 or 3 as in-flight requests pass 4, 6 and 8 per worker; scale in by
    /// 1 at 2 or less and by 2 at 1 or less.
    private let outAndIn = StepScalingConfiguration(
        metric: .inFlight,
        alarms: [
            StepAlarm(
                threshold: 4, comparison: .above, adjustmentType: .changeInCapacity,
                steps: [
                    StepAdjustment(lowerBound: 0, upperBound: 2, adjustment: 1),
                    StepAdjustment(lowerBound: 2, upperBound: 4, adjustment: 2),
                    StepAdjustment(lowerBound: 4, upperBound: nil, adjustment: 3),
                ]),
            StepAlarm(
                threshold: 2, comparison: .below, adjustmentType: .changeInCapacity,
                steps: [
                    StepAdjustment(lowerBound: nil, upperBound: -1, adjustment: -2),
                    StepAdjustment(lowerBound: -1, upperBound: 0, adjustment: -1),
                ]),
        ],
        cooldown: 300)

    func testStep_aboveAlarmIncludesLowerBoundsAndExcludesUpperBounds() {
        let policy = StepScalingPolicy(configuration: outAndIn)
        XCTAssertEqual(policy.recommend(for: observe(3.99)).desired, 10)  // not breached
        XCTAssertEqual(policy.recommend(for: observe(4)).desired, 11)     // offset 0: first step
        XCTAssertEqual(policy.recommend(for: observe(5.99)).desired, 11)
        XCTAssertEqual(policy.recommend(for: observe(6)).desired, 12)     // offset 2 opens step two
        XCTAssertEqual(policy.recommend(for: observe(8)).desired, 13)     // offset 4 opens step three
        XCTAssertEqual(policy.recommend(for: observe(100)).desired, 13)
    }

    func testStep_belowAlarmExcludesLowerBoundsAndIncludesUpperBounds() {
        let policy = StepScalingPolicy(configuration: outAndIn)
        XCTAssertEqual(policy.recommend(for: observe(2.01)).desired, 10)  // not breached
        XCTAssertEqual(policy.recommend(for: observe(2)).desired, 9)      // offset 0 is in (−1, 0]
        XCTAssertEqual(policy.recommend(for: observe(1.01)).desired, 9)
        XCTAssertEqual(policy.recommend(for: observe(1)).desired, 8)      // offset −1 is in (−∞, −1]
        XCTAssertEqual(policy.recommend(for: observe(0)).desired, 8)
    }

    func testStep_reasonNamesTheAlarmAndAdjustment() {
        let recommendation = StepScalingPolicy(configuration: outAndIn).recommend(for: observe(6.5))
        XCTAssertEqual(recommendation.reason, "in_flight 6.5 above 4: ChangeInCapacity 2")
    }

    func testStep_noMetricOrNoAlarmKeepsTheCount() {
        let policy = StepScalingPolicy(configuration: outAndIn)
        let missing = policy.recommend(for: observe(nil))
        XCTAssertEqual(missing.desired, 10)
        XCTAssertEqual(missing.reason, "no metrics")
        let quiet = policy.recommend(for: observe(3))
        XCTAssertEqual(quiet.desired, 10)
        XCTAssertEqual(quiet.reason, "in_flight 3, no alarm")
    }

    func testStep_offsetInAGapDoesNothing() {
        let gapped = StepScalingConfiguration(
            metric: .inFlight,
            alarms: [StepAlarm(
                threshold: 4, comparison: .above, adjustmentType: .changeInCapacity,
                steps: [StepAdjustment(lowerBound: 0, upperBound: 1, adjustment: 1),
                        StepAdjustment(lowerBound: 2, upperBound: nil, adjustment: 3)])])
        XCTAssertEqual(StepScalingPolicy(configuration: gapped).recommend(for: observe(5.5)).desired, 10)
    }

    /// AWS: between 0 and 1 → 1, between −1 and 0 → −1, otherwise toward zero.
    func testStep_percentChangeRounding() {
        XCTAssertEqual(StepScalingPolicy.roundedPercentChange(12.7), 12)
        XCTAssertEqual(StepScalingPolicy.roundedPercentChange(0.4), 1)
        XCTAssertEqual(StepScalingPolicy.roundedPercentChange(-0.4), -1)
        XCTAssertEqual(StepScalingPolicy.roundedPercentChange(-6.67), -6)
        XCTAssertEqual(StepScalingPolicy.roundedPercentChange(1), 1)
        XCTAssertEqual(StepScalingPolicy.roundedPercentChange(0), 0)
    }

    private func percent(_ adjustment: Double, minimumMagnitude: Int? = nil) -> StepScalingConfiguration {
        StepScalingConfiguration(
            metric: .inFlight,
            alarms: [StepAlarm(
                threshold: 4, comparison: .above, adjustmentType: .percentChangeInCapacity,
                minAdjustmentMagnitude: minimumMagnitude,
                steps: [StepAdjustment(lowerBound: 0, upperBound: nil, adjustment: adjustment)])])
    }

    func testStep_percentChangeInCapacity() {
        XCTAssertEqual(StepScalingPolicy(configuration: percent(127)).recommend(for: observe(5, droplets: 10)).desired, 22)
        XCTAssertEqual(StepScalingPolicy(configuration: percent(10)).recommend(for: observe(5, droplets: 4)).desired, 5)
        XCTAssertEqual(StepScalingPolicy(configuration: percent(-66.7)).recommend(for: observe(5, droplets: 10)).desired, 4)
        XCTAssertEqual(StepScalingPolicy(configuration: percent(-20)).recommend(for: observe(5, droplets: 2)).desired, 1)
    }

    func testStep_minAdjustmentMagnitude() {
        // 10% of 10 is 1 droplet; the magnitude raises it to 3.
        let policy = StepScalingPolicy(configuration: percent(10, minimumMagnitude: 3))
        XCTAssertEqual(policy.recommend(for: observe(5, droplets: 10)).desired, 13)
        // 50% of 10 is 5, already above the magnitude.
        let large = StepScalingPolicy(configuration: percent(50, minimumMagnitude: 3))
        XCTAssertEqual(large.recommend(for: observe(5, droplets: 10)).desired, 15)
        let down = StepScalingPolicy(configuration: percent(-10, minimumMagnitude: 3))
        XCTAssertEqual(down.recommend(for: observe(5, droplets: 10)).desired, 7)
    }

    func testStep_exactCapacity() {
        let exact = StepScalingConfiguration(
            metric: .inFlight,
            alarms: [StepAlarm(
                threshold: 4, comparison: .above, adjustmentType: .exactCapacity,
                steps: [StepAdjustment(lowerBound: 0, upperBound: nil, adjustment: 7)])])
        XCTAssertEqual(StepScalingPolicy(configuration: exact).recommend(for: observe(5, droplets: 3)).desired, 7)
    }

    func testStep_cooldownIgnoresSmallerScaleOutAndAppliesLargerOne() {
        var policy = StepScalingPolicy(configuration: outAndIn)
        XCTAssertEqual(policy.recommend(for: observe(6, droplets: 4, at: 0)).desired, 6)
        policy.didScale(from: 4, to: 6, at: 0)

        // The same breach while the two droplets boot: 4 in rotation + 2 = 6, nothing more.
        let same = policy.recommend(for: observe(6, droplets: 6, ready: 4, at: 60))
        XCTAssertEqual(same.desired, 6)
        // A smaller step is ignored too.
        XCTAssertEqual(policy.recommend(for: observe(4.5, droplets: 6, ready: 4, at: 60)).desired, 6)
        // A larger step adds the difference: 4 + 3 = 7.
        XCTAssertEqual(policy.recommend(for: observe(9, droplets: 6, ready: 4, at: 60)).desired, 7)
    }

    func testStep_cooldownBlocksScaleIn() {
        var policy = StepScalingPolicy(configuration: outAndIn)
        policy.didScale(from: 4, to: 6, at: 0)
        let held = policy.recommend(for: observe(1, droplets: 6, at: 299))
        XCTAssertEqual(held.desired, 6)
        XCTAssertEqual(held.reason, "in_flight 1 below 2: ChangeInCapacity -2, held by cooldown until 300 s")
        XCTAssertEqual(policy.recommend(for: observe(1, droplets: 6, at: 300)).desired, 4)
    }

    func testStep_validConfigurationHasNoProblems() {
        XCTAssertEqual(StepScalingPolicy.validate(outAndIn), [])
    }

    func testStep_validationReportsAGap() {
        let gapped = StepScalingConfiguration(
            metric: .inFlight,
            alarms: [StepAlarm(
                threshold: 4, comparison: .above, adjustmentType: .changeInCapacity,
                steps: [StepAdjustment(lowerBound: 2, upperBound: nil, adjustment: 3),
                        StepAdjustment(lowerBound: 0, upperBound: 1, adjustment: 1)])])
        XCTAssertEqual(
            StepScalingPolicy.validate(gapped),
            ["alarms[0].steps[1] and steps[0]: gap between offsets 1 and 2; no step covers it"])
    }

    func testStep_validationReportsAnOverlap() {
        let overlapping = StepScalingConfiguration(
            metric: .inFlight,
            alarms: [StepAlarm(
                threshold: 4, comparison: .above, adjustmentType: .changeInCapacity,
                steps: [StepAdjustment(lowerBound: 0, upperBound: 3, adjustment: 1),
                        StepAdjustment(lowerBound: 2, upperBound: nil, adjustment: 3)])])
        XCTAssertEqual(
            StepScalingPolicy.validate(overlapping),
            ["alarms[0].steps[0] and steps[1]: overlap between offsets 2 and 3"])
    }

    func testStep_validationChecksSignsAndUnboundedEnds() {
        let wrong = StepScalingConfiguration(
            metric: .inFlight,
            alarms: [
                StepAlarm(
                    threshold: 4, comparison: .above, adjustmentType: .changeInCapacity,
                    steps: [StepAdjustment(lowerBound: -1, upperBound: 2, adjustment: 1)]),
                StepAlarm(
                    threshold: 2, comparison: .below, adjustmentType: .changeInCapacity,
                    steps: [StepAdjustment(lowerBound: -1, upperBound: 1, adjustment: -1)]),
                StepAlarm(threshold: 2, comparison: .below, adjustmentType: .changeInCapacity, steps: []),
            ])
        XCTAssertEqual(StepScalingPolicy.validate(wrong), [
            "alarms[0].steps[0]: lower bound -1 is negative; an above alarm's steps are offsets of 0 or more",
            "alarms[0].steps[0]: upper bound 2 must be empty; the last step of an above alarm is unbounded",
            "alarms[1].steps[0]: upper bound 1 is positive; a below alarm's steps are offsets of 0 or less",
            "alarms[1].steps[0]: lower bound -1 must be empty; the first step of a below alarm is unbounded",
            "alarms[2]: has no steps; give at least one",
        ])
    }
}
