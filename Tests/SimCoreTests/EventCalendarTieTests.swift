import XCTest
import SimCore

final class EventCalendarTieTests: XCTestCase {
    func testTiesRunInScheduleOrder() {
        // Expected order: 0, 1, ..., 199, all at time 5, whatever the heap's layout; the
        // events at time 1 and 9 bracket them.
        var calendar = EventCalendar<Int>()
        calendar.schedule(-1, at: 9)
        for index in 0..<200 { calendar.schedule(index, at: 5) }
        calendar.schedule(-2, at: 1)

        XCTAssertEqual(calendar.next()?.payload, -2)
        var sequences: [UInt64] = []
        for index in 0..<200 {
            let event = calendar.next()
            XCTAssertEqual(event?.payload, index)
            XCTAssertEqual(event?.time, 5)
            sequences.append(event?.sequence ?? 0)
        }
        XCTAssertEqual(sequences, sequences.sorted())
        XCTAssertEqual(calendar.next()?.payload, -1)
    }
}
