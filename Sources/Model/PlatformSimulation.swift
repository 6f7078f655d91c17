import Autoscaling
import DequeModule
import DigitalOceanCatalog
import HeapModule
import Results
import Scenarios
import SimCore
import YAMLSupport

/// One replication of the platform: the coordinator of its components, holding the
/// calendar and the requests in flight, and dispatching each event to the components.
///
/// Each component is a struct stored here, with its own state and invariants, and changes
/// nothing but itself; a method returns what the coordinator must do next (schedule an
/// event, hand a request on), and the request's side of every wait stays here, in its slot:
/// - `Balancers` (over `TierLayout`): each tier's balancer: rotation, connections, central
///   queue, requests per droplet and process, the choice of a process.
/// - `EventLoopWorkers`: the Node processes' loops, one CPU slice at a time.
/// - `TenantRateLimits`, `ResponseCaches`: GraphQL admission and what is served cached.
/// - `ApplicationPools`, `PgBouncerPool`, `PostgresServer`: the database path.
/// - `DropletFleets`, `ScalingController`: the droplets' lives and the tiers' controllers.
/// - `Recorder`: outcomes, latencies, waits, the per-minute series, attainment windows.
///
/// The hot path stays flat: events are small enum values (`SimulationEvent`), tables are
/// integer-indexed buffers, components are stored inline and mutated in place, and their
/// per-event methods are `@inline(__always)` (left out of line by the optimizer they cost
/// 4.5% more instructions). Nothing is allocated per request once the tables have grown to
/// the peak load, and no closure, class or existential is called per request.
///
/// A simulation is ready to step once made: `step()` handles one event, `run(replication:)`
/// steps to the horizon and returns the result, and `checkInvariants()` checks every
/// component between two steps. `Tracer` is what a test watches (`SimulationTracer`); real
/// runs use `SilentTracer`, which compiles to nothing.
struct PlatformSimulation<Tracer: SimulationTracer> {
    typealias Event = SimulationEvent
    typealias Request = SimulatedRequest
    typealias Waiting = SimulatedRequest.Waiting
    typealias Outcome = RequestOutcome

    let model: PlatformModel
    let horizon: Double
    let warmup: Double
    let clientTimeout: Double
    var calendar = EventCalendar<Event>(minimumCapacity: 4096)

    // Random streams, one per source of randomness (common random numbers).
    var arrivalStreams: [Xoshiro256StarStar]
    var arrivalProcesses: [ArrivalProcess]
    /// Per source, its exact replay of a trace's request times, or nil (a Poisson source);
    /// `replaysRequests` says whether any source replays, so that Poisson-only runs test one flag.
    var requestReplays: [RequestReplay?]
    let replaysRequests: Bool
    var tenantStreams: [Xoshiro256StarStar]
    var mixStreams: [Xoshiro256StarStar]
    var complexityStreams: [Xoshiro256StarStar]
    var queryStreams: [Xoshiro256StarStar]
    /// Per operation, its `db_wait` draws; and the round trips' latency draws. Constants draw
    /// nothing, so scenarios without these fields keep their numbers.
    var dbWaitStreams: [Xoshiro256StarStar]
    var latencyStream: Xoshiro256StarStar
    var renderStreams: [Xoshiro256StarStar]

    // Requests.
    var requests = SlotBuffer<Request>()
    var freeSlots = SlotBuffer<Int32>()

    // Tiers: where droplets and processes sit, the balancers in front, the processes' loops.
    let layout: TierLayout
    var balancers: Balancers
    var workers: EventLoopWorkers

    // Fleets: the droplets' lives and the autoscaling controllers.
    var fleets: DropletFleets
    var controller: ScalingController

    // Admission: GraphQL's rate limits, and what is served from a cache.
    var rateLimits: TenantRateLimits
    var caches: ResponseCaches

