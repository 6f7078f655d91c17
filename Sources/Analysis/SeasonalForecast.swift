import Foundation
import Linear

/// A least-squares seasonal regression of a load series: level, linear trend, and
/// Fourier terms for the day and the week.
///
///     y(t) = β₀ + β₁·(t − t̄)/168
///          + Σₖ₌₁…K_d [aₖ sin(2πk·t/24) + bₖ cos(2πk·t/24)]
///          + Σₖ₌₁…K_w [cₖ sin(2πk·t/168) + dₖ cos(2πk·t/168)],   t in hours.
///
/// This is the "dynamic harmonic regression" of Hyndman & Athanasopoulos, *Forecasting:
/// Principles and Practice* (3rd ed., §12.1 "Complex seasonality"), without the ARIMA
/// errors: a few Fourier pairs capture a smooth daily and weekly shape with far fewer
/// coefficients than a dummy per hour-of-week, so a day or two of history is enough to
/// fit. AWS does not publish its predictive-scaling model; FACTS.md "Autoscalers" records
/// only its inputs (24 h to 14 days of hourly history), which this model fits.
///
/// Why these choices:
/// - The harmonics use absolute time, so that a fitted shape lines up with the simulation's
///   hour-of-day and hour-of-week wherever the history starts.
/// - The trend column is centred on the samples' mean time and scaled per week: with
///   absolute hours the column would be hundreds of times larger than the unit-amplitude
///   harmonics and correlated with the intercept, which costs digits even under QR.
/// - A term is included only when the history can identify it: daily terms need a day of
///   coverage and weekly terms a week. On less, a weekly sinusoid is indistinguishable
///   from the trend and the daily terms, and the fit would extrapolate nonsense. A weekly
///   harmonic that is a multiple of 7 duplicates a daily one (168/7 = 24 h) and is dropped.
/// - The fit goes through ``Linear/Matrix/leastSquares(_:)`` (LAPACK `dgels`, QR), not the
///   normal equations, for the conditioning reason given there.
///
/// What it does not do: no confidence interval, no outlier handling, no holiday effects.
/// Forecasts are clamped at zero because a load cannot be negative.
public struct SeasonalForecast: Sendable, Equatable {
    /// Daily Fourier pairs actually fitted (0 when the history is shorter than a day).
    public let dailyHarmonics: Int
    /// Weekly Fourier pairs actually fitted (0 when the history is shorter than a week).
    public let weeklyHarmonics: Int
    /// β₀, β₁, then sine and cosine coefficients of each fitted harmonic.
    public let coefficients: [Double]
    /// The mean sample time in hours, the trend column's origin.
    private let trendOrigin: Double
    /// Weekly harmonic numbers kept (those not duplicating a daily term).
    private let weeklyNumbers: [Int]

    private static let day = 24.0
    private static let week = 168.0

    /// Fits the model to `values` observed at `times` (seconds on the simulation clock).
    ///
    /// Coverage, which decides the terms, is the span of the times plus the smallest gap
    /// between consecutive times: 24 hourly samples stand for 24 hours.
    /// - Parameters:
    ///   - dailyHarmonics: the largest daily harmonic to fit, when a day is covered.
    ///   - weeklyHarmonics: the largest weekly harmonic to fit, when a week is covered.
    /// - Throws: ``LinearError/dimensionMismatch(operation:detail:)`` when the arrays
    ///   differ in length; ``LinearError/underdetermined(rows:columns:)`` with fewer samples
    ///   than coefficients; ``LinearError/rankDeficient(column:)`` when a harmonic cannot be
    ///   told apart at this sampling (a daily harmonic of 12 on hourly samples is zero);
    ///   ``LinearError/nonFinite(operation:)``.
    /// - Complexity: O(n · p²) for n samples and p = 2 + 2(K_d + K_w) coefficients.
    public init(times: [Double], values: [Double], dailyHarmonics: Int, weeklyHarmonics: Int) throws(LinearError) {
        guard times.count == values.count else {
            throw .dimensionMismatch(
                operation: "seasonal forecast",
                detail: "\(times.count) sample time(s) but \(values.count) value(s)")
        }
        let hours = times.map { $0 / 3600 }
        let coverage = Self.coverage(ofSortedHours: hours.sorted())
        let daily = coverage >= Self.day ? max(0, dailyHarmonics) : 0
        let weekly = coverage >= Self.week ? max(0, weeklyHarmonics) : 0
        self.dailyHarmonics = daily
        self.weeklyHarmonics = weekly
        weeklyNumbers = weekly > 0 ? (1...weekly).filter { $0 % 7 != 0 || $0 / 7 > daily } : []
        trendOrigin = hours.isEmpty ? 0 : hours.reduce(0, +) / Double(hours.count)

        let columns = 2 + 2 * (daily + weeklyNumbers.count)
        var design = Matrix(rows: hours.count, columns: columns)
        for (row, hour) in hours.enumerated() {
            let regressors = Self.regressors(
                at: hour, trendOrigin: trendOrigin, daily: daily, weeklyNumbers: weeklyNumbers)
            for column in 0..<columns { design.storage[row + column * hours.count] = regressors[column] }
        }
        coefficients = try design.leastSquares(values).coefficients
    }

    /// Convenience for (time, value) pairs; see ``init(times:values:dailyHarmonics:weeklyHarmonics:)``.
    public init(fitting samples: [(time: Double, value: Double)], dailyHarmonics: Int, weeklyHarmonics: Int)
        throws(LinearError)
    {
        try self.init(
            times: samples.map(\.time), values: samples.map(\.value), dailyHarmonics: dailyHarmonics,
            weeklyHarmonics: weeklyHarmonics)
    }

    /// The forecast at `time` (seconds on the simulation clock), never negative.
    /// - Complexity: O(p) sines and cosines.
    public func value(at time: Double) -> Double {
        let x = Self.regressors(
            at: time / 3600, trendOrigin: trendOrigin, daily: dailyHarmonics, weeklyNumbers: weeklyNumbers)
        var sum = 0.0
        for (c, r) in zip(coefficients, x) { sum += c * r }
        return max(0, sum)
    }

    /// The forecast's mean over the clock hour containing `time` (seconds), by the midpoint
    /// rule on six ten-minute sub-intervals: the forecast is a smooth sum of sinusoids, and
    /// capacity is planned per hour (AWS forecasts hourly, FACTS.md "Autoscalers").
    public func hourlyMean(containing time: Double) -> Double {
        let start = (time / 3600).rounded(.down) * 3600
        return (0..<6).reduce(0) { $0 + value(at: start + (Double($1) + 0.5) * 600) } / 6
    }

    private static func regressors(at hour: Double, trendOrigin: Double, daily: Int, weeklyNumbers: [Int]) -> [Double] {
        var x = [1, (hour - trendOrigin) / week]
        x.reserveCapacity(2 + 2 * (daily + weeklyNumbers.count))
        for k in stride(from: 1, through: daily, by: 1) {
            let angle = 2 * Double.pi * Double(k) * hour / day
            x.append(sin(angle))
            x.append(cos(angle))
        }
        for k in weeklyNumbers {
            let angle = 2 * Double.pi * Double(k) * hour / week
            x.append(sin(angle))
            x.append(cos(angle))
        }
        return x
    }

    private static func coverage(ofSortedHours hours: [Double]) -> Double {
        guard let first = hours.first, let last = hours.last else { return 0 }
        let smallestGap = zip(hours.dropFirst(), hours).map { $0 - $1 }.filter { $0 > 0 }.min() ?? 0
        return last - first + smallestGap
    }
}
