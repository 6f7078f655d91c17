import Autoscaling
import DequeModule
import DigitalOceanCatalog
import HeapModule
import Results
import Scenarios
import SimCore
import YAMLSupport

/// Database access, the requests' side: a round trip takes an application-pool connection
/// (`ApplicationPools`), a PgBouncer server connection (`PgBouncerPool`) and a transaction on
/// Postgres's cores (`PostgresServer`); waits, their timers and what each request holds live
/// in the request's slot.
extension PlatformSimulation {
    // MARK: Round trips

    mutating func beginRoundTrip(_ slot: Int) {
        requests[slot].lostTransaction = false
        // Read-only nodes keep serving while the primary fails over: a replica read goes on.
        if readRouting.isActive && beginReadOnlyRoundTrip(slot) { return }
        if databaseFailover.isUnavailable {
            failFast(slot)
            return
        }
        if applicationPools.size > 0 {
            acquireApplicationConnection(slot)
            return
        }
        // Without an application pool each request is its own PgBouncer client.
        if !requests[slot].connectedClient {
            guard pgBouncer.connectClient() else {
                finish(slot, .failed(.clientConnectionRefused))
                return
            }
            requests[slot].connectedClient = true
        }
        if requests[slot].holdsServer { startTransaction(slot) } else { acquireServer(slot) }
    }

    mutating func endRoundTrip(_ slot: Int) {
        if requests[slot].readOnlyNode >= 0 { releaseReadOnlyConnection(slot) }
        if requests[slot].lostTransaction {
            lostTransactionEnded(slot)
            return
        }
        let connection = Int(requests[slot].applicationConnection)
        if !pgBouncer.isSessionMode && requests[slot].holdsServer {
            requests[slot].holdsServer = false
            releaseServer(reserve: requests[slot].holdsReserve)
        }
        if connection >= 0 {
            requests[slot].applicationConnection = -1
            returnApplicationConnection(connection, worker: Int(requests[slot].worker))
        }
        requests[slot].stepsLeft -= 1
        enqueueSlice(slot)
    }

    // MARK: Application pool (node-postgres `Pool`, one per API process)

    /// An idle connection, else a newly opened one (a new PgBouncer client), else a wait.
    mutating func acquireApplicationConnection(_ slot: Int) {
        let worker = Int(requests[slot].worker)
        if let connection = applicationPools.takeIdle(of: worker) {
            useApplicationConnection(slot, connection: Int(connection))
        } else if let connection = applicationPools.nextClosed(of: worker) {
            guard pgBouncer.connectClient() else {
                finish(slot, .failed(.clientConnectionRefused))
                return
            }
            applicationPools.open(of: worker)
            useApplicationConnection(slot, connection: Int(connection))
        } else {
            requests[slot].waiting = .applicationPool
            requests[slot].waitStart = now
            applicationPools.wait(Int32(slot), for: worker)
        }
    }

    mutating func useApplicationConnection(_ slot: Int, connection: Int) {
        requests[slot].applicationConnection = Int32(connection)
        if pgBouncer.isSessionMode && applicationPools.holdsServer(connection) {
            recordPoolWait(slot, waited: 0)
            startTransaction(slot)
        } else {
            acquireServer(slot)
        }
    }

    mutating func returnApplicationConnection(_ connection: Int, worker: Int) {
        if let next = applicationPools.nextWaiter(of: worker) {
            let nextSlot = Int(next)
            if requests[nextSlot].measured { recorder.recordApplicationPoolWait(now - requests[nextSlot].waitStart) }
            requests[nextSlot].waiting = .none
            useApplicationConnection(nextSlot, connection: connection)
        } else {
            applicationPools.putIdle(Int32(connection), of: worker)
        }
    }

    // MARK: PgBouncer

