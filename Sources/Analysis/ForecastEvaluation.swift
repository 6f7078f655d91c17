import Foundation
import Linear

/// How well a forecaster would have predicted an hourly load series it had not seen: the
/// evidence behind `capsim forecast`, so that a planner can judge the predictive policy
/// before trusting a fleet to it.
///
/// The evaluation is rolling-origin ("evaluation on a rolling forecasting origin",
/// Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., §5.10): each
/// test hour `h` is forecast from the hours a running policy would have observed by then,
/// every hour before `h − ahead + 1`, and never from `h` itself or later. The three
/// forecasters see the same hours:
/// - ``Forecaster/predictive``: the predictive policy's own model, a ``SeasonalForecast``
///   refitted for every test hour on the most recent `maximumHistoryHours` observed hours
///   (hour midpoints as sample times, as the policy fits them), read as its mean over the
///   test hour (``SeasonalForecast/hourlyMean(containing:)``).
/// - ``Forecaster/seasonalNaive``: the same hour one week earlier (FPP §5.2).
/// - ``Forecaster/lastValue``: the last observed hour, `h − ahead` (FPP's naive method).
///
/// With `ahead = 1` this is exactly what the policy uses: it refits every hour and asks for
/// the hour it is in. Larger `ahead` values ask how the forecasts hold further out.
///
/// An hour counts only where the actual and all three forecasts exist, so every forecaster
/// is scored on the same hours; the hours left out are counted by reason.
public struct ForecastEvaluation: Sendable {
    /// One test hour, for tables and charts.
    public struct Hour: Sendable, Equatable {
        /// Index in the series (0 is the series' first hour).
        public var index: Int
        /// Requests per second observed.
        public var actual: Double
        /// Requests per second forecast, in ``Forecaster/allCases`` order.
        public var forecasts: [Double]
    }

    /// Why test hours were not scored.
    public struct Exclusions: Sendable, Equatable {
        /// The hour itself is missing from the series (a gap in the trace).
        public var missingActual = 0
        /// The hour one week earlier is missing, so seasonal-naive has nothing to say.
        public var missingLastWeek = 0
        /// The last observed hour before the forecast is missing.
        public var missingLastValue = 0
        /// The predictive model could not be fitted (too little history, or a failed fit).
        public var noModel = 0

        public var total: Int { missingActual + missingLastWeek + missingLastValue + noModel }
    }

    public let settings: ForecastSettings
    /// The scored hours, in order.
    public let hours: [Hour]
    public let exclusions: Exclusions
    /// One entry per forecaster, in ``Forecaster/allCases`` order.
    public let accuracies: [ForecastAccuracy]

    /// Scores the forecasters on `test` (hour indices into `rates`), using only hours at or
    /// after `historyStart` as history.
    /// - Parameters:
    ///   - rates: requests per second for each hour of the series; `nil` where the trace
    ///     has no data for that hour (a gap is not a zero).
    ///   - historyStart: the first hour any forecaster may learn from.
    /// - Throws: ``ForecastEvaluationError`` when the test range is empty, lies outside
    ///   the series, or starts before the history does.
    public init(rates: [Double?], historyStart: Int, test: Range<Int>, settings: ForecastSettings)
        throws(ForecastEvaluationError)
    {
        guard !test.isEmpty else { throw .emptyTest }
        guard test.lowerBound >= 0, test.upperBound <= rates.count else {
            throw .testOutsideSeries(test: test, seriesHours: rates.count)
        }
        guard historyStart >= 0, historyStart < test.lowerBound else {
            throw .noHistoryBeforeTest(historyStart: historyStart, testStart: test.lowerBound)
        }
        self.settings = settings
        var hours: [Hour] = []
        var exclusions = Exclusions()
        for h in test {
            guard let actual = rates[h] else {
                exclusions.missingActual += 1
                continue
            }
            let lastWeek = h - 168
            guard lastWeek >= historyStart, let naive = rates[lastWeek] else {
                exclusions.missingLastWeek += 1
                continue
            }
            // The forecast is made at the start of hour `h − ahead + 1`: hours before it are known.
            let origin = h - settings.aheadHours + 1
            guard origin - 1 >= historyStart, let last = rates[origin - 1] else {
                exclusions.missingLastValue += 1
                continue
            }
            guard let model = Self.fit(rates, from: max(historyStart, origin - settings.maximumHistoryHours), to: origin, settings: settings) else {
                exclusions.noModel += 1
                continue
            }
            let predictive = model.hourlyMean(containing: (Double(h) + 0.5) * 3600)
            hours.append(Hour(index: h, actual: actual, forecasts: Forecaster.allCases.map {
                switch $0 {
                case .predictive: predictive
                case .seasonalNaive: naive
                case .lastValue: last
                }
            }))
        }
        self.hours = hours
        self.exclusions = exclusions
        accuracies = Forecaster.allCases.enumerated().map { index, forecaster in
            ForecastAccuracy(forecaster: forecaster, pairs: hours.map { (forecast: $0.forecasts[index], actual: $0.actual) })
        }
    }

