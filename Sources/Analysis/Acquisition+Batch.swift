import Foundation
import Linear

// The kriging-believer batch proposer over a fixed candidate set, and the posterior
// bookkeeping it needs: ``Acquisition`` in ExpectedImprovement.swift has the closed forms.

extension Acquisition {
    /// The cost of the candidates, as the batch proposer takes it.
    public enum Cost: Sendable {
        /// The cost of each candidate exactly, in candidate order: a configuration's price
        /// usually follows from its droplet counts without any simulation.
        case known([Double])
        /// A surrogate fitted to the costs evaluated so far.
        case surrogate(GaussianProcess)
    }

    /// The constrained expected improvement of every candidate: what
    /// ``proposeBatch(size:candidates:cost:constraints:bestFeasibleCost:)`` maximises for
    /// its first pick, for callers that want the values (to stop when the best is tiny,
    /// or to log them).
    /// - Throws: as ``proposeBatch(size:candidates:cost:constraints:bestFeasibleCost:)``.
    /// - Complexity: O(m·n²) per model for m candidates and n training points.
    public static func constrainedExpectedImprovements(
        candidates: [[Double]], cost: Cost, constraints: [GaussianProcess], bestFeasibleCost: Double?
    ) throws(LinearError) -> [Double] {
        let state = try BatchState(candidates: candidates, cost: cost, constraints: constraints)
        return state.scores(best: bestFeasibleCost)
    }

    /// Chooses `size` distinct candidates to evaluate in parallel, by the kriging believer
    /// (Ginsbourger, Le Riche & Carraro 2010, "Kriging is well-suited to parallelize
    /// optimization"): pick the candidate of highest constrained expected improvement,
    /// pretend its cost and constraints came out at the models' predicted means, condition
    /// every model on that, and repeat.
    ///
    /// Conditioning on a model's own mean leaves every predictive mean where it was and
    /// shrinks the variances near the pick, so the next pick moves away from it. That is why
    /// this method does not refactor anything: with the hyperparameters fixed, each pick is
    /// a rank-one update of the posterior covariance over the candidates,
    /// Σ′ = Σ − Σ·ⱼΣⱼ·/(Σⱼⱼ + σₙ²): the same variances ``GaussianProcess/conditioned(on:output:)``
    /// gives, to rounding (the tests compare them), at O(m·n) per pick instead of a new
    /// O(n³) factorisation and O(m·n²) prediction per model.
    ///
    /// If a pick is believed feasible (every constraint's mean ≤ 0), its believed cost
    /// becomes the incumbent when lower, as a real observation would.
    ///
    /// Ties in the criterion go to the lower candidate index, and already chosen candidates
    /// are never chosen again, so the result is deterministic and has
    /// min(`size`, `candidates.count`) distinct indices even when every value is 0.
    /// - Parameters:
    ///   - size: q, the number of candidates wanted.
    ///   - candidates: points in the models' normalised input space.
    ///   - cost: the cost, known per candidate or modelled.
    ///   - constraints: one model per constraint gⱼ, feasible where gⱼ ≤ 0.
    ///   - bestFeasibleCost: the lowest cost among feasible evaluated points, `nil` if none.
    /// - Returns: candidate indices in the order chosen.
    /// - Throws: ``Linear/LinearError/dimensionMismatch(operation:detail:)`` when a candidate
    ///   has a different dimension from a model or the known costs are not one per
    ///   candidate; ``Linear/LinearError/nonFinite(operation:)`` for a candidate with NaN or
    ///   an infinity, or a NaN known cost.
    /// - Complexity: O(m·n²) per model for the initial posterior (m candidates, n training
    ///   points), then O(m·(n + q)) per model for each of the q picks; memory n·m numbers
    ///   per model.
    public static func proposeBatch(
        size: Int, candidates: [[Double]], cost: Cost, constraints: [GaussianProcess], bestFeasibleCost: Double?
    ) throws(LinearError) -> [Int] {
        var state = try BatchState(candidates: candidates, cost: cost, constraints: constraints)
        var best = bestFeasibleCost
        var chosen = [Bool](repeating: false, count: candidates.count)
        var picks: [Int] = []
        let count = min(max(0, size), candidates.count)
        for _ in 0..<count {
            let scores = state.scores(best: best)
            var pick = -1
            var pickScore = -Double.infinity
            for (index, score) in scores.enumerated() where !chosen[index] {
                // A NaN score counts as −∞; strict `>` keeps the lower index on ties.
                let value = score.isNaN ? -Double.infinity : score
                if pick < 0 || value > pickScore {
                    pick = index
                    pickScore = value
                }
            }
            chosen[pick] = true
            picks.append(pick)
            guard picks.count < count else { break }  // the last pick needs no belief
            if state.constraints.allSatisfy({ $0.means[pick] <= 0 }) {
                best = min(best ?? .infinity, state.costMeans[pick])
            }
            state.believe(pick)
        }
        return picks
    }
}

/// The models' joint posterior over a fixed candidate set, updated pick by pick.
struct BatchState {
    /// The cost's predictive means and variances, per candidate.
    var costMeans: [Double]
    var costVariances: [Double]
    /// The cost model's posterior, when the cost is modelled.
    var costPosterior: CandidatePosterior?
    var constraints: [CandidatePosterior]

