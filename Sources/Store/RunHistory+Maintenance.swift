import Foundation
import GRDB

/// What `runs gc` did.
package struct GarbageCollection: Sendable, Equatable {
    /// Runs and comparisons removed (their variants not counted).
    package var removedRuns: Int
    /// The file's size before and after, in bytes, its write-ahead log included.
    package var bytesBefore: Int64
    package var bytesAfter: Int64
    /// Whether the file was rebuilt to give the freed pages back to the file system.
    package var vacuumed: Bool
}

extension RunHistory {
    /// Removes the runs `ids` (a comparison with its variants), all or none, in one
    /// transaction; returns how many rows went, variants and all.
    ///
    /// - Throws: `.refused` for a variant alone: a comparison without one of its variants
    ///   would no longer say what it compared. Remove the comparison instead.
    package func remove(_ ids: [RunID]) throws(HistoryError) -> Int {
        try perform { db in
            var removed = 0
            try db.inTransaction(.immediate) {
                for id in ids {
                    guard let run = try RunListing.fetchOne(db, sql: "SELECT \(RunListing.selection) FROM \(RunListing.from) WHERE r.id = ?",
                                                            arguments: [id.hex]) else {
                        continue // already removed by an earlier id (a comparison before its variant)
                    }
                    if run.kind == .variant, let parent = run.parentID, !ids.contains(parent) {
                        throw HistoryError.refused("\(id.shortForm) is the variant \"\(run.variantName ?? "")\" of comparison \(parent.shortForm); "
                                                   + "remove the comparison (capsim runs rm \(parent.shortForm)) to remove its variants")
                    }
                    let variants = try Int.fetchOne(db, sql: "SELECT count(*) FROM run AS r JOIN run AS parent ON r.parentNumber = parent.number WHERE parent.id = ?",
                                                    arguments: [id.hex]) ?? 0
                    try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [id.hex])
                    removed += db.changesCount + variants
                }
                return .commit
            }
            return removed
        }
    }

    /// Keeps the newest `count` runs and comparisons and removes the others with their
    /// variants and series; then gives the space back to the file system when at least a
    /// quarter of the file (and 1 MiB) is free.
    ///
    /// - Complexity: O(rows removed); a rebuild (VACUUM) rewrites the whole file.
    package func collectGarbage(keeping count: Int) throws(HistoryError) -> GarbageCollection {
        let before = fileSize()
        return try perform { db in
            var removed = 0
            try db.inTransaction(.immediate) {
                try db.execute(sql: """
                    DELETE FROM run WHERE parentNumber IS NULL AND number NOT IN (
                        SELECT number FROM run WHERE parentNumber IS NULL ORDER BY startedAt DESC, number DESC LIMIT ?)
                    """, arguments: [max(count, 0)])
                removed = db.changesCount
                return .commit
            }
            var vacuumed = false
            if removed > 0 {
                // Fold the WAL into the file first, so that the freelist counts what it holds.
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                let free = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
                if free * 4 >= pages && free * pageSize >= 1 << 20 {
                    try db.execute(sql: "VACUUM")
                    try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                    vacuumed = true
                }
            }
            return GarbageCollection(removedRuns: removed, bytesBefore: before, bytesAfter: fileSize(), vacuumed: vacuumed)
        }
    }

    /// The file's size in bytes with its write-ahead log, where recent transactions sit
    /// until a checkpoint; 0 in memory.
    func fileSize() -> Int64 {
        var total: Int64 = 0
        for file in [path, path + "-wal"] {
            var info = stat()
            if stat(file, &info) == 0 { total += Int64(info.st_size) }
        }
        return total
    }
}
