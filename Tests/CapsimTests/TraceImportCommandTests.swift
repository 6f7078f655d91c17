import Foundation
import XCTest

/// `capsim trace import` end to end: the shared datasets, a corrupted copy of one, gzip, bad
/// options, and `load: {trace:}` mistakes in a scenario (exit 2, file and line).
final class TraceImportCommandTests: XCTestCase {
    static var datasets: URL { CLI.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets") }

    func dataset(_ relative: String) throws -> String {
        let path = Self.datasets.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("../shared/datasets/\(relative) is absent: the shared datasets are not installed here")
        }
        return path
    }

    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-trace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    func testEachSharedDatasetImportsWithASummary() throws {
        let nasa = try dataset("nasa-http-1995/nasa_http_1995_requests_per_second.txt")
        let runs: [([String], [String])] = [
            ([nasa, "--format", "counts", "--start", "1995-07-01T00:00:01-04:00", "--step", "1s",
              "--segment", "2381544=1995-08-01T00:00:01-04:00", "--resolution", "1h"],
             ["5059950 records read", "source gaps: 1, 3d 10h 27m 36s in all:", "requests: 3461610", "mean rate: 0.683/s",
              "weekly seasonality strength: 0."]),
            ([try dataset("nab-aws-elb-request-count/elb_request_count_8c0756.csv"), "--format", "series", "--time-zone", "UTC"],
             ["4032 records read, source interval 300s", "source gaps: 8, 40m in all:", "gaps: 8 (40m without data"]),
            ([try dataset("nab-ec2-request-latency/ec2_request_latency_system_failure.csv"), "--format", "series", "--time-zone", "UTC"],
             ["source interval 300s", "span: 2014-03-"]),
            ([try dataset("azure-llm-inference-2023/AzureLLMInferenceTrace_conv.csv"), "--format", "requests", "--time-zone", "UTC",
              "--resolution", "1s"],
             ["19366 records read", "requests: 19366", "peak rate: 19/s"]),
        ]
        let directory = try temporaryDirectory()
        for (arguments, expected) in runs {
            let profile = directory.appendingPathComponent("p.csv").path
            let outcome = try CLI.run(["trace", "import"] + arguments + ["--out", profile])
            XCTAssertEqual(outcome.status, 0, outcome.summary)
            for fragment in expected { XCTAssertTrue(outcome.stdout.contains(fragment), "\(fragment)\n\(outcome.summary)") }
            let text = try String(contentsOfFile: profile, encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("# capsim load profile v1\n"), text.prefix(200).description)
        }
    }

