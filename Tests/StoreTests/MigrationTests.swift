import Foundation
import GRDB
@testable import Store
import XCTest

final class MigrationTests: XCTestCase {
    func testNewFileIsMarkedMigratedAndInWALMode() throws {
        let folder = try TemporaryFolder()
        let history = try RunHistory.open(at: folder.path("history.sqlite"))
        try history.queue.read { db in
            XCTAssertEqual(try Int32.fetchOne(db, sql: "PRAGMA application_id"), RunHistory.applicationID)
            XCTAssertEqual(try String.fetchOne(db, sql: "PRAGMA journal_mode"), "wal")
            XCTAssertEqual(try RunHistory.migrator.appliedMigrations(db), RunHistory.knownMigrations)
            XCTAssertTrue(try db.tableExists("run"))
            XCTAssertTrue(try db.tableExists("runMinute"))
        }
    }

    /// The migration names are a published contract: files in the wild carry them.
    func testMigrationNamesAreTheReleasedOnes() {
        XCTAssertEqual(RunHistory.knownMigrations, ["2026-12-v1-runs", "2026-12-v2-optimizations"])
    }

    func testEmptyFileBecomesAHistory() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("touched.sqlite")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let history = try RunHistory.open(at: path)
        try history.record(Fixtures.run(try Fixtures.summary(minutes: 2)))
        XCTAssertEqual(try history.runs().count, 1)
    }

    func testReopeningKeepsTheRuns() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("history.sqlite")
        let id = try RunHistory.open(at: path).record(Fixtures.run(try Fixtures.summary(minutes: 2))).id
        let reopened = try RunHistory.open(at: path)
        XCTAssertEqual(try reopened.runs().map(\.id), [id])
    }

    func testMissingFolderIsUnwritable() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("no/such/folder/history.sqlite")
        XCTAssertThrowsError(try RunHistory.open(at: path)) { error in
            XCTAssertTrue((error as? HistoryError)?.isUnwritable == true, "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path("no")))
    }

    /// Foreign keys are what removes a comparison's variants and every series with its run.
    func testForeignKeysAreEnforced() throws {
        let history = try RunHistory.inMemory()
        try history.queue.read { db in
            XCTAssertEqual(try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"), true)
        }
    }
}
