import DigitalOceanCatalog
import Estimate
import Foundation
import Model
import Results
import Scenarios
import SimCore

/// `capsim optimize`: from a scenario and the valid configurations of its search space to a
/// verified capacity plan.
///
/// The stages, each sound on its own (see `ConfigurationScreen`, `PeakProbe`,
/// `BranchAndBoundSearch`, `SurrogateModel`): screen, race, model; then a verification of
/// the answer with more replications and another seed, its sensitivity to load, and the
/// month in which growth outruns it.
public struct Optimizer {
    /// What the plan names as its origin.
    public struct Origin: Sendable {
        public var scenarioName: String
        public var scenarioSource: String
        public var scenarioHash: String
        public var capsimVersion: String
        public var optimizationID: String?

        public init(scenarioName: String, scenarioSource: String, scenarioHash: String, capsimVersion: String, optimizationID: String?) {
            self.scenarioName = scenarioName
            self.scenarioSource = scenarioSource
            self.scenarioHash = scenarioHash
            self.capsimVersion = capsimVersion
            self.optimizationID = optimizationID
        }
    }

    public var scenario: Scenario
    public var catalog: Catalog
    public var settings: SearchSettings
    public var jobs: Int
    public var log: any TrialLog
    public var progress: (@Sendable (SearchProgress) -> Void)?
    /// Load factors of the sensitivity analysis.
    public var loadFactors: [Double] = [0.8, 1.2, 1.5]
    /// How many months of growth the re-plan month is looked for in.
    public var replanHorizonMonths = 36

    public init(scenario: Scenario, catalog: Catalog, settings: SearchSettings, jobs: Int, log: any TrialLog = NoTrialLog(),
                progress: (@Sendable (SearchProgress) -> Void)? = nil) {
        var scenario = scenario
        scenario.seed = settings.seed
        self.scenario = scenario
        self.catalog = catalog
        self.settings = settings
        self.jobs = jobs
        self.log = log
        self.progress = progress
    }

