import Autoscaling
import DequeModule
import DigitalOceanCatalog
import Foundation
import HeapModule
import Results
import Scenarios
import SimCore
import YAMLSupport

/// The request lifecycle: arrival, GraphQL admission, balancing, event-loop CPU, completion.
extension PlatformSimulation {
    var now: Double { calendar.now }

    // MARK: Arrivals

    mutating func scheduleArrival(source: Int, after time: Double) {
        if replaysRequests && requestReplays[source] != nil {
            if let next = requestReplays[source]!.next(horizon: horizon, stream: &arrivalStreams[source]) {
                calendar.schedule(.arrival(source: Int32(source)), at: next)
            }
            return
        }
        let unit = -log(arrivalStreams[source].nextOpenUnit())
        if let next = arrivalProcesses[source].next(after: time, horizon: horizon, unitExponential: unit) {
            calendar.schedule(.arrival(source: Int32(source)), at: next)
        }
    }

    mutating func arrive(source sourceIndex: Int) {
        let groupIndex = model.sourceGroup[sourceIndex]
        var fixedTenant = model.sourceTenant[sourceIndex]
        // A replayed request names its tenant; read it before the next arrival replaces it.
        if replaysRequests, let rank = requestReplays[sourceIndex]?.scheduledTenantRank, rank >= 0 {
            fixedTenant = model.groupFirstTenant[groupIndex] + Int(rank)
        }
        scheduleArrival(source: sourceIndex, after: now)
        let tenant = fixedTenant >= 0
            ? fixedTenant
            : model.groupFirstTenant[groupIndex] + model.tenantPickers.sample(table: groupIndex, using: &tenantStreams[groupIndex])
        let mixEntry = model.mixFirstTarget[groupIndex] + model.mixPickers.sample(table: groupIndex, using: &mixStreams[groupIndex])
        let target = model.mixTargets[mixEntry]
        let measured = now >= warmup
        if Tracer.isRecording { tracer.requestArrived(group: groupIndex, at: now) }
        recorder.arrived(group: groupIndex, measured: measured, at: now)
        let slot = allocate()
        requests[slot].measured = measured
        requests[slot].group = Int32(groupIndex)
        requests[slot].tenant = Int32(tenant)
        tenantMeters.countRequest(tenant: tenant)
        requests[slot].arrival = now
        requests[slot].mixEntry = Int32(mixEntry)
        switch target {
        case let .operation(operation):
            requests[slot].target = Int32(operation)
            startOperation(slot)
        case let .page(page):
            requests[slot].target = Int32(page)
            requests[slot].isPage = true
            startPage(slot)
        }
    }

    mutating func allocate() -> Int {
        if let slot = freeSlots.popLast() {
            requests[Int(slot)] = Request(live: true)
            return Int(slot)
        }
        requests.append(Request(live: true))
        return requests.count - 1
    }

    // MARK: GraphQL admission

    /// Complexity limit, then the tenant's token bucket, then the response cache; only what
    /// passes reaches a worker. Admission itself is modelled as free of CPU.
    mutating func startOperation(_ slot: Int) {
        let operationIndex = Int(requests[slot].target)
        let complexity = model.operationComplexity.sample(operationIndex, using: &complexityStreams[operationIndex])
        if complexity > model.complexityLimit {
            finish(slot, .rejected)
            return
        }
        let tenant = Int(requests[slot].tenant)
        guard rateLimits.admit(tenant: tenant, points: complexity, at: now) else {
            finish(slot, .throttled)
            return
        }
        let cacheable = model.operationCacheTTL[operationIndex] >= 0
        let hit = cacheable && caches.hasResponse(tenant: tenant, operation: operationIndex, at: now)
        if cacheable && requests[slot].measured { recorder.cacheLookup(operation: operationIndex, hit: hit) }
        let cpuBase = model.operationCPUBase[operationIndex]
        let cpu = hit ? cpuBase : cpuBase + model.operationCPUPerPoint[operationIndex] * complexity
        let steps = hit ? 0 : model.operationRoundTrips[operationIndex]
        requests[slot].storesInCache = cacheable && !hit
        requests[slot].stepsLeft = Int32(steps)
        requests[slot].tier = Int8(PlatformModel.apiTier)
        requests[slot].sliceCPU = cpu / Double(steps + 1) / model.tiers[PlatformModel.apiTier].cpuSpeed
        dispatch(slot, tier: PlatformModel.apiTier)
    }

