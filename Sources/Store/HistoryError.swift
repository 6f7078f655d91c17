import Foundation
import GRDB

/// Why the run history could not be used, worded for the person at the terminal: every
/// message names the file and says what to do next.
///
/// The cases fall in two families, and the command line exits differently for each:
/// the file is the wrong thing (not SQLite, another program's, a newer capsim's; an id
/// that names no run), which is bad input; or the right file cannot be written now (a
/// read-only folder, a full disk, a lock held too long), which does not make a finished
/// simulation worthless (`isUnwritable`).
package enum HistoryError: Error, Equatable, CustomStringConvertible {
    /// The file is not an SQLite database at all.
    case notSQLite(path: String)
    /// An SQLite database that belongs to another program; `detail` says how it was told.
    case foreign(path: String, detail: String)
    /// A capsim history with migrations this capsim does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The history cannot be written (or created): `reason` is the system's.
    case unwritable(path: String, reason: String)
    /// No run's id starts with `prefix`; `closest` are the nearest ids, nearest first.
    case unknownRun(prefix: String, closest: [String])
    /// Several runs' ids start with `prefix`.
    case ambiguousRun(prefix: String, candidates: [String])
    /// Not a run id or a prefix of one (too short, not hexadecimal).
    case malformedID(String)
    /// A stored row that cannot be read back, e.g. a summary JSON that no longer decodes.
    case unreadable(path: String, detail: String)
    /// Refused on purpose: `detail` says why (e.g. removing one variant of a comparison).
    case refused(String)

    /// True for the failures of a usable history that cannot be written right now.
    package var isUnwritable: Bool {
        if case .unwritable = self { return true }
        return false
    }

    package var description: String {
        switch self {
        case let .notSQLite(path):
            return "\(path) is not a capsim run history (not an SQLite database); it was left untouched. "
                + "Choose another file with --db or CAPSIM_DB, or --no-db"
        case let .foreign(path, detail):
            return "\(path) is an SQLite database of another program (\(detail)); it was left untouched. "
                + "Choose another file with --db or CAPSIM_DB, or --no-db"
        case let .newerSchema(path, unknown):
            return "\(path) was written by a newer capsim (schema migrations \(unknown.joined(separator: ", ")) are unknown "
                + "to this version); it was left untouched. Upgrade capsim, or choose another file with --db"
        case let .unwritable(path, reason):
            return "cannot write the run history \(path): \(reason)"
        case let .unknownRun(prefix, closest):
            return "no run has an id starting with \"\(prefix)\""
                + (closest.isEmpty ? " (the history is empty)" : "; the closest: \(closest.joined(separator: ", "))")
        case let .ambiguousRun(prefix, candidates):
            return "\"\(prefix)\" is the start of \(candidates.count) run ids: \(candidates.joined(separator: ", ")); give more digits"
        case let .malformedID(text):
            return "\"\(text)\" is not a run id: give at least \(RunID.minimumPrefixLength) of its hexadecimal digits (0-9, a-f)"
        case let .unreadable(path, detail):
            return "cannot read the run history \(path): \(detail)"
        case let .refused(detail):
            return detail
        }
    }

    /// The history error that an SQLite failure on `path` means.
    ///
    /// "Not a database" is the wrong file; disk full, read-only, permission, I/O and lock
    /// time-outs are a right file that cannot be written now, each with the words a user
    /// acts on rather than SQLite's code.
    static func from(_ error: any Error, path: String) -> HistoryError {
        if let error = error as? HistoryError { return error }
        guard let error = error as? DatabaseError else {
            return .unwritable(path: path, reason: String(describing: error))
        }
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return .notSQLite(path: path)
        case .SQLITE_FULL:
            return .unwritable(path: path, reason: "the disk is full")
        case .SQLITE_READONLY:
            return .unwritable(path: path, reason: "the file or its folder is read-only")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return .unwritable(path: path, reason: "permission denied or no such folder (SQLite cannot open the file"
                + " and its -wal and -shm files beside it)")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .unwritable(path: path, reason: "another process held it locked for longer than \(Int(RunHistory.busyTimeout)) s")
        case .SQLITE_IOERR:
            return .unwritable(path: path, reason: "input/output error (\(error.message ?? "SQLite I/O error"))")
        case .SQLITE_CORRUPT:
            return .unreadable(path: path, detail: "the database is corrupt (\(error.message ?? "malformed"))")
        default:
            return .unwritable(path: path, reason: error.message ?? "SQLite error \(error.extendedResultCode.rawValue)")
        }
    }
}
