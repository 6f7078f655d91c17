import Autoscaling
import DequeModule
import DigitalOceanCatalog
import HeapModule
import Results
import Scenarios
import SimCore
import YAMLSupport

/// Per-minute series, SLO windows, the end of the warm-up, and the replication's result.
extension PlatformSimulation {
    /// Areas under the levels sampled each minute: one per tier, then database, then pool waiters.
    mutating func currentAreas() -> [Double] {
        model.tiers.indices.map { workers.busyArea(tier: $0, at: now) } + [database.busy.area(at: now), pgBouncer.serversWaiting.area(at: now), inSystemAll.area(at: now)]
            + fleets.byTier.map { $0.servingWorkers.area(at: now) }
    }

    mutating func tick() {
        let areas = currentAreas()
        let span = 60.0
        func perMinute(_ index: Int) -> Float { Float(max(0, areas[index] - lastTickAreas[index]) / span) }
        let tierCount = model.tiers.count
        // Busy workers over the workers able to run (in rotation or draining) this minute.
        func utilization(_ tier: Int) -> Float {
            let capacity = perMinute(tierCount + 3 + tier)
            return capacity > 0 ? perMinute(tier) / capacity : 0
        }
        let api = PlatformModel.apiTier
        current.apiUtilization = utilization(api)
        current.apiDroplets = Int16(clamping: fleets.byTier[api].counted)
        current.apiReady = Int16(clamping: balancers.rotation[api].count)
        let web = layout.webTier
        if web >= 0 {
            current.webUtilization = utilization(web)
            current.webDroplets = Int16(clamping: fleets.byTier[web].counted)
            current.webReady = Int16(clamping: balancers.rotation[web].count)
        }
        current.databaseUtilization = perMinute(tierCount)
        current.poolWaiting = perMinute(tierCount + 1)
        current.inFlight = perMinute(tierCount + 2)
        if now + 60 > horizon + 1e-9 { recordOpenTimeouts() }
        if !minuteLatency.isEmpty {
            let values = minuteLatency.percentiles([50, 95, 99])
            current.p50 = Float(values[0] * 1000)
            current.p95 = Float(values[1] * 1000)
            current.p99 = Float(values[2] * 1000)
        }
        series.append(current)
        current = MinuteSample()
        minuteLatency.reset()
        lastTickAreas = areas
        if let attainment = model.scenario.objectives.attainment, now > warmup {
            let minutesPerWindow = max(1, Int(attainment.window / 60))
            if series.count % minutesPerWindow == 0 {
                // A window in which no request ended measured nothing: it is neither met nor
                // missed, and a run without any such window has no attainment data.
                if !windowLatency.isEmpty {
                    let met = windowLatency.percentile(attainment.percentile) <= attainment.target
                    windowsTotal += 1
                    if met { windowsMet += 1 } else if controller.scaledDuringWindow
                        || fleets.byTier.indices.contains(where: { fleets.byTier[$0].counted > balancers.rotation[$0].count }) {
                        underProvisionedWindows += 1
                    }
                }
                controller.startWindow()
                windowLatency.reset()
            }
        }
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
        inSystem.reset(at: now)
        windowLatency.reset()
        lastTickAreas = currentAreas()
    }

    /// At the last minute tick: user requests still open and already past the client timeout
    /// have failed for their users, so they count at the client timeout in the last minute
    /// and the last attainment window, as they do in the run's distributions
    /// (`closeOpenRequests`). One pass over the request slots, once per replication.
    mutating func recordOpenTimeouts() {
        for slot in requests.indices where requests[slot].live && requests[slot].parent < 0
            && now - requests[slot].arrival > clientTimeout {
            minuteLatency.record(clientTimeout)
            if tracksAttainment && requests[slot].measured { windowLatency.record(clientTimeout) }
        }
    }

