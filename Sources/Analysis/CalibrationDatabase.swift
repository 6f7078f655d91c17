import Foundation
import SimCore

/// Statements from a `pg_stat_statements` CSV export (`\copy (SELECT … FROM
/// pg_stat_statements) TO 'x.csv' CSV HEADER`), with the columns Postgres names them.
///
/// Columns (PostgreSQL documentation, "F.30 pg_stat_statements",
/// https://www.postgresql.org/docs/current/pgstatstatements.html): `query`, `calls`,
/// `total_exec_time`, `stddev_exec_time` (all times in milliseconds; `stddev` is the
/// population standard deviation) are required; `mean_exec_time`, when given, must agree with
/// total/calls within 1%; `queryid` and `rows` are optional. Before PostgreSQL 13 the time
/// columns were `total_time`, `mean_time`, `stddev_time`, which are accepted too. The I/O time
/// is the sum of whichever of `blk_read_time`, `blk_write_time` (up to PostgreSQL 16),
/// `shared_blk_read_time`, `shared_blk_write_time`, `local_blk_read_time`,
/// `local_blk_write_time` (17), `temp_blk_read_time`, `temp_blk_write_time` (15) are present.
/// Postgres fills them only with `track_io_timing` on; otherwise they are 0.
///
/// A statement belongs to the operation named in its sqlcommenter-style comment,
/// `/* operation='listProjects' */` (key `operation`, value in single quotes, URL-encoded as
/// sqlcommenter does; other keys are ignored). pg_stat_statements' query id ignores comments,
/// so one statement text issued by two operations is one row, carrying the tag of whichever
/// came first: give such statements distinct text (or accept the merge).
public struct StatementStatistics: Sendable {
    public struct Statement: Sendable, Equatable {
        public var queryID: String
        /// The operation from the tag; nil for an untagged statement.
        public var operation: String?
        public var calls: Double
        /// Milliseconds, summed over the calls.
        public var totalMilliseconds: Double
        /// Population standard deviation of one call, milliseconds.
        public var standardDeviationMilliseconds: Double
        /// Milliseconds of block I/O over all calls (0 without `track_io_timing`).
        public var ioMilliseconds: Double
        public var rows: Double?
        /// Whether any I/O timing column was present.
        public var hasIOColumns: Bool
        public var line: Int

        /// Mean execution time of one call, milliseconds.
        public var meanMilliseconds: Double { calls > 0 ? totalMilliseconds / calls : 0 }
    }

    public var statements: [Statement]

    /// Whether a table's header looks like a pg_stat_statements export.
    public static func recognizes(_ table: CalibrationTable) -> Bool {
        table.column("total_exec_time", "total_time") != nil
    }

    static let ioColumns = [
        "blk_read_time", "blk_write_time", "shared_blk_read_time", "shared_blk_write_time",
        "local_blk_read_time", "local_blk_write_time", "temp_blk_read_time", "temp_blk_write_time",
    ]

    /// Reads every statement.
    /// - Throws: ``CalibrationInputError`` naming the line and column: a missing column, a
    ///   value that is not a non-negative number, a mean that disagrees with total/calls, I/O
    ///   time above execution time, a malformed operation tag.
    public init(table: CalibrationTable) throws(CalibrationInputError) {
        func required(_ names: String...) throws(CalibrationInputError) -> Int {
            for name in names { if let index = table.columns.firstIndex(of: name) { return index } }
            throw CalibrationInputError(
                line: nil, field: names[0],
                message: "pg_stat_statements export lacks the column \(names[0]); select query, calls, total_exec_time, mean_exec_time, stddev_exec_time, rows and the blk_*_time columns")
        }
        let query = try required("query")
        let calls = try required("calls")
        let total = try required("total_exec_time", "total_time")
        let stddev = try required("stddev_exec_time", "stddev_time")
        let mean = table.column("mean_exec_time", "mean_time")
        let rows = table.column("rows")
        let queryID = table.column("queryid")
        let io = Self.ioColumns.compactMap { table.columns.firstIndex(of: $0) }
        var statements: [Statement] = []
        for record in table.records {
            let callCount = try table.number(record, calls)
            let totalTime = try table.number(record, total)
            if callCount != callCount.rounded() {
                throw CalibrationInputError(line: record.line, field: table.columns[calls], message: "\(callCount) is not a whole number of calls")
            }
            if let mean, callCount > 0 {
                let stated = try table.number(record, mean)
                let derived = totalTime / callCount
                if abs(stated - derived) > 0.01 * Swift.max(derived, 1e-9) {
                    throw CalibrationInputError(
                        line: record.line, field: table.columns[mean],
                        message: "\(stated) disagrees with total_exec_time / calls = \(formatted(derived)); the row is inconsistent")
                }
            }
            var ioTime = 0.0
            for index in io { ioTime += try table.number(record, index) }
            if ioTime > totalTime * 1.01 + 1e-9 {
                throw CalibrationInputError(
                    line: record.line, field: "", message: "I/O time \(formatted(ioTime)) ms exceeds total_exec_time \(formatted(totalTime)) ms")
            }
            let operation: String?
            do {
                operation = try Self.operationTag(in: record.fields[query])
            } catch {
                throw CalibrationInputError(line: record.line, field: "query", message: error.message)
            }
            statements.append(Statement(
                queryID: queryID.map { record.fields[$0].trimmingSpaces } ?? "",
                operation: operation, calls: callCount, totalMilliseconds: totalTime,
                standardDeviationMilliseconds: try table.number(record, stddev),
                ioMilliseconds: Swift.min(ioTime, totalTime), rows: try rows.map { index throws(CalibrationInputError) in try table.number(record, index) },
                hasIOColumns: !io.isEmpty, line: record.line))
        }
        guard !statements.isEmpty else {
            throw CalibrationInputError(line: nil, field: "", message: "the export has a header but no statements")
        }
        self.statements = statements
    }

