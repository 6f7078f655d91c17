import Foundation
import GRDB
import Results

// The per-minute series in `runMinute`, written and read with one prepared statement
// rather than a record per row: a week is 10,080 rows, and a Codable record costs a
// dictionary of columns per row, several times the insert itself.

extension RunHistory {
    /// Inserts `rows` as run `number`'s series.
    /// - Complexity: O(`rows.count`) inserts through one cached statement.
    static func insertSeries(_ rows: [RunSummary.Minute], ofRun number: Int64, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO runMinute (runNumber, minute, arrivals, completed, errors, rejected, throttled, p50Ms, p95Ms, p99Ms,
                apiUtilization, webUtilization, databaseUtilization, poolWaiting, inFlight, apiDroplets, apiInRotation,
                webDroplets, webInRotation)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for row in rows {
            try statement.execute(arguments: [
                number, row.minute, row.arrivals, row.completed, row.errors, row.rejected, row.throttled,
                row.p50Milliseconds, row.p95Milliseconds, row.p99Milliseconds, row.apiUtilization, row.webUtilization,
                row.databaseUtilization, row.poolWaiting, row.inFlight, row.apiDroplets, row.apiInRotation,
                row.webDroplets, row.webInRotation,
            ])
        }
    }

    /// Run `number`'s series, in minute order.
    /// - Complexity: O(rows) along the primary key.
    static func series(ofRun number: Int64, in db: Database) throws -> [RunSummary.Minute] {
        var template = try JSONDecoder().decode(RunSummary.Minute.self, from: Data(Self.zeroMinute.utf8))
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT minute, arrivals, completed, errors, rejected, throttled, p50Ms, p95Ms, p99Ms, apiUtilization,
                webUtilization, databaseUtilization, poolWaiting, inFlight, apiDroplets, apiInRotation, webDroplets, webInRotation
            FROM runMinute WHERE runNumber = ? ORDER BY minute
            """, arguments: [number])
        var rows: [RunSummary.Minute] = []
        while let row = try cursor.next() {
            // Filled field by field: `Minute`'s memberwise initializer is internal to Results.
            template.minute = row[0]
            template.arrivals = row[1]
            template.completed = row[2]
            template.errors = row[3]
            template.rejected = row[4]
            template.throttled = row[5]
            template.p50Milliseconds = row[6]
            template.p95Milliseconds = row[7]
            template.p99Milliseconds = row[8]
            template.apiUtilization = row[9]
            template.webUtilization = row[10]
            template.databaseUtilization = row[11]
            template.poolWaiting = row[12]
            template.inFlight = row[13]
            template.apiDroplets = row[14]
            template.apiInRotation = row[15]
            template.webDroplets = row[16]
            template.webInRotation = row[17]
            rows.append(template)
        }
        return rows
    }

    /// A minute of zeros in the schema's row form, the starting point of every row read.
    private static let zeroMinute = "[" + Array(repeating: "0", count: RunSummary.Series.columns.count).joined(separator: ",") + "]"
}
