import Foundation
@testable import Store
import XCTest

/// The optimizer's tables: a search's record, its trials written one by one, the plan.
final class OptimizationRecordTests: XCTestCase {
    func record() -> OptimizationRecord {
        OptimizationRecord(startedAt: Date(timeIntervalSince1970: 1_800_000_000), capsimVersion: "test", scenarioName: "s",
                           scenarioSource: "s.yaml", scenarioText: "name: s\n", scenarioHash: "h", spaceSource: "",
                           spaceText: "", overrides: ["horizon=1h"], settings: "{\"seed\":1}")
    }

    func testTrialsAreKeptOnceAndTheSearchFinishes() throws {
        let folder = try TemporaryFolder()
        let history = try RunHistory.open(at: folder.path("history.sqlite"))
        let started = try history.beginOptimization(record())
        let key = TrialKey(configurationHash: "abc", fidelity: "full", replication: 0, seed: UInt64.max)
        try history.recordTrial(StoredTrial(key: key, requests: 10, wallSeconds: 0.5, outcome: "{\"a\":1}"), optimization: started.number)
        // The same key again (two processes resuming one search) keeps the first.
        try history.recordTrial(StoredTrial(key: key, requests: 99, wallSeconds: 0.5, outcome: "{\"a\":2}"), optimization: started.number)
        let other = TrialKey(configurationHash: "abc", fidelity: "probe", replication: 0, seed: 7)
        try history.recordTrial(StoredTrial(key: other, requests: 3, wallSeconds: 0.1, outcome: "{}"), optimization: started.number)
        let trials = try history.trials(ofOptimization: started.number)
        XCTAssertEqual(trials.map(\.key), [key, other])
        XCTAssertEqual(trials.first?.outcome, "{\"a\":1}")
        XCTAssertEqual(trials.first?.key.seed, UInt64.max, "64-bit seeds survive the signed column")

        let found = try RunHistory.open(at: folder.path("history.sqlite")).optimization(String(started.id.hex.prefix(6)))
        XCTAssertEqual(found.id, started.id)
        XCTAssertEqual(found.trials, 2)
        XCTAssertNil(found.plan)
        XCTAssertEqual(found.record.overrides, ["horizon=1h"])
        try history.finishOptimization(started.number, plan: "{\"schema\":\"capsim.plan/v1\"}")
        XCTAssertEqual(try history.optimization(started.id.hex).plan, "{\"schema\":\"capsim.plan/v1\"}")
    }

    func testUnknownOptimizationIdsAreRefused() throws {
        let history = try RunHistory.inMemory()
        XCTAssertThrowsError(try history.optimization("abcd")) { error in
            guard case HistoryError.unknownRun = error as! HistoryError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try history.optimization("xy")) { error in
            XCTAssertEqual(error as? HistoryError, .malformedID("xy"))
        }
    }
}
