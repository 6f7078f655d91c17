/// The invariants of a replication between two events: each component's own, and those
/// that tie the components' counts to the requests in flight.
extension PlatformSimulation {
    /// Throws the first invariant found broken. Tests call it after every `step()`; a run
    /// never does, so its cost (a pass over the request slots, droplets and processes) is a
    /// test's alone.
    func checkInvariants() throws(InvariantViolation) {
        try database.checkInvariants(at: now)
        try readOnlyNodes.checkInvariants(at: now)
        try pgBouncer.checkInvariants()
        try workers.checkInvariants(layout: layout)
        try balancers.checkInvariants()
        try fleets.checkInvariants(rotation: balancers.rotation, inFlight: { balancers.inFlight(droplet: $0) },
                                   isDown: { balancers.isDown(droplet: $0) })
        try controller.checkInvariants()
        try databaseFailover.checkInvariants()

        var openAll = 0, openMeasured = 0, holdingServer = 0, connectedClients = 0, waitingForServer = 0
        var connectionsByTier = Array(repeating: 0, count: model.tiers.count)
        var heldByTier = Array(repeating: 0, count: model.tiers.count)
        var queuedByWorker: [Int: Int] = [:]
        var applicationConnectionsByWorker: [Int: [Int32]] = [:]
        for slot in requests.indices where requests[slot].live {
            let request = requests[slot]
            if request.parent < 0 {
                openAll += 1
                if request.measured { openMeasured += 1 }
            }
            if request.holdsConnection { connectionsByTier[Int(request.tier)] += 1 }
            if request.holdsServer { holdingServer += 1 }
            if request.connectedClient { connectedClients += 1 }
            if request.applicationConnection >= 0 {
                applicationConnectionsByWorker[Int(request.worker), default: []].append(request.applicationConnection)
            }
            switch request.waiting {
            case .server: waitingForServer += 1
            case .worker: queuedByWorker[Int(request.worker), default: 0] += 1
            case .central: heldByTier[Int(request.tier)] += 1
            case .none, .applicationPool, .readOnlyConnection: break
            }
        }
        try recorder.checkInvariants(openMeasured: openMeasured, openAll: openAll)
        let name = "PlatformSimulation"
        for tier in model.tiers.indices {
            try InvariantViolation.require(balancers.openConnections(tier: tier) == connectionsByTier[tier], name,
                                           "tier \(tier): the balancer holds \(balancers.openConnections(tier: tier)) connections, requests hold \(connectionsByTier[tier])")
            try InvariantViolation.require(balancers.heldCount(tier: tier) == heldByTier[tier], name,
                                           "tier \(tier): \(balancers.heldCount(tier: tier)) held in the central queue, \(heldByTier[tier]) requests wait there")
        }
        for worker in 0..<layout.workerCount {
            try InvariantViolation.require(workers.queued(on: worker) == queuedByWorker[worker, default: 0], name,
                                           "process \(worker): \(workers.queued(on: worker)) slices queued, \(queuedByWorker[worker, default: 0]) requests wait for it")
        }
        try InvariantViolation.require(pgBouncer.waitingCount == waitingForServer + persistentClients.waitingCount, name,
                                       "PgBouncer counts \(pgBouncer.waitingCount) waiting clients, \(waitingForServer) requests and \(persistentClients.waitingCount) persistent clients wait")
        let apiProcesses = model.tiers[PlatformModel.apiTier].workerSlots
        try applicationPools.checkInvariants(processes: apiProcesses, inUse: { applicationConnectionsByWorker[$0, default: []] })
        let clients = connectedClients + applicationPools.openCount(processes: apiProcesses) + persistentClients.connectedCount
        try InvariantViolation.require(pgBouncer.clientConnections == clients, name,
                                       "PgBouncer counts \(pgBouncer.clientConnections) clients, \(clients) are connected")
        let serversHeld = holdingServer + applicationPools.pinnedCount + persistentClients.holdingServer
        try InvariantViolation.require(pgBouncer.regularInUse + pgBouncer.reserveInUse == serversHeld, name,
                                       "PgBouncer has \(pgBouncer.regularInUse + pgBouncer.reserveInUse) server connections in use, \(serversHeld) are held")
    }
}