    // The database path: application pools, PgBouncer, Postgres.
    var applicationPools: ApplicationPools
    var pgBouncer: PgBouncerPool
    var database: PostgresServer
    /// Requests whose transactions finished at once, when there is no network latency.
    var finishedScratch: [Int32] = []
    var persistentClients: PersistentClientTable
    /// Reads on read-only nodes: which operations go there, the nodes, the lag draws.
    let readRouting: ReadRouting
    var readOnlyNodes: ReadOnlyNodes
    var replicationLagStream: Xoshiro256StarStar
    /// The primary's failures and the standbys that take over.
    var databaseFailover: DatabaseFailover

    var recorder: Recorder
    /// Requests, event-loop seconds and database-seconds per tenant, for per-tenant cost.
    let tenantMeters: TenantMeters
    /// Outbound bytes per tenant, when the scenario gives `response_bytes`.
    var transferMeter: TransferMeter
    /// What a test watches; nothing in real runs.
    var tracer: Tracer
    /// Set once an event past the horizon, or none, was found: `step()` does nothing more.
    var isFinished = false
    var events = 0

    /// A replication ready to step: its fleets in place and its first events scheduled.
    init(model: PlatformModel, replication: Int, tracer: Tracer) {
        let scenario = model.scenario
        self.model = model
        self.tracer = tracer
        horizon = scenario.horizon
        warmup = scenario.warmup
        clientTimeout = scenario.clientTimeout
        let streams = RandomStreams(seed: model.replicationSeed(replication))
        arrivalStreams = model.sources.map { streams.stream(named: $0.streamName) }
        arrivalProcesses = model.sources.map { ArrivalProcess(profile: $0.profile) }
        requestReplays = model.sources.map(\.replay)
        replaysRequests = requestReplays.contains { $0 != nil }
        tenantStreams = scenario.tenantGroups.map { streams.stream(named: "tenant.\($0.name)") }
        mixStreams = scenario.tenantGroups.map { streams.stream(named: "mix.\($0.name)") }
        complexityStreams = scenario.operations.map { streams.stream(named: "complexity.\($0.name)") }
        queryStreams = scenario.operations.map { streams.stream(named: "query.\($0.name)") }
        dbWaitStreams = scenario.operations.map { streams.stream(named: "db_wait.\($0.name)") }
        latencyStream = streams.stream(named: "round_trip_latency")
        renderStreams = scenario.pages.map { streams.stream(named: "render.\($0.name)") }

        layout = TierLayout(tiers: model.tiers)
        balancers = Balancers(tiers: model.tiers, layout: layout,
                              streams: model.tiers.map { streams.stream(named: "balancer.\($0.role.rawValue)") },
                              plans: model.balancerPlans)
        workers = EventLoopWorkers(layout: layout)
        fleets = DropletFleets(tiers: model.tiers, layout: layout, lifecycles: TierLifecycle.of(model),
                               streams: model.tiers.map { streams.stream(named: "lifecycle.\($0.role.rawValue)") },
                               failureStreams: model.tiers.map { streams.stream(named: "failure.\($0.role.rawValue)") })
        controller = ScalingController(model: model, horizon: horizon)

        rateLimits = TenantRateLimits(bucket: model.bucket, tenants: model.tenantCount)
        caches = ResponseCaches(tenants: model.tenantCount, operations: model.operations.count, pages: model.pages.count)

        let database = scenario.database
        applicationPools = ApplicationPools(processes: model.tiers[PlatformModel.apiTier].workerSlots,
                                            size: database.applicationPoolSize ?? 0)
        pgBouncer = PgBouncerPool(settings: model.pgBouncer)
        persistentClients = PersistentClientTable(model.persistentClients)
        self.database = PostgresServer(cores: Double(database.plan.vcpus), contention: model.contention)
        readRouting = ReadRouting(scenario)
        readOnlyNodes = ReadOnlyNodes(count: readRouting.isActive ? database.readOnly.count : 0,
                                      cores: Double(database.readOnlyPlan.vcpus), contention: model.contention,
                                      connectionLimit: ReadOnlyNodes.connectionLimit(database, model: model))
        replicationLagStream = streams.stream(named: "replication_lag")
        databaseFailover = DatabaseFailover(settings: database.failover, standbys: database.standbyNodes,
                                            failureStream: streams.stream(named: "failure.database"))

        recorder = Recorder(model: model, horizon: horizon)
        tenantMeters = TenantMeters(tierRoles: model.tiers.map(\.role), tenantCount: model.tenantCount)
        transferMeter = TransferMeter(scenario: scenario, tenantCount: model.tenantCount, streams: streams)
        start()
    }