    /// Searches `configurations` (the space's valid ones, in its order) and returns the plan.
    /// - Parameters:
    ///   - combinations, excluded: the space's size before exclusions, and what was excluded.
    ///   - label: how a configuration is named.
    public func optimize(configurations: [Configuration], combinations: Int, excluded: Int, origin: Origin,
                         label: @escaping (Configuration) -> String) throws(ConfigurationError) -> CapacityPlan {
        let pool = try CandidatePool(scenario: scenario, configurations: configurations, catalog: catalog, label: label,
                                     screening: !settings.exhaustive)
        let probe = PeakProbe(scenario: scenario)
        let executor = TrialExecutor(jobs: jobs, candidates: pool.candidates, probe: probe, costModel: CostModel(catalog: catalog), log: log)
        let search = BranchAndBoundSearch(scenario: scenario, candidates: pool.candidates, settings: settings, executor: executor, probe: probe)
        search.progress = progress
        search.run()
        let searchTrials = executor.trials, searchRequests = executor.requests
        let ranking = search.ranking
        let candidates = pool.candidates
        let records = search.records

        // Verification: the best first; a candidate that fails it gives way to the next.
        var failedVerification: [String] = []
        var chosen: Int?
        var verification: [TrialOutcome] = []
        for index in ranking.prefix(settings.runnersUp + 1) {
            let outcomes = executor.run((0..<settings.verifyReplications).map {
                TrialJob(candidate: index, fidelity: .full, replication: $0, scenarioSeed: settings.verificationSeed)
            })
            if Judgement(scenario: candidates[index].scenario, replications: outcomes).allMet {
                chosen = index
                verification = outcomes
                break
            }
            failedVerification.append(label(candidates[index].configuration))
            if chosen == nil && verification.isEmpty { verification = outcomes }
        }
        let status: String
        let answer: Int?
        if let chosen {
            status = "feasible"
            answer = chosen
        } else if let first = ranking.first {
            status = "unverified"
            answer = first
            verification = executor.run((0..<settings.verifyReplications).map {
                TrialJob(candidate: first, fidelity: .full, replication: $0, scenarioSeed: settings.verificationSeed)
            })
        } else {
            // Stopped by the budget before any candidate was shown feasible: that is not a
            // proof that none is.
            status = search.stoppedBy == nil ? "infeasible" : "undecided"
            answer = Self.closest(records: records, candidates: candidates)
        }

        let summary = SearchSummary(pool: pool, records: records, combinations: combinations, excluded: excluded,
                                    trials: searchTrials, requests: searchRequests, settings: settings, stoppedBy: search.stoppedBy,
                                    id: origin.optimizationID)
        let reference = CapacityPlan.ScenarioReference(name: origin.scenarioName, source: origin.scenarioSource,
                                                       hash: origin.scenarioHash, seed: settings.seed)
        guard let answer else {
            throw ConfigurationError(problems: [FieldProblem(path: "search", message: "no configuration of the space could be simulated")])
        }
        let candidate = candidates[answer]
        let verdicts: [ObjectiveVerdict]
        if status.isNoAnswer {
            // The closest configuration at full fidelity, so that the answer says by how much
            // it misses (a probe or the screen alone does not measure it).
            var replications = records[answer].replications
            if replications.count < settings.replications {
                replications += executor.run((replications.count..<settings.replications).map {
                    TrialJob(candidate: answer, fidelity: .full, replication: $0, scenarioSeed: settings.seed)
                })
            }
            verification = replications
            verdicts = Judgement(scenario: candidate.scenario, replications: replications).verdicts
        } else {
            verdicts = Judgement(scenario: candidate.scenario, replications: verification).verdicts
        }
        let costOutcomes = verification
        let cost = Self.cost(costOutcomes, fallback: CostModel(catalog: catalog).fixedFleet(candidate.scenario))
        let runnersUp = ranking.filter { $0 != answer }.prefix(settings.runnersUp).map { index in
            CapacityPlan.RunnerUp(label: label(candidates[index].configuration), configuration: candidates[index].configuration,
                                  monthlyUSD: Self.cents(records[index].meanMonthlyUSD ?? candidates[index].monthlyUSDLowerBound),
                                  margin: Self.rounded(Judgement(scenario: candidates[index].scenario, replications: records[index].replications).margin))
        }
        let rejected = Self.rejectedCheaper(than: status.isNoAnswer ? .infinity : cost.monthlyUSD, pool: pool, records: records,
                                            label: label)
        // Every load factor's replications in one batch, so that all cores stay busy.
        let sensitivityJobs = status.isNoAnswer ? [] : loadFactors.flatMap { factor in
            (0..<settings.replications).map { TrialJob(candidate: answer, fidelity: .load(factor), replication: $0, scenarioSeed: settings.seed) }
        }
        let sensitivityOutcomes = executor.run(sensitivityJobs)
        let sensitivity = status.isNoAnswer ? [] : loadFactors.enumerated().map { position, factor -> CapacityPlan.Sensitivity in
            let outcomes = Array(sensitivityOutcomes[position * settings.replications..<(position + 1) * settings.replications])
            let judgement = Judgement(scenario: candidate.scenario.scalingLoad(by: factor), replications: outcomes)
            return CapacityPlan.Sensitivity(
                loadFactor: factor, met: judgement.allMet,
                monthlyUSD: Self.cents(outcomes.compactMap(\.monthlyUSD).reduce(0, +) / Double(max(1, outcomes.count))),
                missed: judgement.verdicts.filter { !$0.met }.map(Judgement.describe))
        }
        let replan = status.isNoAnswer ? nil : replanMonth(answer, executor: executor)
        return CapacityPlan(
            schema: CapacityPlan.schema, capsimVersion: origin.capsimVersion, scenario: reference, status: status,
            confidence: summary.confidence(status: status, ranking: ranking, answer: answer, candidates: candidates),
            configuration: candidate.configuration, label: label(candidate.configuration), cost: cost,
            objectives: verdicts.map(Self.objective),
            verification: CapacityPlan.Verification(replications: status.isNoAnswer ? 0 : settings.verifyReplications,
                                                    seed: settings.verificationSeed, met: status == "feasible",
                                                    failedBefore: failedVerification),
            runnersUp: Array(runnersUp), rejectedCheaper: rejected, sensitivity: sensitivity, replanBy: replan,
            search: summary.record)
    }

