import Foundation
import Model
import Results
import Scenarios
import SimCore
import Synchronization

/// One replication of one candidate at one fidelity.
public struct TrialJob: Sendable, Hashable {
    public var candidate: Int
    public var fidelity: Fidelity
    public var replication: Int
    /// The scenario's seed for this job (the search's, or the verification's).
    public var scenarioSeed: UInt64
}

/// Where trials are kept between processes: the run history, in the command line.
public protocol TrialLog: Sendable {
    /// Outcomes already recorded, by key (a resumed search reads them instead of simulating).
    func recorded() -> [TrialRecordKey: TrialOutcome]
    /// Called from any thread as each trial finishes.
    func record(_ key: TrialRecordKey, outcome: TrialOutcome, wallSeconds: Double) throws
}

/// A trial's key: the candidate's configuration hash, the fidelity, the replication and
/// its seed.
public struct TrialRecordKey: Hashable, Sendable {
    public var configurationHash: String
    public var fidelity: String
    public var replication: Int
    public var seed: UInt64

    public init(configurationHash: String, fidelity: String, replication: Int, seed: UInt64) {
        self.configurationHash = configurationHash
        self.fidelity = fidelity
        self.replication = replication
        self.seed = seed
    }
}

/// A log that keeps nothing: a search that is not recorded.
public struct NoTrialLog: TrialLog {
    public init() {}
    public func recorded() -> [TrialRecordKey: TrialOutcome] { [:] }
    public func record(_ key: TrialRecordKey, outcome: TrialOutcome, wallSeconds: Double) throws {}
}

/// Runs trials on up to `jobs` threads, reusing recorded outcomes and recording new ones as
/// they finish. Outcomes come back in job order: the same whatever the thread count or the
/// order in which trials finish.
final class TrialExecutor: @unchecked Sendable {
    let jobs: Int
    let candidates: [Candidate]
    let probe: PeakProbe?
    let costModel: CostModel
    let log: any TrialLog
    private let cache: Mutex<[TrialRecordKey: TrialOutcome]>
    private let counters = Mutex<(trials: Int, requests: Int, simulated: Int)>((0, 0, 0))
    /// The first failure to record a trial: the search stops rather than go on unrecorded.
    private let recordFailure = Mutex<String?>(nil)

    init(jobs: Int, candidates: [Candidate], probe: PeakProbe?, costModel: CostModel, log: any TrialLog) {
        self.jobs = max(1, jobs)
        self.candidates = candidates
        self.probe = probe
        self.costModel = costModel
        self.log = log
        cache = Mutex(log.recorded())
    }

    /// Trials run (simulated or read back), and the requests they simulated.
    var trials: Int { counters.withLock { $0.trials } }
    var requests: Int { counters.withLock { $0.requests } }
    /// Trials actually simulated by this process (not read back from the log).
    var simulatedTrials: Int { counters.withLock { $0.simulated } }
    var failure: String? { recordFailure.withLock { $0 } }

    func scenario(for job: TrialJob) -> Scenario {
        var scenario = job.fidelity.scenario(for: candidates[job.candidate].scenario, probe: probe)
        scenario.seed = job.scenarioSeed
        return scenario
    }

    /// Runs `jobs`, in parallel, and returns their outcomes in order.
    func run(_ batch: [TrialJob], onFinish: (@Sendable () -> Void)? = nil) -> [TrialOutcome] {
        guard !batch.isEmpty else { return [] }
        let results = Mutex<[Int: TrialOutcome]>([:])
        let next = Mutex(0)
        let threads = min(jobs, batch.count)
        let work: @Sendable (Int) -> Void = { [self] _ in
            while true {
                let index = next.withLock { value -> Int? in
                    guard value < batch.count else { return nil }
                    defer { value += 1 }
                    return value
                }
                guard let index else { return }
                let outcome = self.outcome(of: batch[index])
                results.withLock { $0[index] = outcome }
                onFinish?()
            }
        }
        if threads <= 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: threads, execute: work)
        }
        return results.withLock { table in batch.indices.map { table[$0]! } }
    }

    private func outcome(of job: TrialJob) -> TrialOutcome {
        let scenario = scenario(for: job)
        let model = PlatformModel(scenario: scenario)
        let key = TrialRecordKey(configurationHash: candidates[job.candidate].hash, fidelity: job.fidelity.key,
                                 replication: job.replication, seed: model.replicationSeed(job.replication))
        if let known = cache.withLock({ $0[key] }) {
            counters.withLock { $0.trials += 1; $0.requests += known.requests }
            return known
        }
        let clock = ContinuousClock()
        let started = clock.now
        let result = model.simulate(replication: job.replication)
        let outcome: TrialOutcome
        if job.fidelity == .probe, let probe {
            outcome = TrialOutcome(measurements: nil, monthlyUSD: nil, probe: probe.counts(of: result, scenario: scenario),
                                   requests: result.outcomes.total)
        } else {
            let summary = ReplicationAggregate.summary(of: result, scenario: scenario)
            let bill = costModel.bill(scenario, fleets: result.fleets, outboundBytes: summary.outboundBytes)
            outcome = TrialOutcome(measurements: summary.objectiveMeasurements, monthlyUSD: bill.monthlyUSD, probe: nil,
                                   requests: result.outcomes.total,
                                   bill: bill.components.map { TrialOutcome.BillLine(name: $0.name, detail: $0.detail, monthlyUSD: $0.monthlyUSD) })
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        do {
            try log.record(key, outcome: outcome, wallSeconds: seconds)
        } catch {
            recordFailure.withLock { if $0 == nil { $0 = String(describing: error) } }
        }
        cache.withLock { $0[key] = outcome }
        counters.withLock { $0.trials += 1; $0.requests += outcome.requests; $0.simulated += 1 }
        return outcome
    }
}
