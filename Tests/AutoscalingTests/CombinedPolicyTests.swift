import Foundation
import XCTest
@testable import Autoscaling

final class CombinedPolicyTests: XCTestCase {
    private func observe(cpu: Double, droplets: Int, at time: Double = 0) -> TierObservation {
        TierObservation(
            time: time, window: 60, droplets: droplets, ready: droplets, minimum: 1, maximum: 20,
            metrics: TierMetrics([.cpu: cpu]), arrivalRate: 0, poolMetrics: TierMetrics([.cpu: cpu]))
    }

    /// Returns fixed answers and counts the changes it hears of.
    private struct Probe: ScalingPolicy {
        var answer: ScalingRecommendation
        var heard: [Int] = []
        func recommend(for observation: TierObservation) -> ScalingRecommendation { answer }
        mutating func didScale(from old: Int, to new: Int, at time: Double) { heard.append(new) }
    }

    func testCombined_largestDesiredWins() {
        let tracking = TargetTrackingPolicy(configuration: TargetTrackingConfiguration(targets: [MetricTarget(metric: .cpu, target: 0.5)]))
        var combined = CombinedPolicy(policies: [FixedPolicy(count: 3), tracking])
        let busy = combined.recommend(for: observe(cpu: 0.75, droplets: 4))
        XCTAssertEqual(busy.desired, 6)
        XCTAssertEqual(busy.reason, "[1] TargetTrackingPolicy: cpu 0.75 vs target 0.50")
        let quiet = combined.recommend(for: observe(cpu: 0.1, droplets: 4))
        XCTAssertEqual(quiet.desired, 3)
        XCTAssertEqual(quiet.reason, "[0] FixedPolicy: static")
    }

    func testCombined_tieGoesToTheEarlierPolicy() {
        var combined = CombinedPolicy(policies: [FixedPolicy(count: 5), Probe(answer: .init(desired: 5, reason: "probe"))])
        XCTAssertEqual(combined.recommend(for: observe(cpu: 0.5, droplets: 4)).reason, "[0] FixedPolicy: static")
    }

    func testCombined_boundsComeFromTheFirstMemberThatSetsThem() {
        var combined = CombinedPolicy(policies: [
            FixedPolicy(count: 9),
            Probe(answer: .init(desired: 2, reason: "schedule", minimum: 4)),
            Probe(answer: .init(desired: 1, reason: "other", minimum: 7, maximum: 12)),
        ])
        let recommendation = combined.recommend(for: observe(cpu: 0.5, droplets: 4))
        XCTAssertEqual(recommendation.desired, 9)
        XCTAssertEqual(recommendation.minimum, 4)
        XCTAssertEqual(recommendation.maximum, 12)
    }

    func testCombined_didScaleReachesEveryMember() {
        var combined = CombinedPolicy(policies: [
            Probe(answer: .init(desired: 2, reason: "a")), Probe(answer: .init(desired: 3, reason: "b")),
        ])
        combined.didScale(from: 2, to: 3, at: 15)
        let heard = combined.policies.map { ($0 as! Probe).heard }
        XCTAssertEqual(heard, [[3], [3]])
    }

    func testCombined_cooldownOfAMemberStillHolds() {
        let pool = DropletAutoscalePoolPolicy(configuration: .init(metric: .cpu, target: 0.5, cooldown: 600))
        var combined = CombinedPolicy(policies: [pool, FixedPolicy(count: 1)])
        combined.didScale(from: 4, to: 6, at: 0)
        XCTAssertEqual(combined.recommend(for: observe(cpu: 1.0, droplets: 6, at: 60)).desired, 6)
        XCTAssertEqual(combined.recommend(for: observe(cpu: 1.0, droplets: 6, at: 600)).desired, 12)
    }

    /// A scheduled desired inside a combined policy is set once (AWS): at 08:00 the schedule
    /// lifts the tier to 8; at the next wake-up tracking alone decides and may scale in,
    /// down to the schedule's minimum, where before this the 8 was a floor all day.
    func testCombined_scalesInAfterAScheduledDesired() throws {
        let schedule = ScheduledScalingPolicy(configuration: ScheduledScalingConfiguration(
            actions: [try ScheduledAction(parsing: "0 8 * * *", minimum: 2, desired: 8)],
            start: ISO8601DateFormatter().date(from: "2026-11-30T00:00:00Z")!, timeZone: TimeZone(identifier: "UTC")!),
            horizon: 86_400)
        let tracking = TargetTrackingPolicy(configuration: TargetTrackingConfiguration(targets: [MetricTarget(metric: .cpu, target: 0.5)]))
        var combined = CombinedPolicy(policies: [schedule, tracking])
        let fired = combined.recommend(for: observe(cpu: 0.25, droplets: 4, at: 8 * 3600))
        XCTAssertEqual(fired.desired, 8)
        XCTAssertEqual(fired.minimum, 2)
        combined.didScale(from: 4, to: 8, at: 8 * 3600)
        // 8 droplets at 25% against 50%: tracking asks for 4, and nothing holds it at 8.
        let after = combined.recommend(for: observe(cpu: 0.25, droplets: 8, at: 8 * 3600 + 60))
        XCTAssertEqual(after.desired, 4)
        XCTAssertEqual(after.minimum, 2)
        XCTAssertTrue(after.reason.hasPrefix("[1] TargetTrackingPolicy"), after.reason)
    }

    func testCombined_withoutPoliciesKeepsTheCount() {
        var combined = CombinedPolicy(policies: [])
        XCTAssertEqual(combined.recommend(for: observe(cpu: 0.5, droplets: 4)).desired, 4)
    }
}
