import Foundation
import GRDB
@testable import Store
import XCTest

/// Failures while recording leave the history as it was.
final class FaultTests: XCTestCase {
    /// A disk that fills up half-way through a week's series: SQLite's page limit stands in
    /// for the file system (the end-to-end tests fill a real one where they can mount it).
    func testFullDiskRecordsNothingAndSaysSo() throws {
        let folder = try TemporaryFolder()
        let history = try RunHistory.open(at: folder.path("history.sqlite"))
        let first = try history.record(Fixtures.run(try Fixtures.summary(minutes: 60))).id
        let pages = try history.queue.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }
        try history.queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA max_page_count = \(pages + 20)") }
        XCTAssertThrowsError(try history.record(Fixtures.run(try Fixtures.summary(minutes: 10_080)))) { error in
            XCTAssertEqual(error as? HistoryError, .unwritable(path: history.path, reason: "the disk is full"))
        }
        XCTAssertEqual(try history.runs().map(\.id), [first])
        XCTAssertEqual(try history.queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM runMinute") }, 60)
        XCTAssertEqual(try history.queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }, "ok")
        // Space again: the history goes on.
        try history.queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA max_page_count = 1073741823") }
        try history.record(Fixtures.run(try Fixtures.summary(minutes: 10)))
        XCTAssertEqual(try history.runs().count, 2)
    }

    /// A comparison is one transaction: a failure at its last variant leaves no variant.
    func testComparisonIsAllOrNothing() throws {
        let history = try RunHistory.inMemory()
        var recording = try Fixtures.comparison()
        guard case .comparison(let summary, var variants) = recording.content else { return XCTFail("test bug") }
        variants[variants.count - 1].summary = try Fixtures.summary(minutes: 10_080)
        recording.content = .comparison(summary, variants: variants)
        let pages = try history.queue.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }
        try history.queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA max_page_count = \(pages + 100)") }
        XCTAssertThrowsError(try history.record(recording))
        XCTAssertEqual(try history.queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM run") }, 0)
        XCTAssertEqual(try history.queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM runMinute") }, 0)
    }

    /// Two connections (as two processes would) record at once; both runs land.
    func testTwoWritersBothLand() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("history.sqlite")
        let histories = [try RunHistory.open(at: path), try RunHistory.open(at: path)]
        let summary = try Fixtures.summary(minutes: 10_080)
        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            results.append(Result { try histories[index].record(Fixtures.run(summary)).id })
        }
        let ids = try results.values.map { try $0.get() }
        XCTAssertEqual(Set(try RunHistory.open(at: path).runs().map(\.id)), Set(ids))
    }
}

final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Result<RunID, any Error>] = []
    func append(_ result: Result<RunID, any Error>) { lock.withLock { stored.append(result) } }
    var values: [Result<RunID, any Error>] { lock.withLock { stored } }
}
