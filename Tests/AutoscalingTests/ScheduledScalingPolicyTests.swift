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
        XCTAssertEqual(policy.recommend(for: observation(at: 18 * hour - 60)).desired, 2)
        XCTAssertEqual(
            policy.recommend(for: observation(at: 18 * hour)),
            ScalingRecommendation(desired: 0, reason: "schedule 0 18 * * 1-5", minimum: 0, maximum: 0))
    }

    func testScheduled_saturdayStaysOff() throws {
        var policy = try stagingPolicy()
        // Friday 2026-12-04 is day 4; Saturday is day 5. Sample Saturday every 15 minutes.
        XCTAssertEqual(policy.recommend(for: observation(at: 4 * day + 12 * hour)).desired, 2)
        var t = 5 * day
        while t < 6 * day {
            let recommendation = policy.recommend(for: observation(at: t))
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
            ScalingRecommendation(desired: 7, reason: "schedule 0 9 * * *", minimum: 3, maximum: nil))
    }

    func testScheduled_noActionYetKeepsCurrentCountAndBounds() throws {
        let configuration = ScheduledScalingConfiguration(
            actions: [try ScheduledAction(parsing: "0 9 1 1 *", desired: 1)],
            start: ISO8601DateFormatter().date(from: "2026-11-30T00:00:00Z")!,
            timeZone: TimeZone(identifier: "UTC")!)
        var policy = ScheduledScalingPolicy(configuration: configuration, horizon: day)
        XCTAssertEqual(
            policy.recommend(for: observation(at: 0, droplets: 4)),
            ScalingRecommendation(desired: 4, reason: "schedule: no action has fired yet"))
    }
}
