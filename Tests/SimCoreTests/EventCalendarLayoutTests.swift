import XCTest
import SimCore

/// The calendar is a sorted list while small and a heap while large. Populations that rise
/// and fall across both thresholds, again and again, must pop exactly what a reference
/// priority queue pops, ties included.
final class EventCalendarLayoutTests: XCTestCase {
    private struct Pending {
        var time: Double
        var order: Int
        var id: Int
    }

    func testSwitchingBetweenListAndHeapKeepsTheOrder() {
        for seed in 0..<40 as Range<UInt64> {
            var generator = Xoshiro256StarStar(seed: seed)
            var calendar = EventCalendar<Int>()
            var reference: [Pending] = []
            var scheduled = 0
            var nextID = 0
            // Waves of growth to a random peak (up to 300) and decay to a random trough (down
            // to 0), each step a push or a pop biased towards the wave's direction.
            for wave in 0..<12 {
                let growing = wave % 2 == 0
                let target = growing ? 20 + Int(generator.next() % 280) : Int(generator.next() % 12)
                while growing ? reference.count < target : reference.count > target {
                    let push = generator.next() % 4 != 0 ? growing : !growing
                    if push || reference.isEmpty {
                        // Few distinct delays, so that equal times are common.
                        let time = calendar.now + Double(generator.next() % 6) * 0.5
                        calendar.schedule(nextID, at: time)
                        reference.append(Pending(time: time, order: scheduled, id: nextID))
                        scheduled += 1
                        nextID += 1
                    } else {
                        let earliest = reference.indices.min {
                            (reference[$0].time, reference[$0].order) < (reference[$1].time, reference[$1].order)
                        }!
                        let expected = reference.remove(at: earliest)
                        let event = calendar.next()
                        XCTAssertEqual(event?.payload, expected.id, "seed \(seed), wave \(wave)")
                        XCTAssertEqual(event?.time, expected.time, "seed \(seed), wave \(wave)")
                    }
                    XCTAssertEqual(calendar.count, reference.count)
                    if scheduled % 53 == 0 { calendar._checkInvariants() }
                }
            }
            while let event = calendar.next() {
                let earliest = reference.indices.min {
                    (reference[$0].time, reference[$0].order) < (reference[$1].time, reference[$1].order)
                }!
                XCTAssertEqual(event.payload, reference.remove(at: earliest).id, "seed \(seed), draining")
            }
            XCTAssertTrue(reference.isEmpty)
            XCTAssertNil(calendar.nextTime)
        }
    }

    func testNextTimeIsTheEarliestInEitherLayout() {
        var calendar = EventCalendar<Int>()
        for count in 1...200 {
            calendar.schedule(count, at: Double(1_000 - count))
            XCTAssertEqual(calendar.nextTime, Double(1_000 - count))
        }
        for count in stride(from: 200, to: 0, by: -1) {
            XCTAssertEqual(calendar.nextTime, Double(1_000 - count))
            XCTAssertEqual(calendar.next()?.payload, count)
        }
        XCTAssertNil(calendar.nextTime)
    }
}

