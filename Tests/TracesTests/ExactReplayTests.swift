import DigitalOceanCatalog
import Foundation
@testable import Model
import Results
import Scenarios
import SimCore
import Traces
import XCTest
import YAMLSupport

/// `--keep-request-times` and `replay: exact`: the import keeps each request's time, the
/// profile file carries it, and a replaying group's requests arrive at exactly those times.
final class ExactReplayTests: XCTestCase {
    private let utc = TraceTimeZone.fixed(secondsEast: 0)

    /// Requests out of order, two tenants, two at the same instant, times with 7 decimals.
    private let requestsCSV = """
        TIMESTAMP,tenant,tokens
        2023-11-16 18:15:46.6805900,acme,1
        2023-11-16 18:15:12.2500000,globex,1
        2023-11-16 18:16:03.0000004,acme,1
        2023-11-16 18:16:03.0000004,acme,1
        2023-11-16 18:17:59.9999999,globex,1
        2023-11-16 18:17:01.1000000,acme,1
        """

    private func imported(keep: Bool = true) throws -> LoadTrace {
        var options = TraceImportOptions(format: .requests, file: "r.csv")
        options.timeZone = utc
        options.tenantColumn = "tenant"
        options.keepRequestTimes = keep
        return try TraceImporter.read(Array(requestsCSV.utf8), options: options).0
    }

    func testTheImportKeepsEveryRequestTimeInOrderToTheMicrosecond() throws {
        let trace = try imported()
        let times = try XCTUnwrap(trace.requestTimes)
        // The profile starts on the minute of the first request, 18:15:00.
        XCTAssertEqual(times.offsets, [12.25, 46.68059, 63.0, 63.0, 121.1, 180.0])
        // Tenants by first request: globex (18:15:12), then acme.
        XCTAssertEqual(trace.tenants, ["globex", "acme"])
        XCTAssertEqual(times.tenants, [0, 1, 1, 1, 1, 0])
        // 18:17:59.9999999 rounds to 18:18:00.000000: binned as rounded, in a fourth minute.
        XCTAssertEqual(trace.counts, [2, 2, 1, 1])
        XCTAssertEqual(trace.tenantCounts, [[1, 0, 0, 1], [1, 2, 1, 0]])
        XCTAssertNil(try imported(keep: false).requestTimes)
    }

    func testTheProfileFileRoundTripsRequestTimesAndGaps() throws {
        var trace = try imported()
        XCTAssertEqual(try LoadProfileFile.read(LoadProfileFile.write(trace), file: "p.csv"), trace)
        // A window that starts two minutes before the first request: two gap intervals.
        var options = TraceImportOptions(format: .requests, file: "r.csv")
        options.timeZone = utc
        options.keepRequestTimes = true
        options.from = 1_700_158_380   // 2023-11-16T18:13:00Z
        trace = try TraceImporter.read(Array(requestsCSV.utf8), options: options).0
        XCTAssertEqual(trace.gaps, [0..<2])
        let text = LoadProfileFile.write(trace)
        XCTAssertTrue(text.contains("# intervals: 6\n# gaps: 0-1\noffset_seconds\n132.250000\n"), text)
        XCTAssertEqual(try LoadProfileFile.read(text, file: "p.csv"), trace)
    }

    func testIntervalSourcesHaveNoRequestTimesToKeep() {
        var options = TraceImportOptions(format: .series, file: "s.csv")
        options.keepRequestTimes = true
        XCTAssertThrowsError(try TraceImporter.read(Array("2014-04-10T00:00:00Z,5\n2014-04-10T00:05:00Z,6\n".utf8), options: options)) { error in
            XCTAssertEqual((error as? ScenarioError)?.issues.first?.path, "--keep-request-times", "\(error)")
        }
    }

