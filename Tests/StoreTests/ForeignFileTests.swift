import Foundation
import GRDB
@testable import Store
import XCTest

/// Files that are not a capsim history of this version are refused, and left exactly as
/// they were: same bytes, same modification time, no journal or WAL beside them.
final class ForeignFileTests: XCTestCase {
    /// Refuses `path` with `expected` and checks that nothing changed. `allowsSharedMemory`:
    /// reading a WAL-mode database (a capsim history) creates its -shm and -wal files, as
    /// any SQLite reader does; the database file itself stays as it was.
    func assertRefusedUntouched(_ path: String, allowsSharedMemory: Bool = false, _ expected: (HistoryError) -> Bool,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let modified = try modificationTime(path)
        let neighbours = try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        // Make the mtime comparison meaningful: a write now would change it.
        Thread.sleep(forTimeInterval: 0.02)
        do {
            _ = try RunHistory.open(at: path)
            XCTFail("\(path) was opened as a history", file: file, line: line)
        } catch {
            XCTAssertTrue(expected(error), "unexpected error: \(error)", file: file, line: line)
            XCTAssertTrue(error.description.contains(path), "the message does not name the file: \(error)", file: file, line: line)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "the bytes changed", file: file, line: line)
        XCTAssertEqual(try modificationTime(path), modified, "the modification time changed", file: file, line: line)
        let name = URL(fileURLWithPath: path).lastPathComponent
        let after = try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
            .filter { !allowsSharedMemory || ($0 != name + "-shm" && $0 != name + "-wal") }
        XCTAssertEqual(after.sorted(), neighbours.sorted(), "files appeared beside it", file: file, line: line)
    }

    /// Seconds and nanoseconds of the last modification.
    func modificationTime(_ path: String) throws -> [Int] {
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        return [info.st_mtim.tv_sec, info.st_mtim.tv_nsec]
    }

    func testTextFileIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("notes.txt")
        try Data("name: baseline\nseed: 1\n".utf8).write(to: URL(fileURLWithPath: path))
        try assertRefusedUntouched(path) { $0 == .notSQLite(path: path) }
    }

    func testPNGIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("picture.png")
        // A PNG signature and the start of an IHDR chunk, then noise: longer than SQLite's header.
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
        bytes += (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try assertRefusedUntouched(path) { $0 == .notSQLite(path: path) }
    }

    func testAnotherProgramsDatabaseIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("app.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE contact (name TEXT); INSERT INTO contact VALUES ('Ada')") }
        try queue.close()
        try assertRefusedUntouched(path) {
            if case let .foreign(_, detail) = $0 { return detail.contains("contact") }
            return false
        }
    }

    func testAnotherApplicationIDIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("other.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA application_id = 1234") }
        try queue.close()
        try assertRefusedUntouched(path) {
            if case let .foreign(_, detail) = $0 { return detail.contains("0x000004d2") }
            return false
        }
    }

    /// A history written by a capsim whose schema has a migration this one lacks.
    func testNewerSchemaIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("history.sqlite")
        let history = try RunHistory.open(at: path)
        try history.record(Fixtures.run(try Fixtures.summary(minutes: 5)))
        try history.queue.writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-v9-future')")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try history.queue.close()
        try assertRefusedUntouched(path, allowsSharedMemory: true) { $0 == .newerSchema(path: path, unknownMigrations: ["2099-01-v9-future"]) }
    }

    func testFolderIsRefused() throws {
        let folder = try TemporaryFolder()
        XCTAssertThrowsError(try RunHistory.open(at: folder.url.path)) { error in
            guard case .refused = error as? HistoryError else { return XCTFail("\(error)") }
        }
    }
}