    /// A copy of the ELB series with two bad lines, three rows removed and two rows swapped:
    /// the counts and line numbers are exact.
    func testACorruptedCopyReportsItsBadLinesGapAndDisorderExactly() throws {
        let original = try String(contentsOfFile: try dataset("nab-aws-elb-request-count/elb_request_count_8c0756.csv"), encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        // Lines are 1-based in messages: lines[9] is line 10.
        lines[9] = lines[9].replacingOccurrences(of: ",", with: ",abc")
        lines[19] = "2014-04-1O 01:34:00," + lines[19].split(separator: ",")[1]
        lines.swapAt(39, 40)
        lines.removeSubrange(99..<102)
        let directory = try temporaryDirectory()
        let copy = directory.appendingPathComponent("elb.csv")
        try lines.joined(separator: "\n").write(to: copy, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["trace", "import", copy.path, "--format", "series", "--time-zone", "UTC", "--out", directory.appendingPathComponent("p.csv").path])
        XCTAssertEqual(refused.status, 2, refused.summary)
        XCTAssertTrue(refused.stderr.contains("\(copy.path):10: value: expected a count at least 0, found \"abc"), refused.summary)
        XCTAssertTrue(refused.stderr.contains("\(copy.path):20: timestamp: expected a timestamp"), refused.summary)
        XCTAssertTrue(refused.stderr.contains("2 malformed lines (the first 2 listed); at most 0 allowed (--max-bad-lines)"), refused.summary)
        let outcome = try CLI.run(["trace", "import", copy.path, "--format", "series", "--time-zone", "UTC", "--max-bad-lines", "2",
                                   "--out", directory.appendingPathComponent("p.csv").path])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("4029 records read, source interval 300s"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("malformed lines: 2, skipped (--max-bad-lines 2):\n  line 10: value:"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("  line 20: timestamp:"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("out of order: 1 records earlier than one before them"), outcome.summary)
        // The original's 8 missing buckets, plus the two bad lines' buckets and the 3 removed rows.
        XCTAssertTrue(outcome.stdout.contains("source gaps: 11, 1h 5m in all:"), outcome.summary)
    }

    func testGzipLogsImportAsTheirPlainText() throws {
        let log = (0..<120).map { #"10.0.0.1 - - [10/Oct/2000:13:\#(55 + $0 / 60):\#($0 % 60 < 10 ? "0" : "")\#($0 % 60) -0700] "GET /t/a\#($0 % 3)/x HTTP/1.1" 200 5 "-" "c""# }
            .joined(separator: "\n") + "\n"
        let directory = try temporaryDirectory()
        let plain = directory.appendingPathComponent("access.log")
        try log.write(to: plain, atomically: true, encoding: .utf8)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        gzip.arguments = ["-k", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        var profiles: [String] = []
        for file in [plain.path, plain.path + ".gz"] {
            let outcome = try CLI.run(["trace", "import", file, "--format", "nginx", "--tenant-path", "/t/{tenant}/", "--out", "-"])
            XCTAssertEqual(outcome.status, 0, outcome.summary)
            XCTAssertTrue(outcome.stderr.contains("requests: 120 from 3 tenants"), outcome.summary)
            profiles.append(outcome.stdout.components(separatedBy: "\n").filter { !$0.hasPrefix("# source") }.joined(separator: "\n"))
        }
        XCTAssertEqual(profiles[0], profiles[1])
        XCTAssertTrue(profiles[0].contains("2000-10-10T13:55:00-07:00,20,a0"), profiles[0])
    }

    func testBadOptionsExitTwoWithTheirReason() throws {
        let directory = try temporaryDirectory()
        let counts = directory.appendingPathComponent("c.txt")
        try "1 2 3".write(to: counts, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--format", "count"], "--format: unknown format \"count\"; did you mean \"counts\"?"),
            (["--format", "counts", "--start", "1995-07-01T00:00:01", "--step", "1s"], "--start: expected a timestamp with its UTC offset"),
            (["--format", "counts", "--start", "1995-07-01T00:00:01Z", "--step", "1"], "--step: expected a positive duration (1s, 1m, 5m, 1h), found \"1\""),
            (["--format", "counts", "--start", "1995-07-01T00:00:01Z", "--step", "1s", "--segment", "2"], "--segment: expected INDEX=TIMESTAMP"),
            (["--format", "series", "--start", "1995-07-01T00:00:01Z"], "--start applies to --format counts, not series"),
            (["--format", "series", "--time-zone", "Mars/Base"], "--time-zone: expected UTC, an offset"),
            (["--format", "counts", "--start", "1995-07-01T00:00:01Z", "--step", "1s", "--from", "1995-07-02T00:00:00Z", "--to", "1995-07-01T00:00:00Z"],
             "--to must be after --from"),
            (["--format", "counts", "--start", "1995-07-01T00:00:01Z", "--step", "1s", "--keep-request-times"],
             "--keep-request-times applies to --format requests or nginx or apache, not counts"),
        ]
        for (options, message) in cases {
            let outcome = try CLI.run(["trace", "import", counts.path, "--out", directory.appendingPathComponent("p.csv").path] + options)
            XCTAssertEqual(outcome.status, 2, outcome.summary)
            XCTAssertTrue(outcome.stderr.contains(message), "\(message)\n\(outcome.summary)")
        }
        let missing = try CLI.run(["trace", "import", directory.appendingPathComponent("none.txt").path, "--format", "counts"])
        XCTAssertEqual(missing.status, 2, missing.summary)
        XCTAssertTrue(missing.stderr.contains("none.txt: cannot read the trace file (no such file)"), missing.summary)
        let corrupt = directory.appendingPathComponent("bad.gz")
        try Data([0x1f, 0x8b, 8, 0, 1, 2, 3]).write(to: corrupt)
        let inflated = try CLI.run(["trace", "import", corrupt.path, "--format", "nginx"])
        XCTAssertEqual(inflated.status, 2, inflated.summary)
        XCTAssertTrue(inflated.stderr.contains("bad.gz: the gzip stream is corrupt"), inflated.summary)
    }

    /// Malformed files through the executable: exit 2, each message at `file:line: field`.
    func testMalformedFilesExitTwoAtTheirLine() throws {
        let log = #"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "a""#
        let cases: [(String, String, [String], String)] = [
            ("c.txt", "1 2\n3 x", ["--format", "counts", "--start", "2026-01-01T00:00:00Z", "--step", "1s"], ":2: value 3: expected a count"),
            ("s.csv", "timestamp,value\n2026-01-01 00:00:00,1\n2026-01-01 00:05:00,-3\n", ["--format", "series", "--time-zone", "UTC"],
             ":3: value: expected a count at least 0"),
            ("s.csv", "timestamp,value\n2026-01-01 00:00:00,1\n", ["--format", "series"], ":2: --time-zone: \"2026-01-01 00:00:00\" has no UTC offset"),
            ("r.csv", "TIMESTAMP,x\n2023-11-16 18:15:46,1\nsoon,2\n", ["--format", "requests", "--time-zone", "UTC"], ":3: TIMESTAMP: expected a timestamp"),
            ("a.log", log + "\n" + log.replacingOccurrences(of: " 200 ", with: " 2000 "), ["--format", "apache"], ":2: status: expected a three-digit status"),
        ]
        let directory = try temporaryDirectory()
        for (name, text, options, message) in cases {
            let file = directory.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            let outcome = try CLI.run(["trace", "import", file.path, "--out", directory.appendingPathComponent("p.csv").path] + options)
            XCTAssertEqual(outcome.status, 2, outcome.summary)
            XCTAssertTrue(outcome.stderr.contains(file.path + message), "\(file.path)\(message)\n\(outcome.summary)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("p.csv").path), "no profile after a failed import")
        }
    }

    static let profile = """
        # capsim load profile v1
        # time_zone: UTC
        # resolution: 60s
        # start: 2026-01-01T00:00:00Z
        start,requests
        2026-01-01T00:00:00Z,60
        2026-01-01T00:01:00Z,120

        """

    /// `load:` mistakes in a scenario: exit 2 at the field's line.
    func testLoadMistakesInAScenarioAreLocated() throws {
        let group = "rate_per_tenant: 2/s\n    hourly: [\(MinimalScenario.hourlyOnes)]"
        let cases: [(String, String, String, String)] = [
            ("load: {trace: p.csv}\n    hourly: [1]", "hourly: [1]", "tenant_groups.small.hourly",
             "cannot be given with load: {trace: …}: the trace sets the group's load"),
            ("load: {trace: none.csv}", "load:", "tenant_groups.small.load.trace", "cannot read the load profile"),
            ("load: {trace: bad.csv}", "load:", "tenant_groups.small.load.trace",
             "the load profile is malformed: bad.csv:6: requests: expected a number of requests at least 0, found \"many\""),
            ("load: {trace: p.csv, shift: 1h}", "load:", "tenant_groups.small.load.shift", "is 1h, past the trace's end (it spans 2m)"),
            ("load: {trace: p.csv, scale: -1}", "load:", "tenant_groups.small.load.scale", "-1"),
            ("load: {trace: p.csv, loops: true}", "load:", "tenant_groups.small.load.loops", "did you mean \"loop\"?"),
            ("load: {scale: 2}", "load:", "tenant_groups.small.load.trace", "missing required field \"trace\""),
        ]
        for (replacement, fragment, path, message) in cases {
            let scenario = try TemporaryScenario(MinimalScenario.replacing(group, with: replacement))
            try Self.profile.write(to: scenario.directory.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
            try Self.profile.replacingOccurrences(of: "Z,60", with: "Z,many")
                .write(to: scenario.directory.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
            let outcome = try CLI.run(["check", scenario.path])
            XCTAssertEqual(outcome.status, 2, outcome.summary)
            let line = scenario.line(of: fragment)
            let found = outcome.stderr.split(separator: "\n").contains {
                ErrorMessageTests.issue(String($0), source: scenario.path, line: line, path: path, message: message)
            }
            XCTAssertTrue(found, "expected \(scenario.path):\(line): \(path): …\(message)…\n\(outcome.summary)")
        }
    }

    func testCheckSaysWhenTheTraceStopsBeforeTheHorizon() throws {
        let scenario = try TemporaryScenario(MinimalScenario.replacing("rate_per_tenant: 2/s\n    hourly: [\(MinimalScenario.hourlyOnes)]",
                                                                       with: "load: {trace: p.csv, scale: 2}"))
        try Self.profile.write(to: scenario.directory.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["check", scenario.path])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("load shape: small trace p.csv ×2 (stops 2m into the run)"), outcome.summary)
        XCTAssertTrue((outcome.stdout + outcome.stderr).contains("the trace ends 2m into the run and the load stops there, 58m before the horizon; loop: true repeats it"),
                      outcome.summary)
    }
}
