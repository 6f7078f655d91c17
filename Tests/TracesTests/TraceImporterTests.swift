import Traces
import XCTest
import YAMLSupport

/// Each format read from small inline sources, with the counts worked out by hand.
final class TraceImporterTests: XCTestCase {
    func read(_ text: String, _ format: TraceFormat, configure: (inout TraceImportOptions) -> Void = { _ in }) throws -> (LoadTrace, TraceImportReport) {
        var options = TraceImportOptions(format: format, file: "t")
        configure(&options)
        return try TraceImporter.read(Array(text.utf8), options: options)
    }

    /// 2026-01-01T00:00:00Z.
    let epoch = 1_767_225_600.0

    func testCountsWithASegmentBreakReportTheGapBetweenSegments() throws {
        // Six 1 s values; the second segment (from value 4) starts 10 s after the first ends.
        let (trace, report) = try read("1 2 3 4\n5 6 ", .counts) {
            $0.start = epoch; $0.step = 1; $0.resolution = 2; $0.timeZone = .fixed(secondsEast: 0)
            $0.segments = [(4, epoch + 14)]
        }
        XCTAssertEqual(report.records, 6)
        XCTAssertEqual(report.sourceGaps.map(\.start), [epoch + 4])
        XCTAssertEqual(report.sourceGaps.map(\.seconds), [10])
        XCTAssertEqual(trace.counts, [3, 7, 0, 0, 0, 0, 0, 11])
        XCTAssertEqual(trace.gaps, [2..<7])
    }

    func testSeriesInfersItsStepAndReportsGapsAndDuplicates() throws {
        let text = """
            timestamp,value
            2026-01-01 00:00:00,10.0
            2026-01-01 00:05:00,20.0
            2026-01-01 00:05:00,99.0
            2026-01-01 00:20:00,5.0
            2026-01-01 00:15:00,4.0
            2026-01-01 00:25:00,1.0
            """
        let (trace, report) = try read(text, .series) { $0.timeZone = .fixed(secondsEast: 0) }
        XCTAssertEqual(report.sourceStep, 300)
        XCTAssertEqual(report.duplicates, 1)
        XCTAssertEqual(report.outOfOrder, 1)
        XCTAssertEqual(report.sourceGaps.map(\.seconds), [300])
        XCTAssertEqual(trace.counts, [10, 20, 0, 4, 5, 1])
        XCTAssertEqual(trace.gaps, [2..<3])
        XCTAssertEqual(trace.start, epoch)
    }

    func testSeriesRebinsToAnHourInTheLocalClock() throws {
        // 00:30 and 01:10 at UTC-4: the hour boundaries are the zone's.
        let text = "2026-01-01T00:30:00-04:00,6\n2026-01-01T00:40:00-04:00,6\n2026-01-01T01:10:00-04:00,1\n"
        let (trace, _) = try read(text, .series) { $0.resolution = 3600 }
        XCTAssertEqual(trace.timeZone, .fixed(secondsEast: -14_400))
        XCTAssertEqual(trace.start, epoch + 14_400)
        XCTAssertEqual(trace.counts, [12, 1])
    }

    func testRequestsCountOneAndKeepTheirTenants() throws {
        let text = """
            TIMESTAMP,ContextTokens,tenant
            2023-11-16 18:15:46.6805900,374,a
            2023-11-16 18:15:50.9951690,396,b
            2023-11-16 18:16:01.0000000,1,b
            2023-11-16 18:15:59.9000000,1,b
            """
        let (trace, report) = try read(text, .requests) { $0.timeZone = .fixed(secondsEast: 0); $0.tenantColumn = "tenant" }
        XCTAssertEqual(report.outOfOrder, 1)
        XCTAssertEqual(trace.counts, [3, 1])
        XCTAssertEqual(trace.tenants, ["a", "b"])
        XCTAssertEqual(trace.tenantCounts, [[1, 0], [2, 1]])
    }

    static let logLines = [
        #"10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /t/acme/projects HTTP/1.1" 200 2326 "-" "curl/8" "acme""#,
        #"10.0.0.2 - - [10/Oct/2000:13:55:59 -0700] "GET /t/zeta/ HTTP/1.1" 304 - "http://x/" "Mozilla/5.0" "zeta""#,
        #"10.0.0.3 - - [10/Oct/2000:13:56:01 -0700] "POST /health HTTP/1.1" 500 12 "-" "probe""#,
    ]

