import Foundation
import XCTest

/// `capsim forecast` end to end: a synthetic profile whose answers are known, its bad
/// inputs, and the NASA splits the README's table comes from.
final class ForecastCommandTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-forecast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// A profile of `hours` hours at `resolution` seconds from Monday 2026-11-02 00:00 UTC-5,
    /// whose hour h holds `requests(h)` requests; the hours in `gaps` have no rows.
    private func profile(hours: Int, resolution: Int = 3600, gaps: Set<Int> = [], requests: (Int) -> Int) throws -> String {
        let start = 1_793_595_600 // 2026-11-02T00:00:00-05:00
        var lines = ["# capsim load profile v1", "# time_zone: UTC-05:00", "# resolution: \(resolution)s",
                     "# start: 2026-11-02T00:00:00-05:00", "start,requests"]
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: -5 * 3600)
        formatter.formatOptions = [.withInternetDateTime]
        let perHour = 3600 / resolution
        for hour in 0..<hours where !gaps.contains(hour) {
            for part in 0..<perHour {
                let stamp = formatter.string(from: Date(timeIntervalSince1970: Double(start + hour * 3600 + part * resolution)))
                lines.append("\(stamp.replacingOccurrences(of: "Z", with: "+00:00")),\(part == 0 ? requests(hour) : 0)")
            }
        }
        let url = scratch.appendingPathComponent("profile-\(UUID().uuidString).csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// A weekly pattern repeats exactly: seasonal-naive scores zero error, and the JSON
    /// carries every forecaster, the hours and the exclusions.
    func testARepeatingWeekIsForecastExactlyBySeasonalNaive() throws {
        let path = try profile(hours: 4 * 168, gaps: [600]) { hour in 3600 * (10 + (hour % 168) / 12) }
        let outcome = try CLI.run(["forecast", path, "--train", "3w", "--test", "1w", "--format", "json"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(json?["schema"] as? String, "capsim.forecast/v1")
        XCTAssertEqual(json?["testHours"] as? Int, 168)
        XCTAssertEqual(json?["hoursScored"] as? Int, 166, "hour 600 has no data, and 601 has no hour before it")
        XCTAssertEqual((json?["excluded"] as? [String: Any])?["withoutData"] as? Int, 1)
        XCTAssertEqual((json?["excluded"] as? [String: Any])?["withoutHourBefore"] as? Int, 1)
        let forecasters = json?["forecasters"] as? [[String: Any]] ?? []
        XCTAssertEqual(forecasters.map { $0["name"] as? String }, ["predictive", "seasonal-naive", "last-value"])
        XCTAssertEqual(forecasters[1]["meanAbsoluteErrorRequestsPerSecond"] as? Double, 0)
        XCTAssertEqual(json?["bestByMeanAbsoluteError"] as? String, "seasonal-naive")
        XCTAssertEqual((json?["hours"] as? [[String: Any]])?.first?["start"] as? String, "2026-11-23T00:00:00-05:00")
        XCTAssertEqual(json?["testStart"] as? String, "2026-11-23T00:00:00-05:00")
    }

    /// The table names the split and the winner; --from moves the training start and
    /// --ahead the forecast's horizon; a minute profile is read hour by hour.
    func testTheTableAndTheOptions() throws {
        let path = try profile(hours: 5 * 168, resolution: 900) { hour in 360 * (20 + hour % 24) }
        let outcome = try CLI.run(["forecast", path, "--from", "2026-11-09T00:00:00-05:00", "--train", "2w",
                                   "--test", "2d", "--ahead", "3h"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("trained from 2026-11-09T00:00:00-05:00, tested 2026-11-23T00:00:00-05:00 to 2026-11-25T00:00:00-05:00, each hour forecast 3 h ahead"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("hours scored: 48 of 48"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("smallest mean absolute error: seasonal-naive"), outcome.stdout)

        let csv = try CLI.run(["forecast", path, "--train", "3w", "--test", "1d", "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.summary)
        let rows = csv.stdout.split(separator: "\n")
        XCTAssertEqual(rows.first, "start,actual,predictive,seasonal_naive,last_value")
        XCTAssertEqual(rows.count, 25)
    }

    /// A test past the trace's end counts the missing hours rather than failing.
    func testHoursPastTheEndAreCountedWithoutData() throws {
        let path = try profile(hours: 3 * 168 + 100) { _ in 7200 }
        let outcome = try CLI.run(["forecast", path, "--train", "3w", "--test", "1w"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("hours scored: 100 of 168; left out: 68 without data"), outcome.stdout)
    }

    func testBadInputsExitTwoWithTheReason() throws {
        let good = try profile(hours: 4 * 168) { _ in 3600 }
        let sevenMinutes = scratch.appendingPathComponent("seven.csv").path
        try "# capsim load profile v1\n# time_zone: UTC\n# resolution: 420s\n# start: 2026-11-02T00:00:00+00:00\nstart,requests\n2026-11-02T00:00:00+00:00,5\n"
            .write(toFile: sevenMinutes, atomically: true, encoding: .utf8)
        let notAProfile = scratch.appendingPathComponent("plain.csv").path
        try "timestamp,value\n2026-11-02 00:00:00,5\n".write(toFile: notAProfile, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["forecast", scratch.appendingPathComponent("absent.csv").path], "cannot read the trace"),
            (["forecast", notAProfile], "not a capsim load profile"),
            (["forecast", sevenMinutes], "divides an hour"),
            (["forecast", good, "--train", "90m"], "--train must be a whole number of hours"),
            (["forecast", good, "--test", "0h"], "--test must be a whole number of hours"),
            (["forecast", good, "--ahead", "200h"], "--ahead must be from 1 to 168 hours"),
            (["forecast", good, "--max-history", "12h"], "--max-history must be from 24"),
            (["forecast", good, "--from", "2026-11-02T00:00:00"], "--from must be a timestamp with a UTC offset"),
            (["forecast", good, "--from", "2025-01-01T00:00:00+00:00"], "is outside the trace"),
            (["forecast", good, "--train", "5w"], "after the trace"),
            (["forecast", good, "--train", "5d", "--test", "1d"], "no test hour could be scored (left out: 24 without last week's hour)"),
        ]
        for (arguments, message) in cases {
            let outcome = try CLI.run(arguments)
            XCTAssertEqual(outcome.status, 2, outcome.summary)
            XCTAssertFalse(outcome.crashed, outcome.summary)
            XCTAssertTrue(outcome.stderr.contains(message), "expected “\(message)”\n" + outcome.summary)
        }
    }

    /// The README's table: NASA 1995 at hourly resolution, three 3-week/1-week splits.
    func testTheNASASplitsOfTheReadme() throws {
        let trace = CLI.repositoryRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/datasets/nasa-http-1995/nasa_http_1995_requests_per_second.txt")
        guard FileManager.default.fileExists(atPath: trace.path) else {
            throw XCTSkip("../shared/datasets/nasa-http-1995 is absent: the shared datasets are not installed here")
        }
        let hourly = scratch.appendingPathComponent("nasa-1h.csv").path
        let imported = try CLI.run(["trace", "import", trace.path, "--format", "counts", "--start", "1995-07-01T00:00:01-04:00",
                                    "--step", "1s", "--segment", "2381544=1995-08-01T00:00:01-04:00", "--resolution", "1h",
                                    "--out", hourly], timeout: 300)
        XCTAssertEqual(imported.status, 0, imported.summary)
        let splits = [("1995-07-01T00:00:00-04:00", 158), ("1995-08-01T00:00:00-04:00", 168), ("1995-08-04T00:00:00-04:00", 168)]
        for (from, scored) in splits {
            let outcome = try CLI.run(["forecast", hourly, "--from", from, "--train", "3w", "--test", "1w", "--format", "json"])
            XCTAssertEqual(outcome.status, 0, outcome.summary)
            let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
            XCTAssertEqual(json?["hoursScored"] as? Int, scored, from)
            let forecasters = json?["forecasters"] as? [[String: Any]] ?? []
            XCTAssertEqual(forecasters.count, 3)
            for forecaster in forecasters {
                let mae = forecaster["meanAbsoluteErrorRequestsPerSecond"] as? Double ?? -1
                XCTAssertTrue(mae > 0 && mae < 0.5, "\(from) \(forecaster)")
            }
        }
    }
}