    mutating func startPage(_ slot: Int) {
        let pageIndex = Int(requests[slot].target)
        let tier = layout.webTier
        switch model.pageRendering[pageIndex] {
        case .cdn:
            finish(slot, .servedByCDN)
            return
        case .incremental:
            let tenant = Int(requests[slot].tenant)
            if caches.servesCachedPage(tenant: tenant, page: pageIndex, at: now) {
                requests[slot].stepsLeft = 0
                requests[slot].tier = Int8(tier)
                requests[slot].sliceCPU = model.pageCachedServeCPU[pageIndex] / model.tiers[tier].cpuSpeed
                dispatch(slot, tier: tier)
                return
            }
            // The request that finds the page stale pays for the render; Next.js would serve
            // the stale page and render in the background, so this is the conservative side.
            caches.beginRegeneration(tenant: tenant, page: pageIndex)
            requests[slot].regeneratesPage = true
        case .serverSide:
            break
        }
        let cpu = model.pageRenderCPU.sample(pageIndex, using: &renderStreams[pageIndex])
        let calls = model.pageCallCount[pageIndex]
        requests[slot].stepsLeft = Int32(calls)
        requests[slot].tier = Int8(tier)
        requests[slot].sliceCPU = cpu / Double(calls + 1) / model.tiers[tier].cpuSpeed
        dispatch(slot, tier: tier)
    }

    // MARK: Balancing

    /// Hands the request to its tier's balancer (`Balancers`), which opens a connection and
    /// picks a process, holds the request back, or refuses it.
    mutating func dispatch(_ slot: Int, tier: Int) {
        switch balancers.route(Int32(slot), tier: tier, at: now) {
        case .refused:
            finish(slot, .failed(.balancerConnectionLimit))
        case .rateLimited:
            finish(slot, .failed(.balancerRateLimit))
        case let .failed(cause):
            requests[slot].holdsConnection = true
            finish(slot, .failed(cause))
        case .held:
            requests[slot].holdsConnection = true
            requests[slot].waiting = .central
            requests[slot].waitStart = now
        case let .process(worker):
            requests[slot].holdsConnection = true
            assign(slot, worker: worker)
        }
    }

    mutating func assign(_ slot: Int, worker: Int) {
        let tier = Int(requests[slot].tier)
        requests[slot].worker = Int32(worker)
        let droplet = balancers.admit(worker: worker, tier: tier)
        if Tracer.isRecording {
            tracer.requestAssigned(ServedRequest(time: now, droplet: droplet, state: fleets.states[droplet],
                                                 healthySince: fleets.healthySince[droplet], created: fleets.created[droplet]))
        }
        controller.requestAdmitted(tier: tier, at: now)
        enqueueSlice(slot)
    }

    // MARK: Event-loop CPU

    /// The request's next slice runs on its process's loop (`EventLoopWorkers`), at once or
    /// after the slices queued before it.
    mutating func enqueueSlice(_ slot: Int) {
        let worker = Int(requests[slot].worker)
        if workers.startOrQueue(Int32(slot), on: worker, tier: Int(requests[slot].tier), at: now) {
            calendar.schedule(.sliceDone(request: Int32(slot)), after: sliceSeconds(slot, worker: worker))
        } else {
            requests[slot].waiting = .worker
            requests[slot].waitStart = now
        }
    }

    mutating func finishSlice(_ slot: Int) {
        let worker = Int(requests[slot].worker)
        tenantMeters.addCPU(requests[slot].sliceCPU, tier: Int(requests[slot].tier), tenant: Int(requests[slot].tenant))
        if let next = workers.finishSlice(on: worker, tier: Int(requests[slot].tier), at: now) {
            let nextSlot = Int(next)
            requests[nextSlot].queueWait += now - requests[nextSlot].waitStart
            requests[nextSlot].waiting = .none
            calendar.schedule(.sliceDone(request: next), after: sliceSeconds(nextSlot, worker: worker))
        }
        if requests[slot].stepsLeft > 0 {
            if requests[slot].isPage { callAPI(from: slot) } else { beginRoundTrip(slot) }
        } else {
            finish(slot, .completed)
        }
    }

    // MARK: Server-side rendering calls

