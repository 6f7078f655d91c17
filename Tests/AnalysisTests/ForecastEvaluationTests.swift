import Foundation
import Testing
@testable import Analysis

/// The rolling-origin forecast evaluation behind `capsim forecast`: the measures by hand,
/// what each forecaster may see, and the hours left out.
struct ForecastEvaluationTests {
    /// The predictive policy's defaults (PredictiveScalingConfiguration): 14 days, 24 h warm-up.
    private let settings = ForecastSettings(maximumHistoryHours: 336, warmupSeconds: 86_400, dailyHarmonics: 4, weeklyHarmonics: 24)

    private func index(_ forecaster: Forecaster) -> Int { Forecaster.allCases.firstIndex(of: forecaster)! }

    @Test func aLevelShiftIsScoredByHand() throws {
        // Two weeks at 10 req/s, then a test week at 20 req/s.
        let rates: [Double?] = Array(repeating: 10, count: 336) + Array(repeating: 20, count: 168)
        let evaluation = try ForecastEvaluation(rates: rates, historyStart: 0, test: 336..<504, settings: settings)
        #expect(evaluation.hours.count == 168)
        #expect(evaluation.exclusions.total == 0)

        let naive = evaluation.accuracies[index(.seasonalNaive)]
        #expect(naive.hours == 168)
        #expect(naive.meanAbsoluteError == 10)
        #expect(naive.bias == -10)
        #expect(abs(naive.meanAbsolutePercentageError! - 50) < 1e-12)
        #expect(abs(naive.symmetricMAPE! - 200.0 / 3) < 1e-12)
        #expect(naive.underForecastShare == 1)

        // Last value misses only the first test hour, by 10 req/s.
        let last = evaluation.accuracies[index(.lastValue)]
        #expect(abs(last.meanAbsoluteError - 10.0 / 168) < 1e-12)
        #expect(abs(last.underForecastShare - 1.0 / 168) < 1e-12)

        // The seasonal model learns the new level as the test hours become history, so it
        // beats seasonal-naive but trails last-value on a pure step.
        let predictive = evaluation.accuracies[index(.predictive)]
        #expect(predictive.meanAbsoluteError < naive.meanAbsoluteError)
        #expect(predictive.meanAbsoluteError > last.meanAbsoluteError)
    }

    @Test func aWeeklyShapeIsForecastAlmostExactly() throws {
        // A shape inside the model's span: level, a daily wave and a weekly one.
        let rates: [Double?] = (0..<(4 * 168)).map { hour in
            let t = Double(hour) + 0.5
            return 100 + 40 * sin(2 * .pi * t / 24) + 15 * cos(2 * .pi * t / 168)
        }
        let evaluation = try ForecastEvaluation(rates: rates, historyStart: 0, test: 504..<672, settings: settings)
        let predictive = evaluation.accuracies[index(.predictive)]
        let naive = evaluation.accuracies[index(.seasonalNaive)]
        let last = evaluation.accuracies[index(.lastValue)]
        // The series repeats weekly, so last week's hour is exact.
        #expect(naive.meanAbsoluteError < 1e-9)
        // The model's hourly mean of a sinusoid differs from its midpoint value by the
        // averaging over the hour: under 0.3% of the 40 req/s daily amplitude.
        #expect(predictive.meanAbsoluteError < 0.15)
        #expect(predictive.underForecastShare == 0)
        // Last value trails by an hour of a wave of amplitude 40: about 40·2π/24·(2/π) ≈ 6.7 req/s.
        #expect(last.meanAbsoluteError > 5)
    }

    @Test func eachForecasterSeesOnlyHoursBeforeTheForecastIsMade() throws {
        // Hour h's rate is h: the last value `ahead` hours back is h − ahead.
        let rates: [Double?] = (0..<400).map { Double($0) }
        let ahead = ForecastSettings(maximumHistoryHours: 336, warmupSeconds: 86_400, dailyHarmonics: 4, weeklyHarmonics: 24, aheadHours: 3)
        let evaluation = try ForecastEvaluation(rates: rates, historyStart: 0, test: 200..<210, settings: ahead)
        for hour in evaluation.hours {
            #expect(hour.forecasts[index(.lastValue)] == Double(hour.index - 3))
            #expect(hour.forecasts[index(.seasonalNaive)] == Double(hour.index - 168))
        }
        // A straight line is in the model's span (the trend term): extrapolated three hours.
        #expect(evaluation.accuracies[index(.predictive)].meanAbsoluteError < 1e-6)
    }

