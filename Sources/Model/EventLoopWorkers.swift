import DequeModule
import SimCore

/// The Node.js processes of every tier, as CPUs: each process is one event loop that runs
/// one slice of CPU at a time, first come first served (DESIGN §4 "Service tiers").
///
/// A request waiting on the database or an API call holds no slice, so the loop serves
/// others meanwhile. Processes are numbered as in `TierLayout`. Which requests a process
/// holds is the balancer's count (`Balancers`); this is only who runs and who queues.
struct EventLoopWorkers {
    private let busy: SlotBuffer<Bool>
    /// Per process, the requests whose next slice waits for the loop, oldest first.
    private var queues: [Deque<Int32>]
    /// Busy processes per tier over time: the tier's CPU utilisation times its processes.
    private let busyByTier: SlotBuffer<TimeWeightedMean>

    init(layout: TierLayout) {
        busy = SlotBuffer(repeating: false, count: layout.workerCount)
        queues = Array(repeating: Deque<Int32>(), count: layout.workerCount)
        busyByTier = SlotBuffer(repeating: TimeWeightedMean(), count: layout.firstWorker.count)
    }

    /// Starts `request`'s slice on `worker` of `tier` when the loop is free and returns
    /// `true`: the caller schedules the slice's end. Otherwise the slice queues.
    @inline(__always)
    mutating func startOrQueue(_ request: Int32, on worker: Int, tier: Int, at now: Double) -> Bool {
        if busy[worker] {
            queues[worker].append(request)
            return false
        }
        busy[worker] = true
        busyByTier[tier].add(1, at: now)
        return true
    }

    /// The slice running on `worker` of `tier` ended: returns the request whose queued slice
    /// starts now (the caller schedules its end), or `nil` when the loop goes idle.
    @inline(__always)
    mutating func finishSlice(on worker: Int, tier: Int, at now: Double) -> Int32? {
        if let next = queues[worker].popFirst() { return next }
        busy[worker] = false
        busyByTier[tier].add(-1, at: now)
        return nil
    }

    /// Busy process-seconds of `tier` since the start, or since `resetBusy`.
    @inline(__always)
    func busyArea(tier: Int, at now: Double) -> Double { busyByTier[tier].area(at: now) }

    /// Restarts `tier`'s busy area at the end of the warm-up.
    mutating func resetBusy(tier: Int, at now: Double) { busyByTier[tier].reset(at: now) }

    /// Whether `worker`'s loop is running a slice.
    @inline(__always)
    func isBusy(_ worker: Int) -> Bool { busy[worker] }

    /// Requests queued for `worker`'s loop.
    func queued(on worker: Int) -> Int { queues[worker].count }

    func checkInvariants(layout: TierLayout) throws(InvariantViolation) {
        for tier in layout.firstWorker.indices {
            let end = tier + 1 < layout.firstWorker.count ? layout.firstWorker[tier + 1] : layout.workerCount
            var running = 0
            for worker in layout.firstWorker[tier]..<end {
                if busy[worker] { running += 1 }
                try InvariantViolation.require(busy[worker] || queues[worker].isEmpty, "EventLoopWorkers",
                                               "process \(worker) is idle with \(queues[worker].count) slices queued")
            }
            try InvariantViolation.require(busyByTier[tier].value == Double(running), "EventLoopWorkers",
                                           "tier \(tier): busy level \(busyByTier[tier].value), \(running) processes busy")
        }
    }
}
