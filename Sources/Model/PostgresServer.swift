import HeapModule
import SimCore

/// The managed Postgres server's cores, shared among the active transactions.
///
/// Processor sharing over `cores`, by virtual time: each of n active transactions is served
/// at rate min(1, c/n) of a core, slowed further by the contention factor once n exceeds the
/// c cores (DESIGN §4 "Database"). A transaction's finish tag is the virtual time at which
/// its demand is met, so only the earliest tag needs a calendar event; that event carries
/// `epoch`, and a change in the active set makes it stale instead of searching the calendar.
struct PostgresServer {
    /// An active transaction, ordered by finish tag (virtual seconds), then by request slot
    /// so that equal tags finish in one fixed order.
    struct Transaction: Comparable {
        var finishTag: Double
        var request: Int32
        static func < (a: Transaction, b: Transaction) -> Bool {
            a.finishTag != b.finishTag ? a.finishTag < b.finishTag : a.request < b.request
        }
    }

    /// The plan's vCPUs.
    let cores: Double
    /// Demand inflation per active transaction beyond the cores, per core.
    let contention: Double
    private(set) var transactions = Heap<Transaction>()
    /// Core-seconds each active transaction has received since the start.
    private(set) var virtualTime = 0.0
    /// When `virtualTime` was last brought up to date, in seconds.
    private(set) var virtualUpdated = 0.0
    /// The epoch of the one `databaseDone` event that is still valid.
    private(set) var epoch: UInt32 = 0
    /// When that event is due, in seconds; infinity when none is pending.
    private(set) var scheduled = Double.infinity
    /// Set when the active set changed: the coordinator calls `reschedule(at:)` after the
    /// event, once however many transactions started or finished during it.
    private(set) var needsReschedule = false
    /// Transactions started since the start (warm-up included).
    private(set) var transactionCount = 0
    /// Busy fraction of the cores, and active transactions, over time.
    private(set) var busy = TimeWeightedMean()
    private(set) var active = TimeWeightedMean()

    init(cores: Double, contention: Double) {
        self.cores = cores
        self.contention = contention
    }

    /// The rate at which each of `active` transactions is served, in core-seconds per second.
    @inline(__always)
    func serviceRate(active: Int) -> Double {
        let n = Double(active)
        guard n > cores else { return 1 }
        return (cores / n) / (1 + contention * (n - cores) / cores)
    }

    @inline(__always)
    private mutating func advanceVirtualTime(to now: Double) {
        if !transactions.isEmpty {
            virtualTime += (now - virtualUpdated) * serviceRate(active: transactions.count)
        }
        virtualUpdated = now
    }

    @inline(__always)
    private mutating func updateLevels(at now: Double) {
        let count = Double(transactions.count)
        active.update(to: count, at: now)
        busy.update(to: min(count, cores) / cores, at: now)
    }

    /// Starts `request`'s transaction of `demand` core-seconds.
    @inline(__always)
    mutating func begin(request: Int32, demand: Double, at now: Double) {
        advanceVirtualTime(to: now)
        transactions.insert(Transaction(finishTag: virtualTime + demand, request: request))
        transactionCount += 1
        needsReschedule = true
        updateLevels(at: now)
    }

    /// Opens the completion of the transactions due at a `databaseDone` event: returns the
    /// virtual time up to which they have finished, or `nil` when the event is stale.
    /// `finishedTransaction(through:)` then hands them out one by one, and `endCompletion(at:)`
    /// closes the pass.
    @inline(__always)
    mutating func beginCompletion(epoch: UInt32, at now: Double) -> Double? {
        guard epoch == self.epoch else { return nil }
        scheduled = .infinity
        advanceVirtualTime(to: now)
        // A small tolerance absorbs rounding in the virtual clock. It must also cover what
        // remains of a transaction that is shorter than the resolution of `now`: such a
        // transaction's completion is due at `now` itself, and were it not finished here it
        // would be rescheduled at the same instant forever (seen at very low load, late in a
        // long horizon, where `now` is large and `virtualTime` small).
        let clockResolution = now.ulp * serviceRate(active: transactions.count)
        return virtualTime + max(1e-12 * max(1, virtualTime), clockResolution)
    }

    /// Removes and returns the request of the earliest transaction finished by `limit`.
    @inline(__always)
    mutating func finishedTransaction(through limit: Double) -> Int32? {
        guard let first = transactions.min, first.finishTag <= limit else { return nil }
        return transactions.removeMin().request
    }

    @inline(__always)
    mutating func endCompletion(at now: Double) {
        needsReschedule = true
        updateLevels(at: now)
    }

    /// When the earliest active transaction now finishes, if that differs from the pending
    /// event: the caller schedules `databaseDone(epoch:)` then. `nil` when the pending event
    /// still holds or nothing is active.
    @inline(__always)
    mutating func reschedule(at now: Double) -> Double? {
        needsReschedule = false
        guard let first = transactions.min else {
            scheduled = .infinity
            return nil
        }
        advanceVirtualTime(to: now)
        let due = now + max(0, first.finishTag - virtualTime) / serviceRate(active: transactions.count)
        if due == scheduled { return nil }
        epoch &+= 1
        scheduled = due
        return due
    }

    /// The primary failed: every active transaction ends unfinished. Returns their requests,
    /// in finish-tag order; the pending `databaseDone` event becomes stale.
    mutating func abortAll(at now: Double) -> [Int32] {
        advanceVirtualTime(to: now)
        var aborted: [Int32] = []
        aborted.reserveCapacity(transactions.count)
        while let transaction = transactions.popMin() { aborted.append(transaction.request) }
        epoch &+= 1
        scheduled = .infinity
        needsReschedule = true
        updateLevels(at: now)
        return aborted
    }

    /// Utilisation and concurrency restart at the end of the warm-up.
    mutating func resetMeasures(at now: Double) {
        busy.reset(at: now)
        active.reset(at: now)
    }

    func checkInvariants(at now: Double) throws(InvariantViolation) {
        let name = "PostgresServer"
        try InvariantViolation.require(active.value == Double(transactions.count), name,
                                       "active level \(active.value) but \(transactions.count) transactions")
        try InvariantViolation.require(virtualUpdated <= now, name, "virtual clock updated at \(virtualUpdated), after now (\(now))")
        try InvariantViolation.require(!needsReschedule, name, "a change in the active set was not rescheduled")
        try InvariantViolation.require(transactions.isEmpty || scheduled >= now, name,
                                       "\(transactions.count) active transactions but the next completion is due at \(scheduled), before now (\(now))")
    }
}
