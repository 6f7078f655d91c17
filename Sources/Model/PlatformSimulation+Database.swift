import Autoscaling
import DequeModule
import DigitalOceanCatalog
import HeapModule
import Results
import Scenarios
import SimCore
import YAMLSupport

/// Database access: the application pool, PgBouncer's pool and Postgres's cores.
extension PlatformSimulation {
    var pgBouncer: PgBouncerSettings { model.pgBouncer }

    // MARK: Round trips

    mutating func beginRoundTrip(_ slot: Int) {
        if applicationPoolSize > 0 {
            acquireApplicationConnection(slot)
            return
        }
        // Without an application pool each request is its own PgBouncer client.
        if !requests[slot].connectedClient {
            guard connectClient() else {
                finish(slot, .failed(.clientConnectionRefused))
                return
            }
            requests[slot].connectedClient = true
        }
        if requests[slot].holdsServer { startTransaction(slot) } else { acquireServer(slot) }
    }

    /// PgBouncer refuses clients past `max_client_conn`.
    mutating func connectClient() -> Bool {
        guard clientConnections < pgBouncer.maxClientConnections else {
            refusedClients += 1
            return false
        }
        clientConnections += 1
        peakClientConnections = max(peakClientConnections, clientConnections)
        return true
    }

    mutating func endRoundTrip(_ slot: Int) {
        let connection = Int(requests[slot].applicationConnection)
        if !sessionMode && requests[slot].holdsServer {
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

    /// Connections open lazily up to the pool size and then stay open; each opened one is a
    /// PgBouncer client, and in session mode it keeps its server connection while open.
    mutating func acquireApplicationConnection(_ slot: Int) {
        let worker = Int(requests[slot].worker)
        if let connection = applicationIdle.popLast(of: worker) {
            useApplicationConnection(slot, connection: Int(connection))
        } else if let connection = applicationClosed.last(of: worker) {
            guard connectClient() else {
                finish(slot, .failed(.clientConnectionRefused))
                return
            }
            _ = applicationClosed.popLast(of: worker)
            useApplicationConnection(slot, connection: Int(connection))
        } else {
            requests[slot].waiting = .applicationPool
            requests[slot].waitStart = now
            applicationWaiters[worker].append(Int32(slot))
        }
    }

    mutating func useApplicationConnection(_ slot: Int, connection: Int) {
        requests[slot].applicationConnection = Int32(connection)
        if sessionMode && connectionHasServer[connection] {
            recordPoolWait(slot, waited: 0)
            startTransaction(slot)
        } else {
            acquireServer(slot)
        }
    }

    mutating func returnApplicationConnection(_ connection: Int, worker: Int) {
        if let next = applicationWaiters[worker].popFirst() {
            let nextSlot = Int(next)
            if requests[nextSlot].measured { applicationPoolWait.add(now - requests[nextSlot].waitStart) }
            requests[nextSlot].waiting = .none
            useApplicationConnection(nextSlot, connection: connection)
        } else {
            applicationIdle.append(Int32(connection), to: worker)
        }
    }

    // MARK: PgBouncer

    /// Grants a server connection at once when the pool has room, else queues the client
    /// first come first served with its `query_wait_timeout` and reserve-pool timers.
    mutating func acquireServer(_ slot: Int) {
        if regularInUse < pgBouncer.poolSize {
            regularInUse += 1
            grantServer(slot, reserve: false)
            return
        }
        if pgBouncer.reservePoolSize > 0 && pgBouncer.reservePoolTimeout == 0 && reserveInUse < pgBouncer.reservePoolSize {
            reserveInUse += 1
            reserveGrants += 1
            grantServer(slot, reserve: true)
            return
        }
        waitEpochCounter &+= 1
        let epoch = waitEpochCounter
        requests[slot].waiting = .server
        requests[slot].waitEpoch = epoch
        requests[slot].waitStart = now
        serverWaiters.append(UInt64(UInt32(slot)) << 32 | UInt64(epoch))
        serverWaitingCount += 1
        serversWaiting.update(to: Double(serverWaitingCount), at: now)
        if pgBouncer.queryWaitTimeout > 0 {
            calendar.schedule(.waitTimeout(request: Int32(slot), epoch: epoch), after: pgBouncer.queryWaitTimeout)
        }
        if pgBouncer.reservePoolSize > 0 {
            calendar.schedule(.reserveCheck(request: Int32(slot), epoch: epoch), after: pgBouncer.reservePoolTimeout)
        }
    }

    mutating func grantServer(_ slot: Int, reserve: Bool) {
        recordPoolWait(slot, waited: requests[slot].waiting == .server ? now - requests[slot].waitStart : 0)
        if requests[slot].waiting == .server {
            requests[slot].waiting = .none
            serverWaitingCount -= 1
            serversWaiting.update(to: Double(serverWaitingCount), at: now)
        }
        serversInUse.update(to: Double(regularInUse + reserveInUse), at: now)
        peakServerConnections = max(peakServerConnections, regularInUse + reserveInUse)
        let connection = Int(requests[slot].applicationConnection)
        if sessionMode && connection >= 0 {
            connectionHasServer[connection] = true
            connectionHoldsReserve[connection] = reserve
        } else {
            requests[slot].holdsServer = true
            requests[slot].holdsReserve = reserve
        }
        startTransaction(slot)
    }

    mutating func recordPoolWait(_ slot: Int, waited: Double) {
        controllerPoolWaitSum += waited
        controllerPoolWaitCount += 1
        guard requests[slot].measured else { return }
        poolWait.add(waited)
        poolWaitHistogram.record(waited)
        if waited > 0 { poolWaited += 1 }
    }

    /// The oldest live waiter, dropping entries whose wait already ended (timed out or
    /// granted a reserve connection).
    mutating func oldestServerWaiter() -> Int? {
        while let head = serverWaiters.first {
            let slot = Int(head >> 32), epoch = UInt32(truncatingIfNeeded: head)
            if requests[slot].waiting == .server && requests[slot].waitEpoch == epoch { return slot }
            serverWaiters.removeFirst()
        }
        return nil
    }

    /// A released connection goes to the oldest waiter. A reserve connection only goes to a
    /// waiter that has waited `reserve_pool_timeout`; otherwise it closes.
    mutating func releaseServer(reserve: Bool) {
        if let waiter = oldestServerWaiter() {
            if !reserve {
                serverWaiters.removeFirst()
                grantServer(waiter, reserve: false)
                return
            }
            if now - requests[waiter].waitStart >= pgBouncer.reservePoolTimeout {
                serverWaiters.removeFirst()
                reserveGrants += 1
                grantServer(waiter, reserve: true)
                return
            }
        }
        if reserve { reserveInUse -= 1 } else { regularInUse -= 1 }
        serversInUse.update(to: Double(regularInUse + reserveInUse), at: now)
    }

    /// `query_wait_timeout`: PgBouncer disconnects the client, and the request fails.
    mutating func expireWait(_ slot: Int, epoch: UInt32) {
        guard requests[slot].live, requests[slot].waiting == .server, requests[slot].waitEpoch == epoch else { return }
        requests[slot].waiting = .none
        serverWaitingCount -= 1
        serversWaiting.update(to: Double(serverWaitingCount), at: now)
        if requests[slot].measured { poolTimeouts += 1 }
        let connection = Int(requests[slot].applicationConnection)
        if connection >= 0 {
            // The pool's connection was the disconnected client: it closes and can reopen later.
            requests[slot].applicationConnection = -1
            applicationClosed.append(Int32(connection), to: Int(requests[slot].worker))
            clientConnections -= 1
        } else if requests[slot].connectedClient {
            requests[slot].connectedClient = false
            clientConnections -= 1
        }
        finish(slot, .failed(.queryWaitTimeout))
    }

    mutating func offerReserve(_ slot: Int, epoch: UInt32) {
        guard requests[slot].live, requests[slot].waiting == .server, requests[slot].waitEpoch == epoch,
              reserveInUse < pgBouncer.reservePoolSize else { return }
        reserveInUse += 1
        reserveGrants += 1
        grantServer(slot, reserve: true)
    }

    // MARK: Postgres

    mutating func startTransaction(_ slot: Int) {
        let operation = Int(requests[slot].target)
        let demand = model.operationQueryTime.sample(operation, using: &queryStreams[operation])
        database.begin(request: Int32(slot), demand: demand, at: now)
    }

    /// Ends the transactions finished by now. After a network round trip, or at once when
    /// there is no latency: then the round trips end only after every finished transaction
    /// is out of the server, since ending one may start new transactions.
    mutating func completeTransactions(epoch: UInt32) {
        guard let limit = database.beginCompletion(epoch: epoch, at: now) else { return }
        let latency = model.roundTripLatency
        while let slot = database.finishedTransaction(through: limit) {
            if latency > 0 {
                calendar.schedule(.roundTripDone(request: slot), after: latency)
            } else {
                finishedScratch.append(slot)
            }
        }
        database.endCompletion(at: now)
        guard !finishedScratch.isEmpty else { return }
        for slot in finishedScratch { endRoundTrip(Int(slot)) }
        finishedScratch.removeAll(keepingCapacity: true)
    }

    mutating func rescheduleDatabase() {
        if let due = database.reschedule(at: now) {
            calendar.schedule(.databaseDone(epoch: database.epoch), at: due)
        }
    }
}
