import Results
import SimCore

/// Reads on read-only nodes (README "Read-only nodes"): a round trip of an operation with
/// `reads: replica` takes a direct connection to the least busy node and runs its
/// transaction on that node's cores, unless the node's replication lag, drawn for reads that
/// bound it (`max_staleness`), is more than the read accepts: then it goes to the primary
/// through PgBouncer as any other round trip.
///
/// Nothing here runs unless `readRouting.isActive`: without read-only nodes a scenario draws
/// no lag and keeps its bytes.
extension PlatformSimulation {
    /// Starts `slot`'s round trip on a read-only node, or returns `false` when it belongs on
    /// the primary.
    // Off the hot path: a scenario without the feature never calls it, and inlined it
    // would grow the event loop's switch for every scenario.
    @inline(never)
    mutating func beginReadOnlyRoundTrip(_ slot: Int) -> Bool {
        let operation = Int(requests[slot].target)
        guard readRouting.readsReplica[operation] else { return false }
        let measured = requests[slot].measured
        let bound = readRouting.maxStaleness[operation]
        if bound.isFinite && readRouting.lag.sample(using: &replicationLagStream) > bound {
            if measured { readOnlyNodes.countRedirectedRead() }
            return false
        }
        if measured { readOnlyNodes.countReplicaRead() }
        let node = readOnlyNodes.leastBusyNode()
        requests[slot].readOnlyNode = Int8(node)
        if readOnlyNodes.connect(Int32(slot), to: node, at: now) {
            if measured { readOnlyNodes.recordConnectionWait(0) }
            startReadOnlyTransaction(slot, node: node)
        } else {
            requests[slot].waiting = .readOnlyConnection
            requests[slot].waitStart = now
        }
        return true
    }

    mutating func startReadOnlyTransaction(_ slot: Int, node: Int) {
        let operation = Int(requests[slot].target)
        let demand = model.operationQueryTime.sample(operation, using: &queryStreams[operation])
        tenantMeters.addDatabase(demand, tenant: Int(requests[slot].tenant))
        readOnlyNodes.servers[node].begin(request: Int32(slot), demand: demand, at: now)
    }

    /// The round trip is over with the node: its connection goes to the node's oldest
    /// waiting read, or closes.
    // Off the hot path: a scenario without the feature never calls it, and inlined it
    // would grow the event loop's switch for every scenario.
    @inline(never)
    mutating func releaseReadOnlyConnection(_ slot: Int) {
        let node = Int(requests[slot].readOnlyNode)
        requests[slot].readOnlyNode = -1
        guard let next = readOnlyNodes.release(node: node, at: now) else { return }
        let nextSlot = Int(next)
        requests[nextSlot].waiting = .none
        if requests[nextSlot].measured { readOnlyNodes.recordConnectionWait(now - requests[nextSlot].waitStart) }
        startReadOnlyTransaction(nextSlot, node: node)
    }

    /// As `completeTransactions(epoch:)` for the primary: each finished read keeps its
    /// connection for its `db_wait` and the network time, then its round trip ends.
    // Off the hot path: a scenario without the feature never calls it, and inlined it
    // would grow the event loop's switch for every scenario.
    @inline(never)
    mutating func completeReadOnlyTransactions(node: Int, epoch: UInt32) {
        guard let limit = readOnlyNodes.servers[node].beginCompletion(epoch: epoch, at: now) else { return }
        let clientSide = model.latencyOnClientSide
        while let slot = readOnlyNodes.servers[node].finishedTransaction(through: limit) {
            var hold = 0.0
            if model.anyDBWait {
                let operation = Int(requests[Int(slot)].target)
                hold = model.operationDBWait.sample(operation, using: &dbWaitStreams[operation])
            }
            if !clientSide { hold += model.constantRoundTripLatency ?? model.roundTripLatency.sample(using: &latencyStream) }
            if hold > 0 {
                calendar.schedule(clientSide ? .serverHoldEnded(request: slot) : .roundTripDone(request: slot), after: hold)
            } else {
                finishedScratch.append(slot)
            }
        }
        readOnlyNodes.servers[node].endCompletion(at: now)
        guard !finishedScratch.isEmpty else { return }
        for slot in finishedScratch { serverHoldEnded(Int(slot)) }
        finishedScratch.removeAll(keepingCapacity: true)
    }

    mutating func rescheduleReadOnlyNodes() {
        for node in 0..<readOnlyNodes.count where readOnlyNodes.servers[node].needsReschedule {
            if let due = readOnlyNodes.servers[node].reschedule(at: now) {
                calendar.schedule(.readOnlyDone(node: Int32(node), epoch: readOnlyNodes.servers[node].epoch), at: due)
            }
        }
    }
}

extension PlatformSimulation {
    /// What the read-only nodes measured; `nil` when no read could reach one.
    func readOnlyNodeMeasurements(level: (TimeWeightedMean) -> Double) -> ReadOnlyNodeMeasurements? {
        guard readRouting.isActive else { return nil }
        let nodes = readOnlyNodes.servers.indices.map { node in
            let server = readOnlyNodes.servers[node]
            return ReadOnlyNodeMeasurements.Node(
                cpuUtilization: level(server.busy), meanActiveTransactions: level(server.active),
                transactions: server.transactionCount, meanConnectionsInUse: level(readOnlyNodes.connectionLevels[node]),
                peakConnections: readOnlyNodes.peakConnections[node])
        }
        return ReadOnlyNodeMeasurements(replicaReads: readOnlyNodes.replicaReads, redirectedReads: readOnlyNodes.redirectedReads,
                                        connectionWait: readOnlyNodes.connectionWait, waitedReads: readOnlyNodes.waitedReads,
                                        connectionLimit: readOnlyNodes.connectionLimit, nodes: nodes)
    }
}
