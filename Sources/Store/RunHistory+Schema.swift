import GRDB

// The history's schema, as named migrations.
//
// Policy (README, "Run history"):
// - A migration is never edited once released: a file written by one capsim must read the
//   same in every later one. A change of schema is a new migration appended to the list,
//   named for the month it was written and what it does ("2027-03-v2-trials").
// - Migrations use raw table and column names, never the record types: a migration
//   describes a past schema, the records describe the current one.
// - A capsim that finds migrations it does not know refuses the file without writing to
//   it (`HistoryError.newerSchema`): an older binary must not write rows that a newer
//   schema's invariants do not expect.

extension RunHistory {
    /// `PRAGMA application_id` of every capsim history: "caps" in ASCII. It sits in the
    /// file's header, so `file(1)` and capsim itself can tell a history from any other
    /// SQLite file before reading a table.
    package static let applicationID: Int32 = 0x6361_7073

    /// The identifiers of the migrations this capsim knows, in order.
    package static var knownMigrations: [String] { migrator.migrations }

    /// Every migration of the history, in the order they apply.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-12-v1-runs") { db in
            // 1. Set inside the migration's transaction: a file is marked as a history if
            //    and only if it holds the history's tables.
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            // 2. One row per recorded run, comparison or comparison variant.
            try db.execute(sql: """
                CREATE TABLE run (
                    -- The row's number in this file: small, so that the series rows that
                    -- point to it stay small. Never shown; ids are.
                    number INTEGER PRIMARY KEY,
                    -- 128 random bits in lower-case hex: the id people see and type.
                    id TEXT NOT NULL UNIQUE CHECK (length(id) = 32),
                    kind TEXT NOT NULL CHECK (kind IN ('run', 'compare', 'variant')),
                    -- A variant's comparison; removing the comparison removes its variants.
                    parentNumber INTEGER REFERENCES run(number) ON DELETE CASCADE,
                    variantIndex INTEGER,
                    variantName TEXT,
                    -- UTC, 'YYYY-MM-DD HH:MM:SS.SSS' (GRDB's form of a date): sorts as it reads.
                    startedAt TEXT NOT NULL,
                    wallSeconds REAL NOT NULL,
                    capsimVersion TEXT NOT NULL,
                    scenarioName TEXT NOT NULL,
                    scenarioSource TEXT NOT NULL,
                    scenarioText TEXT NOT NULL,
                    -- SHA-256 of scenarioText.
                    scenarioHash TEXT NOT NULL,
                    -- JSON array of the overrides (--set and the flags that stand for one).
                    overrides TEXT NOT NULL,
                    -- SHA-256 of the scenario text and the overrides that change more than
                    -- the configuration: equal for runs that differ only in configuration.
                    loadHash TEXT NOT NULL,
                    -- Configuration.contentHash; NULL for a comparison (see its variants).
                    configurationHash TEXT,
                    -- The 64-bit seed as a signed integer, as the JSON writes it.
                    seed INTEGER NOT NULL,
                    replications INTEGER NOT NULL,
                    horizonSeconds REAL NOT NULL,
                    -- Copies of summary values that `runs list` shows and filters on;
                    -- NULL for a comparison.
                    monthlyUSD REAL,
                    p50Ms REAL,
                    p95Ms REAL,
                    p99Ms REAL,
                    objectivesMet INTEGER,
                    -- capsim.run/v1 without the series rows (they are in runMinute), or
                    -- capsim.compare/v1.
                    summary TEXT NOT NULL,
                    CHECK ((kind = 'variant') = (parentNumber IS NOT NULL))
                )
                """)
            try db.execute(sql: "CREATE INDEX run_on_startedAt ON run(startedAt)")
            try db.execute(sql: "CREATE INDEX run_on_parentNumber ON run(parentNumber)")
            // 3. The per-minute series: a row per minute, not a JSON array. A week is
            //    10,080 rows; as JSON inside the summary it would be several megabytes.
            //    Without rowid, the primary key is the table: no second copy in an index.
            try db.execute(sql: """
                CREATE TABLE runMinute (
                    runNumber INTEGER NOT NULL REFERENCES run(number) ON DELETE CASCADE,
                    minute INTEGER NOT NULL,
                    arrivals INTEGER NOT NULL,
                    completed INTEGER NOT NULL,
                    errors INTEGER NOT NULL,
                    rejected INTEGER NOT NULL,
                    throttled INTEGER NOT NULL,
                    p50Ms REAL NOT NULL,
                    p95Ms REAL NOT NULL,
                    p99Ms REAL NOT NULL,
                    apiUtilization REAL NOT NULL,
                    webUtilization REAL NOT NULL,
                    databaseUtilization REAL NOT NULL,
                    poolWaiting REAL NOT NULL,
                    inFlight REAL NOT NULL,
                    apiDroplets INTEGER NOT NULL,
                    apiInRotation INTEGER NOT NULL,
                    webDroplets INTEGER NOT NULL,
                    webInRotation INTEGER NOT NULL,
                    PRIMARY KEY (runNumber, minute)
                ) WITHOUT ROWID
                """)
        }
        migrator.registerMigration("2026-12-v2-optimizations") { db in
            // 1. One row per `capsim optimize`: what it searched, how, and its plan once done.
            try db.execute(sql: """
                CREATE TABLE optimization (
                    number INTEGER PRIMARY KEY,
                    -- 128 random bits in lower-case hex, as a run's id.
                    id TEXT NOT NULL UNIQUE CHECK (length(id) = 32),
                    startedAt TEXT NOT NULL,
                    capsimVersion TEXT NOT NULL,
                    scenarioName TEXT NOT NULL,
                    scenarioSource TEXT NOT NULL,
                    scenarioText TEXT NOT NULL,
                    -- SHA-256 of scenarioText.
                    scenarioHash TEXT NOT NULL,
                    -- The space file and its text; empty when the space is the scenario's own.
                    spaceSource TEXT NOT NULL,
                    spaceText TEXT NOT NULL,
                    -- JSON array of the overrides (--set).
                    overrides TEXT NOT NULL,
                    -- JSON of the search's settings (seed, replications, budget, exhaustive…):
                    -- what a resumed search must repeat to give the same plan.
                    settings TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running', 'finished')),
                    -- capsim.plan/v1 once finished.
                    plan TEXT,
                    CHECK ((status = 'finished') = (plan IS NOT NULL))
                )
                """)
            // 2. One row per simulated replication of a candidate, written as it finishes:
            //    a resumed search reads these instead of simulating again.
            try db.execute(sql: """
                CREATE TABLE trial (
                    optimizationNumber INTEGER NOT NULL REFERENCES optimization(number) ON DELETE CASCADE,
                    -- Configuration.contentHash of the candidate.
                    configurationHash TEXT NOT NULL,
                    -- Which simulation: the full horizon, a peak-window probe, a load factor.
                    fidelity TEXT NOT NULL,
                    replication INTEGER NOT NULL,
                    -- The 64-bit seed as a signed integer.
                    seed INTEGER NOT NULL,
                    -- Requests simulated, the budget's unit.
                    requests INTEGER NOT NULL,
                    wallSeconds REAL NOT NULL,
                    -- The trial's outcome as JSON (objective measurements, cost, probe counts).
                    outcome TEXT NOT NULL,
                    PRIMARY KEY (optimizationNumber, configurationHash, fidelity, replication, seed)
                ) WITHOUT ROWID
                """)
        }
        return migrator
    }
}
