import Foundation
import GRDB
import Results
@testable import Store
import XCTest

/// A recorded run reads back as an equal value: the summary without its series in JSON,
/// the series in rows, put together again.
final class RoundTripTests: XCTestCase {
    func testRecordedRunReadsBackEqual() throws {
        try onEveryHistory { history in
            let summary = try Fixtures.summary(minutes: 1440)
            let ids = try history.record(Fixtures.run(summary))
            XCTAssertTrue(ids.variants.isEmpty)
            let stored = try history.storedRun(ids.id)
            guard case let .run(read) = stored.content else { return XCTFail("a run read back as \(stored.content)") }
            XCTAssertEqual(read, summary)
            XCTAssertEqual(stored.scenarioText, "name: baseline\n")
            XCTAssertEqual(stored.listing.kind, .run)
            XCTAssertEqual(stored.listing.seed, summary.setup.seed)
            XCTAssertEqual(stored.listing.overrides, ["horizon=20m"])
            XCTAssertEqual(stored.listing.monthlyUSD, summary.cost.monthlyUSD)
            XCTAssertEqual(stored.listing.p99Milliseconds, summary.latency.p99Milliseconds)
            XCTAssertEqual(stored.listing.objectivesMet, summary.objectivesMet)
            XCTAssertEqual(stored.listing.startedAt, Date(timeIntervalSince1970: 1_796_000_000))
        }
    }

    func testGoldenRunReadsBackEqual() throws {
        try onEveryHistory { history in
            let summary = try Fixtures.runSummary()
            let stored = try history.storedRun(try history.record(Fixtures.run(summary)).id)
            guard case let .run(read) = stored.content else { return XCTFail("a run read back as \(stored.content)") }
            XCTAssertEqual(read, summary)
        }
    }

    func testSeedAboveInt64MaxSurvives() throws {
        try onEveryHistory { history in
            let summary = try Fixtures.summary(minutes: 3, seed: UInt64.max - 7)
            let stored = try history.storedRun(try history.record(Fixtures.run(summary)).id)
            XCTAssertEqual(stored.listing.seed, UInt64.max - 7)
            guard case let .run(read) = stored.content else { return XCTFail("not a run") }
            XCTAssertEqual(read, summary)
        }
    }

    func testComparisonReadsBackWithEveryVariant() throws {
        try onEveryHistory { history in
            let recording = try Fixtures.comparison()
            guard case let .comparison(comparison, variants) = recording.content else { return XCTFail("test bug") }
            let ids = try history.record(recording)
            XCTAssertEqual(ids.variants.count, variants.count)
            let stored = try history.storedRun(ids.id)
            guard case let .comparison(read, listings) = stored.content else { return XCTFail("not a comparison") }
            XCTAssertEqual(read, comparison)
            XCTAssertEqual(listings.map(\.id), ids.variants)
            XCTAssertEqual(listings.map(\.variantName), variants.map(\.name))
            XCTAssertEqual(listings.map(\.parentID), Array(repeating: ids.id, count: variants.count))
            for (id, variant) in zip(ids.variants, variants) {
                guard case let .run(summary) = try history.storedRun(id).content else { return XCTFail("a variant is not a run") }
                XCTAssertEqual(summary, variant.summary)
            }
        }
    }

    /// The budget: a 7-day run must add less than 2 MB to the file. The series is
    /// 10,080 rows of realistic, varied values; the file is measured after a checkpoint.
    func testWeekOfSeriesGrowsTheFileByLessThanTwoMegabytes() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("history.sqlite")
        let history = try RunHistory.open(at: path)
        try history.record(Fixtures.run(try Fixtures.summary(minutes: 20)))
        let before = try checkpointedSize(history)
        try history.record(Fixtures.run(try Fixtures.summary(minutes: 10_080, seed: 2)))
        let growth = try checkpointedSize(history) - before
        XCTAssertLessThan(growth, 2_000_000, "a week's run added \(growth) bytes")
        print("StoreTests: a 7-day run adds \(growth) bytes to the history")
    }

    func checkpointedSize(_ history: RunHistory) throws -> Int64 {
        try history.queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return history.fileSize()
    }
}