    /// Each malformed request-row file fails at its line and field.
    func testMalformedRequestRowsAreLocated() {
        let head = "# capsim load profile v1\n# time_zone: UTC\n# resolution: 60s\n# start: 2023-11-16T18:15:00+00:00\n"
        let cases: [(String, Int, String)] = [
            (head + "# intervals: 2\noffset_seconds\n5.0\n4.0\n", 8, "offset_seconds"),          // out of order
            (head + "# intervals: 2\noffset_seconds\n120.0\n", 7, "offset_seconds"),             // past the end
            (head + "# intervals: 2\noffset_seconds\n-1\n", 7, "offset_seconds"),                // negative
            (head + "# intervals: 2\n# gaps: 1-1\noffset_seconds\n70\n", 8, "offset_seconds"),    // inside a gap
            (head + "offset_seconds\n5.0\n", 1, "intervals"),                                    // no intervals
            (head + "# intervals: 0\noffset_seconds\n5.0\n", 5, "intervals"),                    // no interval
            (head + "# intervals: 3\n# gaps: 2-1\noffset_seconds\n5.0\n", 6, "gaps"),            // backwards range
            (head + "# intervals: 3\nstart,requests\n2023-11-16T18:15:00+00:00,4\n", 5, "intervals"), // counts with intervals
            (head + "# intervals: 3\noffset_seconds,tenant\n5.0\n", 7, ""),                       // missing field
        ]
        for (text, line, field) in cases {
            XCTAssertThrowsError(try LoadProfileFile.read(text, file: "p.csv"), text) { error in
                let issue = (error as? ScenarioError)?.issues.first
                XCTAssertEqual(issue?.line, line, "\(text)\n\(error)")
                XCTAssertEqual(issue?.path, field, "\(text)\n\(error)")
            }
        }
    }

    // MARK: Replay in the simulation

    private func scenario(profile: String, load: String, horizon: String = "10m", count: Int = 3) throws -> Scenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try profile.write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let yaml = """
            name: replay
            seed: 7
            horizon: \(horizon)
            tenant_groups:
              users:
                count: \(count)
                load: {trace: p.csv, \(load)}
                mix: {query: 1}
            operations:
              query: {complexity: 1, cpu_base: 1ms, cpu_per_point: 0s, depth: 1, query_time: 1ms}
            tiers:
              api: {size: s-8vcpu-16gb, droplets: 1}
            database:
              plan: db-s-2vcpu-4gb
              pgbouncer: {mode: transaction, pool_size: 10}
            """
        let path = folder.appendingPathComponent("s.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let catalogPath = TraceArrivalTests.root.appendingPathComponent("datasets/digitalocean-catalog.yaml").path
        let catalog = try Catalog.parse(String(contentsOfFile: catalogPath, encoding: .utf8), path: catalogPath)
        return try ScenarioLoader(catalog: catalog, files: TraceArrivalTests.Disk()).load(path: path)
    }

    private func arrivals(_ scenario: Scenario) -> (ReplicationResult, [Double]) {
        let model = PlatformModel(scenario: scenario)
        let (result, log) = model.simulate(replication: 0, tracing: TraceLog(groups: model.groups.count))
        return (result, log.arrivalsByGroup[0])
    }

    func testRequestsArriveAtTheTraceTimesShiftedAndLooped() throws {
        let trace = try imported()
        let profile = LoadProfileFile.write(trace)
        // shift 30 s: the first request (12.25 s) is before the start and is not replayed.
        var (_, times) = arrivals(try scenario(profile: profile, load: "shift: 30s"))
        XCTAssertEqual(times, [16.68059, 33.0, 33.0, 91.1, 150.0].map { $0 }, accuracy: 1e-9)
        // Looped over a 10-minute run: the 4-minute trace plays again from its start at 210 s.
        (_, times) = arrivals(try scenario(profile: profile, load: "shift: 30s, loop: true"))
        let lap = [12.25, 46.68059, 63.0, 63.0, 121.1, 180.0]
        let expected = [16.68059, 33.0, 33.0, 91.1, 150.0] + lap.map { $0 + 210 } + lap.map { $0 + 450 }.filter { $0 < 600 }
        XCTAssertEqual(times, expected, accuracy: 1e-9)
    }

    /// Whether `time` is one of 0.05 + 0.2k seconds.
    private func onTheTraceGrid(_ time: Double) -> Bool {
        let steps: Double = (time - 0.05) / 0.2
        return (steps - steps.rounded()).magnitude < 1e-6
    }

    func testScaleSendsWholeCopiesAndThinsTheFraction() throws {
        // 3,000 requests, one every 0.2 s over 10 minutes.
        let rows = (0..<3000).map { RequestTimes.format(Double($0) * 0.2 + 0.05) }.joined(separator: "\n")
        let profile = "# capsim load profile v1\n# time_zone: UTC\n# resolution: 60s\n# start: 2026-01-01T00:00:00+00:00\n# intervals: 10\noffset_seconds\n\(rows)\n"
        var (_, times) = arrivals(try scenario(profile: profile, load: "scale: 2"))
        XCTAssertEqual(times.count, 6000)
        XCTAssertEqual(times[0], 0.05, accuracy: 1e-12)
        XCTAssertEqual(times[1], 0.05, accuracy: 1e-12)
        // scale 0.5: binomial(3000, 0.5), mean 1500, sd 27.4: within 4 sd.
        (_, times) = arrivals(try scenario(profile: profile, load: "scale: 0.5"))
        XCTAssertEqual(Double(times.count), 1500, accuracy: 4 * 27.4)
        XCTAssertTrue(times.allSatisfy(onTheTraceGrid), "every arrival at a trace time")
        // The same replay with poisson: the same number in expectation, at other times.
        (_, times) = arrivals(try scenario(profile: profile, load: "replay: poisson"))
        XCTAssertEqual(Double(times.count), 3000, accuracy: 4 * 3000.0.squareRoot())
        XCTAssertFalse(times.allSatisfy(onTheTraceGrid))
    }

