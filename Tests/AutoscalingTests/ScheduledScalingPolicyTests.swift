import Foundation
import XCTest

@testable import Autoscaling

/// A staging tier switched off on weekday evenings and on on weekday mornings, in London,
/// from Monday 2026-11-30 00:00 local (GMT, so local = UTC).
final class ScheduledScalingPolicyTests: XCTestCase {
    private let hour = 3600.0
    private let day = 86_400.0

    private func stagingPolicy(extra: [ScheduledAction] = []) throws -> ScheduledScalingPolicy {
        let configuration = ScheduledScalingConfiguration(
            actions: [
                try ScheduledAction(parsing: "0 18 * * 1-5", minimum: 0, maximum: 0, desired: 0),
                try ScheduledAction(parsing: "0 8 * * 1-5", minimum: 2, maximum: 10, desired: 2),
            ] + extra,
            start: ISO8601DateFormatter().date(from: "2026-11-30T00:00:00Z")!,
            timeZone: TimeZone(identifier: "Europe/London")!)
        return ScheduledScalingPolicy(configuration: configuration, horizon: 7 * day)
    }

    private func observation(at time: Double, droplets: Int = 3) -> TierObservation {
        TierObservation(
            time: time, window: 60, droplets: droplets, ready: droplets, minimum: 0, maximum: 10,
            metrics: TierMetrics(), arrivalRate: 0)
    }

    func testScheduled_stateAtStartComesFromPreviousFriday() throws {
        var policy = try stagingPolicy()
        let early = policy.recommend(for: observation(at: 7 * hour + 59 * 60))
        XCTAssertEqual(early, ScalingRecommendation(desired: 0, reason: "schedule 0 18 * * 1-5", minimum: 0, maximum: 0))
    }

    func testScheduled_weekdayMorningOnAndEveningOff() throws {
        var policy = try stagingPolicy()
        XCTAssertEqual(policy.recommend(for: observation(at: 0)).desired, 0)
        XCTAssertEqual(
            policy.recommend(for: observation(at: 8 * hour)),
            ScalingRecommendation(desired: 2, reason: "schedule 0 8 * * 1-5", minimum: 2, maximum: 10))
        XCTAssertTrue(policy.recommend(for: observation(at: 18 * hour - 60)).abstains)
        XCTAssertEqual(
            policy.recommend(for: observation(at: 18 * hour)),
            ScalingRecommendation(desired: 0, reason: "schedule 0 18 * * 1-5", minimum: 0, maximum: 0))
    }

    func testScheduled_saturdayStaysOff() throws {
        var policy = try stagingPolicy()
        // Friday 2026-12-04 is day 4; Saturday is day 5. Sample Saturday every 15 minutes.
        XCTAssertEqual(policy.recommend(for: observation(at: 4 * day + 12 * hour)).desired, 2)
        var t = 5 * day
        // Friday 18:00's desired 0 is asked for once, at the first wake-up after it fired;
        // afterwards the policy abstains and its maximum of 0 holds the tier off.
        XCTAssertEqual(policy.recommend(for: observation(at: t)).desired, 0)
        t += 15 * 60
        while t < 6 * day {
            let recommendation = policy.recommend(for: observation(at: t, droplets: 0))
            XCTAssertTrue(recommendation.abstains, "at \(t / hour) h")
            XCTAssertEqual(recommendation.desired, 0, "at \(t / hour) h")
            XCTAssertEqual(recommendation.maximum, 0, "at \(t / hour) h")
            t += 15 * 60
        }
    }

    func testScheduled_skippedFiringsApplyInTimeOrder() throws {
        var policy = try stagingPolicy()
        // From Monday 07:59 straight to Tuesday 12:00: Monday on, Monday off, Tuesday on.
        _ = policy.recommend(for: observation(at: 7 * hour))
        let tuesday = policy.recommend(for: observation(at: day + 12 * hour))
        XCTAssertEqual(tuesday, ScalingRecommendation(desired: 2, reason: "schedule 0 8 * * 1-5", minimum: 2, maximum: 10))
    }

    func testScheduled_nilFieldsKeepTheirValue() throws {
        // A lunchtime boost that sets only the desired count.
        var policy = try stagingPolicy(extra: [try ScheduledAction(parsing: "0 12 * * 1-5", desired: 5)])
        let lunch = policy.recommend(for: observation(at: 12 * hour))
        XCTAssertEqual(lunch, ScalingRecommendation(desired: 5, reason: "schedule 0 12 * * 1-5", minimum: 2, maximum: 10))
    }

    func testScheduled_tiesRunInActionOrder() throws {
        // Listed after the 08:00 action, this one wins at 08:00 on Monday.
        var policy = try stagingPolicy(extra: [try ScheduledAction(parsing: "0 8 * * mon", maximum: 4)])
        let monday = policy.recommend(for: observation(at: 8 * hour))
        XCTAssertEqual(monday, ScalingRecommendation(desired: 2, reason: "schedule 0 8 * * mon", minimum: 2, maximum: 4))
    }

    func testScheduled_withoutDesiredKeepsCurrentCount() throws {
        let configuration = ScheduledScalingConfiguration(
            actions: [try ScheduledAction(parsing: "0 9 * * *", minimum: 3)],
            start: ISO8601DateFormatter().date(from: "2026-11-30T00:00:00Z")!,
            timeZone: TimeZone(identifier: "UTC")!)
        var policy = ScheduledScalingPolicy(configuration: configuration, horizon: day)
        // The previous day's 09:00 firing is in force from the start.
        XCTAssertEqual(
            policy.recommend(for: observation(at: 0, droplets: 7)),
            ScalingRecommendation(desired: 7, reason: "schedule 0 9 * * *", minimum: 3, maximum: nil, abstains: true))
    }

    func testScheduled_noActionYetKeepsCurrentCountAndBounds() throws {
        let configuration = ScheduledScalingConfiguration(
            actions: [try ScheduledAction(parsing: "0 9 1 1 *", desired: 1)],
            start: ISO8601DateFormatter().date(from: "2026-11-30T00:00:00Z")!,
            timeZone: TimeZone(identifier: "UTC")!)
        var policy = ScheduledScalingPolicy(configuration: configuration, horizon: day)
        XCTAssertEqual(
            policy.recommend(for: observation(at: 0, droplets: 4)),
            ScalingRecommendation(desired: 4, reason: "schedule: no action has fired yet", abstains: true))
    }

    /// AWS sets a scheduled desired capacity once: the next wake-up abstains, so that in a
    /// combined policy the others may scale in (the bounds still hold).
    func testScheduled_desiredIsAskedForOnce() throws {
        var policy = try stagingPolicy()
        XCTAssertEqual(policy.recommend(for: observation(at: 8 * hour)).desired, 2)
        let later = policy.recommend(for: observation(at: 8 * hour + 60, droplets: 6))
        XCTAssertEqual(later, ScalingRecommendation(desired: 6, reason: "schedule 0 8 * * 1-5", minimum: 2, maximum: 10, abstains: true))
    }
}
