import Foundation
import XCTest

@testable import Analysis
@testable import Linear

/// The seasonal regression recovers known synthetic series (hourly samples, seconds on the
/// simulation clock) well enough to forecast ahead within 5% of the mean level.
final class SeasonalForecastTests: XCTestCase {
    private let hour = 3600.0

    /// A seeded series: `shape(hours)` plus Gaussian noise of `noise` standard deviation.
    private func series(hours: Range<Int>, noise: Double, seed: UInt64, _ shape: (Double) -> Double)
        -> (times: [Double], values: [Double])
    {
        var random = SplitMix64(seed: seed)
        let times = hours.map { Double($0) * hour }
        let values = hours.map { shape(Double($0)) + noise * random.nextGaussian() }
        return (times, values)
    }

    /// max |forecast − truth| / mean truth over the given hours.
    private func relativeError(_ forecast: SeasonalForecast, hours: Range<Int>, _ shape: (Double) -> Double) -> Double {
        let truth = hours.map { shape(Double($0)) }
        let worst = zip(hours, truth).map { abs(forecast.value(at: Double($0.0) * hour) - $0.1) }.max()!
        return worst / (truth.reduce(0, +) / Double(truth.count))
    }

    private static func weeklyShape(_ t: Double) -> Double {
        100 + 0.05 * t
            + 30 * sin(2 * .pi * t / 24 + 0.3) + 10 * cos(4 * .pi * t / 24)
            + 15 * sin(2 * .pi * t / 168 + 1) + 5 * cos(4 * .pi * t / 168)
    }

    private static func dailyShape(_ t: Double) -> Double {
        100 + 40 * sin(2 * .pi * t / 24 - 1.2) + 15 * cos(4 * .pi * t / 24 + 0.5)
    }

    func testForecast_fourteenDaysRecoverTrendDailyAndWeeklyShape() throws {
        for seed: UInt64 in [1, 2, 3] {
            let history = series(hours: 0..<(14 * 24), noise: 1, seed: seed, Self.weeklyShape)
            let forecast = try SeasonalForecast(
                times: history.times, values: history.values, dailyHarmonics: 4, weeklyHarmonics: 3)
            XCTAssertEqual(forecast.dailyHarmonics, 4)
            XCTAssertEqual(forecast.weeklyHarmonics, 3)
            let error = relativeError(forecast, hours: (14 * 24)..<(16 * 24), Self.weeklyShape)
            XCTAssertLessThan(error, 0.05, "seed \(seed)")
        }
    }

    func testForecast_historyOffsetFromZeroStillLinesUpWithHourOfWeek() throws {
        // History at hours −336…−1 (as the predictive policy places it), forecast at 0…47.
        let history = series(hours: -336..<0, noise: 1, seed: 9, Self.weeklyShape)
        let forecast = try SeasonalForecast(
            fitting: Array(zip(history.times, history.values)).map { (time: $0.0, value: $0.1) },
            dailyHarmonics: 4, weeklyHarmonics: 3)
        XCTAssertLessThan(relativeError(forecast, hours: 0..<48, Self.weeklyShape), 0.05)
    }

    func testForecast_oneOrTwoDaysRecoverTheDailyShape() throws {
        for days in [1, 2] {
            for seed: UInt64 in [4, 5, 6] {
                let history = series(hours: 0..<(days * 24), noise: 1, seed: seed, Self.dailyShape)
                let forecast = try SeasonalForecast(
                    times: history.times, values: history.values, dailyHarmonics: 4, weeklyHarmonics: 3)
                XCTAssertEqual(forecast.dailyHarmonics, 4)
                XCTAssertEqual(forecast.weeklyHarmonics, 0, "a week of history is needed for weekly terms")
                let next = (days * 24)..<(days * 24 + 24)
                XCTAssertLessThan(relativeError(forecast, hours: next, Self.dailyShape), 0.05, "\(days) d, seed \(seed)")
            }
        }
    }

    func testForecast_lessThanADayFitsLevelAndTrendOnly() throws {
        let history = series(hours: 0..<12, noise: 0, seed: 1) { 50 + 2 * $0 }
        let forecast = try SeasonalForecast(
            times: history.times, values: history.values, dailyHarmonics: 4, weeklyHarmonics: 3)
        XCTAssertEqual(forecast.dailyHarmonics, 0)
        XCTAssertEqual(forecast.weeklyHarmonics, 0)
        XCTAssertEqual(forecast.value(at: 20 * hour), 90, accuracy: 1e-9)
    }

    func testForecast_isNeverNegative() throws {
        let history = series(hours: 0..<12, noise: 0, seed: 1) { 50 - 4 * $0 }
        let forecast = try SeasonalForecast(
            times: history.times, values: history.values, dailyHarmonics: 4, weeklyHarmonics: 3)
        XCTAssertEqual(forecast.value(at: 11 * hour), 6, accuracy: 1e-9)
        XCTAssertEqual(forecast.value(at: 20 * hour), 0)
    }

    func testForecast_weeklyHarmonicDuplicatingADailyOneIsDropped() throws {
        // Weekly harmonic 7 has a 24 h period, the same column as daily harmonic 1.
        let history = series(hours: 0..<(14 * 24), noise: 1, seed: 7, Self.weeklyShape)
        let forecast = try SeasonalForecast(
            times: history.times, values: history.values, dailyHarmonics: 2, weeklyHarmonics: 7)
        XCTAssertEqual(forecast.coefficients.count, 2 + 2 * (2 + 6))
    }

    func testForecast_badInputIsAnError() {
        XCTAssertThrowsError(
            try SeasonalForecast(times: [0, 3600], values: [1], dailyHarmonics: 1, weeklyHarmonics: 0)
        ) { error in
            guard case LinearError.dimensionMismatch = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(
            try SeasonalForecast(times: [0], values: [1], dailyHarmonics: 1, weeklyHarmonics: 0)
        ) { error in
            XCTAssertEqual(error as? LinearError, .underdetermined(rows: 1, columns: 2))
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): a tiny seeded generator so the noise is the same on every run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1).
    mutating func nextUniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

    /// Standard normal by Box–Muller.
    mutating func nextGaussian() -> Double {
        sqrt(-2 * log(nextUniform())) * cos(2 * .pi * nextUniform())
    }
}
