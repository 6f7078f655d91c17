import Foundation
import GRDB
@testable import Store
import XCTest

final class MaintenanceTests: XCTestCase {
    func count(_ table: String, in history: RunHistory) throws -> Int {
        try history.queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    func testRemovingARunRemovesItsSeries() throws {
        try onEveryHistory { history in
            let kept = try history.record(Fixtures.run(try Fixtures.summary(minutes: 30))).id
            let gone = try history.record(Fixtures.run(try Fixtures.summary(minutes: 40))).id
            XCTAssertEqual(try history.remove([gone]), 1)
            XCTAssertEqual(try history.runs().map(\.id), [kept])
            XCTAssertEqual(try count("runMinute", in: history), 30)
        }
    }

    func testRemovingAComparisonRemovesItsVariants() throws {
        try onEveryHistory { history in
            let recorded = try history.record(Fixtures.comparison())
            XCTAssertEqual(try history.remove([recorded.id]), 1 + recorded.variants.count)
            XCTAssertEqual(try count("run", in: history), 0)
            XCTAssertEqual(try count("runMinute", in: history), 0)
        }
    }

    /// A variant alone is refused, and so is the whole command: nothing is removed.
    func testRemovingAVariantAloneRemovesNothing() throws {
        try onEveryHistory { history in
            let run = try history.record(Fixtures.run(try Fixtures.summary(minutes: 5))).id
            let comparison = try history.record(Fixtures.comparison())
            XCTAssertThrowsError(try history.remove([run, comparison.variants[1]])) { error in
                guard case let .refused(message)? = error as? HistoryError else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains(comparison.id.shortForm), message)
            }
            XCTAssertEqual(try count("run", in: history), 2 + comparison.variants.count)
            // With its comparison, it goes.
            XCTAssertEqual(try history.remove([comparison.variants[1], comparison.id]), 1 + comparison.variants.count)
        }
    }

    func testGarbageCollectionKeepsTheNewest() throws {
        try onEveryHistory { history in
            var ids: [RunID] = []
            for day in 0..<5 {
                ids.append(try history.record(Fixtures.run(try Fixtures.summary(minutes: 10),
                                                           startedAt: Date(timeIntervalSince1970: 1_796_000_000 + Double(day) * 86_400))).id)
            }
            var comparison = try Fixtures.comparison()
            comparison.provenance.startedAt = Date(timeIntervalSince1970: 1_700_000_000)
            try history.record(comparison)
            let collected = try history.collectGarbage(keeping: 2)
            XCTAssertEqual(collected.removedRuns, 4)
            XCTAssertEqual(try history.runs().map(\.id), [ids[4], ids[3]])
            XCTAssertEqual(try count("run", in: history), 2)
            XCTAssertEqual(try count("runMinute", in: history), 20)
        }
    }

    /// Removing most of a large file gives the space back.
    func testGarbageCollectionShrinksTheFile() throws {
        let folder = try TemporaryFolder()
        let history = try RunHistory.open(at: folder.path("history.sqlite"))
        for seed in 0..<3 { try history.record(Fixtures.run(try Fixtures.summary(minutes: 10_080, seed: UInt64(seed)))) }
        let collected = try history.collectGarbage(keeping: 1)
        XCTAssertEqual(collected.removedRuns, 2)
        XCTAssertTrue(collected.vacuumed)
        XCTAssertLessThan(collected.bytesAfter, collected.bytesBefore / 2, "\(collected)")
        XCTAssertEqual(try history.collectGarbage(keeping: 1), GarbageCollection(removedRuns: 0, bytesBefore: collected.bytesAfter,
                                                                                  bytesAfter: collected.bytesAfter, vacuumed: false))
    }
}
