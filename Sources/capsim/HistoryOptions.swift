import ArgumentParser
import Foundation
import Store

/// Which run-history file a command uses: `--db`, else `$CAPSIM_DB`, else
/// `$XDG_DATA_HOME/capsim/history.sqlite` (`~/.local/share/capsim/history.sqlite` when
/// `XDG_DATA_HOME` is unset), as the XDG base directory convention places user data.
struct HistoryFileOption: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The run history (default: $CAPSIM_DB, else $XDG_DATA_HOME/capsim/history.sqlite).", valueName: "file"))
    var path: String?

    /// The file and whether it is the default one (whose folder capsim may create).
    func location() throws -> HistoryLocation {
        let environment = ProcessInfo.processInfo.environment
        if let path {
            guard !path.isEmpty else { throw ValidationError("--db needs a file name; use --no-db to record nothing") }
            return HistoryLocation(path: path, isDefault: false)
        }
        if let path = environment["CAPSIM_DB"], !path.isEmpty { return HistoryLocation(path: path, isDefault: false) }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            // The specification ignores a relative XDG_DATA_HOME.
            dataHome = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            dataHome = home + "/.local/share"
        } else {
            throw CapsimFailure(description: "cannot place the run history: neither HOME nor XDG_DATA_HOME is set; "
                                    + "pass --db FILE, set CAPSIM_DB, or pass --no-db", exitCode: .badInput)
        }
        return HistoryLocation(path: dataHome + "/capsim/history.sqlite", isDefault: true)
    }
}

/// The history flags of the commands that record (`run`, `compare`).
struct HistoryOptions: ParsableArguments {
    @OptionGroup var file: HistoryFileOption

    @Flag(name: .customLong("no-db"), help: "Do not record this run in the run history.")
    var skipsRecording = false

    func validate() throws {
        if skipsRecording && file.path != nil { throw ValidationError("--db and --no-db contradict each other; give one") }
    }

    /// The history's files, which no output of the command may replace (`OutputFiles`
    /// refuses a run's inputs): `--out` naming the history would otherwise destroy it.
    func protectedFiles() throws -> [String] {
        guard !skipsRecording else { return [] }
        let path = try file.location().path
        return [path, path + "-wal", path + "-shm"]
    }
}

/// A history file chosen by the flags or the environment.
struct HistoryLocation {
    var path: String
    /// True for the XDG default, whose folder is created when missing; a folder named
    /// with --db or CAPSIM_DB must exist, as for --out.
    var isDefault: Bool

    /// Opens the history for reading and writing, creating the default folder first.
    /// - Throws: `HistoryError`.
    func open() throws(HistoryError) -> RunHistory {
        if isDefault {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw .unwritable(path: path, reason: "cannot create the folder \(folder.path) (\(error.localizedDescription))")
            }
        }
        return try RunHistory.open(at: path)
    }

    /// Opens the history for the `runs` commands: a missing file is bad input here, since
    /// reading it could only say that nothing was recorded.
    func openExisting() throws -> RunHistory {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CapsimFailure(description: "no run history at \(path) yet: capsim run records one there "
                                    + "(or name another with --db or CAPSIM_DB)", exitCode: .badInput)
        }
        do {
            return try RunHistory.open(at: path)
        } catch {
            throw CapsimFailure(error)
        }
    }
}

extension CapsimFailure {
    /// A history error as the command line reports it: bad input (2), but for a file that
    /// cannot be written now, which a `runs` command also cannot work around.
    init(_ error: HistoryError) {
        self.init(description: error.description, exitCode: .badInput)
    }
}

extension ExitCode {
    /// The report was printed (or written) but the run could not be recorded.
    static let notRecorded = ExitCode(4)
}
