import Results
import Scenarios

/// Faults: the scenario's scheduled ones (`faults:`), the primary's random failures, and what
/// a failure of the primary does to the connections (README "Standbys and failover").
///
/// When the primary fails, every server connection is reset. PgBouncer then closes the
/// clients waiting for a server connection and refuses new ones at once while it cannot log
/// in to a server ("fast fail": pgbouncer commit "Don't let clients queue in case no servers
/// and connections fail", 2010, and pgbouncer pull request #998, "Improve connection fail
/// fast logic", which closes every waiting client when no server connection can be made);
/// it does not hold them for `server_connect_timeout` or `query_wait_timeout`. So:
/// - transactions running on the primary fail, and so do those holding their server
///   connection for their `db_wait` (they fail when that wait ends);
/// - requests waiting for a server connection or a node-postgres connection fail;
/// - until a standby is promoted (or, without one, the primary is replaced) each database
///   round trip fails as it starts;
/// - session-mode clients lose their server connection with their client connection:
///   node-postgres connections close and reopen on next use, persistent clients connect
///   again once the database is back.
/// None of this runs, and no random number is drawn, when a scenario has no faults and no
/// failure rate.
extension PlatformSimulation {
    /// Schedules the scenario's faults and the primary's first random failure.
    mutating func scheduleFaults() {
        for (index, fault) in model.scenario.faults.enumerated() {
            calendar.schedule(.scheduledFault(index: Int32(index)), at: fault.at)
        }
        scheduleRandomDatabaseFailure()
    }

    mutating func scheduleRandomDatabaseFailure() {
        if let at = databaseFailover.nextRandomFailure(after: now), at <= horizon {
            calendar.schedule(.databaseFailure(epoch: databaseFailover.epoch), at: at)
        }
    }

    // Off the hot path: a scenario without the feature never calls it, and inlined it
    // would grow the event loop's switch for every scenario.
    @inline(never)
    mutating func scheduledFault(_ index: Int) {
        switch model.scenario.faults[index].kind {
        case .databaseFailover:
            failPrimary(scheduled: true)
        case let .dropletLoss(role, count):
            guard let tier = model.tiers.firstIndex(where: { $0.role == role }) else { return }
            loseDroplets(count, tier: tier)
        }
    }

    // Off the hot path: a scenario without the feature never calls it, and inlined it
    // would grow the event loop's switch for every scenario.
    @inline(never)
    mutating func randomDatabaseFailure(epoch: UInt32) {
        guard epoch == databaseFailover.epoch else { return }
        failPrimary(scheduled: false)
    }

    /// The primary fails now, unless the database is already down (then nothing more can fail).
    mutating func failPrimary(scheduled: Bool) {
        guard !databaseFailover.isUnavailable else { return }
        let (downtime, promoted) = databaseFailover.primaryFailed(at: now, scheduled: scheduled)
        calendar.schedule(.databaseRecovered(epoch: databaseFailover.epoch), after: downtime)
        if promoted {
            calendar.schedule(.standbyRebuilt, after: downtime + databaseFailover.settings.standbyRebuildTime)
        }
        resetServerConnections()
    }

    // Off the hot path: a scenario without the feature never calls it, and inlined it
    // would grow the event loop's switch for every scenario.
    @inline(never)
    mutating func databaseRecovered(epoch: UInt32) {
        guard let clients = databaseFailover.recovered(epoch: epoch, at: now) else { return }
        for client in clients { connectPersistentClient(client) }
        scheduleRandomDatabaseFailure()
    }

    // MARK: Resetting the connections

