import Foundation
import Results
import Scenarios
import SimCore

/// Progress of a search, for the line on standard error.
public struct SearchProgress: Sendable {
    public var trials: Int
    /// Candidates not yet decided.
    public var candidatesLeft: Int
    /// The cheapest feasible cost found so far, in US dollars a month.
    public var bestMonthlyUSD: Double?
    public var requests: Int
    /// Seconds since the search started, and an estimate of what remains.
    public var elapsedSeconds: Double
    public var remainingSeconds: Double?
}

/// The cheapest feasible candidate, found by a branch-and-bound race.
///
/// The candidates are taken in order of their least possible monthly cost. The search
/// keeps the cheapest feasible ones found (the best and `runnersUp` more); a candidate whose
/// least cost is above the last of those cannot be among them, and the search stops when
/// the next candidate in cost order is such. Within that bound each candidate is raced:
/// 1. the peak probe (`PeakProbe`), which can only discard what surely fails;
/// 2. full-horizon replications with common random numbers, one at a time; from two on,
///    a candidate is dropped when an objective is missed even on the optimistic side of its
///    95% interval, or when its cost's interval lies above the bound;
/// 3. at the scenario's replications, the verdict `capsim run` would give.
/// This is F-race in spirit (drop on a statistical test, as early as it is conclusive)
/// rather than successive halving: halving keeps a fixed share of candidates per rung
/// whatever the evidence, and could drop the cheapest feasible candidate because others
/// looked better at one replication; the race drops only what its test shows.
///
/// In a large space (more candidates than `surrogateThreshold`) a Gaussian-process model
/// of each objective, fitted to what was simulated, chooses each batch by constrained
/// expected improvement, and rules out candidates it gives less than `ruleOutProbability`
/// of meeting every SLO. That part is a model, not a proof: the plan says how many
/// candidates it ruled out.
final class BranchAndBoundSearch {
    let scenario: Scenario
    let candidates: [Candidate]
    let settings: SearchSettings
    let executor: TrialExecutor
    let probe: PeakProbe?
    let surrogate: SurrogateModel?
    var records: [CandidateRecord]
    let started = ContinuousClock.now
    var progress: (@Sendable (SearchProgress) -> Void)?
    /// Why the search stopped early, if it did.
    private(set) var stoppedBy: String?

    init(scenario: Scenario, candidates: [Candidate], settings: SearchSettings, executor: TrialExecutor, probe: PeakProbe?) {
        self.scenario = scenario
        self.candidates = candidates
        self.settings = settings
        self.executor = executor
        self.probe = settings.exhaustive ? nil : probe
        self.surrogate = !settings.exhaustive && candidates.count > settings.surrogateThreshold
            ? SurrogateModel(scenario: scenario, candidates: candidates) : nil
        records = Array(repeating: CandidateRecord(), count: candidates.count)
    }

    /// Feasible candidates, cheapest first (ties: the larger margin, then space order).
    var ranking: [Int] {
        records.indices.filter { records[$0].status == .feasible }.sorted { a, b in
            // Costs compare in cents: a bill does not tell apart what differs by less.
            let costA = ((records[a].meanMonthlyUSD ?? 0) * 100).rounded(), costB = ((records[b].meanMonthlyUSD ?? 0) * 100).rounded()
            if costA != costB { return costA < costB }
            let ma = margin(a), mb = margin(b)
            if ma != mb { return ma > mb }
            return a < b
        }
    }

    func margin(_ index: Int) -> Double {
        Judgement(scenario: candidates[index].scenario, replications: records[index].replications).margin
    }

    /// The cost above which a candidate cannot be the answer or a runner-up.
    var bound: Double {
        let ranked = ranking
        guard ranked.count > settings.runnersUp else { return .infinity }
        return records[ranked[settings.runnersUp]].meanMonthlyUSD ?? .infinity
    }

    var budgetExhausted: Bool {
        if let cap = settings.budgetRequests, executor.requests >= cap {
            stoppedBy = "the budget of \(cap) simulated requests"
            return true
        }
        if let cap = settings.budgetSeconds, elapsed >= cap {
            stoppedBy = "the budget of \(Int(cap)) s of wall time"
            return true
        }
        if let failure = executor.failure {
            stoppedBy = "a trial could not be recorded (\(failure))"
            return true
        }
        return false
    }