    init(candidates: [[Double]], cost: Acquisition.Cost, constraints models: [GaussianProcess]) throws(LinearError) {
        let operation = "batch proposal"
        guard candidates.allSatisfy({ $0.allSatisfy { $0.isFinite } }) else { throw .nonFinite(operation: operation) }
        var all = models
        if case let .surrogate(model) = cost { all.append(model) }
        for model in all {
            if let index = candidates.firstIndex(where: { $0.count != model.dimensions }) {
                throw .dimensionMismatch(
                    operation: operation,
                    detail: "candidate \(index) has \(candidates[index].count) elements, a model has \(model.dimensions) dimensions")
            }
        }
        switch cost {
        case let .known(values):
            guard values.count == candidates.count else {
                throw .dimensionMismatch(
                    operation: operation, detail: "\(values.count) known cost(s) for \(candidates.count) candidate(s)")
            }
            guard !values.contains(where: { $0.isNaN }) else { throw .nonFinite(operation: operation) }
            costMeans = values
            costVariances = [Double](repeating: 0, count: values.count)
            costPosterior = nil
        case let .surrogate(model):
            let posterior = CandidatePosterior(model: model, candidates: candidates)
            costMeans = posterior.means
            costVariances = posterior.variances
            costPosterior = posterior
        }
        constraints = models.map { CandidatePosterior(model: $0, candidates: candidates) }
    }

    /// Constrained expected improvement per candidate against incumbent `best`.
    func scores(best: Double?) -> [Double] {
        (0..<costMeans.count).map { i in
            var value = 1.0
            if let best {
                value = Acquisition.expectedImprovement(
                    mean: costMeans[i], standardDeviation: costVariances[i].squareRoot(), best: best)
            }
            for constraint in constraints {
                value *= Acquisition.probabilityOfFeasibility(
                    mean: constraint.means[i], standardDeviation: constraint.variances[i].squareRoot())
            }
            return value
        }
    }

    /// Conditions every model on its own mean at candidate `j`.
    mutating func believe(_ j: Int) {
        if var posterior = costPosterior {
            posterior.believe(j)
            costVariances = posterior.variances
            costPosterior = posterior
        }
        for index in constraints.indices { constraints[index].believe(j) }
    }
}

/// One model's posterior over the candidates, with its kriging-believer updates.
struct CandidatePosterior {
    /// Predictive means; a believed observation at a model's own mean leaves them unchanged.
    let means: [Double]
    /// Latent predictive variances after the updates so far.
    var variances: [Double]
    /// L⁻¹C(X, candidates), n × m: the prior-given-data covariance of candidates i and j is
    /// σ²(c(xᵢ, xⱼ) − Wᵢ·Wⱼ).
    private let whitened: Matrix
    /// Candidates divided by the length-scales, row-major m × d.
    private let scaledCandidates: [Double]
    private let dimensions: Int
    private let signalVariance: Double
    private let noiseVariance: Double
    /// One vector per believed pick t: Σₜ(·, jₜ)/√(Σₜ(jₜ, jₜ) + σₙ²), so that the
    /// covariance after the picks is the initial one minus Σₜ uₜuₜᵀ.
    private var updates: [[Double]] = []

    init(model: GaussianProcess, candidates: [[Double]]) {
        let posterior = model.latentPosterior(candidates)
        means = posterior.means
        variances = posterior.variances
        whitened = posterior.whitened
        dimensions = model.dimensions
        scaledCandidates = GaussianProcess.scale(
            candidates.flatMap { $0 }, dimensions: model.dimensions, inverseLengthScales: model.inverseLengthScales)
        signalVariance = model.hyperparameters.signalVariance
        noiseVariance = model.hyperparameters.noiseVariance
    }

    /// Conditions on an observation at candidate `j` equal to the predictive mean there.
    mutating func believe(_ j: Int) {
        let m = means.count
        let d = dimensions
        // Wᵀ·Wⱼ: the data's share of the prior covariance with candidate j. Shapes agree by
        // construction, so the product cannot throw.
        var covariance = try! whitened.multiplied(by: whitened.column(j), transposingSelf: true)
        scaledCandidates.withUnsafeBufferPointer { s in
            for i in 0..<m {
                var r2 = 0.0
                for t in 0..<d {
                    let difference = s[i * d + t] - s[j * d + t]
                    r2 += difference * difference
                }
                covariance[i] = signalVariance * (GaussianProcess.matern52(squaredDistance: r2) - covariance[i])
            }
        }
        for u in updates {
            let uj = u[j]
            for i in 0..<m { covariance[i] -= u[i] * uj }
        }
        let denominator = max(0, covariance[j]) + noiseVariance
        // A noiseless observation where f is already certain teaches nothing.
        guard denominator > 0 else { return }
        let scale = 1 / denominator.squareRoot()
        let u = covariance.map { $0 * scale }
        for i in 0..<m { variances[i] = max(0, variances[i] - u[i] * u[i]) }
        updates.append(u)
    }
}
