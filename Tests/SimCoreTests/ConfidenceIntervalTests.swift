import XCTest
import SimCore

final class ConfidenceIntervalTests: XCTestCase {
    func testStudentTOnAKnownSample() {
        // Mean 5, sample standard deviation √(10/4) = 1.5811; t(0.975, 4) = 2.7764;
        // half-width 2.7764 × 1.5811 / √5 = 1.9632.
        let interval = ConfidenceInterval.studentT([3, 4, 5, 6, 7])
        XCTAssertEqual(interval.mean, 5, accuracy: 1e-12)
        XCTAssertEqual(interval.count, 5)
        XCTAssertEqual(interval.level, 0.95)
        XCTAssertEqual(interval.halfWidth ?? 0, 1.9632, accuracy: 1e-4)
        XCTAssertEqual(interval.lower ?? 0, 3.0368, accuracy: 1e-4)
        XCTAssertEqual(interval.upper ?? 0, 6.9632, accuracy: 1e-4)
    }

    func testFewerThanTwoObservationsHaveNoHalfWidth() {
        let single = ConfidenceInterval.studentT([4.2])
        XCTAssertEqual(single.mean, 4.2)
        XCTAssertNil(single.halfWidth)
        XCTAssertNil(single.lower)
        XCTAssertNil(single.upper)
        XCTAssertEqual(ConfidenceInterval.studentT([]).count, 0)
    }

    func testHigherLevelIsWider() {
        let values = [1.0, 2.5, 2.0, 3.5, 1.5, 2.2]
        let narrow = ConfidenceInterval.studentT(values, level: 0.9)
        let wide = ConfidenceInterval.studentT(values, level: 0.99)
        XCTAssertGreaterThan(wide.halfWidth ?? 0, narrow.halfWidth ?? .infinity)
    }
}
