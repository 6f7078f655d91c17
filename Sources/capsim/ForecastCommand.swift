import Analysis
import ArgumentParser
import Autoscaling
import Foundation
import Reports
import Traces
import YAMLSupport

extension Capsim {
    struct ForecastCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forecast",
            abstract: "Judge the predictive policy's forecaster on a trace, against seasonal-naive and last-value.",
            discussion: """
                Reads a load profile written by `capsim trace import`, trains on --train from --from, and \
                forecasts each hour of the --test that follows from the hours before it (a rolling origin: \
                the hours already tested become history, as they would for a running policy). Prints MAE, \
                MAPE, sMAPE, bias and the share of hours forecast more than 10% low for the predictive \
                policy's seasonal regression, seasonal-naive (the same hour a week before) and last-value.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

        @Argument(help: "A load profile written by capsim trace import.")
        var trace: String

        @Option(parsing: .unconditional, help: "Training span before the test, e.g. 3w or 21d (whole hours).")
        var train = "3w"

        @Option(parsing: .unconditional, help: "Test span after the training, e.g. 1w (whole hours).")
        var test = "1w"

        @Option(parsing: .unconditional, help: "Where training starts: a timestamp with its UTC offset, e.g. 1995-07-01T00:00:00-04:00 (default: the trace's start). The first whole trace hour at or after it is used.")
        var from: String?

        @Option(parsing: .unconditional, help: "How far ahead each hour is forecast, 1h to 168h (1h: the hour starting now, as the predictive policy uses it).")
        var ahead = "1h"

        @Option(name: .customLong("max-history"), parsing: .unconditional, help: "Most history in one fit, as the policy's max_history (AWS uses 14 days), at least 1d.")
        var maxHistory = "14d"

        @Option(help: "Output format: table, json (capsim.forecast/v1) or csv (one row per scored hour).")
        var format: Format = .table

        @Option(help: "Write the report to this file (replaced atomically; - for standard output).")
        var out: String?

        /// A whole number of hours from a duration option, or a located complaint.
        static func hours(_ text: String, option: String, minimum: Int, maximum: Int) throws -> Int {
            guard let seconds = Units.seconds(from: text), seconds > 0, seconds.truncatingRemainder(dividingBy: 3600) == 0 else {
                throw ValidationError("\(option) must be a whole number of hours such as 6h, 3d or 1w, found \"\(text)\"")
            }
            let hours = Int(seconds / 3600)
            guard (minimum...maximum).contains(hours) else {
                throw ValidationError("\(option) must be from \(minimum) to \(maximum) hours, found \(text) (\(hours) h)")
            }
            return hours
        }

        func validate() throws {
            _ = try Self.hours(train, option: "--train", minimum: 1, maximum: 366 * 24)
            _ = try Self.hours(test, option: "--test", minimum: 1, maximum: 366 * 24)
            _ = try Self.hours(ahead, option: "--ahead", minimum: 1, maximum: 168)
            _ = try Self.hours(maxHistory, option: "--max-history", minimum: 24, maximum: 366 * 24)
            if let from, TraceTime.parse(from)?.offsetSeconds == nil {
                throw ValidationError("--from must be a timestamp with a UTC offset such as 1995-07-01T00:00:00-04:00, found \"\(from)\"")
            }
        }

        func run() throws {
            let outputs = try OutputFiles([("--out", out)], inputs: [trace])
            let text: String
            do {
                text = try String(contentsOfFile: trace, encoding: .utf8)
            } catch {
                throw CapsimFailure(description: "cannot read the trace \(trace): \(error.localizedDescription)", exitCode: .badInput)
            }
            let profile = try LoadProfileFile.read(text, file: trace)
            let series = try HourlyLoad(profile, file: trace)
            let trainHours = try Self.hours(train, option: "--train", minimum: 1, maximum: 366 * 24)
            let testHours = try Self.hours(test, option: "--test", minimum: 1, maximum: 366 * 24)
            var historyStart = 0
            if let from, let parsed = TraceTime.parse(from), let offset = parsed.offsetSeconds {
                let instant = parsed.localSeconds - Double(offset)
                // The first whole hour of the series at or after --from (a trace that starts a
                // second after midnight still trains "from midnight").
                historyStart = Int(((instant - series.start) / 3600).rounded(.up))
                guard historyStart >= 0, historyStart < series.rates.count else {
                    throw CapsimFailure(
                        description: "--from \(from) is outside the trace \(trace), which runs from \(series.label(0)) to \(series.label(series.rates.count))",
                        exitCode: .badInput)
                }
            }
            let testStart = historyStart + trainHours
            guard testStart < series.rates.count else {
                throw CapsimFailure(
                    description: "the test would start at \(series.label(testStart)), after the trace \(trace) ends at \(series.label(series.rates.count)); shorten --train or move --from",
                    exitCode: .badInput)
            }
            // Hours past the trace's end are hours without data, counted as such.
            var rates = series.rates
            if rates.count < testStart + testHours { rates += Array(repeating: nil, count: testStart + testHours - rates.count) }
            let policy = PredictiveScalingConfiguration()
            let settings = ForecastSettings(
                maximumHistoryHours: try Self.hours(maxHistory, option: "--max-history", minimum: 24, maximum: 366 * 24),
                warmupSeconds: policy.warmup, dailyHarmonics: policy.dailyHarmonics, weeklyHarmonics: policy.weeklyHarmonics,
                aheadHours: try Self.hours(ahead, option: "--ahead", minimum: 1, maximum: 168))
            let evaluation: ForecastEvaluation
            do {
                evaluation = try ForecastEvaluation(rates: rates, historyStart: historyStart, test: testStart..<(testStart + testHours), settings: settings)
            } catch {
                throw CapsimFailure(description: "\(trace): \(error)", exitCode: .badInput)
            }
            // A table of zeros would read as a perfect forecast: with nothing scored, say why.
            guard !evaluation.hours.isEmpty else {
                throw CapsimFailure(
                    description: "\(trace): no test hour could be scored (\(ForecastReport.exclusionText(evaluation.exclusions).dropFirst(2))); "
                        + "seasonal-naive needs a week of training before each test hour, and the predictive model its warm-up",
                    exitCode: .badInput)
            }
            let labels = ForecastReport.Labels(
                trace: (trace as NSString).lastPathComponent, trainingStart: series.label(historyStart),
                testStart: series.label(testStart), testEnd: series.label(testStart + testHours),
                hourStart: { [series] in series.label($0) })
            let report = ForecastReport(evaluation: evaluation, labels: labels, testHours: testHours)
            switch format {
            case .table: try outputs.write([report.table()])
            case .json: try outputs.write([report.json().serialized() + "\n"])
            case .csv: try outputs.write([report.csv()])
            }
        }
    }
}

/// A load profile's hourly rates (``LoadTrace/hourlyRates()``) with the clock to label them.
struct HourlyLoad: Sendable {
    /// Seconds since 1970 at which hour 0 starts.
    let start: Double
    let timeZone: TraceTimeZone
    /// Requests per second of each hour; nil without data.
    let rates: [Double?]

    init(_ trace: LoadTrace, file: String) throws {
        do {
            rates = try trace.hourlyRates()
        } catch {
            throw CapsimFailure(description: "\(file): \(error)", exitCode: .badInput)
        }
        start = trace.start
        timeZone = trace.timeZone
    }

    func label(_ hour: Int) -> String { TraceTime.format(start + Double(hour) * 3600, in: timeZone) }
}
