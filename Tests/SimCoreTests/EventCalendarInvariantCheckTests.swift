import XCTest
@testable import SimCore

/// The invariant checks run in the release-mode suite too (issue 10: they were compiled out,
/// so the tests that call them checked nothing in CI).
final class EventCalendarInvariantCheckTests: XCTestCase {
    func testABrokenListIsReported() {
        var calendar = EventCalendar<Int>()
        for time in [3.0, 1.0, 2.0] { calendar.schedule(Int(time), at: time) }
        XCTAssertNil(calendar._invariantViolation())
        calendar.storage.swapAt(0, 2)
        XCTAssertNotNil(calendar._invariantViolation(), "a list out of order must be caught in this build")
    }

    func testABrokenHeapIsReported() {
        var calendar = EventCalendar<Int>()
        for index in 0..<100 { calendar.schedule(index, at: Double(100 - index)) }
        XCTAssertTrue(calendar.isHeap, "test premise: past 48 events the calendar is a heap")
        XCTAssertNil(calendar._invariantViolation())
        let last = calendar.count - 1
        calendar.storage.swapAt(0, last)
        XCTAssertNotNil(calendar._invariantViolation(), "a heap out of order must be caught in this build")
    }

    func testAnEventBeforeNowIsReported() {
        var calendar = EventCalendar<Int>()
        calendar.schedule(1, at: 5)
        calendar.schedule(2, at: 10)
        _ = calendar.next()
        let event = calendar.storage[0]
        calendar.storage[0] = ScheduledEvent(time: 1, sequence: event.sequence, payload: event.payload)
        XCTAssertNotNil(calendar._invariantViolation())
    }
}
