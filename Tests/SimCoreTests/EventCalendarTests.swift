import XCTest
import SimCore

/// The calendar is checked against a reference (a stable sort by time) on many small random
/// cases, because heap bugs hide in particular layouts that hand-written cases miss. Times are
/// drawn from a few integers so that ties are common.
final class EventCalendarTests: XCTestCase {
    func testPopsInTimeOrderOverRandomSweep() {
        for seed in 0..<1_000 as Range<UInt64> {
            var generator = Xoshiro256StarStar(seed: seed)
            let size = Int(generator.next() % 40)
            var calendar = EventCalendar<Int>()
            var reference: [(time: Double, id: Int)] = []
            for id in 0..<size {
                let time = Double(generator.next() % 10)
                calendar.schedule(id, at: time)
                reference.append((time, id))
            }
            calendar._checkInvariants()
            // A stable sort keeps insertion order among equal times, which is the FIFO rule.
            let expected = reference.enumerated()
                .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
                .map(\.element.id)
            var popped: [Int] = []
            while let event = calendar.next() {
                popped.append(event.payload)
                calendar._checkInvariants()
            }
            XCTAssertEqual(popped, expected, "seed \(seed)")
        }
    }

    func testNowAdvancesToEachPoppedEvent() {
        var calendar = EventCalendar<String>()
        XCTAssertEqual(calendar.now, 0)
        XCTAssertNil(calendar.nextTime)
        calendar.schedule("b", at: 2.5)
        calendar.schedule("a", after: 1)
        XCTAssertEqual(calendar.nextTime, 1)
        XCTAssertEqual(calendar.count, 2)

        let first = calendar.next()
        XCTAssertEqual(first?.payload, "a")
        XCTAssertEqual(calendar.now, 1)

        // `after:` is relative to the new now.
        calendar.schedule("c", after: 0.5)
        XCTAssertEqual(calendar.next()?.time, 1.5)
        XCTAssertEqual(calendar.now, 1.5)
        XCTAssertEqual(calendar.next()?.payload, "b")
        XCTAssertEqual(calendar.now, 2.5)

        XCTAssertNil(calendar.next())
        XCTAssertEqual(calendar.now, 2.5, "popping an empty calendar leaves the clock alone")
        XCTAssertTrue(calendar.isEmpty)
    }

    func testEventsAtNowRunAfterEarlierScheduledOnes() {
        var calendar = EventCalendar<Int>()
        calendar.schedule(0, at: 1)
        calendar.schedule(1, at: 1)
        XCTAssertEqual(calendar.next()?.payload, 0)
        // Scheduled at the current instant: runs after the one already waiting at that instant.
        calendar.schedule(2, after: 0)
        XCTAssertEqual(calendar.next()?.payload, 1)
        XCTAssertEqual(calendar.next()?.payload, 2)
    }

    func testRemoveAllResetsClockAndSequence() {
        var calendar = EventCalendar<Int>(minimumCapacity: 16)
        for index in 0..<10 { calendar.schedule(index, at: Double(index)) }
        _ = calendar.next()
        _ = calendar.next()
        XCTAssertEqual(calendar.now, 1)

        calendar.removeAll()
        XCTAssertTrue(calendar.isEmpty)
        XCTAssertEqual(calendar.count, 0)
        XCTAssertEqual(calendar.now, 0)
        XCTAssertNil(calendar.nextTime)

        calendar.schedule(42, at: 0)
        XCTAssertEqual(calendar.next()?.sequence, 0, "sequence numbers restart at 0")
    }
}
