import Analysis
import Foundation
import Results
import Scenarios

/// The Gaussian-process model of a large search: one GP per objective, each fitted to how far
/// the simulated candidates were from that objective's target, on the candidates' features
/// (`FeatureScale`).
///
/// It chooses batches by constrained expected improvement (the chance of meeting every
/// objective times the cost improvement over the search's bound; a candidate's least cost
/// is known exactly for fixed fleets, so the cost needs no model) and rules out candidates
/// it is sure cannot meet the SLOs. Each objective is modelled on its own scale:
/// `log(value / target)` for a latency or an error rate, the shortfall over the allowance
/// for an attainment, so that 0 is the boundary and a positive value a miss.
struct SurrogateModel {
    let scenario: Scenario
    let candidates: [Candidate]
    /// Observations needed before the model decides anything.
    let minimumObservations: Int

    init(scenario: Scenario, candidates: [Candidate]) {
        self.scenario = scenario
        self.candidates = candidates
        minimumObservations = max(12, 2 * (candidates.first?.features.count ?? 0) + 2)
    }

    func isReady(records: [CandidateRecord]) -> Bool {
        records.filter { !$0.replications.isEmpty || $0.probe != nil }.count >= minimumObservations
    }

    /// Each objective's training set: (features, constraint value) of the candidates that
    /// say something about it.
    func observations(records: [CandidateRecord]) -> [[(features: [Double], value: Double)]] {
        let count = scenario.objectives.latency.count + (scenario.objectives.errorRate == nil ? 0 : 1)
            + (scenario.objectives.attainment == nil ? 0 : 1)
        var sets = Array(repeating: [(features: [Double], value: Double)](), count: count)
        for (index, record) in records.enumerated() {
            let features = candidates[index].features
            if !record.replications.isEmpty {
                let verdicts = Judgement(scenario: candidates[index].scenario, replications: record.replications).verdicts
                for (objective, verdict) in verdicts.enumerated() where objective < count {
                    sets[objective].append((features, Self.constraint(verdict)))
                }
            } else if case let .infeasible(stage: .probe, _, objective, _) = record.status, objective < count {
                // The probe shows a miss without measuring its size: a clear miss.
                sets[objective].append((features, 1))
            }
        }
        return sets
    }

    /// 0 at the target, positive past it; clipped so that one disaster does not flatten the
    /// model everywhere else.
    static func constraint(_ verdict: ObjectiveVerdict) -> Double {
        guard verdict.status != .noData, verdict.value.isFinite else { return 1 }
        let value: Double
        switch verdict.direction {
        case .atMost:
            value = log(max(verdict.value, 1e-9) / verdict.target)
        case .atLeast:
            value = (verdict.target - verdict.value) / max(1 - verdict.target, 1e-9)
        }
        return min(max(value, -3), 3)
    }

    struct Choice {
        var batch: [Int]
        var ruledOut: [(Int, Double)]
    }

    /// The next batch among `open` candidates, and those ruled out.
    func chooseBatch(open: [Int], records: [CandidateRecord], bound: Double, size: Int,
                     ruleOut threshold: Double) -> Choice {
        let sets = observations(records: records)
        var models: [GaussianProcess] = []
        for set in sets where set.count >= 2 {
            if let model = try? GaussianProcess(inputs: set.map(\.features), outputs: set.map(\.value)) { models.append(model) }
        }
        guard !models.isEmpty else { return Choice(batch: Array(open.prefix(size)), ruledOut: []) }
        let inputs = open.map { candidates[$0].features }
        let costs = open.map { candidates[$0].monthlyUSDLowerBound }
        // The reference cost: the search's bound once it has one, else above every candidate.
        let reference = bound.isFinite ? bound : (costs.max() ?? 0) + 1
        var ruledOut: [(Int, Double)] = []
        var eligible: [Int] = []
        let predictions = models.map { $0.predict(inputs) }
        for position in open.indices {
            var probability = 1.0
            for model in predictions.indices {
                let prediction = predictions[model][position]
                probability *= Acquisition.probabilityOfFeasibility(mean: prediction.mean,
                                                                    standardDeviation: prediction.variance.squareRoot())
            }
            let untouched = records[open[position]].replications.isEmpty && records[open[position]].probe == nil
            if untouched && probability < threshold {
                ruledOut.append((open[position], probability))
            } else {
                eligible.append(position)
            }
        }
        // Kriging believer: pick the best, pretend its outcome is the model's mean, refit
        // the predictions, repeat; ties go to the earlier candidate in cost order.
        var believers = models
        var batch: [Int] = []
        var remaining = eligible
        while batch.count < size, !remaining.isEmpty {
            var best = (position: remaining[0], score: -Double.infinity)
            let candidateInputs = remaining.map { inputs[$0] }
            let current = believers.map { $0.predict(candidateInputs) }
            for (offset, position) in remaining.enumerated() {
                var probability = 1.0
                for model in current.indices {
                    let prediction = current[model][offset]
                    probability *= Acquisition.probabilityOfFeasibility(mean: prediction.mean,
                                                                        standardDeviation: prediction.variance.squareRoot())
                }
                let improvement = Acquisition.expectedImprovement(mean: costs[position], standardDeviation: 0, best: reference)
                let score = (improvement > 0 ? improvement : 1e-9) * probability
                if score > best.score { best = (position, score) }
            }
            batch.append(open[best.position])
            remaining.removeAll { $0 == best.position }
            believers = believers.map { model in
                let mean = model.predict([inputs[best.position]])[0].mean
                return (try? model.conditioned(on: inputs[best.position], output: mean)) ?? model
            }
        }
        return Choice(batch: batch, ruledOut: ruledOut)
    }
}
