import Traces
import XCTest
import YAMLSupport

/// The profile file round-trips, and every malformed file fails at its line and field.
final class LoadProfileFileTests: XCTestCase {
    private let zone = TraceTimeZone.fixed(secondsEast: -4 * 3600)

    private func sample(tenants: Bool = false) -> LoadTrace {
        // 1995-07-03T00:00:00-04:00 = 804744000 UTC.
        var trace = LoadTrace(start: 804_744_000, resolution: 60, counts: [3, 0, 0, 5, 2.5], gaps: [1..<3], timeZone: zone,
                              source: TraceSource(file: "x.txt", sha256: "ab", format: "counts"))
        if tenants {
            trace.tenants = ["a", "b"]
            trace.tenantCounts = [[1, 0, 0, 5, 0], [2, 0, 0, 0, 2.5]]
        }
        return trace
    }

    func testWriteThenReadGivesTheSameTrace() throws {
        for tenants in [false, true] {
            let text = LoadProfileFile.write(sample(tenants: tenants))
            XCTAssertEqual(try LoadProfileFile.read(text, file: "p.csv"), sample(tenants: tenants), text)
        }
    }

    func testWrittenTextIsTheDocumentedFormat() {
        XCTAssertEqual(LoadProfileFile.write(sample()), """
            # capsim load profile v1
            # source: x.txt
            # source_sha256: ab
            # format: counts
            # time_zone: UTC-04:00
            # resolution: 60s
            # start: 1995-07-03T00:00:00-04:00
            start,requests
            1995-07-03T00:00:00-04:00,3
            1995-07-03T00:03:00-04:00,5
            1995-07-03T00:04:00-04:00,2.5

            """)
    }

    func testAnIntervalWithoutRequestsKeepsARowInATenantFile() throws {
        var trace = sample(tenants: true)
        trace.counts[4] = 0
        trace.tenantCounts[1][4] = 0
        let text = LoadProfileFile.write(trace)
        XCTAssertTrue(text.hasSuffix("1995-07-03T00:04:00-04:00,0,\n"), text)
        XCTAssertEqual(try LoadProfileFile.read(text, file: "p.csv"), trace)
    }

    private let header = """
        # capsim load profile v1
        # time_zone: UTC
        # resolution: 60s
        # start: 2026-01-01T00:00:00Z
        start,requests

        """

    /// Each malformed file, with the one message it must give.
    func testMalformedProfilesNameFileLineAndField() {
        let cases: [(String, String)] = [
            ("start,requests\n", "p.csv:1: not a capsim load profile: the first line must be \"# capsim load profile v1\" (write one with capsim trace import)"),
            (header + "2026-01-01T00:00:00Z,x\n", "p.csv:6: requests: expected a number of requests at least 0, found \"x\""),
            (header + "2026-01-01T00:00:00Z,-1\n", "p.csv:6: requests: expected a number of requests at least 0, found \"-1\""),
            (header + "2026-01-01T00:00:00,1\n", "p.csv:6: start: expected a timestamp with a UTC offset (1995-07-03T00:00:00-04:00), found \"2026-01-01T00:00:00\""),
            (header + "2026-01-01T00:00:30Z,1\n", "p.csv:6: start: 2026-01-01T00:00:30+00:00 is not on the 60s grid that starts at the header's start"),
            (header + "2026-01-01T00:01:00Z,1\n2026-01-01T00:00:00Z,1\n",
             "p.csv:7: start: rows must ascend by start; 2026-01-01T00:00:00+00:00 comes after a later or equal one"),
            (header + "2026-01-01T00:00:00Z,1,a\n", "p.csv:6: expected 2 fields (start,requests), found 3"),
            (header.replacingOccurrences(of: "# resolution: 60s\n", with: ""), "p.csv:1: resolution: the header needs \"# resolution: …\""),
            (header.replacingOccurrences(of: "60s", with: "soon"), "p.csv:3: resolution: expected a positive duration (60s, 5m), found \"soon\""),
            (header.replacingOccurrences(of: "# time_zone: UTC", with: "# time_zone: Mars"),
             "p.csv:2: time_zone: expected UTC, an offset (UTC-04:00) or a zone name (America/New_York), found \"Mars\""),
            (header.replacingOccurrences(of: "# time_zone", with: "# timezone"), "p.csv:2: timezone: unknown header key; did you mean \"time_zone\"?\np.csv:1: time_zone: the header needs \"# time_zone: …\""),
            (header.replacingOccurrences(of: "start,requests", with: "when,count"),
             "p.csv:5: expected the column line \"start,requests\", \"start,requests,tenant\", \"offset_seconds\" or \"offset_seconds,tenant\", found \"when,count\""),
            (header, "p.csv:1: the profile has no rows"),
            (header.replacingOccurrences(of: "start,requests", with: "start,requests,tenant") + "2026-01-01T00:00:00Z,1,a\n2026-01-01T00:00:00Z,2,a\n",
             "p.csv:7: tenant: tenant \"a\" has two rows for 2026-01-01T00:00:00+00:00"),
            (header.replacingOccurrences(of: "start,requests", with: "start,requests,tenant") + "2026-01-01T00:00:00Z,4,\n",
             "p.csv:6: tenant: an empty tenant marks an interval without requests; 4 requests need a tenant"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try LoadProfileFile.read(text, file: "p.csv"), message) { error in
                XCTAssertEqual((error as? ScenarioError)?.description, message)
            }
        }
    }

    func testAMissingRowIsAGapAndAZeroRowIsNot() throws {
        let trace = try LoadProfileFile.read(header + "2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,0\n2026-01-01T00:03:00Z,2\n", file: "p.csv")
        XCTAssertEqual(trace.counts, [1, 0, 0, 2])
        XCTAssertEqual(trace.gaps, [2..<3])
        XCTAssertTrue(trace.hasData(at: 1))
        XCTAssertFalse(trace.hasData(at: 2))
    }
}