    mutating func callAPI(from parent: Int) {
        let page = Int(requests[parent].target)
        let operation = model.pageCalls[model.pageFirstCall[page] + Int(requests[parent].callIndex)]
        let child = allocate()
        requests[child].parent = Int32(parent)
        requests[child].measured = requests[parent].measured
        requests[child].group = requests[parent].group
        requests[child].tenant = requests[parent].tenant
        requests[child].target = Int32(operation)
        requests[child].arrival = now
        startOperation(child)
    }

    mutating func childFinished(parent: Int, outcome: Outcome) {
        guard outcome == .completed else {
            finish(parent, outcome)
            return
        }
        requests[parent].callIndex += 1
        requests[parent].stepsLeft -= 1
        enqueueSlice(parent)
    }

    // MARK: Completion

    /// Releases what the request holds, counts its outcome once, and wakes its parent.
    mutating func finish(_ slot: Int, _ given: Outcome) {
        var outcome = given
        let request = requests[slot]
        let tier = Int(request.tier)
        if request.worker >= 0 {
            let worker = Int(request.worker)
            let droplet = balancers.release(worker: worker, tier: tier)
            controller.requestLeft(tier: tier, at: now)
            let state = fleets.states[droplet]
            if state != .inRotation && state != .deregistering {
                if outcome == .completed {
                    switch state {
                    case .draining:
                        fleets.finishedDuringGrace(tier: tier)
                    case .retiring:
                        // The droplet was destroyed under this request at the end of its grace.
                        outcome = .failed(.drained)
                        fleets.lostRequest(tier: tier)
                    case .crashed, .crashRetiring:
                        // The droplet failed under this request: the model lets its remaining
                        // work run out rather than cancel it in every wait, and fails it here.
                        outcome = .failed(.dropletFailed)
                        fleets.lostToCrash(tier: tier)
                    case .off, .booting, .checking, .failed, .inRotation, .deregistering:
                        break
                    }
                }
                if balancers.inFlight(droplet: droplet) == 0 { dropletEmptied(droplet) }
            } else if model.tiers[tier].balancing == .centralQueue, let next = balancers.takeHeld(tier: tier) {
                let nextSlot = Int(next)
                requests[nextSlot].queueWait += now - requests[nextSlot].waitStart
                requests[nextSlot].waiting = .none
                assign(nextSlot, worker: worker)
            }
        }
        if request.holdsConnection {
            if outcome == .completed && balancers.nodes.closedByDrain(slot: slot, openedAt: request.arrival, tier: tier, at: now) {
                outcome = .failed(.balancerDrained)
            }
            balancers.closeConnection(tier: tier)
        }
        if request.holdsServer { releaseServer(reserve: request.holdsReserve) }
        if request.connectedClient { pgBouncer.disconnectClient() }
        if request.applicationConnection >= 0 { returnApplicationConnection(Int(request.applicationConnection), worker: Int(request.worker)) }

        let elapsed = now - request.arrival
        if request.parent < 0 && outcome == .completed && elapsed > clientTimeout { outcome = .failed(.clientTimeout) }
        let tenant = Int(request.tenant)
        if outcome == .completed && request.storesInCache {
            let operation = Int(request.target)
            caches.storeResponse(tenant: tenant, operation: operation, until: now + model.operationCacheTTL[operation])
        }
        if request.regeneratesPage {
            let page = Int(request.target)
            caches.endRegeneration(tenant: tenant, page: page,
                                   freshUntil: outcome == .completed ? now + model.pageRevalidate[page] : nil)
        }
        if request.measured && request.worker >= 0 && outcome != .rejected && outcome != .throttled {
            recorder.recordProcessWait(request.queueWait, tier: tier)
        }
        if request.worker >= 0 && outcome == .completed { controller.recordLatency(elapsed, tier: tier) }
        if request.parent < 0 {
            if transferMeter.isEnabled && outcome == .completed && request.worker >= 0 {
                transferMeter.responseSent(target: Int(request.target), isPage: request.isPage, tenant: tenant)
            }
            recorder.account(outcome, elapsed: elapsed, group: Int(request.group), mixEntry: Int(request.mixEntry),
                             measured: request.measured, at: now)
        } else if request.measured {
            recorder.accountCall(outcome, elapsed: elapsed, operation: Int(request.target))
        }
        requests[slot].live = false
        freeSlots.append(Int32(slot))
        if request.parent >= 0 { childFinished(parent: Int(request.parent), outcome: outcome) }
    }
}
