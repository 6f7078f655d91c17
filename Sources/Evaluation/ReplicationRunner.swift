import Analysis
import DigitalOceanCatalog
import Estimate
import Foundation
import Model
import Results
import Scenarios
import SimCore
import Synchronization

/// Runs a model's replications on a fixed number of threads.
///
/// Each replication draws only from its own seeded streams and results are gathered by
/// replication index, so the output is the same whatever the thread count or finishing order.
public struct ReplicationRunner: Sendable {
    public var jobs: Int

    /// `jobs` threads at most; the command line passes the core count by default.
    public init(jobs: Int) {
        self.jobs = max(1, jobs)
    }

    /// Runs replications `0..<count`; `progress` is called (from any thread) as each finishes.
    public func run(_ model: PlatformModel, count: Int,
                    progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)? = nil) -> [ReplicationResult] {
        runJobs(count, progress: progress) { model.simulate(replication: $0) }
    }

    /// Runs replications `0..<count` and folds each into the aggregate as it finishes, in
    /// replication order, so that only the replications in progress (and any that finished
    /// ahead of a predecessor) are held at once: memory stays flat in `count`.
    public func aggregate(_ model: PlatformModel, count: Int,
                          progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)? = nil) -> ReplicationAggregate {
        foldJobs(count, into: ReplicationAggregate(scenario: model.scenario), progress: progress,
                 { model.simulate(replication: $0) }, fold: { aggregate, _, result in aggregate.add(result) })
    }

    /// Runs jobs `0..<count` on up to `jobs` threads and returns the results in job order.
    package func runJobs(_ count: Int, progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)?,
                 _ job: @escaping @Sendable (Int) -> ReplicationResult) -> [ReplicationResult] {
        var initial: [ReplicationResult] = []
        initial.reserveCapacity(count)
        return foldJobs(count, into: initial, progress: progress, job, fold: { results, _, result in results.append(result) })
    }

    /// Runs jobs `0..<count` on up to `jobs` threads, each taking the next job when free, and
    /// calls `fold` with each result in job order (0, 1, 2…) whatever order they finish in: a
    /// result that finishes before its predecessors waits for them, then is folded and
    /// released. Floating-point sums in `fold` therefore happen in the same order with any
    /// thread count. Folds run one at a time, under the lock that hands out jobs.
    package func foldJobs<State: Sendable>(_ count: Int, into initial: State,
                                   progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)?,
                                   _ job: @escaping @Sendable (Int) -> ReplicationResult,
                                   fold: @escaping @Sendable (inout State, Int, ReplicationResult) -> Void) -> State {
        let threads = min(jobs, count)
        // One thread runs here: libdispatch's apply would otherwise keep a helper spinning.
        if threads <= 1 {
            var state = initial
            for index in 0..<count {
                fold(&state, index, job(index))
                progress?(index + 1, count)
            }
            return state
        }
        let shared = Mutex<FoldState<State>>(FoldState(state: initial))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let index = shared.withLock { shared -> Int? in
                    guard shared.next < count else { return nil }
                    defer { shared.next += 1 }
                    return shared.next
                }
                guard let index else { return }
                let result = job(index)
                let finished = shared.withLock { shared -> Int in
                    shared.waiting[index] = result
                    while let ready = shared.waiting.removeValue(forKey: shared.nextToFold) {
                        fold(&shared.state, shared.nextToFold, ready)
                        shared.nextToFold += 1
                    }
                    shared.finished += 1
                    return shared.finished
                }
                progress?(finished, count)
            }
        }
        return shared.withLock { $0.state }
    }
}

/// What the threads of `ReplicationRunner.foldJobs` share, under its lock.
package struct FoldState<State: Sendable>: Sendable {
    package var next = 0
    package var finished = 0
    package var nextToFold = 0
    /// Results that finished before a predecessor, by job index.
    package var waiting: [Int: ReplicationResult] = [:]
    package var state: State
}