    /// Every server connection is gone. The waits are emptied first, so that what the failed
    /// requests let go of reaches nobody.
    private mutating func resetServerConnections() {
        // Requests waiting for a node-postgres connection.
        if applicationPools.size > 0 {
            for process in 0..<model.tiers[PlatformModel.apiTier].workerSlots {
                while let waiter = applicationPools.nextWaiter(of: process) {
                    requests[Int(waiter)].waiting = .none
                    failFast(Int(waiter))
                }
            }
        }
        // Clients waiting in PgBouncer's queue.
        while let waiter = oldestServerWaiter() {
            pgBouncer.dropFirstWaiter()
            pgBouncer.abandonWait(at: now)
            if waiter >= 0 {
                requests[waiter].waiting = .none
                failFast(waiter)
            } else {
                disconnectPersistentClient(PersistentClientTable.client(ofID: waiter))
            }
        }
        // Transactions on the primary's cores.
        for slot in database.abortAll(at: now) {
            dropDatabaseClient(Int(slot))
            databaseFailover.noteTransactionLost()
            finish(Int(slot), .failed(.databaseFailover))
        }
        // Requests still holding a server connection: in their `db_wait` or its network time
        // (they fail when it ends), or session-mode requests between two round trips.
        for slot in 0..<requests.count where requests[slot].live {
            let connection = Int(requests[slot].applicationConnection)
            let pinned = connection >= 0 && applicationPools.holdsServer(connection)
            guard requests[slot].holdsServer || pinned else { continue }
            dropDatabaseClient(slot)
            if requests[slot].waiting == .none { requests[slot].lostTransaction = true }
        }
        // Idle session-mode connections: PgBouncer closes the client with its server connection.
        if pgBouncer.isSessionMode && applicationPools.size > 0 {
            for process in 0..<model.tiers[PlatformModel.apiTier].workerSlots {
                var kept: [Int32] = []
                while let connection = applicationPools.takeIdle(of: process) {
                    if let reserve = applicationPools.unpinServer(from: Int(connection)) {
                        pgBouncer.close(reserve: reserve, at: now)
                        applicationPools.close(connection, of: process)
                        pgBouncer.disconnectClient()
                    } else {
                        kept.append(connection)
                    }
                }
                for connection in kept.reversed() { applicationPools.putIdle(connection, of: process) }
            }
        }
        // Persistent clients holding a server connection; theirs are all that is left.
        for client in 0..<persistentClients.count where persistentClients.connected[client] {
            disconnectPersistentClient(client)
        }
        while pgBouncer.regularInUse > 0 { pgBouncer.close(reserve: false, at: now) }
        while pgBouncer.reserveInUse > 0 { pgBouncer.close(reserve: true, at: now) }
    }

    /// PgBouncer closed the persistent client's connection; it connects again once the
    /// database is back.
    private mutating func disconnectPersistentClient(_ client: Int) {
        persistentClients.lose(client)
        pgBouncer.disconnectClient()
        databaseFailover.disconnected(client)
    }

    /// `slot` lets go of its server connection, which is gone, and of its PgBouncer client,
    /// which PgBouncer closes: its node-postgres connection closes and can reopen later.
    mutating func dropDatabaseClient(_ slot: Int) {
        if requests[slot].holdsServer {
            requests[slot].holdsServer = false
            pgBouncer.close(reserve: requests[slot].holdsReserve, at: now)
        }
        let connection = Int(requests[slot].applicationConnection)
        if connection >= 0 {
            requests[slot].applicationConnection = -1
            if let reserve = applicationPools.unpinServer(from: connection) { pgBouncer.close(reserve: reserve, at: now) }
            applicationPools.close(Int32(connection), of: Int(requests[slot].worker))
            pgBouncer.disconnectClient()
        } else if requests[slot].connectedClient {
            requests[slot].connectedClient = false
            pgBouncer.disconnectClient()
        }
    }

    /// A database round trip that cannot run: PgBouncer refuses it at once.
    // Off the hot path: a scenario without the feature never calls it, and inlined it
    // would grow the event loop's switch for every scenario.
    @inline(never)
    mutating func failFast(_ slot: Int) {
        dropDatabaseClient(slot)
        databaseFailover.noteFailedFast()
        finish(slot, .failed(.databaseFailover))
    }

    /// A transaction that held its server connection when the primary failed reached the
    /// end of its `db_wait`: it fails.
    // Off the hot path: a scenario without the feature never calls it, and inlined it
    // would grow the event loop's switch for every scenario.
    @inline(never)
    mutating func lostTransactionEnded(_ slot: Int) {
        requests[slot].lostTransaction = false
        dropDatabaseClient(slot)
        databaseFailover.noteTransactionLost()
        finish(slot, .failed(.databaseFailover))
    }

    // MARK: Droplet loss

    /// `count` droplets of `tier` fail now through the crash path, the longest in rotation
    /// first (ties by slot); fewer when fewer are in rotation, and the record says so.
    mutating func loseDroplets(_ count: Int, tier: Int) {
        let first = layout.firstDroplet[tier]
        let inRotation = (first..<first + model.tiers[tier].slots).filter { fleets.states[$0] == .inRotation }
            .sorted { (fleets.created[$0], $0) < (fleets.created[$1], $1) }
        let lost = Array(inRotation.prefix(count))
        for droplet in lost { dropletFailed(droplet, epoch: fleets.epochs[droplet]) }
        databaseFailover.recordDropletLoss(tier: model.tiers[tier].role.rawValue, requested: count, lost: lost.count, at: now)
    }
}
