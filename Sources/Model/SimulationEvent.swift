import Results
import SimCore

/// The calendar's events: an enum tag and small integer payloads, so that an event is a few
/// bytes in the calendar's array and nothing on the heap.
///
/// Payloads are request slots, tiers and droplet slots. `epoch` values discard events whose
/// reason has passed (a timer for a wait that already ended, a boot of a droplet since
/// removed).
enum SimulationEvent: Sendable, Equatable {
    case arrival(source: Int32)
    case sliceDone(request: Int32)
    case databaseDone(epoch: UInt32)
    case roundTripDone(request: Int32)
    /// A transaction's `db_wait` ended and its latency is on the client side: the server
    /// connection goes back before the network time.
    case serverHoldEnded(request: Int32)
    /// `request` is a request slot, or a persistent client `c` as −(c + 1).
    case waitTimeout(request: Int32, epoch: UInt32)
    case reserveCheck(request: Int32, epoch: UInt32)
    case minuteTick
    case warmupEnd
    case controllerTick(tier: Int32)
    case dropletBooted(droplet: Int32, epoch: UInt32)
    case dropletHealthy(droplet: Int32, epoch: UInt32)
    case dropletReplace(droplet: Int32, epoch: UInt32)
    /// A scale-in's deregistration lag ended: the droplet leaves the rotation and shuts down.
    case deregistered(droplet: Int32, epoch: UInt32)
    /// A shut-down droplet's grace ended: it is destroyed.
    case graceEnded(droplet: Int32, epoch: UInt32)
    /// A droplet in rotation fails while serving.
    case dropletFailed(droplet: Int32, epoch: UInt32)
    /// The balancer's health checks found a failed droplet dead.
    case failureDetected(droplet: Int32, epoch: UInt32)
    /// Read-only node `node`'s earliest transaction is due (its `PostgresServer` epoch).
    case readOnlyDone(node: Int32, epoch: UInt32)
    /// The scenario's `faults[index]` happens.
    case scheduledFault(index: Int32)
    /// The database's primary fails at random (`database.mean_time_between_failures`).
    case databaseFailure(epoch: UInt32)
    /// A standby was promoted, or the primary replaced: transactions run again.
    case databaseRecovered(epoch: UInt32)
    /// A standby rebuilt after a promotion is ready to take over.
    case standbyRebuilt
}

/// How a request ended.
enum RequestOutcome: Equatable {
    case completed
    case servedByCDN
    case rejected
    case throttled
    case failed(ErrorCause)
}

/// One request in flight: a user's request, or an API call made while rendering a page.
///
/// Its state is everything the lifecycle of DESIGN §4 needs, so no closure is ever stored;
/// requests live in recycled slots of a flat table.
struct SimulatedRequest {
    /// What a request is queued for, if anything.
    enum Waiting: UInt8 { case none, worker, central, applicationPool, server, readOnlyConnection }

    var live = false
    var measured = false
    var isPage = false
    var storesInCache = false
    var regeneratesPage = false
    var holdsServer = false
    var holdsReserve = false
    var connectedClient = false
    /// Holds one of its tier's balancer connections, from dispatch to its answer.
    var holdsConnection = false
    /// Held its server connection when the primary failed: its round trip fails when its
    /// `db_wait` ends (`PlatformSimulation+Faults.swift`).
    var lostTransaction = false
    var waiting = Waiting.none
    var tier: Int8 = 0
    var group: Int32 = 0
    var tenant: Int32 = 0
    var target: Int32 = 0
    var parent: Int32 = -1
    /// The entry of the tenant group's mix that drew this request (top-level requests).
    var mixEntry: Int32 = 0
    var worker: Int32 = -1
    var applicationConnection: Int32 = -1
    var stepsLeft: Int32 = 0
    var callIndex: Int32 = 0
    var waitEpoch: UInt32 = 0
    /// Seconds from the start.
    var arrival = 0.0
    /// CPU seconds of each of its slices on its tier's processes.
    var sliceCPU = 0.0
    /// When its current wait began, in seconds.
    var waitStart = 0.0
    /// Seconds spent queued for a process, summed over its slices.
    var queueWait = 0.0
    /// The read-only node whose connection this request holds or waits for, in its current
    /// round trip; -1 when none (README "Read-only nodes").
    var readOnlyNode: Int8 = -1
}