    func testAccessLogsTakeTheTenantFromAPathOrAField() throws {
        let text = Self.logLines.joined(separator: "\n")
        let (byPath, _) = try read(text, .nginx) { $0.tenantPath = "/t/{tenant}/" }
        XCTAssertEqual(byPath.timeZone, .fixed(secondsEast: -25_200))
        XCTAssertEqual(byPath.counts, [2, 1])
        XCTAssertEqual(byPath.tenants, ["acme", "zeta", "-"])
        let (byField, _) = try read(text, .apache) { $0.tenantField = 3 }
        XCTAssertEqual(byField.tenants, ["acme", "zeta", "-"])
        XCTAssertEqual(byField.tenantCounts, [[1, 0], [1, 0], [0, 1]])
    }

    func testPrometheusSamplesCloseTheirIntervalAndRatesAreMultipliedByTheStep() throws {
        let json = """
            {"status":"success","data":{"resultType":"matrix","result":[
             {"metric":{"job":"api"},"values":[[1767225660,"2"],[1767225720,"4"]]},
             {"metric":{"job":"web"},"values":[[1767225660,"1"],[1767225720,"1"]]}]}}
            """
        let (summed, _) = try read(json, .prometheus)
        XCTAssertEqual(summed.start, epoch)
        XCTAssertEqual(summed.counts, [3, 5])
        let (api, _) = try read(json, .prometheus) { $0.series = "job=api"; $0.valuesArePerSecond = true }
        XCTAssertEqual(api.counts, [120, 240])
    }

    func testAWindowKeepsOnlyItsIntervals() throws {
        let (trace, _) = try read(Array(repeating: "1", count: 600).joined(separator: " "), .counts) {
            $0.start = epoch; $0.step = 1; $0.resolution = 60; $0.timeZone = .fixed(secondsEast: 0)
            $0.from = epoch + 120; $0.to = epoch + 300
        }
        XCTAssertEqual(trace.start, epoch + 120)
        XCTAssertEqual(trace.counts, [60, 60, 60])
    }

    func testTolerateBadLinesUpToTheLimitAndListTheFirstTwenty() throws {
        let lines = ["timestamp,value"] + (0..<30).map { "2026-01-01 00:\($0 < 10 ? "0" : "")\($0):00,\($0 % 2 == 0 ? "1" : "x")" }
        let (_, report) = try read(lines.joined(separator: "\n"), .series) { $0.timeZone = .fixed(secondsEast: 0); $0.maxBadLines = 15 }
        XCTAssertEqual(report.badLineCount, 15)
        XCTAssertEqual(report.badLines.first, BadLine(line: 3, field: "value", message: "expected a count at least 0, found \"x\""))
        XCTAssertThrowsError(try read(lines.joined(separator: "\n"), .series) { $0.timeZone = .fixed(secondsEast: 0); $0.maxBadLines = 14 })
    }

    func testSummaryDefinesSeasonalityOnHourlyCounts() {
        // Two weeks of hourly counts that depend on the hour of the day only.
        let counts = (0..<336).map { Double(($0 % 24) < 12 ? 10 : 30) }
        let summary = TraceSummary(LoadTrace(start: 1_767_571_200, resolution: 3600, counts: counts, timeZone: .fixed(secondsEast: 0)))
        XCTAssertEqual(summary.dailyStrength, 1)
        XCTAssertEqual(summary.weeklyStrength, 1)
        XCTAssertEqual(summary.meanRate, 20.0 / 3600, accuracy: 1e-12)
        XCTAssertEqual(summary.peakToMean, 1.5, accuracy: 1e-12)
        let flat = TraceSummary(LoadTrace(start: 0, resolution: 3600, counts: (0..<72).map { Double($0) }, timeZone: .fixed(secondsEast: 0)))
        XCTAssertNil(flat.weeklyStrength, "one week or less cannot tell a weekly cycle")
        // Hour h holds h, h + 24 and h + 48: within-hour squares 24 × 1,152; in all 72 × (72² − 1) / 12.
        XCTAssertEqual(flat.dailyStrength!, 1 - 27_648.0 / 31_098.0, accuracy: 1e-12)
    }
}
