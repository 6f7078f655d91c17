import XCTest
import SimCore

final class TimeWeightedMeanTests: XCTestCase {
    func testHandCheckedQueueLength() {
        // Level 0 on [0, 2), 3 on [2, 3), 1 on [3, 7), 2 from 7 on.
        // Area to 10: 0·2 + 3·1 + 1·4 + 2·3 = 13, so the mean is 1.3.
        var queue = TimeWeightedMean()
        queue.update(to: 3, at: 2)
        queue.add(-2, at: 3)
        queue.add(1, at: 7)
        XCTAssertEqual(queue.value, 2)
        XCTAssertEqual(queue.area(at: 10), 13, accuracy: 1e-12)
        XCTAssertEqual(queue.mean(at: 10), 1.3, accuracy: 1e-12)
        XCTAssertEqual(queue.mean(at: 7), 1, accuracy: 1e-12)
    }

    func testSeveralChangesAtOneInstantKeepTheLastLevel() {
        var busy = TimeWeightedMean(value: 1, at: 0)
        busy.add(1, at: 5)
        busy.add(1, at: 5)
        busy.add(-1, at: 5)
        XCTAssertEqual(busy.area(at: 10), 5 + 2 * 5, accuracy: 1e-12)
    }

    func testResetForgetsThePastAndKeepsTheLevel() {
        var queue = TimeWeightedMean(value: 10, at: 0)
        queue.update(to: 4, at: 100)
        queue.reset(at: 100)
        XCTAssertEqual(queue.value, 4)
        XCTAssertEqual(queue.mean(at: 100), 4, "no time has passed: the current level")
        XCTAssertEqual(queue.area(at: 100), 0)
        queue.update(to: 0, at: 110)
        XCTAssertEqual(queue.mean(at: 120), 2, accuracy: 1e-12)
    }

    func testStartingLaterThanZero() {
        let queue = TimeWeightedMean(value: 3, at: 50)
        XCTAssertEqual(queue.mean(at: 50), 3)
        XCTAssertEqual(queue.mean(at: 60), 3, accuracy: 1e-12)
        XCTAssertEqual(queue.area(at: 60), 30, accuracy: 1e-12)
    }
}
