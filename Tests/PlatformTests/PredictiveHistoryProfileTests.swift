import XCTest
@testable import YAMLSupport
@testable import Scenarios
import Autoscaling

/// The predictive policy's `history:` as a load profile from `capsim trace import`: read
/// hour by hour, scaled by `history_scale`, and refused where it has gaps.
final class PredictiveHistoryProfileTests: XCTestCase {
    private static func scenario(_ autoscaling: String) -> String {
        AutoscalingLoopTests.burstScenario(autoscaling: autoscaling)
    }

    /// Three hours at 15-minute resolution from 00:00 UTC; `skip` leaves rows out (a gap).
    private static func profile(skip: Set<Int> = []) -> String {
        var lines = ["# capsim load profile v1", "# time_zone: UTC", "# resolution: 900s",
                     "# start: 2026-11-01T00:00:00+00:00", "start,requests"]
        for quarter in 0..<13 where !skip.contains(quarter) {
            lines.append(String(format: "2026-11-01T%02d:%02d:00+00:00,%d", quarter / 4, quarter % 4 * 15, 900 * (quarter / 4 + 1)))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func load(_ autoscaling: String, profile: String) throws -> Scenario {
        let files = InMemoryScenarioFiles(["/s/scenario.yaml": Self.scenario(autoscaling), "/s/history.csv": profile])
        return try ScenarioLoader(catalog: Fixtures.catalog, files: files).load(path: "/s/scenario.yaml")
    }

    func testAProfileBecomesHourlyRatesScaled() throws {
        let scenario = try load("{policy: predictive, min: 1, max: 4, history: history.csv, history_scale: 2}", profile: Self.profile())
        guard case let .predictive(configuration)? = scenario.configuration.tier(.api)?.autoscaling?.policy else {
            return XCTFail("expected a predictive policy")
        }
        // Hour h holds 4 quarters of 900·(h+1) requests... only whole hours: the 13th quarter is left out.
        XCTAssertEqual(configuration.history, [2, 4, 6].map { Double($0) * 4 * 900 / 3600 })
    }

    func testAGapIsRefusedWithItsPlace() throws {
        XCTAssertThrowsError(try load("{policy: predictive, min: 1, max: 4, history: history.csv}", profile: Self.profile(skip: [5]))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("tiers.api.autoscaling.history"), text)
            XCTAssertTrue(text.contains("1 hour without data, the first at 2026-11-01T01:00:00+00:00"), text)
        }
    }

    func testAMalformedProfileIsReportedWithItsLine() throws {
        let broken = Self.profile().replacingOccurrences(of: "2026-11-01T00:30:00+00:00,900", with: "2026-11-01T00:30:00+00:00,many")
        XCTAssertThrowsError(try load("{policy: predictive, min: 1, max: 4, history: history.csv}", profile: broken)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("the history profile is malformed: history.csv:8"), text)
            XCTAssertTrue(text.contains("requests"), text)
        }
    }

    func testHistoryScaleNeedsAHistory() throws {
        XCTAssertThrowsError(try load("{policy: predictive, min: 1, max: 4, history_scale: 3}", profile: Self.profile())) { error in
            XCTAssertTrue("\(error)".contains("history_scale scales a history: give history too"), "\(error)")
        }
    }
}
