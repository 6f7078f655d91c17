import Foundation
@testable import Store
import XCTest

final class QueryTests: XCTestCase {
    static let day: TimeInterval = 86_400
    static let origin = Date(timeIntervalSince1970: 1_796_000_000)

    /// Four runs a day apart (the newest last) and one comparison after them.
    func makeHistory() throws -> (RunHistory, [RunID]) {
        let history = try RunHistory.inMemory()
        var ids: [RunID] = []
        for (index, (name, met)) in [("baseline", true), ("baseline", false), ("black-friday", false), ("baseline", true)].enumerated() {
            let summary = try Fixtures.summary(minutes: 3, name: name, seed: UInt64(index), met: met)
            ids.append(try history.record(Fixtures.run(summary, startedAt: Self.origin.addingTimeInterval(Double(index) * Self.day))).id)
        }
        var comparison = try Fixtures.comparison()
        comparison.provenance.startedAt = Self.origin.addingTimeInterval(10 * Self.day)
        ids.append(try history.record(comparison).id)
        return (history, ids)
    }

    func testListIsNewestFirst() throws {
        let (history, ids) = try makeHistory()
        XCTAssertEqual(try history.runs().map(\.id), ids.reversed())
    }

    func testListFilters() throws {
        let (history, ids) = try makeHistory()
        XCTAssertEqual(try history.runs(matching: RunFilter(scenario: "black-friday")).map(\.id), [ids[2]])
        XCTAssertEqual(try history.runs(matching: RunFilter(scenario: "baseline")).map(\.id), [ids[3], ids[1], ids[0]])
        XCTAssertEqual(try history.runs(matching: RunFilter(objectivesMet: true)).map(\.id), [ids[3], ids[0]])
        XCTAssertEqual(try history.runs(matching: RunFilter(objectivesMet: false)).map(\.id), [ids[2], ids[1]])
        XCTAssertEqual(try history.runs(matching: RunFilter(since: Self.origin.addingTimeInterval(Self.day),
                                                            until: Self.origin.addingTimeInterval(3 * Self.day))).map(\.id),
                       [ids[2], ids[1]])
        XCTAssertEqual(try history.runs(matching: RunFilter(limit: 2)).map(\.id), [ids[4], ids[3]])
        XCTAssertEqual(try history.runs(matching: RunFilter(scenario: "nothing")), [])
    }

    func testVariantsAreListedUnderTheirComparisonOnlyWhenAsked() throws {
        let (history, ids) = try makeHistory()
        let listed = try history.runs(matching: RunFilter(includesVariants: true, limit: 1))
        XCTAssertEqual(listed.first?.id, ids[4])
        XCTAssertEqual(listed.first?.kind, .compare)
        XCTAssertGreaterThan(listed.count, 1)
        XCTAssertTrue(listed.dropFirst().allSatisfy { $0.kind == .variant && $0.parentID == ids[4] })
        XCTAssertEqual(listed.dropFirst().map(\.variantIndex), Array(0..<(listed.count - 1)))
        XCTAssertFalse(try history.runs().contains { $0.kind == .variant })
    }

    func testPrefixFindsTheRun() throws {
        let (history, ids) = try makeHistory()
        for id in ids {
            XCTAssertEqual(try history.resolve(String(id.hex.prefix(12))).id, id)
            XCTAssertEqual(try history.resolve(id.hex.uppercased()).id, id)
        }
    }

    func testMalformedIDsAreRefused() throws {
        let (history, _) = try makeHistory()
        for text in ["", "abc", "xyz1", "12345678-", String(repeating: "a", count: 33)] {
            XCTAssertThrowsError(try history.resolve(text)) { error in
                XCTAssertEqual(error as? HistoryError, .malformedID(text))
            }
        }
    }

    func testUnknownIDSuggestsTheClosest() throws {
        let (history, ids) = try makeHistory()
        // One digit changed in the first eight of a real id.
        var digits = Array(ids[1].hex.prefix(8))
        digits[5] = digits[5] == "0" ? "1" : "0"
        let typo = String(digits)
        XCTAssertThrowsError(try history.resolve(typo)) { error in
            guard case let .unknownRun(prefix, closest)? = error as? HistoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(prefix, typo)
            XCTAssertEqual(closest.count, 3)
            XCTAssertTrue(closest[0].hasPrefix(ids[1].shortForm), "\(closest)")
        }
    }

    /// Ids share prefixes by chance; a history of ids made to share one shows the ambiguity.
    func testAmbiguousPrefixListsTheCandidates() throws {
        let history = try RunHistory.inMemory()
        let summary = try Fixtures.summary(minutes: 1)
        let first = try history.record(Fixtures.run(summary)).id
        let second = try history.record(Fixtures.run(summary)).id
        // Give the second run an id that shares the first's first 10 digits.
        let shared = String(first.hex.prefix(10)) + String(second.hex.dropFirst(10))
        try history.queue.write { try $0.execute(sql: "UPDATE run SET id = ? WHERE id = ?", arguments: [shared, second.hex]) }
        XCTAssertThrowsError(try history.resolve(String(first.hex.prefix(6)))) { error in
            guard case let .ambiguousRun(_, candidates)? = error as? HistoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(candidates.count, 2)
            // Each candidate shows four digits more than the prefix typed.
            XCTAssertEqual(candidates.map { $0.prefix { $0 != " " }.count }, [10, 10], "\(candidates)")
        }
        XCTAssertEqual(try history.resolve(String(first.hex.prefix(16))).id, first)
    }
}
