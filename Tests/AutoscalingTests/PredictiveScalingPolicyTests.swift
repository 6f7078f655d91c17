import Foundation
import XCTest

@testable import Autoscaling

/// A tier whose load follows a daily cosine (100 req/s at midnight, 700 at noon), where
/// each request per second costs 0.01 of a droplet's CPU: at 70% utilization the tier
/// needs ceil(rate / 70) droplets. The controller's observations arrive every 60 s.
final class PredictiveScalingPolicyTests: XCTestCase {
    private let hour = 3600.0
    private let day = 86_400.0
    private let loadPerDroplet = 0.01
    private let leadTime = 1800.0

    private func rate(at t: Double) -> Double {
        400 - 300 * cos(2 * .pi * t / day)
    }

    private func needed(at t: Double) -> Int {
        Int((rate(at: t) * loadPerDroplet / 0.7).rounded(.up))
    }

    /// The true mean rate over the clock hour containing `t`.
    private func hourlyMean(containing t: Double) -> Double {
        let start = (t / hour).rounded(.down) * hour
        return (0..<60).reduce(0) { $0 + rate(at: start + (Double($1) + 0.5) * 60) } / 60
    }

    /// AWS sets each hour's capacity from that hour's forecast, one buffer early: the count
    /// must cover the hour now and the hour `leadTime` ahead.
    private func neededForHours(at t: Double) -> Int {
        let load = max(hourlyMean(containing: t), hourlyMean(containing: t + leadTime))
        return Int((load * loadPerDroplet / 0.7).rounded(.up))
    }

    /// An observation of the window (t − 60, t] on a fleet of 12 droplets.
    private func observation(at t: Double, droplets: Int = 12) -> TierObservation {
        let arrivalRate = rate(at: t - 30)
        let cpu = arrivalRate * loadPerDroplet / Double(droplets)
        return TierObservation(
            time: t, window: 60, droplets: droplets, ready: droplets, minimum: 1, maximum: 50,
            metrics: TierMetrics([.cpu: cpu]), arrivalRate: arrivalRate)
    }

    private func policy(history: [Double] = []) -> PredictiveScalingPolicy {
        PredictiveScalingPolicy(
            configuration: PredictiveScalingConfiguration(
                targetUtilization: 0.7, history: history, leadTime: leadTime))
    }

    func testPredictive_anticipatesTheMorningRampOnDayThree() {
        var policy = policy()
        var t = 60.0
        while t < 2 * day {
            _ = policy.recommend(for: observation(at: t))
            t += 60
        }
        XCTAssertEqual(policy.loadPerDroplet ?? 0, loadPerDroplet, accuracy: 1e-12)
        // Day three, 03:00 to 12:00: the recommendation covers this hour and the hour of T + lead.
        var anticipated = 0
        while t < 2 * day + 12 * hour {
            let recommendation = policy.recommend(for: observation(at: t))
            if t >= 2 * day + 3 * hour {
                XCTAssertEqual(
                    Double(recommendation.desired), Double(neededForHours(at: t)), accuracy: 1,
                    "at \((t - 2 * day) / hour) h of day 3")
                XCTAssertTrue(recommendation.reason.hasPrefix("predictive: forecast "), recommendation.reason)
                XCTAssertTrue(recommendation.reason.hasSuffix(" req/s for the hour at +1800 s"), recommendation.reason)
                if recommendation.desired > needed(at: t) { anticipated += 1 }
            }
            t += 60
        }
        // During the ramp the answer is ahead of the current need, not merely equal to it.
        XCTAssertGreaterThan(anticipated, 60)
    }

    func testPredictive_returnsCurrentCountWhileWarmingUp() {
        var policy = policy()
        var t = 60.0
        var last: ScalingRecommendation?
        while t <= 12 * hour {
            last = policy.recommend(for: observation(at: t, droplets: 5))
            XCTAssertEqual(last?.desired, 5)
            t += 60
        }
        XCTAssertEqual(last?.reason, "predictive: warming up (12h of history)")
    }

    func testPredictive_warmUpEndsAfterADayOfCompleteHours() {
        var policy = policy()
        var t = 60.0
        while t < day {
            XCTAssertTrue(policy.recommend(for: observation(at: t)).reason.contains("warming up"), "at \(t / hour) h")
            t += 60
        }
        XCTAssertTrue(policy.recommend(for: observation(at: day)).reason.hasPrefix("predictive: forecast"))
    }

    func testPredictive_suppliedHistorySkipsTheWarmUp() {
        // 24 hourly averages at hours −24…−1 (sampled at each hour's midpoint).
        let history = (0..<24).map { rate(at: (Double($0 - 24) + 0.5) * hour) }
        var policy = policy(history: history)
        // 06:00 on day one: rate 400 and rising steeply; 06:30 needs ceil(478.5 / 70) = 7.
        let recommendation = policy.recommend(for: observation(at: 6 * hour))
        XCTAssertTrue(recommendation.reason.hasPrefix("predictive: forecast"), recommendation.reason)
        XCTAssertEqual(Double(recommendation.desired), Double(needed(at: 6 * hour + leadTime)), accuracy: 1)
    }

    func testPredictive_waitsForACPUReadingBeforeForecasting() {
        let history = (0..<24).map { rate(at: (Double($0 - 24) + 0.5) * hour) }
        var policy = policy(history: history)
        var blind = observation(at: 60, droplets: 4)
        blind.metrics = TierMetrics()
        XCTAssertEqual(
            policy.recommend(for: blind),
            ScalingRecommendation(
                desired: 4, reason: "predictive: warming up (24h of history, load per droplet not yet measured)"))
        XCTAssertNil(policy.loadPerDroplet)
    }

    func testPredictive_recommendsForecastCountBelowCurrentAtNight() {
        // Scale-out only is the combined policy's and the controller's job: at night the
        // policy still answers with what the forecast needs, below the current 12.
        let history = (0..<48).map { rate(at: (Double($0 - 48) + 0.5) * hour) }
        var policy = policy(history: history)
        let midnight = policy.recommend(for: observation(at: 60))
        XCTAssertEqual(midnight.desired, 2)  // ~100 req/s → ceil(100.6 / 70)
    }
}
