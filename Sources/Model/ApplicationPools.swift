import DequeModule

/// The node-postgres `Pool` of each API process: connections open lazily up to the pool
/// size and then stay open, each one a PgBouncer client; in session mode an open connection
/// keeps its PgBouncer server connection.
///
/// Connections are numbered `process × size + i`. A process's connections are, at any time,
/// idle, closed, or used by exactly one request; requests that find none wait in the
/// process's queue, first come first served.
struct ApplicationPools {
    /// Connections per process; 0 when the application connects to PgBouncer directly.
    let size: Int
    private let idle: ConnectionStacks
    private let closed: ConnectionStacks
    private var waiters: [Deque<Int32>]
    /// In session mode: whether each connection holds a server connection, and whether that
    /// one came from the reserve pool.
    private var hasServer: [Bool]
    private var holdsReserve: [Bool]

    /// `processes` pools of `size` connections, all closed.
    init(processes: Int, size: Int) {
        self.size = size
        guard size > 0 else {
            idle = ConnectionStacks(processes: 0, capacity: 0)
            closed = ConnectionStacks(processes: 0, capacity: 0)
            waiters = []
            hasServer = []
            holdsReserve = []
            return
        }
        closed = ConnectionStacks(processes: processes, capacity: size)
        idle = ConnectionStacks(processes: processes, capacity: size)
        waiters = Array(repeating: Deque<Int32>(), count: processes)
        hasServer = Array(repeating: false, count: processes * size)
        holdsReserve = hasServer
        for process in 0..<processes { closed.replace(process, with: Self.closedConnections(process: process, size: size)) }
    }

    /// A process's connections, all closed, stored in reverse so that they open in index order.
    private static func closedConnections(process: Int, size: Int) -> [Int32] {
        let base = Int32(process * size)
        return Array(stride(from: base + Int32(size) - 1, through: base, by: -1))
    }

    /// Takes an idle connection of `process`, if any.
    @inline(__always)
    func takeIdle(of process: Int) -> Int32? { idle.popLast(of: process) }

    /// The closed connection of `process` that would open next, if any.
    @inline(__always)
    func nextClosed(of process: Int) -> Int32? { closed.last(of: process) }

    /// Opens `nextClosed(of:)`, once PgBouncer accepted it as a client.
    @inline(__always)
    func open(of process: Int) { _ = closed.popLast(of: process) }

    /// A used connection becomes idle again.
    @inline(__always)
    func putIdle(_ connection: Int32, of process: Int) { idle.append(connection, to: process) }

    /// A used connection closes (PgBouncer disconnected it); it can open again later.
    func close(_ connection: Int32, of process: Int) { closed.append(connection, to: process) }

    mutating func wait(_ request: Int32, for process: Int) { waiters[process].append(request) }

    /// The request that has waited longest for a connection of `process`, removed from its queue.
    @inline(__always)
    mutating func nextWaiter(of process: Int) -> Int32? { waiters[process].popFirst() }

    @inline(__always)
    func holdsServer(_ connection: Int) -> Bool { hasServer[connection] }

    /// In session mode, `connection` keeps the server connection it was granted.
    @inline(__always)
    mutating func pinServer(to connection: Int, reserve: Bool) {
        hasServer[connection] = true
        holdsReserve[connection] = reserve
    }

    /// `connection` lets its server connection go: returns whether that was a reserve one,
    /// or `nil` when it held none.
    mutating func unpinServer(from connection: Int) -> Bool? {
        guard hasServer[connection] else { return nil }
        hasServer[connection] = false
        return holdsReserve[connection]
    }

    /// The idle connections of `process`, bottom first.
    func idleConnections(of process: Int) -> [Int32] { idle.connections(of: process) }

    /// `process` ended with its droplet: its pool is closed as at the start.
    func reset(_ process: Int) {
        idle.replace(process, with: [])
        closed.replace(process, with: Self.closedConnections(process: process, size: size))
    }

    /// Connections open (idle or in use) over all `processes`: each one a PgBouncer client.
    func openCount(processes: Int) -> Int {
        guard size > 0 else { return 0 }
        return (0..<processes).reduce(0) { $0 + size - closed.connections(of: $1).count }
    }

    /// Connections holding a server connection (session mode).
    var pinnedCount: Int { hasServer.lazy.filter { $0 }.count }

    /// Checks each process's connections are idle, closed or in use and none twice, with
    /// `inUse(process)` the connections its requests hold.
    func checkInvariants(processes: Int, inUse: (Int) -> [Int32]) throws(InvariantViolation) {
        guard size > 0 else { return }
        for process in 0..<processes {
            let idleOnes = idle.connections(of: process), closedOnes = closed.connections(of: process)
            let all = idleOnes + closedOnes + inUse(process)
            var seen = Array(repeating: false, count: size)
            for connection in all {
                let index = Int(connection) - process * size
                try InvariantViolation.require((0..<size).contains(index) && !seen[index], "ApplicationPools",
                                               "process \(process): connection \(connection) is not its own or is counted twice")
                seen[index] = true
            }
            try InvariantViolation.require(all.count == size, "ApplicationPools",
                                           "process \(process): \(idleOnes.count) idle, \(closedOnes.count) closed, \(all.count - idleOnes.count - closedOnes.count) in use, pool size \(size)")
            // A connection that closes (its client timed out) may leave waiters behind: they
            // wait for one in use, as node-postgres does. An idle one never stays idle.
            try InvariantViolation.require(waiters[process].isEmpty || idleOnes.isEmpty, "ApplicationPools",
                                           "process \(process): \(waiters[process].count) requests wait while \(idleOnes.count) connections are idle")
            for connection in closedOnes {
                try InvariantViolation.require(!hasServer[Int(connection)], "ApplicationPools",
                                               "closed connection \(connection) holds a server connection")
            }
        }
    }
}
