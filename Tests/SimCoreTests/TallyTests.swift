import XCTest
import SimCore

final class TallyTests: XCTestCase {
    private func values(seed: UInt64, count: Int) -> [Double] {
        var generator = Xoshiro256StarStar(seed: seed)
        // Far from zero with a small spread: where a naive Σx² formula loses its digits.
        return (0..<count).map { _ in 1e6 + generator.nextUnit() * 10 }
    }

    func testMatchesTwoPassMeanAndVariance() {
        for seed in 0..<20 as Range<UInt64> {
            let data = values(seed: seed, count: 1_000)
            var tally = Tally()
            data.forEach { tally.add($0) }
            let mean = data.reduce(0, +) / Double(data.count)
            let variance = data.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(data.count - 1)
            XCTAssertEqual(tally.count, data.count)
            XCTAssertEqual(tally.mean, mean, accuracy: 1e-9 * mean, "seed \(seed)")
            XCTAssertEqual(tally.variance, variance, accuracy: 1e-7 * variance, "seed \(seed)")
            XCTAssertEqual(tally.standardDeviation, variance.squareRoot(), accuracy: 1e-7, "seed \(seed)")
            XCTAssertEqual(tally.min, data.min())
            XCTAssertEqual(tally.max, data.max())
            XCTAssertEqual(tally.sum, data.reduce(0, +), accuracy: 1e-6)
        }
    }

    /// The sums are shifted by the first observation. An outlier there is part of the data,
    /// so the deviation it leaves is bounded by the spread it causes: no digits are lost.
    func testOutlyingFirstObservationKeepsTheVarianceAccurate() {
        for first in [0.0, -5e6, 3e9] {
            let data = [first] + values(seed: 9, count: 10_000)
            var tally = Tally()
            data.forEach { tally.add($0) }
            let mean = data.reduce(0, +) / Double(data.count)
            let variance = data.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(data.count - 1)
            XCTAssertEqual(tally.mean, mean, accuracy: 1e-10 * abs(mean), "first \(first)")
            XCTAssertEqual(tally.variance, variance, accuracy: 1e-9 * variance, "first \(first)")
        }
    }

    /// Once merged, a tally is shifted by its mean; later additions stay accurate.
    func testAddingAfterAMergeMatchesTheWhole() {
        let data = values(seed: 11, count: 2_000)
        var whole = Tally()
        data.forEach { whole.add($0) }
        var merged = Tally()
        var other = Tally()
        data[..<500].forEach { merged.add($0) }
        data[500..<900].forEach { other.add($0) }
        merged.merge(other)
        data[900...].forEach { merged.add($0) }
        XCTAssertEqual(merged.count, whole.count)
        XCTAssertEqual(merged.mean, whole.mean, accuracy: 1e-9 * whole.mean)
        XCTAssertEqual(merged.variance, whole.variance, accuracy: 1e-7 * whole.variance)
        XCTAssertEqual(merged.sum, whole.sum, accuracy: 1e-6)
    }

    func testMergeOfTwoHalvesEqualsTheWhole() {
        let data = values(seed: 4, count: 777)
        var whole = Tally()
        data.forEach { whole.add($0) }
        var left = Tally()
        var right = Tally()
        data[..<300].forEach { left.add($0) }
        data[300...].forEach { right.add($0) }
        left.merge(right)
        XCTAssertEqual(left.count, whole.count)
        XCTAssertEqual(left.mean, whole.mean, accuracy: 1e-9)
        XCTAssertEqual(left.variance, whole.variance, accuracy: 1e-7 * whole.variance)
        XCTAssertEqual(left.min, whole.min)
        XCTAssertEqual(left.max, whole.max)

        var empty = Tally()
        empty.merge(whole)
        XCTAssertEqual(empty, whole)
        whole.merge(Tally())
        XCTAssertEqual(empty, whole)
    }

    func testEmptyAndSingleObservation() {
        var tally = Tally()
        XCTAssertEqual(tally.count, 0)
        XCTAssertEqual(tally.mean, 0)
        XCTAssertEqual(tally.variance, 0)
        XCTAssertEqual(tally.min, .infinity)
        XCTAssertEqual(tally.max, -.infinity)
        tally.add(3)
        XCTAssertEqual(tally.mean, 3)
        XCTAssertEqual(tally.variance, 0)
    }

    func testRoundTripsThroughJSONEvenWhenEmpty() throws {
        var tally = Tally()
        XCTAssertEqual(try JSONDecoder().decode(Tally.self, from: JSONEncoder().encode(tally)), tally)
        [1.5, 2, 7].forEach { tally.add($0) }
        XCTAssertEqual(try JSONDecoder().decode(Tally.self, from: JSONEncoder().encode(tally)), tally)
    }
}