    /// The events that start a replication, in the order that fixes ties at time 0: the
    /// controllers' first ticks, then each source's first arrival, the first minute tick
    /// and the end of the warm-up.
    private mutating func start() {
        setUpFleets()
        connectPersistentClients()
        for source in model.sources.indices { scheduleArrival(source: source, after: 0) }
        calendar.schedule(.minuteTick, at: min(60, horizon))
        if warmup > 0 { calendar.schedule(.warmupEnd, at: warmup) }
        recorder.startMinute(areas: currentAreas())
        scheduleFaults()
    }

    /// Runs the replication to its horizon and returns what it measured.
    mutating func run(replication: Int) -> ReplicationResult {
        while step() != nil {}
        return result(replication: replication)
    }

    /// Handles the next event and returns it, or returns `nil` once the calendar holds
    /// nothing due by the horizon (and from then on).
    ///
    /// Tests step a replication event by event and check its invariants in between; the
    /// result is read once, after the last step, with `result(replication:)`.
    @discardableResult
    @inline(__always)
    mutating func step() -> ScheduledEvent<Event>? {
        guard !isFinished, let event = calendar.next(), event.time <= horizon else {
            isFinished = true
            return nil
        }
        events += 1
        switch event.payload {
        case let .arrival(source): arrive(source: Int(source))
        case let .sliceDone(request): finishSlice(Int(request))
        case let .databaseDone(epoch): completeTransactions(epoch: epoch)
        case let .roundTripDone(request): endRoundTrip(Int(request))
        case let .serverHoldEnded(request): serverHoldEnded(Int(request))
        case let .waitTimeout(request, epoch): expireWait(Int(request), epoch: epoch)
        case let .reserveCheck(request, epoch): offerReserve(Int(request), epoch: epoch)
        case .minuteTick: tick()
        case .warmupEnd: endWarmup()
        case let .controllerTick(tier): controllerTick(tier: Int(tier))
        case let .dropletBooted(droplet, epoch): dropletBooted(Int(droplet), epoch: epoch)
        case let .dropletHealthy(droplet, epoch): dropletHealthy(Int(droplet), epoch: epoch)
        case let .dropletReplace(droplet, epoch): replaceDroplet(Int(droplet), epoch: epoch)
        case let .deregistered(droplet, epoch): deregistrationEnded(Int(droplet), epoch: epoch)
        case let .graceEnded(droplet, epoch): graceEnded(Int(droplet), epoch: epoch)
        case let .dropletFailed(droplet, epoch): dropletFailed(Int(droplet), epoch: epoch)
        case let .failureDetected(droplet, epoch): failureDetected(Int(droplet), epoch: epoch)
        case let .readOnlyDone(node, epoch): completeReadOnlyTransactions(node: Int(node), epoch: epoch)
        case let .scheduledFault(index): scheduledFault(Int(index))
        case let .databaseFailure(epoch): randomDatabaseFailure(epoch: epoch)
        case let .databaseRecovered(epoch): databaseRecovered(epoch: epoch)
        case .standbyRebuilt: databaseFailover.standbyRebuilt()
        }
        if database.needsReschedule { rescheduleDatabase() }
        if readRouting.isActive { rescheduleReadOnlyNodes() }
        return event
    }
}

extension PlatformSimulation where Tracer == SilentTracer {
    /// A replication of a real run, which nobody watches.
    init(model: PlatformModel, replication: Int) {
        self.init(model: model, replication: replication, tracer: SilentTracer())
    }
}
