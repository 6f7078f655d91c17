import Foundation
import Linear

/// Per-operation API CPU samples, read from a CSV table with the columns
/// `operation,complexity,cpu_ms` (CPU time of one request, from a profiler or
/// `process.cpuUsage()` deltas) or `operation,complexity,latency_ms` (response time at low
/// load).
///
/// The model (README "operations"): CPU per request = `cpu_base` + `cpu_per_point` ×
/// complexity, on a reference vCPU. A fit per operation with design [1, complexity] recovers
/// both.
public struct CPUSamples: Sendable {
    /// What the third column measured.
    public enum Measure: String, Sendable {
        case cpu = "cpu_ms"
        case latency = "latency_ms"
    }

    public struct Sample: Sendable, Equatable {
        public var operation: String
        public var complexity: Double
        /// The observed time, milliseconds.
        public var milliseconds: Double
        /// The line of the CSV record, for messages.
        public var line: Int
    }

    public var measure: Measure
    /// Samples in file order.
    public var samples: [Sample]

    /// Whether a table's header looks like CPU samples.
    public static func recognizes(_ table: CalibrationTable) -> Bool {
        table.column("operation") != nil && table.column("complexity") != nil
    }

    /// Reads the samples.
    /// - Throws: ``CalibrationInputError`` for a missing column, an empty operation, a
    ///   non-numeric or negative value, or a table without records.
    public init(table: CalibrationTable) throws(CalibrationInputError) {
        guard let operation = table.column("operation"), let complexity = table.column("complexity") else {
            throw CalibrationInputError(line: nil, field: "", message: "CPU samples need the columns operation, complexity and cpu_ms or latency_ms")
        }
        let cpu = table.column(Measure.cpu.rawValue)
        let latency = table.column(Measure.latency.rawValue)
        if cpu != nil && latency != nil {
            throw CalibrationInputError(line: nil, field: "", message: "give cpu_ms or latency_ms, not both: they measure different things")
        }
        guard let value = cpu ?? latency else {
            throw CalibrationInputError(line: nil, field: "", message: "CPU samples need a cpu_ms or a latency_ms column; the header has \(table.columns.joined(separator: ","))")
        }
        measure = cpu != nil ? .cpu : .latency
        var samples: [Sample] = []
        for record in table.records {
            let name = record.fields[operation].trimmingSpaces
            guard !name.isEmpty else {
                throw CalibrationInputError(line: record.line, field: "operation", message: "the operation name is empty")
            }
            samples.append(Sample(
                operation: name, complexity: try table.number(record, complexity),
                milliseconds: try table.number(record, value), line: record.line))
        }
        guard !samples.isEmpty else {
            throw CalibrationInputError(line: nil, field: "", message: "the file has a header but no samples")
        }
        self.samples = samples
    }

    /// Operation names in order of first appearance.
    public var operations: [String] {
        var seen: Set<String> = []
        return samples.map(\.operation).filter { seen.insert($0).inserted }
    }
}

/// The fitted `cpu_base` and `cpu_per_point` of one operation.
public struct CPUCalibration: Sendable {
    public var operation: String
    /// The fit, coefficients `cpu_base` then `cpu_per_point`, in milliseconds.
    public var fit: LinearFit
    /// The first line of each sample in the fit, for locating the largest residuals.
    public var lines: [Int]
    /// Things the user should know: queued-looking samples, a constant complexity.
    public var warnings: [String]

    /// A standardized residual above this counts as an outlier; under normal errors one
    /// sample in 741 exceeds +3σ̂.
    static let outlierThreshold = 3.0
    /// More than this share of samples above +3σ̂ suggests queueing (normal errors: 0.13%).
    static let queuedShareLimit = 0.02

    /// Fits every operation of `samples`.
    /// - Throws: ``CalibrationInputError`` (an operation with fewer than 3 samples: no
    ///   interval can be formed for two coefficients) at the operation's first line.
    public static func fit(_ samples: CPUSamples, level: Double = 0.95) throws(CalibrationInputError) -> [CPUCalibration] {
        var result: [CPUCalibration] = []
        for operation in samples.operations {
            let own = samples.samples.filter { $0.operation == operation }
            guard own.count >= 3 else {
                throw CalibrationInputError(
                    line: own[0].line, field: "operation",
                    message: "\(operation) has \(own.count) sample(s); fitting cpu_base and cpu_per_point needs at least 3")
            }
            var design = Matrix(rows: own.count, columns: 2, repeating: 1)
            for (i, sample) in own.enumerated() { design.storage[own.count + i] = sample.complexity }
            let fit: LinearFit
            do {
                fit = try LinearFit(design: design, observations: own.map(\.milliseconds), names: ["cpu_base", "cpu_per_point"], level: level)
            } catch {
                throw CalibrationInputError(line: own[0].line, field: "", message: "\(operation): \(error)")
            }
            var warnings: [String] = []
            if fit.method == .minimumNorm {
                let values = Set(own.map(\.complexity))
                let detail = values.count == 1 ? "every sample has complexity \(values.first!)" : "the complexities barely vary"
                warnings.append("\(operation): \(detail), so cpu_base and cpu_per_point cannot be told apart (rank \(fit.rank) of 2, condition number \(formatted(fit.conditionNumber))); only their sum at that complexity is known")
            }
            if let sigma = fit.residualStandardError, sigma > 0 {
                let high = fit.residuals.filter { $0 / sigma > outlierThreshold }.count
                if Double(high) > queuedShareLimit * Double(own.count) {
                    warnings.append("\(operation): \(high) of \(own.count) samples lie more than 3σ̂ above the fit (normal noise gives 0.13%): they look queued or disturbed; measure at lower load or drop them")
                }
            }
            if samples.measure == .latency {
                warnings.append("\(operation): fitted from latency, so cpu_base also holds the request's database round trips and network time at low load")
            }
            result.append(CPUCalibration(operation: operation, fit: fit, lines: own.map(\.line), warnings: warnings))
        }
        return result
    }
}

/// A number for messages: four significant digits (`%.4g`), ∞ for infinity.
func formatted(_ value: Double) -> String {
    guard value.isFinite else { return value > 0 ? "∞" : "\(value)" }
    return String(format: "%.4g", value)
}