    /// Requests still open at the horizon: those already past the client timeout have
    /// failed from the client's point of view, and count as client-timeout errors and, in the
    /// latency distributions, at the client timeout. The rest are in flight: censored, they
    /// are counted apart and left out of the latency distributions, since their latency is
    /// not known yet (at most the client timeout).
    mutating func closeOpenRequests() {
        for slot in requests.indices where requests[slot].live && requests[slot].parent < 0 && requests[slot].measured {
            if horizon - requests[slot].arrival > clientTimeout {
                outcomes.errors[ErrorCause.clientTimeout.index] += 1
                outcomesByGroup[Int(requests[slot].group)].errors[ErrorCause.clientTimeout.index] += 1
                latencyByMixEntry[Int(requests[slot].mixEntry)].record(clientTimeout)
            } else {
                outcomes.inFlightAtEnd += 1
                outcomesByGroup[Int(requests[slot].group)].inFlightAtEnd += 1
            }
        }
    }

    mutating func result(replication: Int) -> ReplicationResult {
        closeOpenRequests()
        let scenario = model.scenario
        var latencyByGroup = Array(repeating: LatencyRecorder(), count: scenario.tenantGroups.count)
        var latencyByOperation = latencyOfCalls
        var latencyByPage = Array(repeating: LatencyRecorder(), count: scenario.pages.count)
        for group in latencyByGroup.indices {
            let entries = model.mixFirstTarget[group]..<(group + 1 < model.mixFirstTarget.count ? model.mixFirstTarget[group + 1] : model.mixTargets.count)
            for entry in entries {
                let recorded = latencyByMixEntry[entry]
                latencyByGroup[group].merge(recorded)
                switch model.mixTargets[entry] {
                case let .operation(operation): latencyByOperation[operation].merge(recorded)
                case let .page(page): latencyByPage[page].merge(recorded)
                }
            }
            latency.merge(latencyByGroup[group])
        }
        let measured = horizon - warmup
        let end = horizon
        func level(_ mean: TimeWeightedMean) -> Double { measured > 0 ? mean.area(at: end) / measured : 0 }
        let tierResults = model.tiers.enumerated().map { index, tier in
            let capacity = fleets.byTier[index].servingWorkers.area(at: end) - fleets.byTier[index].servingAreaAtWarmup
            return TierMeasurements(
                role: tier.role, droplets: tier.initialDroplets, workers: tier.initialDroplets * tier.workersPerDroplet,
                cpuUtilization: capacity > 0 ? workers.busyArea(tier: index, at: end) / capacity : 0,
                wait: tierWait[index], waitHistogram: tierWaitHistogram[index], waited: tierWaited[index])
        }
        let database = DatabaseMeasurements(
            cpuUtilization: level(self.database.busy), meanActiveTransactions: level(self.database.active),
            poolWait: poolWait, poolWaitHistogram: poolWaitHistogram, poolWaited: poolWaited,
            poolTimeouts: poolTimeouts, reserveGrants: pgBouncer.reserveGrants, refusedClients: pgBouncer.refusedClients,
            appPoolWait: applicationPoolWait, transactions: self.database.transactionCount,
            meanServerConnectionsInUse: level(pgBouncer.serversInUse), peakServerConnections: pgBouncer.peakServerConnections,
            peakClientConnections: pgBouncer.peakClientConnections)
        return ReplicationResult(
            replication: replication, seed: model.replicationSeed(replication), outcomes: outcomes, latency: latency,
            latencyByGroup: latencyByGroup, outcomesByGroup: outcomesByGroup, latencyByOperation: latencyByOperation,
            latencyByPage: latencyByPage, cacheLookupsByOperation: cacheLookups, cacheHitsByOperation: cacheHits,
            tiers: tierResults, database: database, series: series,
            attainment: windowsTotal > 0 ? Double(windowsMet) / Double(windowsTotal) : nil,
            attainmentWindows: windowsTotal,
            meanInSystem: level(inSystem), meanTimeInSystem: timeInSystem.mean, measuredSeconds: measured,
            events: events, fleets: fleets.measurements(horizon: horizon, scaleEvents: controller.scaleEvents),
            underProvisionedMinutes: model.scenario.objectives.attainment.map {
                Double(underProvisionedWindows) * max(1, ($0.window / 60).rounded(.down))
            })
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
