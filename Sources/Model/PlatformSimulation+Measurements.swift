import Autoscaling
import DequeModule
import DigitalOceanCatalog
import HeapModule
import Results
import Scenarios
import SimCore
import YAMLSupport

/// The minute tick, the end of the warm-up, requests open at the end, and the replication's
/// result: where the components' levels meet the `Recorder`.
extension PlatformSimulation {
    /// Areas under the levels sampled each minute: busy processes per tier, then the
    /// database's busy fraction, PgBouncer's waiting clients and the user requests in the
    /// system, then serving processes per tier (`Recorder.closeMinute`).
    mutating func currentAreas() -> [Double] {
        model.tiers.indices.map { workers.busyArea(tier: $0, at: now) }
            + [database.busy.area(at: now), pgBouncer.serversWaiting.area(at: now), recorder.inSystemAll.area(at: now)]
            + fleets.byTier.map { $0.servingWorkers.area(at: now) }
    }

    mutating func tick() {
        if now + 60 > horizon + 1e-9 { recordOpenTimeouts() }
        if let oldest = oldestServerWaiter() { noteWaitEnded(now - serverWaitStart(oldest)) }
        let api = PlatformModel.apiTier, web = layout.webTier
        let underProvisioned = controller.scaledDuringWindow
            || fleets.byTier.indices.contains(where: { fleets.byTier[$0].counted > balancers.rotation[$0].count })
        let closedWindow = recorder.closeMinute(
            areas: currentAreas(), tierCount: model.tiers.count, webTier: web,
            api: (fleets.byTier[api].counted, balancers.rotation[api].count),
            web: web >= 0 ? (fleets.byTier[web].counted, balancers.rotation[web].count) : (0, 0),
            underProvisioned: underProvisioned, at: now)
        if closedWindow { controller.startWindow() }
        if now + 60 <= horizon + 1e-9 { calendar.schedule(.minuteTick, after: 60) }
    }

    /// Utilisation and Little's-law levels restart here; request counters start with the
    /// first arrival after the warm-up.
    mutating func endWarmup() {
        for index in model.tiers.indices {
            controller.endWarmup(tier: index, busyArea: workers.busyArea(tier: index, at: now))
            workers.resetBusy(tier: index, at: now)
        }
        fleets.endWarmup(at: now)
        database.resetMeasures(at: now)
        pgBouncer.resetMeasures(at: now)
        readOnlyNodes.resetMeasures(at: now)
        recorder.endWarmup(areas: currentAreas(), at: now)
        balancers.nodes.resetPeaks(openConnections: model.tiers.indices.map { balancers.openConnections(tier: $0) })
    }

    /// At the last minute tick: user requests still open and already past the client timeout
    /// have failed for their users (`Recorder.recordOpenTimeout`). One pass over the request
    /// slots, once per replication.
    mutating func recordOpenTimeouts() {
        for slot in requests.indices where requests[slot].live && requests[slot].parent < 0
            && now - requests[slot].arrival > clientTimeout {
            recorder.recordOpenTimeout(measured: requests[slot].measured)
        }
    }

    /// Measured user requests still open at the horizon (`Recorder.closeOpen`).
    mutating func closeOpenRequests() {
        for slot in requests.indices where requests[slot].live && requests[slot].parent < 0 && requests[slot].measured {
            recorder.closeOpen(group: Int(requests[slot].group), mixEntry: Int(requests[slot].mixEntry),
                               timedOut: horizon - requests[slot].arrival > clientTimeout)
        }
    }

