import Foundation
import Synchronization

/// Runs a model's replications on a fixed number of threads.
///
/// Each replication draws only from its own seeded streams and results are gathered by
/// replication index, so the output is the same whatever the thread count or finishing order.
public struct ReplicationRunner: Sendable {
    public var jobs: Int

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.jobs = max(1, jobs)
    }

    /// Runs replications `0..<count`; `progress` is called (from any thread) as each finishes.
    public func run(_ model: PlatformModel, count: Int,
                    progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)? = nil) -> [ReplicationResult] {
        runJobs(count, progress: progress) { model.simulate(replication: $0) }
    }

    /// Runs jobs `0..<count` on up to `jobs` threads, each taking the next job when free,
    /// and returns the results in job order.
    func runJobs(_ count: Int, progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)?,
                 _ job: @escaping @Sendable (Int) -> ReplicationResult) -> [ReplicationResult] {
        let threads = min(jobs, count)
        // One thread runs here: libdispatch's apply would otherwise keep a helper spinning.
        if threads <= 1 {
            return (0..<count).map { index in
                let result = job(index)
                progress?(index + 1, count)
                return result
            }
        }
        let state = Mutex<(next: Int, finished: Int, results: [ReplicationResult?])>((0, 0, Array(repeating: nil, count: count)))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let index = state.withLock { state -> Int? in
                    guard state.next < count else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
                guard let index else { return }
                let result = job(index)
                let finished = state.withLock { state -> Int in
                    state.results[index] = result
                    state.finished += 1
                    return state.finished
                }
                progress?(finished, count)
            }
        }
        return state.withLock { $0.results.map { $0! } }
    }
}
