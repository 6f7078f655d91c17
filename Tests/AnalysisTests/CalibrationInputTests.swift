import Foundation
import XCTest
@testable import Analysis

/// The CSV reader, the pg_stat_statements and CPU-sample readers, their located errors, and
/// how statements are pooled per operation.
final class CalibrationInputTests: XCTestCase {
    let pgHeader = "queryid,query,calls,total_exec_time,mean_exec_time,stddev_exec_time,rows,blk_read_time,blk_write_time"

    func test_table_readsQuotedFieldsAndCountsLines() throws {
        let text = "# a comment before the header\na,b,c\n1,\"x, with comma\",3\n4,\"two\nlines \"\"quoted\"\"\",6\r\n7,,9"
        let table = try CalibrationTable(text: text)
        XCTAssertEqual(table.columns, ["a", "b", "c"])
        XCTAssertEqual(table.records.map(\.line), [3, 4, 6])
        XCTAssertEqual(table.records[0].fields[1], "x, with comma")
        XCTAssertEqual(table.records[1].fields[1], "two\nlines \"quoted\"")
        XCTAssertEqual(table.records[1].fields[2], "6")
        XCTAssertEqual(table.records[2].fields[1], "")
    }

    func test_table_skipsAByteOrderMark() throws {
        let table = try CalibrationTable(text: "\u{FEFF}operation,complexity,cpu_ms\nx,1,2\n")
        XCTAssertEqual(table.columns, ["operation", "complexity", "cpu_ms"])
    }

    /// Each malformed input names its line and column; one row per case.
    func test_malformedInputs_giveLocatedErrors() {
        let cases: [(name: String, text: String, expected: CalibrationInputError)] = [
            ("empty", "", .init(line: nil, field: "", message: "the file is empty; it needs a header line naming the columns")),
            ("unterminated quote", "\(pgHeader)\n1,\"SELECT 1,2,3,4,5,6,7,8\n", .init(line: 2, field: "", message: "a quoted field is never closed (missing \")")),
            ("short row", "\(pgHeader)\n1,q,10,20,2,1,10,0\n", .init(line: 2, field: "", message: "8 field(s) where the header names 9")),
            ("repeated column", "calls,calls\n1,2\n", .init(line: 1, field: "calls", message: "column \"calls\" appears twice in the header")),
            ("text calls", "\(pgHeader)\n1,q,ten,20,2,1,10,0,0\n", .init(line: 2, field: "calls", message: "\"ten\" is not a number")),
            ("negative total", "\(pgHeader)\n1,q,10,-20,-2,1,10,0,0\n", .init(line: 2, field: "total_exec_time", message: "-20 is negative; it must be ≥ 0")),
            ("fractional calls", "\(pgHeader)\n1,q,10.5,21,2,1,10,0,0\n", .init(line: 2, field: "calls", message: "10.5 is not a whole number of calls")),
            ("inconsistent mean", "\(pgHeader)\n1,q,10,20,3,1,10,0,0\n", .init(line: 2, field: "mean_exec_time", message: "3.0 disagrees with total_exec_time / calls = 2; the row is inconsistent")),
            ("I/O above total", "\(pgHeader)\n1,q,10,20,2,1,10,15,10\n", .init(line: 2, field: "", message: "I/O time 25 ms exceeds total_exec_time 20 ms")),
            ("unquoted tag", "\(pgHeader)\n1,SELECT 1 /*operation=x*/,10,20,2,1,10,0,0\n", .init(line: 2, field: "query", message: "operation tag x must be in single quotes, as sqlcommenter writes it: operation='listProjects'")),
            ("open comment", "\(pgHeader)\n1,SELECT 1 /*operation='x',10,20,2,1,10,0,0\n", .init(line: 2, field: "query", message: "a /* comment is never closed")),
            ("no statements", "\(pgHeader)\n", .init(line: nil, field: "", message: "the export has a header but no statements")),
            ("missing stddev", "query,calls,total_exec_time\nq,1,2\n", .init(line: nil, field: "stddev_exec_time", message: "pg_stat_statements export lacks the column stddev_exec_time; select query, calls, total_exec_time, mean_exec_time, stddev_exec_time, rows and the blk_*_time columns")),
            ("CPU without time", "operation,complexity\nx,3\n", .init(line: nil, field: "", message: "CPU samples need a cpu_ms or a latency_ms column; the header has operation,complexity")),
            ("CPU with both", "operation,complexity,cpu_ms,latency_ms\nx,3,1,2\n", .init(line: nil, field: "", message: "give cpu_ms or latency_ms, not both: they measure different things")),
            ("CPU empty operation", "operation,complexity,cpu_ms\nx,3,1\n ,3,1\n", .init(line: 3, field: "operation", message: "the operation name is empty")),
            ("CPU NaN", "operation,complexity,cpu_ms\nx,3,nan\n", .init(line: 2, field: "cpu_ms", message: "\"nan\" is not a number")),
            ("CPU too few", "operation,complexity,cpu_ms\nx,3,1\ny,1,1\nx,4,2\n", .init(line: 2, field: "operation", message: "x has 2 sample(s); fitting cpu_base and cpu_per_point needs at least 3")),
        ]
        for entry in cases {
            do {
                let table = try CalibrationTable(text: entry.text)
                if StatementStatistics.recognizes(table) {
                    _ = try StatementStatistics(table: table)
                } else {
                    _ = try CPUCalibration.fit(try CPUSamples(table: table))
                }
                XCTFail("\(entry.name): no error")
            } catch {
                XCTAssertEqual(error, entry.expected, entry.name)
            }
        }
    }

