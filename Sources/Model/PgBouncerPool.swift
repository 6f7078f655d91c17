import DequeModule
import DigitalOceanCatalog
import SimCore

/// PgBouncer in front of Postgres: its client connections, its pool of server connections
/// with the reserve pool, and the queue of clients waiting for one (DESIGN §4 "Database").
///
/// The pool counts connections and keeps the queue; which request holds what, and the timers
/// of a wait (`query_wait_timeout`, `reserve_pool_timeout`), are the caller's. Entries of the
/// queue whose wait ended (timed out, or granted a reserve connection out of turn) are left
/// in place and skipped when they reach the front: removing them from the middle would cost
/// a search, and the caller knows from the request's state whether a wait is still live.
struct PgBouncerPool {
    /// What `acquire(request:at:)` did.
    enum Acquisition {
        /// A server connection, from the reserve pool or not.
        case granted(reserve: Bool)
        /// The client waits in the queue; `epoch` tells this wait from earlier ones.
        case queued(epoch: UInt32)
    }

    let settings: PgBouncerSettings
    /// Session mode holds a server connection for a client's lifetime, transaction mode for
    /// each transaction.
    let isSessionMode: Bool
    private(set) var clientConnections = 0
    private(set) var peakClientConnections = 0
    /// Clients refused past `max_client_conn`.
    private(set) var refusedClients = 0
    /// Server connections in use from the pool and from the reserve pool.
    private(set) var regularInUse = 0
    private(set) var reserveInUse = 0
    /// Connections taken from the reserve pool.
    private(set) var reserveGrants = 0
    private(set) var peakServerConnections = 0
    /// The waiting clients, first come first served: a request slot (or a persistent
    /// client's negative id) in the high 32 bits and the wait's epoch in the low ones.
    private var waiters = Deque<UInt64>()
    /// Clients waiting now (the queue also holds ended waits).
    private(set) var waitingCount = 0
    private var waitEpochCounter: UInt32 = 0
    /// Server connections in use, and clients waiting, over time.
    private(set) var serversInUse = TimeWeightedMean()
    private(set) var serversWaiting = TimeWeightedMean()

    init(settings: PgBouncerSettings) {
        self.settings = settings
        isSessionMode = settings.mode == .session
    }

    /// A new client connection, or `false` when PgBouncer refuses it past `max_client_conn`.
    @inline(__always)
    mutating func connectClient() -> Bool {
        guard clientConnections < settings.maxClientConnections else {
            refusedClients += 1
            return false
        }
        clientConnections += 1
        peakClientConnections = max(peakClientConnections, clientConnections)
        return true
    }

    @inline(__always)
    mutating func disconnectClient() {
        clientConnections -= 1
    }

    /// A server connection for `request` at once when the pool has room (or the reserve pool,
    /// when its timeout is zero); else a place at the back of the queue.
    @inline(__always)
    mutating func acquire(request: Int32, at now: Double) -> Acquisition {
        if regularInUse < settings.poolSize {
            regularInUse += 1
            noteGranted(at: now)
            return .granted(reserve: false)
        }
        if settings.reservePoolSize > 0 && settings.reservePoolTimeout == 0 && reserveInUse < settings.reservePoolSize {
            reserveInUse += 1
            reserveGrants += 1
            noteGranted(at: now)
            return .granted(reserve: true)
        }
        waitEpochCounter &+= 1
        let epoch = waitEpochCounter
        waiters.append(UInt64(UInt32(bitPattern: request)) << 32 | UInt64(epoch))
        waitingCount += 1
        serversWaiting.update(to: Double(waitingCount), at: now)
        return .queued(epoch: epoch)
    }

    /// The entry at the front of the queue, whose wait may have ended.
    @inline(__always)
    var firstWaiter: (request: Int, epoch: UInt32)? {
        guard let head = waiters.first else { return nil }
        return (Int(Int32(bitPattern: UInt32(head >> 32))), UInt32(truncatingIfNeeded: head))
    }

    /// Drops the front entry of the queue, a wait that has ended.
    @inline(__always)
    mutating func dropFirstWaiter() {
        waiters.removeFirst()
    }

    /// Hands a released connection to the client at the front of the queue, whose wait the
    /// caller found live; a reserve connection counts as a reserve grant again.
    @inline(__always)
    mutating func handOverToFirstWaiter(reserve: Bool, at now: Double) {
        waiters.removeFirst()
        if reserve { reserveGrants += 1 }
        endWait(at: now)
        noteGranted(at: now)
    }

    /// Grants a reserve connection to a client that has waited `reserve_pool_timeout`, when
    /// the reserve pool has room.
    @inline(__always)
    mutating func grantReserve(at now: Double) -> Bool {
        guard reserveInUse < settings.reservePoolSize else { return false }
        reserveInUse += 1
        reserveGrants += 1
        endWait(at: now)
        noteGranted(at: now)
        return true
    }

    /// A waiting client gave up (`query_wait_timeout`); its entry stays in the queue.
    @inline(__always)
    mutating func abandonWait(at now: Double) {
        endWait(at: now)
    }

    /// A server connection nobody waits for goes back to its pool.
    @inline(__always)
    mutating func close(reserve: Bool, at now: Double) {
        if reserve { reserveInUse -= 1 } else { regularInUse -= 1 }
        serversInUse.update(to: Double(regularInUse + reserveInUse), at: now)
    }

    @inline(__always)
    private mutating func endWait(at now: Double) {
        waitingCount -= 1
        serversWaiting.update(to: Double(waitingCount), at: now)
    }

    @inline(__always)
    private mutating func noteGranted(at now: Double) {
        serversInUse.update(to: Double(regularInUse + reserveInUse), at: now)
        peakServerConnections = max(peakServerConnections, regularInUse + reserveInUse)
    }

    /// Connection levels restart at the end of the warm-up.
    mutating func resetMeasures(at now: Double) {
        serversInUse.reset(at: now)
        serversWaiting.reset(at: now)
    }

    func checkInvariants() throws(InvariantViolation) {
        let name = "PgBouncerPool"
        try InvariantViolation.require((0...settings.poolSize).contains(regularInUse), name,
                                       "\(regularInUse) server connections in use, pool size \(settings.poolSize)")
        try InvariantViolation.require((0...settings.reservePoolSize).contains(reserveInUse), name,
                                       "\(reserveInUse) reserve connections in use, reserve pool size \(settings.reservePoolSize)")
        try InvariantViolation.require((0...settings.maxClientConnections).contains(clientConnections), name,
                                       "\(clientConnections) clients, max_client_conn \(settings.maxClientConnections)")
        try InvariantViolation.require(waitingCount >= 0 && waitingCount <= waiters.count, name,
                                       "\(waitingCount) clients waiting but \(waiters.count) entries queued")
        try InvariantViolation.require(serversInUse.value == Double(regularInUse + reserveInUse), name,
                                       "servers-in-use level \(serversInUse.value), count \(regularInUse + reserveInUse)")
        try InvariantViolation.require(serversWaiting.value == Double(waitingCount), name,
                                       "waiting level \(serversWaiting.value), count \(waitingCount)")
        try InvariantViolation.require(waitingCount == 0 || regularInUse == settings.poolSize, name,
                                       "\(waitingCount) clients wait while \(settings.poolSize - regularInUse) pool connections are free")
    }
}
