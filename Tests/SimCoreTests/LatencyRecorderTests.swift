import Foundation
import XCTest
@testable import SimCore
import Histogram

final class LatencyRecorderTests: XCTestCase {
    func testPercentilesOfUniformMillisecondsWithinATenthOfAPercent() {
        var recorder = LatencyRecorder()
        for milliseconds in 1...10_000 { recorder.record(Double(milliseconds) / 1_000) }
        XCTAssertEqual(recorder.count, 10_000)
        for p in [1.0, 10, 25, 50, 75, 90, 95, 99, 99.9] {
            let expected = p / 100 * 10   // seconds
            XCTAssertEqual(recorder.percentile(p), expected, accuracy: 0.001 * expected, "p\(p)")
        }
        XCTAssertEqual(recorder.percentile(100), 10, accuracy: 0.01)
        XCTAssertEqual(recorder.mean, 5.0005, accuracy: 1e-9)
        XCTAssertEqual(recorder.max, 10)
        XCTAssertEqual(recorder.fraction(atOrBelow: 2.5), 0.25, accuracy: 0.001)
        XCTAssertEqual(recorder.fraction(atOrBelow: 100), 1)
    }

    /// The recorder rounds to whole microseconds without calling the C library; it must give
    /// exactly what `rounded()` gives over the whole clamped range, halves included.
    func testWholeMicrosecondsRoundLikeTheStandardLibrary() {
        var generator = Xoshiro256StarStar(seed: 17)
        var seconds: [Double] = [1e-6, 3600, 1.5e-6, 2.5e-6, 0.0000995, 0.1234565, 1799.9999995]
        for _ in 0..<200_000 {
            // Log-uniform over 1 µs ... 1 h, and exact halves of a microsecond.
            seconds.append(1e-6 * pow(3.6e9, generator.nextUnit()))
            seconds.append((Double(generator.next() % 3_600_000_000) + 0.5) / 1e6)
        }
        for value in seconds where value <= 3600 {
            XCTAssertEqual(LatencyRecorder.wholeMicroseconds(value), UInt64((value * 1e6).rounded()), "\(value)")
        }
    }

    func testMergeEqualsRecordingEverything() {
        var all = LatencyRecorder()
        var first = LatencyRecorder()
        var second = LatencyRecorder()
        var generator = Xoshiro256StarStar(seed: 8)
        for index in 0..<5_000 {
            let value = Distribution.lognormal(mean: 0.05, coefficientOfVariation: 1).sample(using: &generator)
            all.record(value)
            if index % 3 == 0 { first.record(value) } else { second.record(value) }
        }
        first.merge(second)
        XCTAssertEqual(first.count, all.count)
        XCTAssertEqual(first.mean, all.mean, accuracy: 1e-12)
        XCTAssertEqual(first.max, all.max)
        for p in [0.0, 50, 90, 99, 99.99, 100] {
            XCTAssertEqual(first.percentile(p), all.percentile(p), "p\(p)")
        }
    }

    func testClampsToOneMicrosecondAndOneHour() {
        var recorder = LatencyRecorder(significantDigits: 2)
        recorder.record(0)
        recorder.record(-5)
        XCTAssertEqual(recorder.zeroCount, 2)
        XCTAssertEqual(recorder.percentile(100), 0)
        recorder.record(1e-9)
        XCTAssertEqual(recorder.percentile(100), 1e-6, accuracy: 1e-12)
        recorder.record(10_000)
        XCTAssertEqual(recorder.count, 4)
        XCTAssertEqual(recorder.max, 3_600)
        XCTAssertEqual(recorder.percentile(100), 3_600, accuracy: 3_600 * 0.01)
    }

    func testEmptyAndReset() {
        var recorder = LatencyRecorder()
        XCTAssertTrue(recorder.isEmpty)
        XCTAssertEqual(recorder.percentile(99), 0)
        XCTAssertEqual(recorder.mean, 0)
        XCTAssertEqual(recorder.max, 0)
        XCTAssertEqual(recorder.fraction(atOrBelow: 1), 1)
        recorder.record(0.2)
        recorder.reset()
        XCTAssertTrue(recorder.isEmpty)
        XCTAssertEqual(recorder.count, 0)
        XCTAssertEqual(recorder.max, 0)
    }

    /// Zeros are kept apart from the histogram; percentiles and fractions see the mixture.
    func testZerosMixWithTheHistogram() {
        var recorder = LatencyRecorder()
        for _ in 0..<750 { recorder.record(0) }
        for milliseconds in 1...250 { recorder.record(Double(milliseconds) / 1000) }
        XCTAssertEqual(recorder.count, 1000)
        XCTAssertEqual(recorder.percentile(50), 0)
        XCTAssertEqual(recorder.percentile(75), 0)
        XCTAssertEqual(recorder.percentile(87.5), 0.125, accuracy: 0.001)
        XCTAssertEqual(recorder.percentile(100), 0.25, accuracy: 0.001)
        XCTAssertEqual(recorder.fraction(atOrBelow: 0), 0.75, accuracy: 1e-12)
        XCTAssertEqual(recorder.fraction(atOrBelow: 0.125), 0.875, accuracy: 0.001)
        XCTAssertEqual(recorder.mean, (250.0 * 251 / 2 / 1000) / 1000, accuracy: 1e-12)
        var other = LatencyRecorder()
        other.record(0)
        recorder.merge(other)
        XCTAssertEqual(recorder.zeroCount, 751)
    }

    /// One significant digit: coarse, but within its bucket's relative width.
    func testOneDigitRecorderIsWithinItsResolution() {
        var recorder = LatencyRecorder(significantDigits: 1)
        for milliseconds in 1...1000 { recorder.record(Double(milliseconds) / 1000) }
        XCTAssertEqual(recorder.percentile(50), 0.5, accuracy: 0.5 * 0.07)
        XCTAssertEqual(recorder.percentile(95), 0.95, accuracy: 0.95 * 0.07)
        XCTAssertEqual(recorder.mean, 0.5005, accuracy: 1e-12, "the mean is exact whatever the resolution")
    }

    /// The one-pass percentiles give HdrHistogram's own `valueAtPercentile` answers.
    func testPercentilesMatchHdrHistogramsValueAtPercentile() {
        for digits in 1...3 {
            var recorder = LatencyRecorder(significantDigits: digits)
            var reference = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000,
                                              numberOfSignificantValueDigits: digits == 1 ? .one : digits == 2 ? .two : .three)
            var generator = Xoshiro256StarStar(seed: UInt64(digits))
            for _ in 0..<20_000 {
                let seconds = Distribution.lognormal(mean: 0.2, coefficientOfVariation: 2).sample(using: &generator)
                recorder.record(seconds)
                reference.record(UInt64((min(max(seconds, 1e-6), 3600) * 1e6).rounded()))
            }
            let ps = [99.9, 50, 0.5, 95, 99, 100, 75]
            let values = recorder.percentiles(ps)
            for (p, value) in zip(ps, values) {
                XCTAssertEqual(value, Double(reference.valueAtPercentile(p)) / 1e6, accuracy: 1e-12, "p\(p), \(digits) digits")
                XCTAssertEqual(recorder.percentile(p), value, "p\(p)")
            }
        }
    }
}
