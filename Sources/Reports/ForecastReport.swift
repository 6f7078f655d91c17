import Analysis
import Foundation

/// `capsim forecast`: how the predictive policy's forecaster, seasonal-naive and
/// last-value would have done on the test hours of a trace, as a table, JSON or CSV.
public struct ForecastReport: Sendable {
    /// What was evaluated, in the trace's own words: its file name and the timestamps (with
    /// their UTC offset) of the first training hour and of each series hour.
    public struct Labels: Sendable {
        public var trace: String
        public var trainingStart: String
        public var testStart: String
        public var testEnd: String
        /// The timestamp of series hour `index`, for the per-hour rows.
        public var hourStart: @Sendable (Int) -> String

        public init(trace: String, trainingStart: String, testStart: String, testEnd: String, hourStart: @escaping @Sendable (Int) -> String) {
            self.trace = trace
            self.trainingStart = trainingStart
            self.testStart = testStart
            self.testEnd = testEnd
            self.hourStart = hourStart
        }
    }

    public var evaluation: ForecastEvaluation
    public var labels: Labels
    /// Test hours asked for (the evaluation scores those with data).
    public var testHours: Int

    public init(evaluation: ForecastEvaluation, labels: Labels, testHours: Int) {
        self.evaluation = evaluation
        self.labels = labels
        self.testHours = testHours
    }

    /// The forecaster with the smallest mean absolute error, or nil with no hour scored.
    /// Ties go to the simpler method (listed later), which a planner should prefer.
    public var bestByMeanAbsoluteError: Forecaster? {
        guard !evaluation.hours.isEmpty else { return nil }
        return evaluation.accuracies.reversed().min { $0.meanAbsoluteError < $1.meanAbsoluteError }?.forecaster
    }

    public func table() -> String {
        let settings = evaluation.settings
        var out = "capsim forecast — \(labels.trace)\n"
        out += "  trained from \(labels.trainingStart), tested \(labels.testStart) to \(labels.testEnd), "
        out += "each hour forecast \(settings.aheadHours) h ahead\n"
        out += "  predictive: the policy's seasonal regression (\(settings.dailyHarmonics) daily and \(settings.weeklyHarmonics) weekly harmonics, "
        out += "at most \(RunReport.fixed(Double(settings.maximumHistoryHours) / 24, 0)) days of history, refitted every hour)\n"
        out += "  hours scored: \(evaluation.hours.count) of \(testHours)\(Self.exclusionText(evaluation.exclusions))\n\n"
        let rows = evaluation.accuracies.map { accuracy in
            [
                accuracy.forecaster.rawValue,
                RunReport.fixed(accuracy.meanAbsoluteError, 2),
                accuracy.meanAbsolutePercentageError.map { RunReport.fixed($0, 1) + "%" } ?? "—",
                accuracy.symmetricMAPE.map { RunReport.fixed($0, 1) + "%" } ?? "—",
                String(format: "%+.2f", accuracy.bias),
                RunReport.fixed(accuracy.underForecastShare * 100, 1) + "%",
            ]
        }
        out += RunReport.grid(rows, header: ["forecaster", "MAE req/s", "MAPE", "sMAPE", "bias req/s", "under >10%"])
        if let best = bestByMeanAbsoluteError {
            out += "\nsmallest mean absolute error: \(best.rawValue)\n"
        }
        return out
    }

    public static func exclusionText(_ exclusions: ForecastEvaluation.Exclusions) -> String {
        var parts: [String] = []
        if exclusions.missingActual > 0 { parts.append("\(exclusions.missingActual) without data") }
        if exclusions.missingLastWeek > 0 { parts.append("\(exclusions.missingLastWeek) without last week's hour") }
        if exclusions.missingLastValue > 0 { parts.append("\(exclusions.missingLastValue) without the hour before") }
        if exclusions.noModel > 0 { parts.append("\(exclusions.noModel) before the model could be fitted") }
        return parts.isEmpty ? "" : "; left out: " + parts.joined(separator: ", ")
    }

    public func json() -> JSONValue {
        let settings = evaluation.settings
        let exclusions = evaluation.exclusions
        return .object([
            ("schema", .string("capsim.forecast/v1")),
            ("trace", .string(labels.trace)),
            ("trainingStart", .string(labels.trainingStart)),
            ("testStart", .string(labels.testStart)),
            ("testEnd", .string(labels.testEnd)),
            ("aheadHours", .integer(settings.aheadHours)),
            ("predictive", .object([
                ("dailyHarmonics", .integer(settings.dailyHarmonics)),
                ("weeklyHarmonics", .integer(settings.weeklyHarmonics)),
                ("maximumHistoryHours", .integer(settings.maximumHistoryHours)),
                ("warmupSeconds", .number(settings.warmupSeconds)),
            ])),
            ("testHours", .integer(testHours)),
            ("hoursScored", .integer(evaluation.hours.count)),
            ("excluded", .object([
                ("withoutData", .integer(exclusions.missingActual)),
                ("withoutLastWeek", .integer(exclusions.missingLastWeek)),
                ("withoutHourBefore", .integer(exclusions.missingLastValue)),
                ("beforeModel", .integer(exclusions.noModel)),
            ])),
            ("forecasters", .array(evaluation.accuracies.map { accuracy in
                .object([
                    ("name", .string(accuracy.forecaster.rawValue)),
                    ("hours", .integer(accuracy.hours)),
                    ("meanAbsoluteErrorRequestsPerSecond", .finite(accuracy.meanAbsoluteError)),
                    ("meanAbsolutePercentageError", .finite(accuracy.meanAbsolutePercentageError)),
                    ("symmetricMAPE", .finite(accuracy.symmetricMAPE)),
                    ("biasRequestsPerSecond", .finite(accuracy.bias)),
                    ("underForecastShare", .finite(accuracy.underForecastShare)),
                ])
            })),
            ("bestByMeanAbsoluteError", bestByMeanAbsoluteError.map { .string($0.rawValue) } ?? .null),
            ("hours", .array(evaluation.hours.map { hour in
                .object([("start", .string(labels.hourStart(hour.index))), ("actualRequestsPerSecond", .finite(hour.actual))]
                    + zip(Forecaster.allCases, hour.forecasts).map { ($0.0.rawValue, JSONValue.rounded($0.1, places: 4)) })
            })),
        ])
    }

    /// One row per scored hour: its start, the actual and each forecast, requests per second.
    public func csv() -> String {
        var lines = ["start,actual," + Forecaster.allCases.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }.joined(separator: ",")]
        for hour in evaluation.hours {
            lines.append(([labels.hourStart(hour.index), "\(hour.actual)"] + hour.forecasts.map { "\($0)" })
                .map(RunReport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