    /// Two statements of one operation pool into the mixture's mean and variance; the I/O
    /// share is a ratio of sums; untagged statements are left out; tags are URL-decoded.
    func test_database_poolsStatementsPerOperation() throws {
        let text = """
            \(pgHeader)
            1,"SELECT a FROM t WHERE id = $1 /*operation='list%20Projects',route='%2Fx'*/",100,100,1,0.5,100,10,0
            2,"SELECT b FROM u /* note */ /*operation='list%20Projects'*/",300,900,3,1,600,20,10
            3,BEGIN,50,1,0.02,0.01,0,0,0
            """
        let statistics = try StatementStatistics(table: try CalibrationTable(text: text))
        XCTAssertEqual(statistics.statements.map(\.operation), ["list Projects", "list Projects", nil])
        let fits = DatabaseCalibration.calibrate(statistics)
        XCTAssertEqual(fits.count, 1)
        let fit = fits[0]
        XCTAssertEqual(fit.calls, 400)
        XCTAssertEqual(fit.meanMilliseconds, 2.5, accuracy: 1e-12)
        // E[X²] = (100·(0.25 + 1) + 300·(1 + 9)) / 400 = 7.8125; variance 7.8125 − 6.25.
        XCTAssertEqual(fit.standardDeviationMilliseconds, 1.5625.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(fit.ioShare, 40.0 / 1000, accuracy: 1e-12)
        XCTAssertEqual(fit.cpuMilliseconds, 2.4, accuracy: 1e-12)
        XCTAssertEqual(fit.waitMilliseconds, 0.1, accuracy: 1e-12)
        XCTAssertEqual(fit.rowsPerCall!, 700.0 / 400, accuracy: 1e-12)
        // 95% interval: ± t(0.975, 399) · sd / √400, t ≈ 1.9659.
        XCTAssertEqual(fit.upper! - fit.meanMilliseconds, 1.9659 * 1.25 / 20, accuracy: 1e-4)
        XCTAssertTrue(fit.isSignificant)
    }

    /// PostgreSQL 17's column names (shared_/local_/temp_blk_*_time) and the pre-13 time
    /// columns are read too; without any I/O column there is no wait.
    func test_database_readsOtherPostgresVersions() throws {
        let seventeen = """
            query,calls,total_exec_time,stddev_exec_time,shared_blk_read_time,local_blk_read_time,temp_blk_write_time
            "SELECT 1 /*operation='x'*/",10,50,1,5,2,3
            """
        let fit = DatabaseCalibration.calibrate(try StatementStatistics(table: try CalibrationTable(text: seventeen)))[0]
        XCTAssertEqual(fit.ioShare, 0.2, accuracy: 1e-12)
        let twelve = """
            query,calls,total_time,mean_time,stddev_time
            "SELECT 1 /*operation='x'*/",10,50,5,1
            """
        let old = DatabaseCalibration.calibrate(try StatementStatistics(table: try CalibrationTable(text: twelve)))[0]
        XCTAssertEqual(old.meanMilliseconds, 5)
        XCTAssertFalse(old.hasIOColumns)
        XCTAssertEqual(old.ioShare, 0)
    }

    /// One call gives no interval, so the operation's time is not significant.
    func test_database_singleCall_isNotSignificant() throws {
        let text = "query,calls,total_exec_time,stddev_exec_time\n\"SELECT 1 /*operation='x'*/\",1,5,0\n"
        let fit = DatabaseCalibration.calibrate(try StatementStatistics(table: try CalibrationTable(text: text)))[0]
        XCTAssertNil(fit.lower)
        XCTAssertFalse(fit.isSignificant)
    }

    /// Latency samples where a tenth carry a queueing delay far above the noise are flagged;
    /// the same samples without the delays are not.
    func test_cpu_queuedLatencySamples_areWarnedAbout() throws {
        func samples(queued: Bool) -> String {
            var rows = ["operation,complexity,latency_ms"]
            for i in 0..<100 {
                let complexity = Double(i % 50 + 1)
                let jitter = Double((i * 37) % 11 - 5) * 0.02
                let delay = queued && i % 10 == 0 ? 40.0 : 0
                rows.append("op,\(complexity),\(5 + 0.1 * complexity + jitter + delay)")
            }
            return rows.joined(separator: "\n")
        }
        let fits = try CPUCalibration.fit(try CPUSamples(table: try CalibrationTable(text: samples(queued: true))))
        XCTAssertTrue(fits[0].warnings.contains { $0.contains("look queued") }, "\(fits[0].warnings)")
        XCTAssertTrue(fits[0].warnings.contains { $0.contains("fitted from latency") })
        let clean = try CPUCalibration.fit(try CPUSamples(table: try CalibrationTable(text: samples(queued: false))))
        XCTAssertFalse(clean[0].warnings.contains { $0.contains("look queued") }, "\(clean[0].warnings)")
    }
}