    var elapsed: Double {
        let duration = ContinuousClock.now - started
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    func run() {
        let order = candidates.indices.sorted {
            (candidates[$0].monthlyUSDLowerBound, $0) < (candidates[$1].monthlyUSDLowerBound, $1)
        }
        if settings.exhaustive {
            for start in stride(from: 0, to: order.count, by: settings.batchSize) {
                if budgetExhausted { break }
                race(Array(order[start..<min(start + settings.batchSize, order.count)]))
            }
            finish()
            return
        }
        while !budgetExhausted {
            let bound = self.bound
            // Everything whose least cost is above the bound is decided: costlier.
            for index in order where records[index].status == .open && candidates[index].monthlyUSDLowerBound > bound {
                records[index].status = .costlier
            }
            let open = order.filter { records[$0].status == .open }
            guard !open.isEmpty else { break }
            let batch: [Int]
            if let surrogate, surrogate.isReady(records: records) {
                let choice = surrogate.chooseBatch(open: open, records: records, bound: bound, size: settings.batchSize, ruleOut: settings.ruleOutProbability)
                for (index, probability) in choice.ruledOut { records[index].status = .ruledOut(probability: probability) }
                batch = choice.batch
                if batch.isEmpty { continue }
            } else {
                batch = Array(open.prefix(settings.batchSize))
            }
            race(batch)
            report()
        }
        finish()
    }

    /// Marks what is still open when the search stops.
    private func finish() {
        for index in records.indices where records[index].status == .open { records[index].status = .unresolved }
        report()
    }

    /// Races a batch: the probe, then replications one at a time, each stage's jobs in
    /// parallel.
    func race(_ batch: [Int]) {
        var live = batch
        if let probe {
            let jobs = live.map { TrialJob(candidate: $0, fidelity: .probe, replication: 0, scenarioSeed: settings.seed) }
            let outcomes = executor.run(jobs)
            for (index, outcome) in zip(live, outcomes) {
                records[index].probe = outcome
                if let counts = outcome.probe, let violation = probe.violation(counts, objectives: scenario.objectives) {
                    records[index].status = .infeasible(stage: .probe, reason: violation.reason, objective: violation.objective,
                                                        excess: .infinity)
                }
            }
            live = live.filter { records[$0].status == .open }
        }
        for replication in 0..<settings.replications {
            guard !live.isEmpty, !budgetExhausted else { break }
            let jobs = live.map { TrialJob(candidate: $0, fidelity: .full, replication: replication, scenarioSeed: settings.seed) }
            let outcomes = executor.run(jobs)
            for (index, outcome) in zip(live, outcomes) { records[index].replications.append(outcome) }
            let bound = settings.exhaustive ? .infinity : self.bound
            for index in live { decide(index, final: replication + 1 == settings.replications, bound: bound) }
            live = live.filter { records[$0].status == .open }
        }
    }

    /// Decides what can be decided from a candidate's replications so far.
    func decide(_ index: Int, final: Bool, bound: Double) {
        let record = records[index]
        let judgement = Judgement(scenario: candidates[index].scenario, replications: record.replications)
        if final {
            if judgement.allMet {
                records[index].status = .feasible
            } else if let position = judgement.verdicts.firstIndex(where: { !$0.met }) {
                let missed = judgement.verdicts[position]
                records[index].status = .infeasible(stage: .simulation, reason: Judgement.describe(missed), objective: position,
                                                    excess: Judgement.excess(missed))
            }
            return
        }
        guard !settings.exhaustive, record.replications.count >= 2 else { return }
        if let position = judgement.clearlyMissed {
            let missed = judgement.verdicts[position]
            records[index].status = .infeasible(stage: .simulation, reason: Judgement.describe(missed), objective: position,
                                                excess: Judgement.excess(missed))
            return
        }
        let costs = ConfidenceInterval.studentT(record.monthlyCosts)
        if let lower = costs.lower, lower > bound { records[index].status = .costlier }
    }

    private func report() {
        guard let progress else { return }
        let left = records.filter { $0.status == .open }.count
        let best = ranking.first.flatMap { records[$0].meanMonthlyUSD }
        let elapsed = self.elapsed
        let decided = records.count - left
        let remaining = decided > 0 ? elapsed / Double(decided) * Double(left) : nil
        progress(SearchProgress(trials: executor.trials, candidatesLeft: left, bestMonthlyUSD: best, requests: executor.requests,
                                elapsedSeconds: elapsed, remainingSeconds: remaining))
    }
}
