import Scenarios

/// The session-mode clients that connect to PgBouncer at the start and stay for the run
/// (`pgbouncer.clients`): what each one holds or waits for.
///
/// They stand for the clients besides the API tier's node-postgres pools (background
/// workers, schedulers, another service): each takes a server connection from the same
/// pool, and keeps it, so the API tier shares what is left. In the calendar and in
/// PgBouncer's queue a client `c` is the request id −(c + 1), which no request slot uses.
struct PersistentClientTable {
    let onTimeout: PersistentClients.OnTimeout
    /// Per client: connected to PgBouncer now.
    private(set) var connected: [Bool]
    /// Per client: waiting in PgBouncer's queue, the wait's epoch, and since when (seconds).
    private(set) var waiting: [Bool]
    private(set) var waitEpoch: [UInt32]
    private(set) var waitStart: [Double]
    /// Clients holding a server connection (from the pool or the reserve pool).
    private(set) var holdingServer = 0
    /// Waits that ended in `query_wait_timeout`, warm-up included (the clients connect at 0).
    private(set) var timeouts = 0
    /// Connections refused past `max_client_conn`.
    private(set) var refused = 0

    init(_ clients: PersistentClients) {
        onTimeout = clients.onTimeout
        connected = Array(repeating: false, count: clients.count)
        waiting = connected
        waitEpoch = Array(repeating: 0, count: clients.count)
        waitStart = Array(repeating: 0, count: clients.count)
    }

    var count: Int { connected.count }

    /// The client of a queue or calendar id, which is negative.
    @inline(__always)
    static func client(ofID id: Int) -> Int { -id - 1 }

    @inline(__always)
    static func id(ofClient client: Int) -> Int32 { Int32(-client - 1) }

    /// Whether client `client` still waits in the wait `epoch`.
    @inline(__always)
    func isWaiting(_ client: Int, epoch: UInt32) -> Bool { waiting[client] && waitEpoch[client] == epoch }

    mutating func connect(_ client: Int) { connected[client] = true }

    mutating func refuse() { refused += 1 }

    mutating func startWait(_ client: Int, epoch: UInt32, at now: Double) {
        waiting[client] = true
        waitEpoch[client] = epoch
        waitStart[client] = now
    }

    /// The wait ended with a server connection, which the client keeps; returns how long it waited.
    mutating func grant(_ client: Int, at now: Double) -> Double {
        holdingServer += 1
        guard waiting[client] else { return 0 }
        waiting[client] = false
        return now - waitStart[client]
    }

    /// PgBouncer disconnected the client after `query_wait_timeout`; returns how long it waited.
    mutating func timeOut(_ client: Int, at now: Double) -> Double {
        waiting[client] = false
        connected[client] = false
        timeouts += 1
        return now - waitStart[client]
    }

    /// The database's primary failed: PgBouncer closed the client's connection, and with it
    /// the server connection it held or the wait it was in.
    mutating func lose(_ client: Int) {
        if connected[client] && !waiting[client] { holdingServer -= 1 }
        connected[client] = false
        waiting[client] = false
    }

    var connectedCount: Int { connected.lazy.filter { $0 }.count }
    var waitingCount: Int { waiting.lazy.filter { $0 }.count }
}
