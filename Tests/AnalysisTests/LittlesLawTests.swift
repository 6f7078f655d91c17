import XCTest
@testable import Analysis

/// L = λW solved for each quantity, and the cases where the other two cannot determine it.
final class LittlesLawTests: XCTestCase {
    func testEachQuantityIsRecoveredFromTheOtherTwo() {
        XCTAssertEqual(LittlesLaw.meanNumber(arrivalRate: 12, meanTime: 0.25), 3)
        XCTAssertEqual(LittlesLaw.arrivalRate(meanNumber: 3, meanTime: 0.25), 12)
        XCTAssertEqual(LittlesLaw.meanTime(meanNumber: 3, arrivalRate: 12), 0.25)
    }

    func testLittlesLawRoundTripsThroughMMcMeans() {
        let q = MMc(arrivalRate: 7, serviceRate: 1, servers: 8)
        let l = LittlesLaw.meanNumber(arrivalRate: 7, meanTime: q.meanResponse)!
        XCTAssertEqual(l, q.meanInSystem, accuracy: 1e-10)
        XCTAssertEqual(LittlesLaw.meanTime(meanNumber: q.meanQueueLength, arrivalRate: 7)!, q.meanWait, accuracy: 1e-10)
    }

    func testUndeterminedQuantitiesAreNil() {
        XCTAssertNil(LittlesLaw.arrivalRate(meanNumber: 3, meanTime: 0))
        XCTAssertNil(LittlesLaw.meanTime(meanNumber: 3, arrivalRate: 0))
        XCTAssertNil(LittlesLaw.meanNumber(arrivalRate: -1, meanTime: 2))
        XCTAssertNil(LittlesLaw.meanNumber(arrivalRate: 1, meanTime: .infinity))
        XCTAssertNil(LittlesLaw.arrivalRate(meanNumber: .nan, meanTime: 1))
        XCTAssertNil(LittlesLaw.meanTime(meanNumber: -2, arrivalRate: 1))
    }

    func testAnEmptySystemHasZeroMeanNumber() {
        XCTAssertEqual(LittlesLaw.meanNumber(arrivalRate: 0, meanTime: 5), 0)
        XCTAssertEqual(LittlesLaw.meanTime(meanNumber: 0, arrivalRate: 5), 0)
    }
}