    func testReplayedRequestsKeepTheirTenantsBySize() throws {
        // Tenant b sends 3 requests, a sends 1, and one request names none.
        let profile = """
            # capsim load profile v1
            # time_zone: UTC
            # resolution: 60s
            # start: 2026-01-01T00:00:00+00:00
            # intervals: 1
            offset_seconds,tenant
            1.000000,a
            2.000000,b
            3.000000,b
            4.000000,b
            5.000000,

            """
        let scenario = try scenario(profile: profile, load: "loop: false", horizon: "1m")
        let (result, times) = arrivals(scenario)
        XCTAssertEqual(times, [1, 2, 3, 4, 5])
        // b is the busiest: the group's first tenant; a the second; the unnamed request is
        // drawn by size (b 3/4, a 1/4), so b has 3 or 4 and a 1 or 2.
        let requests = result.tenantUsage.requests
        XCTAssertEqual(requests.count, 3)
        XCTAssertEqual(requests.reduce(0, +), 5)
        XCTAssertTrue([3, 4].contains(requests[0]) && [1, 2].contains(requests[1]) && requests[2] == 0, "\(requests)")
    }

    /// The Azure LLM conversation trace (../shared, skipped without it), replayed exactly:
    /// every request arrives, and the busiest second holds the trace's 19 requests, which a
    /// Poisson replay of the one-minute counts would only reach by chance.
    func testTheAzureTraceReplaysExactly() throws {
        let path = TraceArrivalTests.root.deletingLastPathComponent()
            .appendingPathComponent("shared/datasets/azure-llm-inference-2023/AzureLLMInferenceTrace_conv.csv").path
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw XCTSkip("../shared/datasets/azure-llm-inference-2023 is absent: the Azure trace cannot be replayed")
        }
        var options = TraceImportOptions(format: .requests, file: "AzureLLMInferenceTrace_conv.csv")
        options.timeZone = utc
        options.keepRequestTimes = true
        let trace = try TraceImporter.read([UInt8](bytes), options: options).0
        XCTAssertEqual(trace.requestTimes?.offsets.count, 19_366)
        let scenario = try scenario(profile: LoadProfileFile.write(trace), load: "replay: exact", horizon: "1h")
        let (result, times) = arrivals(scenario)
        XCTAssertEqual(times.count, 19_366)
        XCTAssertEqual(result.outcomes.total, 19_366)
        var perSecond: [Int: Int] = [:]
        for time in times { perSecond[Int(time), default: 0] += 1 }
        XCTAssertEqual(perSecond.values.max(), 19)
        // The offsets of the profile, less nothing (no shift): the same instants to the microsecond.
        XCTAssertEqual(times.first ?? -1, trace.requestTimes!.offsets[0], accuracy: 1e-9)
        XCTAssertEqual(times.last ?? -1, trace.requestTimes!.offsets.last!, accuracy: 1e-9)
    }

    func testExactReplayOfACountsProfileIsAnError() throws {
        let profile = "# capsim load profile v1\n# time_zone: UTC\n# resolution: 60s\n# start: 2026-01-01T00:00:00+00:00\nstart,requests\n2026-01-01T00:00:00+00:00,5\n"
        XCTAssertThrowsError(try scenario(profile: profile, load: "replay: exact")) { error in
            let issue = (error as? ScenarioError)?.issues.first
            XCTAssertEqual(issue?.path, "tenant_groups.users.load.replay", "\(error)")
            XCTAssertTrue(issue?.message.contains("--keep-request-times") == true, "\(error)")
            XCTAssertNotNil(issue?.line)
        }
        XCTAssertThrowsError(try scenario(profile: profile, load: "replay: exactly")) { error in
            XCTAssertEqual((error as? ScenarioError)?.issues.first?.path, "tenant_groups.users.load.replay", "\(error)")
        }
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "\(a) vs \(b)", file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, "\(a) vs \(b)", file: file, line: line) }
}
