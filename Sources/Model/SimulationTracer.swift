/// What a test watches inside a replication, without the event loop paying for it.
///
/// The simulation is generic over its tracer and calls it only behind
/// `if Tracer.isRecording`, a constant once the generic code is specialised: the runs of the
/// command line use `SilentTracer`, whose calls compile to nothing, so the hot path carries
/// no closure, no existential and no branch for tracing. Tests use `TraceLog`, or their own
/// tracer. What happens at each event is seen through `PlatformSimulation.step()` instead.
protocol SimulationTracer {
    /// Whether the simulation calls this tracer at all.
    static var isRecording: Bool { get }
    /// A user's request from tenant group `group` arrived at `time` (seconds), before
    /// admission: every arrival, measured or not.
    mutating func requestArrived(group: Int, at time: Double)
    /// The balancer handed a request to a droplet's process.
    mutating func requestAssigned(_ assignment: ServedRequest)
}

/// The tracer of real runs: records nothing, and the simulation never calls it.
struct SilentTracer: SimulationTracer {
    static var isRecording: Bool { false }
    func requestArrived(group: Int, at time: Double) {}
    func requestAssigned(_ assignment: ServedRequest) {}
}

/// Every arrival time by tenant group and every assignment to a droplet: for tests of the
/// random streams (which must see the simulation's own arrivals) and of the droplet
/// lifecycle (no droplet serves before it is healthy).
struct TraceLog: SimulationTracer {
    static var isRecording: Bool { true }
    /// Arrival times in seconds, per tenant group, in order.
    var arrivalsByGroup: [[Double]]
    var assignments: [ServedRequest] = []

    init(groups: Int) {
        arrivalsByGroup = Array(repeating: [], count: groups)
    }

    mutating func requestArrived(group: Int, at time: Double) {
        arrivalsByGroup[group].append(time)
    }

    mutating func requestAssigned(_ assignment: ServedRequest) {
        assignments.append(assignment)
    }
}

/// A request handed to a droplet, for tests of the lifecycle: which state the droplet was
/// in, and since when it had been healthy (seconds from the start).
struct ServedRequest {
    var time: Double
    var droplet: Int
    var state: DropletState
    var healthySince: Double
    var created: Double
}
