/// Persistent session-mode clients (`pgbouncer.clients`): they connect at time 0, before any
/// request, take a server connection each for as long as they stay connected, and after a
/// `query_wait_timeout` connect again (`on_timeout: reconnect`) or stay away (`give_up`).
/// They never release a connection, so they are the pool's standing load; the API tier's
/// requests get the rest (README "Persistent clients").
extension PlatformSimulation {
    mutating func connectPersistentClients() {
        for client in 0..<persistentClients.count { connectPersistentClient(client) }
    }

    mutating func connectPersistentClient(_ client: Int) {
        guard pgBouncer.connectClient() else {
            persistentClients.refuse()
            return
        }
        persistentClients.connect(client)
        let id = PersistentClientTable.id(ofClient: client)
        switch pgBouncer.acquire(request: id, at: now) {
        case .granted:
            _ = persistentClients.grant(client, at: now)
        case let .queued(epoch):
            persistentClients.startWait(client, epoch: epoch, at: now)
            let settings = pgBouncer.settings
            if settings.queryWaitTimeout > 0 {
                calendar.schedule(.waitTimeout(request: id, epoch: epoch), after: settings.queryWaitTimeout)
            }
            if settings.reservePoolSize > 0 {
                calendar.schedule(.reserveCheck(request: id, epoch: epoch), after: settings.reservePoolTimeout)
            }
        }
    }

    /// A released connection or a reserve connection reached the waiting client.
    mutating func persistentClientGranted(_ client: Int) {
        noteWaitEnded(persistentClients.grant(client, at: now))
    }

    mutating func expirePersistentWait(_ client: Int, epoch: UInt32) {
        guard persistentClients.isWaiting(client, epoch: epoch) else { return }
        pgBouncer.abandonWait(at: now)
        noteWaitEnded(persistentClients.timeOut(client, at: now))
        pgBouncer.disconnectClient()
        if persistentClients.onTimeout == .reconnect { connectPersistentClient(client) }
    }

    mutating func offerPersistentReserve(_ client: Int, epoch: UInt32) {
        guard persistentClients.isWaiting(client, epoch: epoch), pgBouncer.grantReserve(at: now) else { return }
        persistentClientGranted(client)
    }
}
