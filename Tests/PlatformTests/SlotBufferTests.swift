import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

/// The event loop's tables: they must behave like the arrays they replaced.
final class SlotBufferTests: XCTestCase {
    func testGrowsPastItsCapacityKeepingEverySlot() {
        let table = SlotBuffer<Int32>(minimumCapacity: 2)
        for value in 0..<1_000 as Range<Int32> { table.append(value) }
        XCTAssertEqual(table.count, 1_000)
        XCTAssertEqual(table.indices, 0..<1_000)
        XCTAssertEqual(table.indices.map { table[$0] }, Array(0..<1_000))
    }

    func testWritesFieldsInPlace() {
        struct Slot { var live = false; var count: Int32 = 0; var time = 0.0 }
        let table = SlotBuffer<Slot>()
        table.append(Slot())
        table.append(Slot())
        table[1].live = true
        table[1].count += 3
        table[1].time = 2.5
        XCTAssertFalse(table[0].live)
        XCTAssertEqual(table[1].count, 3)
        XCTAssertEqual(table[1].time, 2.5)
    }

    func testStackUseMatchesAnArray() {
        let table = SlotBuffer<Int32>()
        var array: [Int32] = []
        var generator = Xoshiro256StarStar(seed: 5)
        for step in 0..<5_000 as Range<Int32> {
            if generator.next() % 2 == 0 {
                table.append(step)
                array.append(step)
            } else {
                XCTAssertEqual(table.popLast(), array.popLast())
            }
            XCTAssertEqual(table.count, array.count)
        }
    }

    func testInitializers() {
        XCTAssertEqual(SlotBuffer(repeating: 7.5, count: 3).indices.map { _ in 7.5 }, [7.5, 7.5, 7.5])
        let table = SlotBuffer<Bool>([true, false, true])
        XCTAssertEqual(table.indices.map { table[$0] }, [true, false, true])
        XCTAssertEqual(SlotBuffer<Int>(repeating: 1, count: 0).count, 0)
        XCTAssertNil(SlotBuffer<Int>().popLast())
    }
}
