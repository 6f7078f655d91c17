import DequeModule
import Scenarios
import SimCore

/// What the event loop needs to route reads (README "Read-only nodes"), built once per
/// replication from the scenario: flat per-operation tables, no strings.
struct ReadRouting {
    /// Whether any read can reach a read-only node: the scenario has nodes and some operation
    /// reads from them. When not, the hot path checks this one flag and nothing else.
    let isActive: Bool
    /// Per operation: whether its transactions read on a read-only node.
    let readsReplica: [Bool]
    /// Per operation: the most lag its reads accept, seconds; infinity when unbounded (no draw).
    let maxStaleness: [Double]
    let lag: Sampler

    init(_ scenario: Scenario) {
        readsReplica = scenario.operations.map { $0.reads == .replica && $0.kind == .query }
        maxStaleness = scenario.operations.map { $0.maxStaleness ?? .infinity }
        isActive = scenario.database.readOnly.count > 0 && readsReplica.contains(true)
        lag = Sampler(scenario.database.readOnly.replicationLag)
    }
}

/// The read-only nodes: each its own cores (a `PostgresServer` over its plan's vCPUs) and its
/// own connection limit (its plan's backend connections), with a first-come-first-served
/// queue of the reads waiting for a connection.
///
/// DigitalOcean's connection pools serve the primary only (see `ReadOnlyNodeSettings`), so a
/// read takes a direct connection to its node for one round trip: the application's replica
/// pools together hold at most the node's connections, and a read that finds them all busy
/// waits for the next one to come back instead of being refused.
struct ReadOnlyNodes {
    var servers: [PostgresServer]
    /// Connections each node accepts (25 per GiB minus 3 reserved, DigitalOcean's rule).
    let connectionLimit: Int
    private(set) var connectionsInUse: [Int]
    /// Request slots waiting for a connection, per node.
    private(set) var waiters: [Deque<Int32>]
    private(set) var connectionLevels: [TimeWeightedMean]
    private(set) var peakConnections: [Int]
    /// Measured reads served by a node, and measured reads sent to the primary because the
    /// lag drawn exceeded their `max_staleness`.
    private(set) var replicaReads = 0
    private(set) var redirectedReads = 0
    /// Measured reads that waited for a node's connection, and their waits in seconds.
    private(set) var connectionWait = Tally()
    private(set) var waitedReads = 0

    init(count: Int, cores: Double, contention: Double, connectionLimit: Int) {
        servers = Array(repeating: PostgresServer(cores: cores, contention: contention), count: count)
        self.connectionLimit = connectionLimit
        connectionsInUse = Array(repeating: 0, count: count)
        waiters = Array(repeating: Deque(), count: count)
        connectionLevels = Array(repeating: TimeWeightedMean(), count: count)
        peakConnections = Array(repeating: 0, count: count)
    }

    var count: Int { servers.count }

    /// Connections a node serves at once: its plan's backend connections, and, when the API
    /// processes pool their connections (`app_pool_size`), no more than one such pool per
    /// process for each node (node-postgres keeps a `Pool` per host), counted over the API
    /// tier's initial processes.
    static func connectionLimit(_ database: DatabaseSettings, model: PlatformModel) -> Int {
        let plan = database.readOnlyPlan.backendConnections
        guard let pool = database.applicationPoolSize else { return plan }
        let api = model.tiers[PlatformModel.apiTier]
        return min(plan, pool * api.initialDroplets * api.workersPerDroplet)
    }

    /// The node with the fewest reads on it (connected or waiting), the lowest index on a tie:
    /// deterministic, draws nothing, and never sends a read to a queue while another node
    /// has room. Round-robin would also be deterministic, but it ignores that reads differ
    /// in length and would queue behind a slow read while the other node idles.
    func leastBusyNode() -> Int {
        var best = 0
        var bestLoad = Int.max
        for node in servers.indices {
            let load = connectionsInUse[node] + waiters[node].count
            if load < bestLoad {
                best = node
                bestLoad = load
            }
        }
        return best
    }

    /// A connection of `node` for `request` at once, or `false` when the request now waits.
    mutating func connect(_ request: Int32, to node: Int, at now: Double) -> Bool {
        guard connectionsInUse[node] < connectionLimit else {
            waiters[node].append(request)
            return false
        }
        connectionsInUse[node] += 1
        connectionLevels[node].update(to: Double(connectionsInUse[node]), at: now)
        peakConnections[node] = max(peakConnections[node], connectionsInUse[node])
        return true
    }

    /// A read's connection comes back: it goes to the oldest waiter of that node, whose slot
    /// is returned, or closes.
    mutating func release(node: Int, at now: Double) -> Int32? {
        if let next = waiters[node].popFirst() { return next }
        connectionsInUse[node] -= 1
        connectionLevels[node].update(to: Double(connectionsInUse[node]), at: now)
        return nil
    }

    mutating func countReplicaRead() { replicaReads += 1 }
    mutating func countRedirectedRead() { redirectedReads += 1 }
    mutating func recordConnectionWait(_ seconds: Double) {
        connectionWait.add(seconds)
        if seconds > 0 { waitedReads += 1 }
    }

    /// Levels restart at the end of the warm-up.
    mutating func resetMeasures(at now: Double) {
        for node in servers.indices {
            servers[node].resetMeasures(at: now)
            connectionLevels[node].reset(at: now)
        }
    }

    func checkInvariants(at now: Double) throws(InvariantViolation) {
        for node in servers.indices {
            try servers[node].checkInvariants(at: now)
            try InvariantViolation.require((0...connectionLimit).contains(connectionsInUse[node]), "ReadOnlyNodes",
                                           "node \(node): \(connectionsInUse[node]) connections, limit \(connectionLimit)")
            try InvariantViolation.require(waiters[node].isEmpty || connectionsInUse[node] == connectionLimit, "ReadOnlyNodes",
                                           "node \(node): \(waiters[node].count) reads wait while connections are free")
        }
    }
}