    /// The month growth first breaks the plan: doubling steps, then halving the interval.
    func replanMonth(_ index: Int, executor: TrialExecutor) -> CapacityPlan.ReplanBy {
        let limit = replanHorizonMonths
        guard scenario.tenantGroups.contains(where: { $0.growthPerMonth > 0 }) else {
            return CapacityPlan.ReplanBy(month: nil, calendarMonth: nil, horizonMonths: limit,
                                         note: "the scenario states no growth_per_month: the load does not grow")
        }
        let candidate = executor.candidates[index]
        // The analytic screen bounds the month from above for nothing: the first month it
        // rejects cannot be met. Simulation then only bisects below it.
        let screen = ConfigurationScreen()
        let screenLimit = (1...limit).first { screen.rejection(of: candidate.scenario.projected(months: $0)) != nil }
        var cache: [Int: Bool] = [:]
        func meets(_ months: Int) -> Bool {
            if let known = cache[months] { return known }
            if let screenLimit, months >= screenLimit { return false }
            let projected = candidate.scenario.projected(months: months)
            // The month's own peak probe: a sound, cheap proof of a miss.
            if let probe = PeakProbe(scenario: projected) {
                var window = probe.scenario(for: projected)
                window.seed = settings.seed
                let model = PlatformModel(scenario: window)
                let counts = probe.counts(of: model.simulate(replication: 0), scenario: window)
                if probe.violation(counts, objectives: projected.objectives) != nil {
                    cache[months] = false
                    return false
                }
            }
            let outcomes = executor.run((0..<settings.replications).map {
                TrialJob(candidate: index, fidelity: .month(months), replication: $0, scenarioSeed: settings.seed)
            })
            let result = Judgement(scenario: projected, replications: outcomes).allMet
            cache[months] = result
            return result
        }
        var good = 0
        var bad: Int? = screenLimit
        if bad == nil {
            var step = 1
            while good < limit {
                let next = min(good + step, limit)
                if meets(next) { good = next; step *= 2 } else { bad = next; break }
            }
        }
        guard var failing = bad else {
            return CapacityPlan.ReplanBy(month: nil, calendarMonth: nil, horizonMonths: limit,
                                         note: "meets every SLO through month \(limit) of the stated growth")
        }
        while failing - good > 1 {
            let middle = (good + failing) / 2
            if meets(middle) { good = middle } else { failing = middle }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = scenario.timeZone
        let date = calendar.date(byAdding: .month, value: failing, to: scenario.start) ?? scenario.start
        let parts = calendar.dateComponents([.year, .month], from: date)
        let calendarMonth = String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
        return CapacityPlan.ReplanBy(
            month: failing, calendarMonth: calendarMonth, horizonMonths: limit,
            note: "meets every SLO through month \(good) of the stated growth and misses one in month \(failing): re-plan before \(calendarMonth)")
    }

    static func closest(records: [CandidateRecord], candidates: [Candidate]) -> Int? {
        var best: (index: Int, key: (Int, Double, Double))?
        for (index, record) in records.enumerated() {
            let key: (Int, Double, Double)
            if !record.replications.isEmpty {
                let excess = Judgement(scenario: candidates[index].scenario, replications: record.replications).worst?.excess ?? .infinity
                key = (0, excess, candidates[index].monthlyUSDLowerBound)
            } else if record.probe != nil {
                key = (1, 0, candidates[index].monthlyUSDLowerBound)
            } else {
                key = (2, 0, -candidates[index].monthlyUSDLowerBound)
            }
            if best == nil || key < best!.key { best = (index, key) }
        }
        return best?.index ?? (candidates.isEmpty ? nil : 0)
    }

    static func cost(_ outcomes: [TrialOutcome], fallback: CostBreakdown) -> CapacityPlan.PlanCost {
        let bills = outcomes.compactMap(\.bill)
        guard let first = bills.first else {
            return CapacityPlan.PlanCost(monthlyUSD: cents(fallback.monthlyUSD), components: fallback.components.map {
                CapacityPlan.PlanCost.Component(name: $0.name, detail: $0.detail, monthlyUSD: cents($0.monthlyUSD))
            })
        }
        let components = first.indices.map { line in
            CapacityPlan.PlanCost.Component(
                name: first[line].name, detail: first[line].detail,
                monthlyUSD: cents(bills.reduce(0) { $0 + $1[line].monthlyUSD } / Double(bills.count)))
        }
        let total = outcomes.compactMap(\.monthlyUSD).reduce(0, +) / Double(bills.count)
        return CapacityPlan.PlanCost(monthlyUSD: cents(total), components: components)
    }

    static func objective(_ verdict: ObjectiveVerdict) -> CapacityPlan.PlanObjective {
        let places = verdict.unit == "ms" ? 3 : 6
        return CapacityPlan.PlanObjective(
            name: verdict.name, unit: verdict.unit, target: verdict.target,
            direction: verdict.direction == .atMost ? "atMost" : "atLeast",
            value: verdict.value.isFinite ? verdict.value.rounded(toPlaces: places) : 0,
            lower: verdict.interval.lower.map { $0.rounded(toPlaces: places) },
            upper: verdict.interval.upper.map { $0.rounded(toPlaces: places) },
            margin: rounded(-Judgement.excess(verdict)), met: verdict.met)
    }

    static func rejectedCheaper(than monthlyUSD: Double, pool: CandidatePool, records: [CandidateRecord],
                                label: (Configuration) -> String) -> [CapacityPlan.Rejected] {
        var rejected: [CapacityPlan.Rejected] = []
        for (index, record) in records.enumerated() where pool.candidates[index].monthlyUSDLowerBound < monthlyUSD {
            let candidate = pool.candidates[index]
            switch record.status {
            case let .infeasible(stage, reason, _, _):
                rejected.append(CapacityPlan.Rejected(label: label(candidate.configuration), monthlyUSD: cents(candidate.monthlyUSDLowerBound),
                                                      stage: stage.rawValue, reason: reason))
            case let .ruledOut(probability):
                rejected.append(CapacityPlan.Rejected(
                    label: label(candidate.configuration), monthlyUSD: cents(candidate.monthlyUSDLowerBound), stage: "model",
                    reason: String(format: "the surrogate gave it a %.2f%% chance of meeting every SLO; not simulated", probability * 100)))
            default:
                continue
            }
        }
        for out in pool.screenedOut where out.monthlyUSDLowerBound < monthlyUSD {
            rejected.append(CapacityPlan.Rejected(label: out.label, monthlyUSD: cents(out.monthlyUSDLowerBound),
                                                  stage: out.reason.hasPrefix("dominated") ? "dominated" : "screen", reason: out.reason))
        }
        // The closest to the plan's cost first: the alternatives a reader weighs.
        return Array(rejected.sorted { ($0.monthlyUSD, $0.label) > ($1.monthlyUSD, $1.label) }.prefix(10))
    }

    static func cents(_ value: Double) -> Double { (value * 100).rounded() / 100 }
    static func rounded(_ value: Double) -> Double { value.isFinite ? (value * 10_000).rounded() / 10_000 : -1 }
}

/// The search's counts and how sure its answer is.
struct SearchSummary {
    var record: CapacityPlan.SearchRecord
    var records: [CandidateRecord]

