import Traces
import XCTest
import YAMLSupport

/// Malformed sources fail with every problem at its file, line and field: one table, one
/// expected message per case (`--max-bad-lines` is 0 unless a case says otherwise).
final class TraceImportErrorTests: XCTestCase {
    struct Case {
        var name: String
        var format: TraceFormat
        var text: String
        var message: String
        var configure: @Sendable (inout TraceImportOptions) -> Void = { _ in }
    }

    static let utc: @Sendable (inout TraceImportOptions) -> Void = { $0.timeZone = .fixed(secondsEast: 0) }
    static let counts: @Sendable (inout TraceImportOptions) -> Void = { $0.start = 0; $0.step = 1; $0.timeZone = .fixed(secondsEast: 0) }
    static let log = #"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "a""#
    static let malformedOne = "1 malformed line (the first 1 listed); at most 0 allowed (--max-bad-lines)"

    static let cases: [Case] = [
        Case(name: "counts: a word", format: .counts, text: "1 2\n3 x 4", message: "t:2: value 3: expected a count at least 0, found \"x\"\nt: \(malformedOne)",
             configure: counts),
        Case(name: "counts: negative", format: .counts, text: "1 -2", message: "t:1: value 1: expected a count at least 0, found \"-2\"\nt: \(malformedOne)",
             configure: counts),
        Case(name: "counts: no start", format: .counts, text: "1 2",
             message: "t: --start: the counts format has no timestamps: give the time of the first value with --start (1995-07-01T00:00:01-04:00)",
             configure: { $0.step = 1 }),
        Case(name: "counts: no step", format: .counts, text: "1 2", message: "t: --step: the counts format needs the seconds each value covers: --step 1s",
             configure: { $0.start = 0 }),
        Case(name: "counts: segment past the end", format: .counts, text: "1 2", message: "t: --segment: segment index 5 is past the file's 2 values",
             configure: { $0.start = 0; $0.step = 1; $0.segments = [(5, 100)] }),
        Case(name: "counts: overlapping segment", format: .counts, text: "1 2 3",
             message: "t: --segment: segment 1 starts at value 2, 1970-01-01T00:00:01+00:00, before the previous segment ends (1970-01-01T00:00:02+00:00)",
             configure: { $0.start = 0; $0.step = 1; $0.segments = [(2, 1)] }),
        Case(name: "counts: coarser source", format: .counts, text: "1 2",
             message: "t: --resolution: 30s is finer than the source's 60s intervals; choose 60s or a multiple of it",
             configure: { $0.start = 0; $0.step = 60; $0.resolution = 30 }),
        Case(name: "series: bad timestamp", format: .series, text: "2026-01-01 00:00:00,1\n2026-13-01 00:05:00,2\n2026-01-01 00:10:00,3",
             message: "t:2: timestamp: expected a timestamp (2014-04-10 00:04:00, ISO 8601 or Unix seconds), found \"2026-13-01 00:05:00\"\nt: \(malformedOne)",
             configure: utc),
        Case(name: "series: bad value", format: .series, text: "2026-01-01 00:00:00,1\n2026-01-01 00:05:00,NaN\n",
             message: "t:2: value: expected a count at least 0, found \"NaN\"\nt: \(malformedOne)", configure: utc),
        Case(name: "series: one column", format: .series, text: "2026-01-01 00:00:00,1\n2026-01-01 00:05:00\n",
             message: "t:2: expected timestamp,value, found \"2026-01-01 00:05:00\"\nt: \(malformedOne)", configure: utc),
        Case(name: "series: no zone", format: .series, text: "timestamp,value\n2026-01-01 00:00:00,1\n",
             message: "t:2: --time-zone: \"2026-01-01 00:00:00\" has no UTC offset: say which zone the timestamps are in with --time-zone (UTC, -04:00, America/New_York)"),
        Case(name: "series: one row", format: .series, text: "2026-01-01 00:00:00,1\n",
             message: "t: a series needs at least two rows to tell its step, found 1", configure: utc),
        Case(name: "requests: unknown time column", format: .requests, text: "TIMESTAMP,tokens\n2023-11-16 18:15:46,1\n",
             message: "t:1: --time-column: no column \"TIMESTAM\" in the header; did you mean \"TIMESTAMP\"?",
             configure: { $0.timeColumn = "TIMESTAM"; $0.timeZone = .fixed(secondsEast: 0) }),
        Case(name: "requests: no time column", format: .requests, text: "a,b\n1,2\n",
             message: "t:1: --time-column: no column is named like a timestamp; name it with --time-column (the header has: a, b)"),
        Case(name: "requests: unknown tenant column", format: .requests, text: "TIMESTAMP,tokens\n2023-11-16 18:15:46,1\n",
             message: "t:1: --tenant-column: no column \"customer\" in the header; expected one of: TIMESTAMP, tokens",
             configure: { $0.tenantColumn = "customer"; $0.timeZone = .fixed(secondsEast: 0) }),
        Case(name: "requests: short row", format: .requests, text: "TIMESTAMP,tokens\n2023-11-16 18:15:46,1\n2023-11-16 18:15:47\n",
             message: "t:3: expected 2 fields (TIMESTAMP,tokens), found 1\nt: \(malformedOne)", configure: utc),
        Case(name: "requests: empty tenant", format: .requests, text: "TIMESTAMP,tenant\n2023-11-16 18:15:46,a\n2023-11-16 18:15:47,\n",
             message: "t:3: tenant: the tenant is empty\nt: \(malformedOne)", configure: { $0.tenantColumn = "tenant"; $0.timeZone = .fixed(secondsEast: 0) }),
        Case(name: "log: no time", format: .nginx, text: log + "\n" + "garbage line\n",
             message: "t:2: time: expected a [day/Mon/year:hh:mm:ss +zzzz] time\nt: \(malformedOne)"),
        Case(name: "log: bad month", format: .apache, text: log.replacingOccurrences(of: "Oct", with: "Okt"),
             message: "t:1: time: expected a time like 10/Oct/2000:13:55:36 -0700, found \"10/Okt/2000:13:55:36 -0700\"\nt: \(malformedOne)"),
        Case(name: "log: bad status", format: .nginx, text: log + "\n" + log.replacingOccurrences(of: " 200 ", with: " OK "),
             message: "t:2: status: expected a three-digit status after the request, found \"OK\"\nt: \(malformedOne)"),
        Case(name: "log: bad bytes", format: .nginx, text: log.replacingOccurrences(of: " 5 ", with: " 5k "),
             message: "t:1: bytes: expected a byte count or -, found \"5k\"\nt: \(malformedOne)"),
        Case(name: "log: no request", format: .nginx, text: "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] 200 5",
             message: "t:1: request: expected a quoted request line (\"GET /path HTTP/1.1\")\nt: \(malformedOne)"),
        Case(name: "log: pattern without placeholder", format: .nginx, text: log,
             message: "t: --tenant-path: the pattern needs a {tenant} placeholder, as in /t/{tenant}/; found \"/t/\"", configure: { $0.tenantPath = "/t/" }),
        Case(name: "prometheus: not JSON", format: .prometheus, text: "{\"status\":", message: "t:1: not a JSON object: expected a Prometheus range-query answer"),
        Case(name: "prometheus: vector", format: .prometheus, text: #"{"status":"success","data":{"resultType":"vector","result":[]}}"#,
             message: "t:1: data.resultType: expected \"matrix\" (a range query), found \"vector\""),
        Case(name: "prometheus: bad sample", format: .prometheus,
             text: #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[60,"1"],[120,"-"]]}]}}"#,
             message: "t:1: data.result.0.values.1: expected a value at least 0 as a string, found -\nt: \(malformedOne)"),
        Case(name: "prometheus: selector matches none", format: .prometheus,
             text: #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[[60,"1"]]}]}}"#,
             message: "t: --series: \"job=web\" matches 0 of the 1 series; it must match one. The series are: {job=\"api\"}",
             configure: { $0.series = "job=web" }),
        Case(name: "empty file", format: .requests, text: "", message: "t: the file is empty"),
        Case(name: "nothing readable", format: .nginx, text: "\n\n", message: "t: no records could be read: nothing to import"),
    ]

    func testMalformedSourcesNameFileLineAndField() {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 20)
        for entry in Self.cases {
            var options = TraceImportOptions(format: entry.format, file: "t")
            entry.configure(&options)
            XCTAssertThrowsError(try TraceImporter.read(Array(entry.text.utf8), options: options), entry.name) { error in
                XCTAssertEqual((error as? ScenarioError)?.description, entry.message, entry.name)
            }
        }
    }
}