    /// The predictive model fitted on the observed hours in `from..<to`, or nil when they
    /// cannot support a fit (the policy would still be warming up).
    private static func fit(_ rates: [Double?], from: Int, to: Int, settings: ForecastSettings) -> SeasonalForecast? {
        var samples: [(time: Double, value: Double)] = []
        samples.reserveCapacity(max(0, to - from))
        for hour in from..<max(from, to) {
            if let rate = rates[hour] { samples.append((time: (Double(hour) + 0.5) * 3600, value: rate)) }
        }
        guard Double(samples.count) * 3600 >= settings.warmupSeconds else { return nil }
        return try? SeasonalForecast(
            fitting: samples, dailyHarmonics: settings.dailyHarmonics, weeklyHarmonics: settings.weeklyHarmonics)
    }
}

/// What the predictive forecaster is allowed: the predictive policy's settings (the caller
/// passes a `PredictiveScalingConfiguration`'s values) and how far ahead it forecasts.
public struct ForecastSettings: Sendable, Equatable {
    /// Most history in one fit, in hours (the policy's `max_history`; AWS: 14 days).
    public var maximumHistoryHours: Int
    /// Hours of history needed before the first forecast (the policy's `warmup`).
    public var warmupSeconds: Double
    public var dailyHarmonics: Int
    public var weeklyHarmonics: Int
    /// Hours from the forecast's making to the end of the hour it predicts: 1 means "the
    /// hour that starts now", as the policy uses it. At most 168, so that seasonal-naive
    /// still has last week's hour.
    public var aheadHours: Int

    public init(maximumHistoryHours: Int, warmupSeconds: Double, dailyHarmonics: Int, weeklyHarmonics: Int, aheadHours: Int = 1) {
        self.maximumHistoryHours = maximumHistoryHours
        self.warmupSeconds = warmupSeconds
        self.dailyHarmonics = dailyHarmonics
        self.weeklyHarmonics = weeklyHarmonics
        self.aheadHours = min(168, max(1, aheadHours))
    }
}

/// The forecasters `capsim forecast` compares.
public enum Forecaster: String, CaseIterable, Sendable {
    case predictive
    case seasonalNaive = "seasonal-naive"
    case lastValue = "last-value"
}

/// Error measures of one forecaster over the scored hours (FPP §5.8).
public struct ForecastAccuracy: Sendable, Equatable {
    public var forecaster: Forecaster
    /// Hours scored.
    public var hours: Int
    /// Mean absolute error, requests per second.
    public var meanAbsoluteError: Double
    /// Mean of |error| / actual, in percent, over the hours with a non-zero actual (an hour
    /// with no traffic has no percentage error); nil when there is none.
    public var meanAbsolutePercentageError: Double?
    /// Mean of 2|error| / (|forecast| + |actual|), in percent (0–200), over hours where
    /// either is non-zero: symmetric in over- and under-forecasts, defined at zero load.
    public var symmetricMAPE: Double?
    /// Mean of forecast − actual, requests per second: negative when the forecaster
    /// under-forecasts on average.
    public var bias: Double
    /// Share (0–1) of hours forecast more than 10% below the actual: the hours in which a
    /// fleet sized by the forecast runs short, the ones that cost SLO minutes.
    public var underForecastShare: Double

    init(forecaster: Forecaster, pairs: [(forecast: Double, actual: Double)]) {
        self.forecaster = forecaster
        hours = pairs.count
        let n = Double(max(1, pairs.count))
        meanAbsoluteError = pairs.reduce(0) { $0 + abs($1.forecast - $1.actual) } / n
        bias = pairs.reduce(0) { $0 + ($1.forecast - $1.actual) } / n
        let positive = pairs.filter { $0.actual > 0 }
        meanAbsolutePercentageError = positive.isEmpty
            ? nil : 100 * positive.reduce(0) { $0 + abs($1.forecast - $1.actual) / $1.actual } / Double(positive.count)
        let nonZero = pairs.filter { abs($0.forecast) + abs($0.actual) > 0 }
        symmetricMAPE = nonZero.isEmpty
            ? nil
            : 100 * nonZero.reduce(0) { $0 + 2 * abs($1.forecast - $1.actual) / (abs($1.forecast) + abs($1.actual)) } / Double(nonZero.count)
        underForecastShare = pairs.isEmpty ? 0 : Double(pairs.filter { $0.forecast < 0.9 * $0.actual }.count) / n
    }
}

/// Why a forecast evaluation cannot run.
public enum ForecastEvaluationError: Error, Equatable, CustomStringConvertible {
    case emptyTest
    case testOutsideSeries(test: Range<Int>, seriesHours: Int)
    case noHistoryBeforeTest(historyStart: Int, testStart: Int)

    public var description: String {
        switch self {
        case .emptyTest:
            "the test period holds no hours"
        case let .testOutsideSeries(test, seriesHours):
            "the test period (hours \(test.lowerBound)–\(test.upperBound)) runs past the trace, which has \(seriesHours) hours"
        case let .noHistoryBeforeTest(historyStart, testStart):
            "no training hours before the test: training starts at hour \(historyStart), the test at hour \(testStart)"
        }
    }
}
