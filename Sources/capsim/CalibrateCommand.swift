import Analysis
import ArgumentParser
import DigitalOceanCatalog
import Foundation
import Scenarios
import YAMLSupport

extension Capsim {
    struct CalibrateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calibrate",
            abstract: "Fit service times from measurements and write them into a copy of the scenario.",
            discussion: """
                --from takes CPU samples (CSV: operation,complexity,cpu_ms or latency_ms), which fit \
                cpu_base and cpu_per_point per operation, or a pg_stat_statements CSV export, whose \
                statements tagged /* operation='name' */ give each operation's database time per round \
                trip and its split into CPU and I/O wait. A fit with a coefficient whose 95% interval \
                contains 0 is not written unless --force; a negative fitted time never is.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        @Argument(help: "The scenario file (YAML) to calibrate; it is never modified.", completion: .file(extensions: ["yaml", "yml"]))
        var scenario: String

        @Option(name: .customLong("from"), help: ArgumentHelp("A measurement file (CSV); repeat for several.", valueName: "file"))
        var sources: [String] = []

        @Option(help: ArgumentHelp(
            "Write the fitted scenario to this file (replaced atomically); without it only the report is printed.",
            valueName: "fitted.yaml"))
        var out: String?

        @Flag(help: "Write the fit even when a coefficient is not significant.")
        var force = false

        @Option(help: "Report format: table or json.")
        var format: Format = .table

        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            if sources.isEmpty { throw ValidationError("give at least one --from FILE (CPU samples or a pg_stat_statements export)") }
            if scenario == "-" { throw ValidationError("calibrate needs the scenario as a file, not standard input: it writes an edited copy of its text") }
            if out == "-" { throw ValidationError("--out - would mix the fitted scenario with the report on standard output; name a file") }
        }

        func run() throws {
            let catalogPath = try catalog.locate(near: scenario)
            let loader = ScenarioLoader(catalog: try Catalog.load(from: catalogPath), files: FileSystemScenarioFiles())
            // One read: the text that is checked is the text that is edited.
            let scenarioText = try FileSystemScenarioFiles().text(at: scenario, what: "scenario")
            let loaded = try loader.parse(scenarioText, source: scenario)
            let outputs = try out.map {
                try OutputFiles([("--out", $0)], inputs: [catalogPath, scenario] + sources + loaded.referencedFiles)
            }
            var run = CalibrationRun(scenario: scenario, operations: loaded.operations.map(\.name))
            for source in sources { try run.add(source: source, text: try Self.read(source)) }
            run.decide(force: force, writing: out != nil)

            // The copy is made and checked before the report, so that the report's verdict
            // says what really happens to it.
            var fitted: String? = nil
            if run.refusals.isEmpty, let out {
                var editor = CalibrationScenarioEditor(text: scenarioText, source: scenario)
                try run.apply(to: &editor)
                if let problem = Self.loadProblem(editor.text, as: out, with: loader) {
                    run.refuse(problem)
                } else {
                    fitted = editor.text
                }
            }
            let report = format == .json ? CalibrationReport.json(run).serialized() + "\n" : CalibrationReport.table(run)
            // The report first, on standard output: a refusal or a failure to write the file
            // still leaves the user the numbers.
            try OutputFiles([("the report", nil)], inputs: []).write([report])
            if !run.refusals.isEmpty {
                throw CapsimFailure(
                    description: "calibration not written:\n" + run.refusals.map { "  " + $0 }.joined(separator: "\n"),
                    exitCode: .badInput)
            }
            if let outputs, let fitted { try outputs.write([fitted]) }
        }

        /// Why the scenario reader rejects a fitted text (a fitted time above a field's range,
        /// for instance), or nil when it loads: no unusable file is written.
        static func loadProblem(_ text: String, as path: String, with loader: ScenarioLoader) -> String? {
            do {
                _ = try loader.parse(text, source: path)
                return nil
            } catch {
                return "the fitted scenario would not load: " + error.issues.map(\.description).joined(separator: "; ")
            }
        }

        static func read(_ path: String) throws -> String {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                guard let text = String(data: data, encoding: .utf8) else {
                    throw CapsimFailure(description: "\(path): not UTF-8 text", exitCode: .badInput)
                }
                return text
            } catch let failure as CapsimFailure {
                throw failure
            } catch {
                throw CapsimFailure(description: "\(path): cannot read the file (\((error as NSError).localizedDescription))", exitCode: .badInput)
            }
        }
    }
}

/// Everything one `capsim calibrate` computed: the fits by source, warnings, refusals.
struct CalibrationRun {
    struct CPUSource {
        var path: String
        var measure: CPUSamples.Measure
        var fits: [CPUCalibration]
    }

    struct DatabaseSource {
        var path: String
        var fits: [DatabaseCalibration]
        var statementCount: Int
        var untaggedCount: Int
        /// Share of all execution time in untagged statements, 0…1.
        var untaggedShare: Double
    }

    var scenario: String
    /// The scenario's operation names.
    var operations: [String]
    var level = 0.95
    var cpu: [CPUSource] = []
    var database: [DatabaseSource] = []
    var warnings: [String] = []
    /// Why nothing is written; empty when the fit may be written.
    var refusals: [String] = []
    /// What happened to the fitted scenario, for the report's last line.
    var verdict = ""
    /// Whether an `--out` file was named.
    var writing = false

    /// Reads one measurement file, recognising its kind by its header, and fits it.
    mutating func add(source path: String, text: String) throws {
        func located(_ error: CalibrationInputError) -> CapsimFailure {
            CapsimFailure(description: "\(path):\(error.description)", exitCode: .badInput)
        }
        do {
            let table = try CalibrationTable(text: text)
            if StatementStatistics.recognizes(table) {
                let statistics = try StatementStatistics(table: table)
                try checkOperations(statistics.statements.compactMap { s in s.operation.map { ($0, s.line) } }, path: path)
                let untagged = statistics.statements.filter { $0.operation == nil }
                let total = statistics.statements.reduce(0) { $0 + $1.totalMilliseconds }
                let fits = DatabaseCalibration.calibrate(statistics, level: level)
                try checkOnce(fits.map(\.operation), in: database.map { ($0.path, $0.fits.map(\.operation)) }, path: path, what: "its database time")
                if fits.isEmpty {
                    throw CapsimFailure(
                        description: "\(path): no statement carries an operation tag; tag queries with a comment such as /* operation='listProjects' */ (sqlcommenter style)",
                        exitCode: .badInput)
                }
                database.append(DatabaseSource(
                    path: path, fits: fits, statementCount: statistics.statements.count, untaggedCount: untagged.count,
                    untaggedShare: total > 0 ? untagged.reduce(0) { $0 + $1.totalMilliseconds } / total : 0))
                for fit in fits where fit.hasIOColumns && fit.ioShare == 0 {
                    warnings.append("\(fit.operation): the export's I/O times are 0 (track_io_timing off?), so db_wait is not written")
                }
                for fit in fits where !fit.hasIOColumns {
                    warnings.append("\(fit.operation): the export has no blk_*_time columns, so all database time counts as CPU and db_wait is not written")
                }
                for fit in fits where fit.calls < 30 {
                    warnings.append("\(fit.operation): only \(Int(fit.calls)) call(s) in \(path); the mean is uncertain")
                }
            } else if CPUSamples.recognizes(table) {
                let samples = try CPUSamples(table: table)
                try checkOperations(samples.samples.map { ($0.operation, $0.line) }, path: path)
                let fits = try CPUCalibration.fit(samples, level: level)
                try checkOnce(fits.map(\.operation), in: cpu.map { ($0.path, $0.fits.map(\.operation)) }, path: path, what: "cpu_base and cpu_per_point")
                cpu.append(CPUSource(path: path, measure: samples.measure, fits: fits))
                warnings += fits.flatMap(\.warnings)
            } else {
                throw CapsimFailure(
                    description: "\(path): unknown measurement file; its header needs operation,complexity,cpu_ms (or latency_ms), or the pg_stat_statements columns query,calls,total_exec_time,stddev_exec_time",
                    exitCode: .badInput)
            }
        } catch let error as CalibrationInputError {
            throw located(error)
        }
    }

    /// An operation's fields come from one file of each kind: two would silently overwrite.
    private func checkOnce(_ operations: [String], in earlier: [(String, [String])], path: String, what: String) throws {
        for (earlierPath, names) in earlier {
            if let both = operations.first(where: names.contains) {
                throw CapsimFailure(
                    description: "\(path): \(both) already has \(what) from \(earlierPath); give each operation's measurements in one file",
                    exitCode: .badInput)
            }
        }
    }

    /// Every measured operation must exist in the scenario.
    private func checkOperations(_ named: [(String, Int)], path: String) throws {
        for (name, line) in named where !operations.contains(name) {
            throw CapsimFailure(
                description: "\(path):\(line): operation: \"\(name)\" is not an operation of \(scenario) (it has \(operations.joined(separator: ", ")))",
                exitCode: .badInput)
        }
    }

    /// Refuses the write for `reason`.
    mutating func refuse(_ reason: String) {
        refusals.append(reason)
        verdict = "refused: nothing written"
    }

    /// Milliseconds (1 ns) below which a negative estimate is rounding around a true 0 (a
    /// slope of exactly 0 comes out as −1e-17): it is written as 0, not refused as negative.
    static let roundingTolerance = 1e-6

    /// Decides whether the fit may be written: never with a negative time, and without
    /// `force` only when every coefficient is significant.
    mutating func decide(force: Bool, writing: Bool) {
        self.writing = writing
        var negative: [String] = []
        var insignificant: [String] = []
        for source in cpu {
            for fit in source.fits {
                for coefficient in fit.fit.coefficients {
                    let interval = coefficient.lower.map { "95% interval [\(CalibrationReport.ms($0)), \(CalibrationReport.ms(coefficient.upper!))] ms" }
                        ?? "no interval (\(fit.fit.method == .minimumNorm ? "not identifiable: rank \(fit.fit.rank) of 2" : "too few samples"))"
                    if coefficient.estimate < -Self.roundingTolerance {
                        negative.append("\(fit.operation).\(coefficient.name) = \(CalibrationReport.ms(coefficient.estimate)) ms is negative, \(interval); a time cannot be negative")
                    } else if !coefficient.isSignificant {
                        insignificant.append("\(fit.operation).\(coefficient.name) = \(CalibrationReport.ms(coefficient.estimate)) ms is not significant: \(interval) contains 0")
                    }
                }
            }
        }
        for source in database {
            for fit in source.fits where !fit.isSignificant {
                let interval = fit.lower.map { "95% interval [\(CalibrationReport.ms($0)), \(CalibrationReport.ms(fit.upper!))] ms" } ?? "no interval (fewer than 2 calls)"
                insignificant.append("\(fit.operation) round trip = \(CalibrationReport.ms(fit.meanMilliseconds)) ms is not significant: \(interval)")
            }
        }
        refusals = negative + (force ? [] : insignificant.map { $0 + " (--force writes it anyway)" })
        if !refusals.isEmpty {
            verdict = "refused: nothing written"
        } else if !writing {
            verdict = insignificant.isEmpty ? "every coefficient is significant; no --out given, nothing written" : "not significant, accepted with --force; no --out given, nothing written"
        } else {
            verdict = insignificant.isEmpty ? "every coefficient is significant; fitted scenario written" : "written with --force although \(insignificant.count) value(s) are not significant"
        }
    }

    /// Writes the fitted fields. The database CPU part goes to the field the operation
    /// already has (`db_cpu`, or its synonym `query_time`), else to a new `db_cpu`.
    func apply(to editor: inout CalibrationScenarioEditor) throws {
        var written: [String] = []
        func set(_ operation: String, _ field: String, _ value: String) throws {
            try editor.set(operation: operation, field: field, value: value)
            if !written.contains(field) { written.append(field) }
        }
        for source in cpu {
            for fit in source.fits {
                let values = fit.fit.coefficients.map { max(0, $0.estimate) }
                try set(fit.operation, "cpu_base", CalibrationReport.duration(milliseconds: values[0]))
                try set(fit.operation, "cpu_per_point", CalibrationReport.duration(milliseconds: values[1]))
            }
        }
        for source in database {
            for fit in source.fits {
                let field = try !editor.has(operation: fit.operation, field: "db_cpu") && editor.has(operation: fit.operation, field: "query_time")
                    ? "query_time" : "db_cpu"
                try set(fit.operation, field, CalibrationReport.distribution(milliseconds: fit.cpuMilliseconds, cv: fit.coefficientOfVariation))
                if fit.ioShare > 0 {
                    try set(fit.operation, "db_wait", CalibrationReport.distribution(milliseconds: fit.waitMilliseconds, cv: fit.coefficientOfVariation))
                }
            }
        }
        let measured = (cpu.flatMap { $0.fits.map(\.operation) } + database.flatMap { $0.fits.map(\.operation) })
        var operations: [String] = []
        for name in measured where !operations.contains(name) { operations.append(name) }
        var provenance = ["Calibrated by `capsim calibrate` from " + (cpu.map(\.path) + database.map(\.path)).joined(separator: ", ") + "."]
        provenance.append("Fitted: \(written.joined(separator: ", ")) of \(operations.joined(separator: ", ")); the rest is as written.")
        editor.prependComment(provenance)
    }
}
