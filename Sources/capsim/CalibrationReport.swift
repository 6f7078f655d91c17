import Analysis
import Foundation
import Reports
import YAMLSupport

/// The text of `capsim calibrate`'s report (a table, or JSON with the schema
/// `capsim.calibration/v1`) and the scenario text of fitted values.
enum CalibrationReport {
    /// Milliseconds with four significant digits, for tables and messages.
    static func ms(_ value: Double) -> String {
        guard value.isFinite else { return value > 0 ? "∞" : "\(value)" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e6 {
            let decimals = max(0, 3 - Int(floor(log10(magnitude))))
            return String(format: "%.\(decimals)f", value)
        }
        return String(format: "%.3e", value)
    }

    /// A duration as scenario files write it, four significant digits in the largest unit
    /// that keeps the number ≥ 1 (`1.235s`, `5.213ms`, `152.3us`). Read back by
    /// `Units.seconds(from:)` to within the rounding.
    static func duration(milliseconds value: Double) -> String {
        precondition(value >= 0 && value.isFinite, "negative or non-finite times are refused before writing")
        let (number, unit): (Double, String) = value >= 1000 ? (value / 1000, "s") : value >= 1 ? (value, "ms") : (value * 1000, "us")
        if number < 1e-3 { return "0s" }
        var text = String(format: "%.\(max(0, 3 - Int(floor(log10(number)))))f", number)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + unit
    }

    /// A lognormal with the given mean and CV, or the constant when the CV is 0.
    static func distribution(milliseconds mean: Double, cv: Double) -> String {
        let cvText = String(format: "%.3f", cv)
        guard Double(cvText)! > 0 else { return duration(milliseconds: mean) }
        var trimmed = cvText
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return "{distribution: lognormal, mean: \(duration(milliseconds: mean)), cv: \(trimmed)}"
    }

    // MARK: Table

    static func table(_ run: CalibrationRun) -> String {
        var out = "Calibration of \(run.scenario) (\(Int(run.level * 100))% intervals: estimate ± t × standard error)\n"
        for source in run.cpu {
            out += "\nAPI CPU from \(source.path) (\(source.measure.rawValue); model: CPU = cpu_base + cpu_per_point × complexity)\n"
            for entry in source.fits {
                let fit = entry.fit
                out += "  \(entry.operation): \(fit.sampleCount) samples, R² \(fit.rSquared.map { String(format: "%.4f", $0) } ?? "n/a")"
                out += ", σ̂ \(fit.residualStandardError.map { ms($0) + " ms" } ?? "n/a"), \(fit.method == .qr ? "QR (dgels)" : "minimum norm (dgelsd), rank \(fit.rank) of 2")"
                out += ", condition number \(ms(fit.conditionNumber))\n"
                for coefficient in fit.coefficients {
                    let interval = coefficient.lower.map { "[\(ms($0)), \(ms(coefficient.upper!))]" } ?? "no interval"
                    out += "    " + pad(coefficient.name, 14) + pad(ms(coefficient.estimate) + " ms", 14) + pad(interval, 24)
                    out += (coefficient.isSignificant ? "significant" : "NOT significant") + "\n"
                }
                let q = fit.residualQuartiles.map(ms)
                out += "    residuals ms: min \(q[0]), q1 \(q[1]), median \(q[2]), q3 \(q[3]), max \(q[4])\n"
                let largest = fit.largestResiduals(3).map { "line \(entry.lines[$0.index]) \($0.residual >= 0 ? "+" : "")\(ms($0.residual))" }
                out += "    largest: \(largest.joined(separator: ", "))\n"
            }
        }
        for source in run.database {
            out += "\nDatabase from \(source.path): \(source.statementCount) statements, \(source.untaggedCount) untagged"
            out += " (\(String(format: "%.1f", source.untaggedShare * 100))% of execution time, not attributed)\n"
            out += "  " + pad("operation", 16) + pad("stmts", 7) + pad("calls", 11) + pad("mean ms [interval]", 28) + pad("cv", 7)
                + pad("I/O", 7) + pad("db_cpu", 11) + pad("db_wait", 11) + "rows/call\n"
            for fit in source.fits {
                let interval = fit.lower.map { "[\(ms($0)), \(ms(fit.upper!))]" } ?? "[no interval]"
                out += "  " + pad(fit.operation, 16) + pad(String(fit.statementCount), 7) + pad(String(Int(fit.calls)), 11)
                out += pad(ms(fit.meanMilliseconds) + " " + interval, 28) + pad(String(format: "%.2f", fit.coefficientOfVariation), 7)
                out += pad(String(format: "%.0f%%", fit.ioShare * 100), 7) + pad(duration(milliseconds: fit.cpuMilliseconds), 11)
                out += pad(fit.ioShare > 0 ? duration(milliseconds: fit.waitMilliseconds) : "-", 11)
                out += (fit.rowsPerCall.map { String(format: "%.1f", $0) } ?? "-") + "\n"
            }
        }
        if !run.warnings.isEmpty {
            out += "\nWarnings:\n" + run.warnings.map { "  " + $0 + "\n" }.joined()
        }
        out += "\nVerdict: \(run.verdict)\n"
        return out
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    // MARK: JSON

    static func json(_ run: CalibrationRun) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { .finite(value) }
        let cpu: [JSONValue] = run.cpu.flatMap { source in
            source.fits.map { entry -> JSONValue in
                let fit = entry.fit
                let q = fit.residualQuartiles
                return .object([
                    ("source", .string(source.path)),
                    ("measure", .string(source.measure.rawValue)),
                    ("operation", .string(entry.operation)),
                    ("samples", .integer(fit.sampleCount)),
                    ("method", .string(fit.method.rawValue)),
                    ("rank", .integer(fit.rank)),
                    ("conditionNumber", number(fit.conditionNumber)),
                    ("rSquared", number(fit.rSquared)),
                    ("residualStandardErrorMs", number(fit.residualStandardError)),
                    ("residualsMs", .object([("min", number(q[0])), ("q1", number(q[1])), ("median", number(q[2])), ("q3", number(q[3])), ("max", number(q[4]))])),
                    ("largestResiduals", .array(fit.largestResiduals(3).map {
                        .object([("line", .integer(entry.lines[$0.index])), ("residualMs", number($0.residual))])
                    })),
                    ("coefficients", .array(fit.coefficients.map { coefficient in
                        .object([
                            ("name", .string(coefficient.name)),
                            ("estimateMs", number(coefficient.estimate)),
                            ("standardErrorMs", number(coefficient.standardError)),
                            ("lowerMs", number(coefficient.lower)),
                            ("upperMs", number(coefficient.upper)),
                            ("significant", .bool(coefficient.isSignificant)),
                        ])
                    })),
                ])
            }
        }
        let database: [JSONValue] = run.database.flatMap { source in
            source.fits.map { fit -> JSONValue in
                .object([
                    ("source", .string(source.path)),
                    ("operation", .string(fit.operation)),
                    ("statements", .integer(fit.statementCount)),
                    ("calls", number(fit.calls)),
                    ("meanMs", number(fit.meanMilliseconds)),
                    ("sdMs", number(fit.standardDeviationMilliseconds)),
                    ("cv", number(fit.coefficientOfVariation)),
                    ("lowerMs", number(fit.lower)),
                    ("upperMs", number(fit.upper)),
                    ("ioShare", number(fit.ioShare)),
                    ("dbCPUMs", number(fit.cpuMilliseconds)),
                    ("dbWaitMs", number(fit.waitMilliseconds)),
                    ("rowsPerCall", number(fit.rowsPerCall)),
                    ("significant", .bool(fit.isSignificant)),
                ])
            }
        }
        let untagged: [JSONValue] = run.database.map {
            .object([("source", .string($0.path)), ("statements", .integer($0.untaggedCount)), ("shareOfTime", number($0.untaggedShare))])
        }
        return .object([
            ("schema", .string("capsim.calibration/v1")),
            ("scenario", .string(run.scenario)),
            ("level", number(run.level)),
            ("apiCPU", .array(cpu)),
            ("database", .array(database)),
            ("untaggedStatements", .array(untagged)),
            ("warnings", .array(run.warnings.map { .string($0) })),
            ("refusals", .array(run.refusals.map { .string($0) })),
            ("written", .bool(run.refusals.isEmpty && run.writing)),
            ("verdict", .string(run.verdict)),
        ])
    }
}
