import XCTest
import SimCore

/// Pins the size of a small event so that a change that boxes the payload shows up here.
final class ScheduledEventLayoutTests: XCTestCase {
    private enum SmallPayload { case arrival(Int32), departure(Int32) }

    func testSmallPayloadEventFitsInThreeWords() {
        XCTAssertLessThanOrEqual(MemoryLayout<ScheduledEvent<SmallPayload>>.stride, 24)
    }
}
