import Foundation
import GRDB
import Results
import XCTest

/// The run history under faults, for real: files that are not histories, a read-only
/// folder, a full disk, processes killed with SIGKILL while they record, and two processes
/// recording into one file at once.
final class HistoryFaultTests: XCTestCase {
    typealias Folder = HistoryCommandTests.HistoryFolder

    /// A week of light load: 10,080 minutes of series to record, little to simulate.
    static let lightWeek = MinimalScenario.replacing([("rate_per_tenant: 2/s", "rate_per_tenant: 2/m"), ("horizon: 1h", "horizon: 7d")])

    // MARK: Files that are not a history of this capsim

    struct FileState: Equatable {
        var bytes: Data
        var modified: timespec

        init(_ path: String) throws {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            var info = stat()
            XCTAssertEqual(stat(path, &info), 0)
            modified = info.st_mtim
        }

        static func == (a: FileState, b: FileState) -> Bool {
            a.bytes == b.bytes && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
        }
    }

    func testFilesThatAreNotHistoriesAreRefusedUntouched() throws {
        let folder = try Folder()
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        let text = folder.url.appendingPathComponent("notes.txt").path
        try Data("not a database\n".utf8).write(to: URL(fileURLWithPath: text))
        let png = folder.url.appendingPathComponent("chart.png").path
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            .write(to: URL(fileURLWithPath: png))
        let foreign = folder.url.appendingPathComponent("app.sqlite").path
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE note (body TEXT); INSERT INTO note VALUES ('x')") }
        let newer = folder.url.appendingPathComponent("newer.sqlite").path
        let made = try CLI.run(["run", scenario.path, "--horizon", "5m", "--db", newer])
        XCTAssertEqual(made.status, 0, made.summary)
        try DatabaseQueue(path: newer).writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('2099-01-v9-future')")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let cases: [(String, String)] = [
            (text, "is not a capsim run history (not an SQLite database)"),
            (png, "is not a capsim run history (not an SQLite database)"),
            (foreign, "is an SQLite database of another program (tables note, and no capsim application_id)"),
            (newer, "was written by a newer capsim (schema migrations 2099-01-v9-future are unknown"),
        ]
        for (path, message) in cases {
            let before = try FileState(path)
            Thread.sleep(forTimeInterval: 0.02)
            for command in [["run", scenario.path, "--horizon", "5m"], ["runs", "list"]] {
                let outcome = try CLI.run(command + ["--db", path])
                XCTAssertEqual(outcome.status, 2, outcome.summary)
                XCTAssertTrue(outcome.stderr.hasPrefix("capsim: \(path) \(message)"), outcome.summary)
                XCTAssertEqual(outcome.stdout, "", "refused before simulating\n\(outcome.summary)")
            }
            XCTAssertEqual(try FileState(path), before, "\(path) changed")
        }
    }

    // MARK: Unwritable histories: report printed, exit 4

    /// Root writes into read-only folders; the run drops the capability that allows it.
    static func withoutOverride() throws -> [String] {
        guard geteuid() == 0 else { return [] }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("running as root without /usr/bin/setpriv: a read-only folder cannot be made to refuse root")
        }
        return ["/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    }

    func testReadOnlyFolderPrintsTheReportAndExits4() throws {
        let wrapper = try Self.withoutOverride()
        let folder = try Folder()
        let scenario = try TemporaryScenario(MinimalScenario.text, name: "minimal.yaml")
        let first = try CLI.run(["run", scenario.path, "--horizon", "5m", "--db", folder.database])
        XCTAssertEqual(first.status, 0, first.summary)
        let before = try FileState(folder.database)
        XCTAssertEqual(chmod(folder.url.path, 0o555), 0)
        defer { chmod(folder.url.path, 0o755) }
        for path in [folder.database, folder.url.appendingPathComponent("new.sqlite").path] {
            let outcome = try CLI.run(["run", scenario.path, "--horizon", "5m", "--db", path], wrapper: wrapper)
            XCTAssertEqual(outcome.status, 4, outcome.summary)
            XCTAssertTrue(outcome.stdout.contains("capsim run — minimal"), "the report is printed\n\(outcome.summary)")
            XCTAssertFalse(outcome.stdout.contains("Recorded as run"), outcome.summary)
            XCTAssertTrue(outcome.stderr.contains("capsim: the run was not recorded: cannot write the run history \(path)"),
                          outcome.summary)
        }
        XCTAssertEqual(try FileState(folder.database), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("new.sqlite").path))
    }

    /// A real full disk: a 256 KiB tmpfs, which a week's series does not fit. Needs root and
    /// the right to mount; skipped elsewhere.
    func testFullDiskPrintsTheReportAndExits4() throws {
        let folder = try Folder()
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=256k", "capsim-full-disk-test", folder.url.path]
        mount.standardError = FileHandle.nullDevice
        guard geteuid() == 0, (try? mount.run()) != nil, { mount.waitUntilExit(); return mount.terminationStatus == 0 }() else {
            throw XCTSkip("cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN); the full disk is tested in StoreTests/FaultTests")
        }
        defer {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = [folder.url.path]
            try? unmount.run()
            unmount.waitUntilExit()
        }
        let scenario = try TemporaryScenario(Self.lightWeek, name: "week.yaml")
        let outcome = try CLI.run(["run", scenario.path, "--db", folder.database])
        XCTAssertEqual(outcome.status, 4, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("capsim run — minimal"), outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("the run was not recorded: cannot write the run history \(folder.database): the disk is full"),
                      outcome.summary)
        let queue = try DatabaseQueue(path: folder.database)
        try queue.read { db in
            XCTAssertEqual(try String.fetchOne(db, sql: "PRAGMA integrity_check"), "ok")
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM run"), 0)
        }
    }

    // MARK: Processes killed while recording

    /// Checks the history at `path`: intact, and every run in it whole (as many series rows
    /// as its horizon has minutes, a summary that decodes). Returns how many runs it holds.
    static func checkWhole(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            XCTAssertEqual(try String.fetchOne(db, sql: "PRAGMA integrity_check"), "ok", file: file, line: line)
            guard try db.tableExists("run") else { return 0 }
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.id, r.horizonSeconds, r.summary, (SELECT count(*) FROM runMinute WHERE runNumber = r.number) AS minutes
                FROM run AS r
                """)
            for row in rows {
                let id: String = row["id"]
                XCTAssertEqual(row["minutes"] as Int, Int((row["horizonSeconds"] as Double) / 60), "run \(id) is not whole", file: file, line: line)
                XCTAssertNoThrow(try JSONDecoder().decode(RunSummary.self, from: Data((row["summary"] as String).utf8)),
                                 "run \(id)'s summary does not decode", file: file, line: line)
            }
            return rows.count
        }
    }

    /// SIGKILL at seeded random moments spread over whole runs, recording included; after
    /// each kill the history is intact and holds whole runs only. Both outcomes must occur:
    /// runs that landed before the kill and runs that did not.
    func testKilledRunsLeaveWholeRunsOrNothing() throws {
        let folder = try Folder()
        let scenario = try TemporaryScenario(Self.lightWeek, name: "week.yaml")
        let arguments = ["run", scenario.path, "--jobs", "1", "--db", folder.database]
        // One undisturbed run, timed: the kills are spread over 0 to 1.15 times its length.
        let started = Date()
        let whole = try CLI.run(arguments)
        let length = Date().timeIntervalSince(started)
        XCTAssertEqual(whole.status, 0, whole.summary)
        var generator = SplitMix(seed: 20261203)
        var (landed, lost, whileRecording) = (0, 0, 0)
        var runs = try Self.checkWhole(folder.database)
        let rounds = 24
        for round in 0..<rounds {
            let delay = Double(generator.next() % 10_000) / 10_000 * length * 1.15
            let process = Process()
            process.executableURL = try CLI.executable()
            process.arguments = arguments
            process.currentDirectoryURL = CLI.repositoryRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Pages in the write-ahead log that no process folded back: written by a
            // transaction the kill cut short (the log is emptied when a run's connection
            // closes, and by the check below).
            var log = stat()
            let pending = stat(folder.database + "-wal", &log) == 0 && log.st_size > 0
            let now = try Self.checkWhole(folder.database)
            XCTAssertTrue(now == runs || now == runs + 1, "round \(round) (kill after \(delay) s): \(runs) runs became \(now)")
            if now > runs { landed += 1 } else { lost += 1 }
            if now == runs && pending { whileRecording += 1 }
            runs = now
        }
        print("HistoryFaultTests: \(rounds) kills over \(String(format: "%.2f", length * 1.15)) s runs: \(landed) runs landed, "
              + "\(lost) left nothing, \(whileRecording) of them killed while writing the run's transaction")
        XCTAssertGreaterThan(landed, 0, "no run finished before its kill: the kills did not reach the recording phase")
        XCTAssertGreaterThan(lost, 0, "every run finished before its kill: no kill interrupted a run")
        // The survivors read back through the command line too.
        let list = try CLI.run(["runs", "list", "--format", "json", "--db", folder.database])
        XCTAssertEqual(list.status, 0, list.summary)
        XCTAssertEqual((try JSONAccess(text: list.stdout).value("runs") as? [Any])?.count, runs)
    }

    func testTwoProcessesRecordIntoOneFileAtOnce() throws {
        let folder = try Folder()
        let scenario = try TemporaryScenario(Self.lightWeek, name: "week.yaml")
        let outcomes = ConcurrentOutcomes()
        let arguments = ["run", scenario.path, "--jobs", "1", "--db", folder.database]
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            outcomes.append(Result { try CLI.run(arguments) })
        }
        for outcome in outcomes.values {
            let outcome = try outcome.get()
            XCTAssertEqual(outcome.status, 0, outcome.summary)
        }
        XCTAssertEqual(try Self.checkWhole(folder.database), 2)
    }
}

/// A small seeded generator, so that the kill moments repeat from run to run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class ConcurrentOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Result<CLI.Outcome, any Error>] = []
    func append(_ result: Result<CLI.Outcome, any Error>) { lock.withLock { stored.append(result) } }
    var values: [Result<CLI.Outcome, any Error>] { lock.withLock { stored } }
}