    /// What the replication measured; called once, after the last step.
    mutating func result(replication: Int) -> ReplicationResult {
        closeOpenRequests()
        let latency = recorder.distributions(model: model)
        let measured = horizon - warmup
        let end = horizon
        func level(_ mean: TimeWeightedMean) -> Double { measured > 0 ? mean.area(at: end) / measured : 0 }
        let tierResults = model.tiers.enumerated().map { index, tier in
            let capacity = fleets.byTier[index].servingWorkers.area(at: end) - fleets.byTier[index].servingAreaAtWarmup
            return TierMeasurements(
                role: tier.role, droplets: tier.initialDroplets, workers: tier.initialDroplets * tier.workersPerDroplet,
                cpuUtilization: capacity > 0 ? workers.busyArea(tier: index, at: end) / capacity : 0,
                wait: recorder.tierWait[index], waitHistogram: recorder.tierWaitHistogram[index], waited: recorder.tierWaited[index])
        }
        let database = DatabaseMeasurements(
            cpuUtilization: level(self.database.busy), meanActiveTransactions: level(self.database.active),
            poolWait: recorder.poolWait, poolWaitHistogram: recorder.poolWaitHistogram, poolWaited: recorder.poolWaited,
            poolTimeouts: recorder.poolTimeouts, reserveGrants: pgBouncer.reserveGrants, refusedClients: pgBouncer.refusedClients,
            appPoolWait: recorder.applicationPoolWait, transactions: self.database.transactionCount,
            meanServerConnectionsInUse: level(pgBouncer.serversInUse), peakServerConnections: pgBouncer.peakServerConnections,
            peakClientConnections: pgBouncer.peakClientConnections,
            poolWaitIncludingTimeouts: recorder.poolWaitIncludingTimeouts, maxWait: recorder.poolMaxWait,
            maxWaitByMinute: recorder.poolMaxWaitByMinute, persistentClientsServed: persistentClients.holdingServer,
            persistentClientTimeouts: persistentClients.timeouts)
        var result = ReplicationResult(
            replication: replication, seed: model.replicationSeed(replication), outcomes: recorder.outcomes, latency: latency.overall,
            latencyByGroup: latency.byGroup, outcomesByGroup: recorder.outcomesByGroup, latencyByOperation: latency.byOperation,
            latencyByPage: latency.byPage, cacheLookupsByOperation: recorder.cacheLookups, cacheHitsByOperation: recorder.cacheHits,
            tiers: tierResults, database: database, series: recorder.series,
            attainment: recorder.windowsTotal > 0 ? Double(recorder.windowsMet) / Double(recorder.windowsTotal) : nil,
            attainmentWindows: recorder.windowsTotal,
            meanInSystem: level(recorder.inSystem), meanTimeInSystem: recorder.timeInSystem.mean, measuredSeconds: measured,
            events: events, fleets: fleets.measurements(horizon: horizon, scaleEvents: controller.scaleEvents,
                                                                      sentToFailed: model.tiers.indices.map { balancers.sentToFailed(tier: $0) }),
            underProvisionedMinutes: model.scenario.objectives.attainment.map {
                Double(recorder.underProvisionedWindows) * max(1, ($0.window / 60).rounded(.down))
            },
            tenantUsage: transferMeter.attach(to: tenantMeters.usage),
            balancers: model.tiers.enumerated().map { balancers.nodes.load(tier: $0.offset, role: $0.element.role) })
        result.readOnlyNodes = readOnlyNodeMeasurements(level: level)
        result.faults = databaseFailover.records(replication: replication)
        return result
    }
}

extension PlatformModel {
    /// Runs one replication; replications are independent and may run on any thread.
    public func simulate(replication: Int) -> ReplicationResult {
        var simulation = PlatformSimulation(model: self, replication: replication)
        return simulation.run(replication: replication)
    }

    /// Runs one replication watched by `tracer`, and returns the tracer with the result:
    /// for tests of what happens inside a run (arrivals, assignments to droplets).
    func simulate<Tracer: SimulationTracer>(replication: Int, tracing tracer: Tracer) -> (ReplicationResult, Tracer) {
        var simulation = PlatformSimulation(model: self, replication: replication, tracer: tracer)
        let result = simulation.run(replication: replication)
        return (result, simulation.tracer)
    }
}