    /// A server connection at once when the pool has room, else a place in PgBouncer's
    /// queue, first come first served, with its `query_wait_timeout` and reserve-pool timers.
    mutating func acquireServer(_ slot: Int) {
        switch pgBouncer.acquire(request: Int32(slot), at: now) {
        case let .granted(reserve):
            serverGranted(slot, reserve: reserve)
        case let .queued(epoch):
            requests[slot].waiting = .server
            requests[slot].waitEpoch = epoch
            requests[slot].waitStart = now
            let settings = pgBouncer.settings
            if settings.queryWaitTimeout > 0 {
                calendar.schedule(.waitTimeout(request: Int32(slot), epoch: epoch), after: settings.queryWaitTimeout)
            }
            if settings.reservePoolSize > 0 {
                calendar.schedule(.reserveCheck(request: Int32(slot), epoch: epoch), after: settings.reservePoolTimeout)
            }
        }
    }

    /// The request got its server connection (the pool counted it): it records its wait and
    /// starts its transaction. In session mode the connection stays with the application
    /// pool's connection; otherwise the request holds it for the transaction.
    mutating func serverGranted(_ slot: Int, reserve: Bool) {
        let waited = requests[slot].waiting == .server
        recordPoolWait(slot, waited: waited ? now - requests[slot].waitStart : 0)
        if waited { requests[slot].waiting = .none }
        let connection = Int(requests[slot].applicationConnection)
        if pgBouncer.isSessionMode && connection >= 0 {
            applicationPools.pinServer(to: connection, reserve: reserve)
        } else {
            requests[slot].holdsServer = true
            requests[slot].holdsReserve = reserve
        }
        startTransaction(slot)
    }

    mutating func recordPoolWait(_ slot: Int, waited: Double) {
        controller.notePoolWait(waited)
        if waited > 0 { noteWaitEnded(waited) }
        if requests[slot].measured { recorder.recordPoolWait(waited) }
    }

    /// A wait in PgBouncer's queue ended (granted or timed out) after `waited` seconds:
    /// the longest after the warm-up is the run's largest `SHOW POOLS` `maxwait`.
    @inline(__always)
    mutating func noteWaitEnded(_ waited: Double) {
        if now >= warmup { recorder.notePoolMaxWait(waited) }
    }

    /// The oldest live waiter, a request slot or a persistent client's negative id,
    /// dropping entries whose wait already ended (timed out or granted a reserve connection).
    mutating func oldestServerWaiter() -> Int? {
        while let (id, epoch) = pgBouncer.firstWaiter {
            if id >= 0 {
                if requests[id].waiting == .server && requests[id].waitEpoch == epoch { return id }
            } else if persistentClients.isWaiting(PersistentClientTable.client(ofID: id), epoch: epoch) {
                return id
            }
            pgBouncer.dropFirstWaiter()
        }
        return nil
    }

    /// When the wait of `waiter` (a request slot or a persistent client's id) began, seconds.
    func serverWaitStart(_ waiter: Int) -> Double {
        waiter >= 0 ? requests[waiter].waitStart : persistentClients.waitStart[PersistentClientTable.client(ofID: waiter)]
    }

    /// A released connection goes to the oldest waiter. A reserve connection only goes to a
    /// waiter that has waited `reserve_pool_timeout`; otherwise it closes.
    mutating func releaseServer(reserve: Bool) {
        if let waiter = oldestServerWaiter() {
            if !reserve || now - serverWaitStart(waiter) >= pgBouncer.settings.reservePoolTimeout {
                pgBouncer.handOverToFirstWaiter(reserve: reserve, at: now)
                if waiter >= 0 {
                    serverGranted(waiter, reserve: reserve)
                } else {
                    persistentClientGranted(PersistentClientTable.client(ofID: waiter))
                }
                return
            }
        }
        pgBouncer.close(reserve: reserve, at: now)
    }

