import Foundation
import GRDB

/// The run history: one SQLite file holding every recorded `capsim run` and `capsim
/// compare`, with their summaries and per-minute series.
///
/// The file is shared. Two capsim processes may record into it at once: it is in WAL mode,
/// a writer waits up to ``busyTimeout`` for another's transaction, and a run is written in
/// one transaction (its row, its series and, for a comparison, every variant's), so a
/// process killed at any moment leaves the whole run or nothing of it.
///
/// The file is also the user's, and may be something else entirely: ``open(at:)`` reads
/// it first without write access and refuses a file that is not SQLite, another
/// program's database, or a history written by a newer capsim, before any write or journal
/// change could alter it. Only then is it opened for writing and migrated.
///
/// What the history does not do: it keeps no connection to the simulation and takes no
/// clock reading; callers hand it plain values (``Recording``) and get plain values back.
///
/// ## Topics
/// - Opening: ``open(at:)``, ``inMemory()``
/// - Writing: ``record(_:)``, ``remove(_:)``, ``collectGarbage(keeping:)``
/// - Reading: ``runs(matching:)``, ``resolve(_:)``, ``storedRun(_:)``
package struct RunHistory: Sendable {
    /// How long a writer waits for another process's transaction, in seconds: long enough
    /// for any recording (a week's series is written in well under a second), short enough
    /// that a stuck process is reported.
    package static let busyTimeout: TimeInterval = 30

    /// The file, as given (for messages).
    package let path: String
    let queue: DatabaseQueue

    /// Opens the history at `path` for reading and writing, creating it when the file does
    /// not exist or is empty, and migrating it to the current schema.
    ///
    /// - Throws: ``HistoryError``: `.notSQLite`, `.foreign` or `.newerSchema` for a file
    ///   that must not be touched (it is left byte for byte as it was); `.unwritable` when
    ///   the file or its folder cannot be written.
    /// - warning: The folder must exist; the caller decides whether to create it.
    package static func open(at path: String) throws(HistoryError) -> RunHistory {
        try inspect(path)
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            configuration.journalMode = .wal
            configuration.label = "capsim history"
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { try Self.verify($0, path: path) }
            let history = RunHistory(path: path, queue: queue)
            try history.migrate()
            return history
        } catch {
            throw HistoryError.from(error, path: path)
        }
    }

    /// A history in memory, for tests and for commands that record nothing.
    package static func inMemory() throws(HistoryError) -> RunHistory {
        do {
            let history = RunHistory(path: ":memory:", queue: try DatabaseQueue())
            try history.migrate()
            return history
        } catch {
            throw HistoryError.from(error, path: ":memory:")
        }
    }

    /// Runs the migrations this file lacks, each in its own immediate transaction.
    ///
    /// Two processes that create one new file at the same moment both find no migration
    /// applied; the second then fails to create tables the first just made. That failure
    /// is not an error when, read again, the file turns out complete.
    private func migrate() throws {
        do {
            try Self.migrator.migrate(queue)
        } catch {
            guard try queue.read({ try Self.migrator.hasCompletedMigrations($0) }) else { throw error }
        }
    }

    /// Refuses, without writing a byte, a file that is not a capsim history of this
    /// version or an older one. A missing or empty file passes: it becomes a new history.
    ///
    /// Read-only matters: opening a file for writing may create a journal, and GRDB's WAL
    /// set-up would rewrite the header of any SQLite file it is given.
    static func inspect(_ path: String) throws(HistoryError) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .refused("\(path) is not a regular file; name a file for the run history (--db or CAPSIM_DB)")
        }
        guard info.st_size > 0 else { return }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            try queue.read { try verify($0, path: path) }
        } catch {
            throw HistoryError.from(error, path: path)
        }
    }

    /// Throws unless the database is empty or a capsim history this version can write.
    ///
    /// Run twice: on a read-only connection before anything is written, and again on the
    /// writing connection before migrating, in case another process changed the file in
    /// between. A file whose only table is GRDB's empty migration list is a history being
    /// created by another capsim at this moment (its first migration not yet committed).
    static func verify(_ db: Database, path: String) throws {
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """)
        if application == applicationID {
            let migrator = Self.migrator
            if try migrator.hasBeenSuperseded(db) {
                let known = Set(migrator.migrations)
                throw HistoryError.newerSchema(path: path, unknownMigrations: try migrator.appliedIdentifiers(db).subtracting(known).sorted())
            }
        } else if application != 0 {
            throw HistoryError.foreign(path: path, detail: String(format: "application_id 0x%08x, not capsim's 0x%08x",
                                                                   application, applicationID))
        } else if !tables.isEmpty && tables != ["grdb_migrations"] {
            let listed = tables.prefix(3).joined(separator: ", ") + (tables.count > 3 ? ", …" : "")
            throw HistoryError.foreign(path: path, detail: "tables \(listed), and no capsim application_id")
        }
    }
}