    @Test func gapsAreLeftOutAndCountedByReason() throws {
        var rates: [Double?] = Array(repeating: 50, count: 504)
        rates[400] = nil          // a test hour with no data
        rates[410 - 168] = nil    // last week's hour of test hour 410
        rates[419] = nil          // the hour before test hour 420 (also a test hour itself)
        let evaluation = try ForecastEvaluation(rates: rates, historyStart: 0, test: 336..<504, settings: settings)
        #expect(evaluation.exclusions.missingActual == 2)       // 400 and 419
        #expect(evaluation.exclusions.missingLastWeek == 1)     // 410
        #expect(evaluation.exclusions.missingLastValue == 2)    // 401 and 420
        #expect(evaluation.exclusions.noModel == 0)
        #expect(evaluation.hours.count == 168 - 5)
        #expect(evaluation.accuracies.allSatisfy { $0.hours == 163 })
    }

    @Test func historyBeforeTheTrainingStartIsNotUsed() throws {
        // Seasonal-naive needs last week inside the training data.
        let rates: [Double?] = Array(repeating: 5, count: 400)
        let evaluation = try ForecastEvaluation(rates: rates, historyStart: 100, test: 200..<300, settings: settings)
        #expect(evaluation.exclusions.missingLastWeek == 68)   // hours 200–267 look back before hour 100
        #expect(evaluation.hours.count == 32)
    }

    @Test func tooLittleHistoryMeansNoModel() throws {
        let rates: [Double?] = Array(repeating: 5, count: 400)
        // A forecast made at the start of hour h has h hours behind it.
        let week = ForecastSettings(maximumHistoryHours: 336, warmupSeconds: 7 * 86_400, dailyHarmonics: 4, weeklyHarmonics: 24)
        #expect(try ForecastEvaluation(rates: rates, historyStart: 0, test: 168..<200, settings: week).exclusions.noModel == 0)
        let tenDays = ForecastSettings(maximumHistoryHours: 336, warmupSeconds: 10 * 86_400, dailyHarmonics: 4, weeklyHarmonics: 24)
        let evaluation = try ForecastEvaluation(rates: rates, historyStart: 0, test: 168..<260, settings: tenDays)
        #expect(evaluation.exclusions.noModel == 72)   // hours 168–239
        #expect(evaluation.hours.map(\.index) == Array(240..<260))
    }

    @Test func percentagesSkipHoursWithoutTraffic() {
        let accuracy = ForecastAccuracy(forecaster: .lastValue, pairs: [(forecast: 1, actual: 0), (forecast: 0, actual: 0), (forecast: 8, actual: 10)])
        #expect(abs(accuracy.meanAbsolutePercentageError! - 20) < 1e-12)
        // sMAPE over the two hours where either side is non-zero: (200 + 2·2/18·100) / 2.
        #expect(abs(accuracy.symmetricMAPE! - (200 + 400.0 / 18) / 2) < 1e-9)
        #expect(abs(accuracy.meanAbsoluteError - 1) < 1e-12)
        #expect(accuracy.underForecastShare == 1.0 / 3)
    }

    @Test func badRangesAreRefused() {
        let rates: [Double?] = Array(repeating: 1, count: 10)
        #expect(throws: ForecastEvaluationError.emptyTest) {
            try ForecastEvaluation(rates: rates, historyStart: 0, test: 5..<5, settings: settings)
        }
        #expect(throws: ForecastEvaluationError.testOutsideSeries(test: 5..<20, seriesHours: 10)) {
            try ForecastEvaluation(rates: rates, historyStart: 0, test: 5..<20, settings: settings)
        }
        #expect(throws: ForecastEvaluationError.noHistoryBeforeTest(historyStart: 5, testStart: 5)) {
            try ForecastEvaluation(rates: rates, historyStart: 5, test: 5..<8, settings: settings)
        }
    }
}