    init(pool: CandidatePool, records: [CandidateRecord], combinations: Int, excluded: Int, trials: Int, requests: Int,
         settings: SearchSettings, stoppedBy: String?, id: String?) {
        self.records = records
        var simulated = 0, probedOut = 0, ruledOut = 0, unresolved = 0
        var fullRequests = 0, fullTrials = 0
        for record in records {
            if !record.replications.isEmpty { simulated += 1 }
            fullTrials += record.replications.count
            fullRequests += record.replications.reduce(0) { $0 + $1.requests }
            switch record.status {
            case .infeasible(stage: .probe, _, _, _): probedOut += 1
            case .ruledOut: ruledOut += 1
            case .unresolved: unresolved += 1
            default: break
            }
        }
        let valid = pool.candidates.count + pool.screenedOut.count
        let perTrial = fullTrials > 0 ? Double(fullRequests) / Double(fullTrials) : 0
        record = CapacityPlan.SearchRecord(
            id: id, combinations: combinations, valid: valid, excluded: excluded, screenedOut: pool.screenedOut.count,
            simulatedCandidates: simulated, probedOut: probedOut, ruledOutByModel: ruledOut, unresolved: unresolved, trials: trials,
            requests: requests, exhaustiveRequestsEstimate: Int(perTrial * Double(valid * settings.replications)),
            exhaustive: settings.exhaustive, replications: settings.replications, stoppedBy: stoppedBy)
    }

    func confidence(status: String, ranking: [Int], answer: Int, candidates: [Candidate]) -> String {
        var parts: [String] = []
        switch status {
        case "feasible": parts.append("meets every SLO at the 95% bound, in the search and in a fresh verification with another seed")
        case "unverified": parts.append("met every SLO in the search but missed one in the verification with another seed, as did the runners-up: treat as borderline")
        case "undecided": parts.append("no configuration was shown to meet every SLO before the search stopped; this is the closest so far")
        default: parts.append("no configuration of the space meets every SLO; this is the closest")
        }
        let cost = candidates[answer].monthlyUSDLowerBound
        let cheaperOpen = records.indices.filter { index in
            guard candidates[index].monthlyUSDLowerBound < cost else { return false }
            if case .unresolved = records[index].status { return true }
            return false
        }.count
        let cheaperModel = records.indices.filter { index in
            guard candidates[index].monthlyUSDLowerBound < cost else { return false }
            if case .ruledOut = records[index].status { return true }
            return false
        }.count
        if let stopped = record.stoppedBy {
            parts.append("the search stopped at \(stopped) with \(cheaperOpen) cheaper candidate\(cheaperOpen == 1 ? "" : "s") not decided: a cheaper plan may exist")
        } else if !status.isNoAnswer {
            parts.append("every cheaper candidate was shown unable to meet the SLOs\(cheaperModel > 0 ? ", except \(cheaperModel) the surrogate model ruled out without simulating" : "")")
        }
        return parts.joined(separator: "; ")
    }
}

extension String {
    /// "infeasible" or "undecided": no configuration is offered as a plan.
    var isNoAnswer: Bool { self == "infeasible" || self == "undecided" }
}