    /// `query_wait_timeout`: PgBouncer disconnects the client, and the request fails. The
    /// wait counts in the wait statistics that include timed-out waits, as a wait of
    /// `query_wait_timeout`.
    mutating func expireWait(_ slot: Int, epoch: UInt32) {
        guard slot >= 0 else {
            expirePersistentWait(PersistentClientTable.client(ofID: slot), epoch: epoch)
            return
        }
        guard requests[slot].live, requests[slot].waiting == .server, requests[slot].waitEpoch == epoch else { return }
        requests[slot].waiting = .none
        pgBouncer.abandonWait(at: now)
        let waited = now - requests[slot].waitStart
        noteWaitEnded(waited)
        if requests[slot].measured { recorder.poolTimedOut(after: waited) }
        let connection = Int(requests[slot].applicationConnection)
        if connection >= 0 {
            // The pool's connection was the disconnected client: it closes and can reopen later.
            requests[slot].applicationConnection = -1
            applicationPools.close(Int32(connection), of: Int(requests[slot].worker))
            pgBouncer.disconnectClient()
        } else if requests[slot].connectedClient {
            requests[slot].connectedClient = false
            pgBouncer.disconnectClient()
        }
        finish(slot, .failed(.queryWaitTimeout))
    }

    mutating func offerReserve(_ slot: Int, epoch: UInt32) {
        guard slot >= 0 else {
            offerPersistentReserve(PersistentClientTable.client(ofID: slot), epoch: epoch)
            return
        }
        guard requests[slot].live, requests[slot].waiting == .server, requests[slot].waitEpoch == epoch,
              pgBouncer.grantReserve(at: now) else { return }
        serverGranted(slot, reserve: true)
    }

    // MARK: Postgres

    mutating func startTransaction(_ slot: Int) {
        let operation = Int(requests[slot].target)
        let demand = model.operationQueryTime.sample(operation, using: &queryStreams[operation])
        tenantMeters.addDatabase(demand, tenant: Int(requests[slot].tenant))
        database.begin(request: Int32(slot), demand: demand, at: now)
    }

    /// Ends the transactions finished by now: each keeps its server connection for its
    /// `db_wait` (and, on the server side, the network time), then its round trip ends. The
    /// CPU comes first and the wait after it, so that the wait needs no event of its own: it
    /// joins the round trip's one timer (see README "Database time").
    ///
    /// When nothing holds a transaction after its CPU, it ends at once: then the round trips
    /// end only after every finished transaction is out of the server, since ending one may
    /// start new transactions.
    mutating func completeTransactions(epoch: UInt32) {
        guard let limit = database.beginCompletion(epoch: epoch, at: now) else { return }
        let clientSide = model.latencyOnClientSide
        while let slot = database.finishedTransaction(through: limit) {
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
        database.endCompletion(at: now)
        guard !finishedScratch.isEmpty else { return }
        for slot in finishedScratch { serverHoldEnded(Int(slot)) }
        finishedScratch.removeAll(keepingCapacity: true)
    }

    /// The transaction no longer needs its server connection. With the latency on the client
    /// side, a transaction-mode connection goes back to the pool now and the request waits
    /// out the network time holding only its application connection.
    mutating func serverHoldEnded(_ slot: Int) {
        if requests[slot].lostTransaction {
            lostTransactionEnded(slot)
            return
        }
        if model.latencyOnClientSide {
            if requests[slot].readOnlyNode >= 0 { releaseReadOnlyConnection(slot) }
            if !pgBouncer.isSessionMode && requests[slot].holdsServer {
                requests[slot].holdsServer = false
                releaseServer(reserve: requests[slot].holdsReserve)
            }
            let latency = model.constantRoundTripLatency ?? model.roundTripLatency.sample(using: &latencyStream)
            if latency > 0 {
                calendar.schedule(.roundTripDone(request: Int32(slot)), after: latency)
                return
            }
        }
        endRoundTrip(slot)
    }

    mutating func rescheduleDatabase() {
        if let due = database.reschedule(at: now) {
            calendar.schedule(.databaseDone(epoch: database.epoch), at: due)
        }
    }
}