    struct TagError: Error { var message: String }

    /// The value of `operation='…'` in the first `/* … */` comment that has one.
    static func operationTag(in query: String) throws(TagError) -> String? {
        var rest = query[...]
        while let open = rest.range(of: "/*") {
            guard let close = rest[open.upperBound...].range(of: "*/") else {
                throw TagError(message: "a /* comment is never closed")
            }
            let comment = rest[open.upperBound..<close.lowerBound]
            for pair in comment.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, String(parts[0]).trimmingSpaces == "operation" else { continue }
                let value = String(parts[1]).trimmingSpaces
                guard value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") else {
                    throw TagError(message: "operation tag \(value) must be in single quotes, as sqlcommenter writes it: operation='listProjects'")
                }
                let inner = String(value.dropFirst().dropLast())
                guard let decoded = inner.removingPercentEncoding, !decoded.isEmpty else {
                    throw TagError(message: "operation tag '\(inner)' is empty or not valid URL encoding")
                }
                return decoded
            }
            rest = rest[close.upperBound...]
        }
        return nil
    }
}

/// The database time of one operation's round trip, and its split into CPU and wait.
///
/// Every call of a tagged statement is taken as one round trip (one transaction): the case
/// of autocommit statements, node-postgres's behaviour without an explicit `BEGIN`. The
/// operation's calls pool its statements: mean = Σ total / Σ calls, and the variance is that
/// of the mixture, Σ callsₛ (sdₛ² + meanₛ²) / Σ calls − mean². The I/O share f = Σ I/O time /
/// Σ total splits the mean into `db_cpu` = (1 − f) · mean and `db_wait` = f · mean; lacking
/// per-call I/O variances, both parts get the round trip's coefficient of variation (an
/// assumption). The interval of the mean is mean ± t · sd / √calls, over the period the
/// statistics cover: pg_stat_statements counts every call, so it is an interval for the
/// long-run mean, not for a sample's.
public struct DatabaseCalibration: Sendable, Equatable {
    public var operation: String
    public var statementCount: Int
    public var calls: Double
    /// Milliseconds per round trip.
    public var meanMilliseconds: Double
    public var standardDeviationMilliseconds: Double
    /// The interval of the mean, milliseconds; nil with fewer than 2 calls.
    public var lower: Double?
    public var upper: Double?
    /// Share of execution time spent in block I/O, 0…1.
    public var ioShare: Double
    /// Whether the export had I/O timing columns.
    public var hasIOColumns: Bool
    public var rowsPerCall: Double?

    /// sd / mean, 0 for a zero mean.
    public var coefficientOfVariation: Double { meanMilliseconds > 0 ? standardDeviationMilliseconds / meanMilliseconds : 0 }
    public var cpuMilliseconds: Double { meanMilliseconds * (1 - ioShare) }
    public var waitMilliseconds: Double { meanMilliseconds * ioShare }
    /// Whether the interval of the mean excludes 0.
    public var isSignificant: Bool { (lower ?? 0) > 0 }

    /// Pools the tagged statements by operation, in order of first appearance.
    public static func calibrate(_ statistics: StatementStatistics, level: Double = 0.95) -> [DatabaseCalibration] {
        var order: [String] = []
        var groups: [String: [StatementStatistics.Statement]] = [:]
        for statement in statistics.statements {
            guard let operation = statement.operation else { continue }
            if groups[operation] == nil { order.append(operation) }
            groups[operation, default: []].append(statement)
        }
        return order.map { operation in
            let own = groups[operation]!
            let calls = own.reduce(0) { $0 + $1.calls }
            let total = own.reduce(0) { $0 + $1.totalMilliseconds }
            let io = own.reduce(0) { $0 + $1.ioMilliseconds }
            let mean = calls > 0 ? total / calls : 0
            let second = calls > 0
                ? own.reduce(0) { $0 + $1.calls * ($1.standardDeviationMilliseconds * $1.standardDeviationMilliseconds + $1.meanMilliseconds * $1.meanMilliseconds) } / calls
                : 0
            let sd = Swift.max(second - mean * mean, 0).squareRoot()
            var lower: Double? = nil
            var upper: Double? = nil
            if calls >= 2 {
                // Beyond 10,000 degrees of freedom t₀.₉₇₅ differs from the normal quantile by
                // 10⁻⁴; capping keeps the bisection fast and errs on the wide side.
                let degrees = calls > 10_001 ? 10_000 : Int(calls) - 1
                let half = StudentT.quantile((1 + level) / 2, degreesOfFreedom: degrees) * sd / calls.squareRoot()
                lower = mean - half
                upper = mean + half
            }
            let rows = own.allSatisfy { $0.rows != nil } && calls > 0 ? own.reduce(0) { $0 + ($1.rows ?? 0) } / calls : nil
            return DatabaseCalibration(
                operation: operation, statementCount: own.count, calls: calls, meanMilliseconds: mean,
                standardDeviationMilliseconds: sd, lower: lower, upper: upper, ioShare: total > 0 ? io / total : 0,
                hasIOColumns: own.contains(where: \.hasIOColumns), rowsPerCall: rows)
        }
    }
}
