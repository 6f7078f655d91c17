import XCTest
import SimCore

/// The hold model (pop one, schedule one later) is how a simulation really uses the calendar:
/// the heap stays at a steady size while its contents churn.
final class EventCalendarHoldModelTests: XCTestCase {
    func testInterleavedScheduleAndNextStayOrdered() {
        for seed in 0..<100 as Range<UInt64> {
            var generator = Xoshiro256StarStar(seed: seed)
            var calendar = EventCalendar<Int>(minimumCapacity: 64)
            let population = 1 + Int(generator.next() % 50)
            for id in 0..<population {
                calendar.schedule(id, at: Double(generator.next() % 4))
            }
            var lastTime = 0.0
            var lastSequenceAtTime: UInt64?
            for step in 0..<2_000 {
                guard let event = calendar.next() else {
                    XCTFail("calendar ran dry at step \(step), seed \(seed)")
                    break
                }
                XCTAssertGreaterThanOrEqual(event.time, lastTime, "seed \(seed), step \(step)")
                if event.time == lastTime, let previous = lastSequenceAtTime {
                    XCTAssertGreaterThan(event.sequence, previous, "FIFO broken: seed \(seed), step \(step)")
                }
                lastSequenceAtTime = event.sequence
                lastTime = event.time
                XCTAssertEqual(calendar.now, event.time)
                // Sometimes zero delay, so that ties at `now` keep happening.
                let delay = generator.next() % 3 == 0 ? 0 : generator.nextUnit() * 3
                calendar.schedule(event.payload, after: delay)
                if step % 97 == 0 { calendar._checkInvariants() }
            }
            XCTAssertEqual(calendar.count, population, "seed \(seed)")
        }
    }
}
