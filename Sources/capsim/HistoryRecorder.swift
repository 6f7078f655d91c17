import ArgumentParser
import ContentHash
import Foundation
import Reports
import Results
import Scenarios
import Store

/// Records one `run` or `compare` in the run history, from before the simulation to the
/// last line on standard error.
///
/// The history is opened before the simulation, so that an unusable file is known before
/// an hour of work: a file that is not a capsim history of this version or an older one is
/// bad input and stops the command (exit 2) untouched; a history that cannot be written
/// (read-only folder, full disk) does not, since the report is still worth having: a
/// warning now, the report at the end, then exit 4 ("report printed, run not recorded").
struct HistoryRecorder {
    private enum State {
        case disabled
        case ready(RunHistory)
        case unavailable(path: String, HistoryError)
    }

    private let state: State

    /// Opens the history the options name, or records nothing with `--no-db`.
    init(_ options: HistoryOptions) throws {
        guard !options.skipsRecording else {
            state = .disabled
            return
        }
        let location = try options.file.location()
        do {
            state = .ready(try location.open())
        } catch where error.isUnwritable {
            Console.error("capsim: warning: \(error.description); the report will be printed but the run not recorded (exit 4)\n")
            state = .unavailable(path: location.path, error)
        } catch {
            throw CapsimFailure(error)
        }
    }

    /// Records `content` in one transaction; never throws, since a failure here must not
    /// cost the report.
    func record(_ content: Recording.Content, provenance: () throws -> Recording.Provenance) -> HistoryOutcome {
        switch state {
        case .disabled:
            return .notRequested
        case let .unavailable(path, error):
            return .failed(path: path, error)
        case let .ready(history):
            do {
                return .recorded(try history.record(Recording(provenance: try provenance(), content: content)), path: history.path)
            } catch let error as HistoryError {
                return .failed(path: history.path, error)
            } catch {
                return .failed(path: history.path, .unwritable(path: history.path, reason: String(describing: error)))
            }
        }
    }
}

/// What became of a recording: the id line of the report and the last word on standard
/// error.
enum HistoryOutcome {
    case notRequested
    case recorded(RecordedIDs, path: String)
    case failed(path: String, HistoryError)

    /// The line that ends a table or Markdown report of a recorded run; `capsim runs show`
    /// ends the same report with the same line. JSON and CSV stay as their schemas are.
    func reportLine(for format: OutputFormat) -> String {
        guard case let .recorded(ids, _) = self else { return "" }
        return Self.reportLine(for: ids.id, format: format)
    }

    static func reportLine(for id: RunID, format: OutputFormat) -> String {
        switch format {
        case .table: "Recorded as run \(id.shortForm).\n"
        case .markdown: "\nRecorded as run `\(id.shortForm)`.\n"
        case .json, .csv: ""
        }
    }

    /// Says on standard error where the run went, or why it went nowhere.
    func announce() {
        switch self {
        case .notRequested:
            break
        case let .recorded(ids, path):
            Console.error("capsim: recorded run \(ids.id.shortForm) in \(path)\n")
        case let .failed(_, error):
            Console.error("capsim: the run was not recorded: \(error.description)\n")
        }
    }

    /// Throws exit 4 when recording was asked for and failed; its message was announced.
    func requireRecorded() throws {
        if case .failed = self { throw ExitCode.notRecorded }
    }
}

extension Recording.Content {
    /// A comparison's summary and each variant's whole run, in the comparison's order;
    /// the variants' scenarios give their configuration hashes. Variants run interleaved,
    /// so each one's `wallSeconds` is the comparison's.
    static func comparison(_ comparison: PolicyComparison, summary: ComparisonSummary, wallSeconds: Double,
                           scenarios: [Scenario]) -> Recording.Content {
        let variants = zip(comparison.variants, scenarios).map { variant, scenario in
            Recording.Variant(name: variant.name, summary: RunSummary(variant.result, wallSeconds: wallSeconds),
                              configurationHash: scenario.configuration.contentHash)
        }
        return .comparison(summary, variants: variants)
    }
}
