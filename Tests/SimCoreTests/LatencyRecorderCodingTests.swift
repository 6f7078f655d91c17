import Foundation
import XCTest
@testable import SimCore

/// A recorder written and read back is the same recorder: same buckets, zeros, exact sum,
/// minimum and maximum, so it answers every percentile and merges as the original.
final class LatencyRecorderCodingTests: XCTestCase {
    static func roundTrip(_ recorder: LatencyRecorder) throws -> LatencyRecorder {
        try JSONDecoder().decode(LatencyRecorder.self, from: JSONEncoder().encode(recorder))
    }

    /// Seeded sweeps over every precision: log-uniform values from below 1 µs to above an
    /// hour (clamped), zeros, and values that share a bucket with the extremes.
    func testRoundTripKeepsEveryAnswerAndEveryMerge() throws {
        for seed: UInt64 in 1...60 {
            var generator = Xoshiro256StarStar(seed: seed)
            let digits = Int(seed % 3) + 1
            var recorder = LatencyRecorder(significantDigits: digits)
            var other = LatencyRecorder(significantDigits: digits)
            let count = Int(generator.next() % 2_000)
            for index in 0..<count {
                let value = generator.next() % 10 == 0 ? 0 : 1e-7 * pow(5e10, generator.nextUnit())
                if index % 3 == 0 { other.record(value) } else { recorder.record(value) }
            }
            let decoded = try Self.roundTrip(recorder)
            XCTAssertEqual(decoded, recorder, "seed \(seed)")
            XCTAssertEqual(decoded.count, recorder.count, "seed \(seed)")
            XCTAssertEqual(decoded.zeroCount, recorder.zeroCount, "seed \(seed)")
            XCTAssertEqual(decoded.mean, recorder.mean, "seed \(seed)")
            XCTAssertEqual(decoded.max, recorder.max, "seed \(seed)")
            let ps = [0, 0.1, 1, 25, 50, 90, 95, 99, 99.9, 99.99, 100]
            XCTAssertEqual(decoded.percentiles(ps), recorder.percentiles(ps), "seed \(seed)")
            XCTAssertEqual(decoded.fraction(atOrBelow: 0.05), recorder.fraction(atOrBelow: 0.05), "seed \(seed)")
            var merged = recorder, mergedDecoded = decoded
            merged.merge(other)
            mergedDecoded.merge(try Self.roundTrip(other))
            XCTAssertEqual(mergedDecoded, merged, "seed \(seed)")
            XCTAssertEqual(mergedDecoded.percentiles(ps), merged.percentiles(ps), "seed \(seed)")
        }
    }

    /// The minimum and maximum are kept exactly, not as their buckets' bounds: percentiles
    /// clamp to them.
    func testExtremesInOneBucketSurvive() throws {
        var recorder = LatencyRecorder(significantDigits: 1)
        for seconds in [0.0123, 0.0125, 0.0127] { recorder.record(seconds) }
        let decoded = try Self.roundTrip(recorder)
        XCTAssertEqual(decoded, recorder)
        XCTAssertTrue(recorder.histogram.valuesAreEquivalent(12_300, 12_700), "test bug: the values must share a bucket")
        XCTAssertEqual(decoded.histogram.min, 12_300)
        XCTAssertEqual(decoded.histogram.maxRecorded, 12_700)
        XCTAssertEqual(decoded.percentiles([0.1, 50, 100]), recorder.percentiles([0.1, 50, 100]))

        var single = LatencyRecorder()
        single.record(2.5)
        XCTAssertEqual(try Self.roundTrip(single), single)
        XCTAssertEqual(try Self.roundTrip(LatencyRecorder()), LatencyRecorder())
    }

    /// Only the filled buckets are written: a replication's recorders stay small.
    func testEncodingHoldsOnlyFilledBuckets() throws {
        var recorder = LatencyRecorder()
        for milliseconds in 1...1_000 { recorder.record(Double(milliseconds) / 1_000) }
        XCTAssertLessThan(try JSONEncoder().encode(recorder).count, 30_000)
        XCTAssertLessThan(try JSONEncoder().encode(LatencyRecorder()).count, 200)
    }

    /// Text that no recorder wrote is refused, not turned into a recorder that traps later.
    func testCorruptBucketsAreRefused() throws {
        var recorder = LatencyRecorder()
        for seconds in [0.001, 0.002, 0.5] { recorder.record(seconds) }
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(recorder)) as? [String: Any])
        let cases: [(String, [String: Any])] = [
            ("buckets out of order", ["bucketMicroseconds": [500_000, 2_000, 1_000]]),
            ("more values than counts", ["bucketCounts": [1, 1]]),
            ("a zero count", ["bucketCounts": [1, 0, 1]]),
            ("a maximum outside the last bucket", ["maxMicroseconds": 900_000]),
            ("a value at zero", ["bucketMicroseconds": [0, 2_000, 500_000], "minMicroseconds": 0]),
            ("a value past an hour", ["bucketMicroseconds": [1_000, 2_000, 8_000_000_000], "maxMicroseconds": 8_000_000_000]),
            ("four significant digits", ["significantDigits": 4]),
        ]
        for (name, changes) in cases {
            let corrupt = object.merging(changes) { $1 }
            let data = try JSONSerialization.data(withJSONObject: corrupt)
            XCTAssertThrowsError(try JSONDecoder().decode(LatencyRecorder.self, from: data), name)
        }
        let intact = try JSONSerialization.data(withJSONObject: object)
        XCTAssertEqual(try JSONDecoder().decode(LatencyRecorder.self, from: intact), recorder, "the unchanged text decodes")
    }
}
