import Foundation
import XCTest

@testable import Analysis
@testable import Linear

/// Expected improvement against numerical integration, the probability of feasibility
/// against known normal quantiles, the constrained product and its no-incumbent rule, and
/// the kriging-believer batch: distinct, repeatable, equal to a reference built from
/// `conditioned(on:output:)`, and sensible on a one-dimensional constrained toy problem.
final class ExpectedImprovementTests: XCTestCase {
    private typealias Prediction = GaussianProcess.Prediction

    /// ∫₀^∞ u · φ((best − u − mean)/s)/s du = E[max(best − Y, 0)], by Simpson's rule on
    /// [0, max(0, best − mean) + 14s] with 40,000 intervals.
    private func integratedImprovement(mean: Double, sd: Double, best: Double) -> Double {
        let upper = max(0, best - mean) + 14 * sd
        let intervals = 40_000
        let h = upper / Double(intervals)
        func integrand(_ u: Double) -> Double {
            let z = (best - u - mean) / sd
            return u * exp(-0.5 * z * z) / ((2 * Double.pi).squareRoot() * sd)
        }
        var sum = integrand(0) + integrand(upper)
        for k in 1..<intervals { sum += integrand(Double(k) * h) * (k % 2 == 1 ? 4 : 2) }
        return sum * h / 3
    }

    // MARK: Closed forms

    func testExpectedImprovement_matchesNumericalIntegration() {
        // (mean, sd, best): z = (best − mean)/sd from −8 (far tail) to +6.
        let cases: [(Double, Double, Double)] = [
            (0, 1, 0), (1, 1, 0), (0, 1, 1), (10, 2, 4), (3, 0.5, -1), (-2, 3, 1), (5, 1, 11), (100, 7, 79),
        ]
        for (mean, sd, best) in cases {
            let closed = Acquisition.expectedImprovement(mean: mean, standardDeviation: sd, best: best)
            let numeric = integratedImprovement(mean: mean, sd: sd, best: best)
            XCTAssertEqual(closed, numeric, accuracy: 1e-9 * numeric + 1e-300, "mean \(mean), sd \(sd), best \(best)")
            XCTAssertGreaterThan(closed, 0)
        }
    }

    func testExpectedImprovement_knownValues() {
        // At best = mean, EI = s·φ(0) = s/√(2π).
        XCTAssertEqual(
            Acquisition.expectedImprovement(mean: 4, standardDeviation: 2, best: 4), 2 / (2 * Double.pi).squareRoot(),
            accuracy: 1e-15)
        // z = −30: φ(30) + (−30)Φ(−30) = 1.6319567340914012e-199 (40-digit arithmetic),
        // tiny but positive, accurate and ordered.
        let far = Acquisition.expectedImprovement(mean: 30, standardDeviation: 1, best: 0)
        let farther = Acquisition.expectedImprovement(mean: 31, standardDeviation: 1, best: 0)
        XCTAssertGreaterThan(far, 0)
        XCTAssertGreaterThan(far, farther)
        XCTAssertEqual(far, 1.6319567340914012e-199, accuracy: 1e-9 * 1.6319567340914012e-199)
    }

    func testExpectedImprovement_zeroStandardDeviationIsTheKnownImprovement() {
        XCTAssertEqual(Acquisition.expectedImprovement(mean: 3, standardDeviation: 0, best: 5), 2)
        XCTAssertEqual(Acquisition.expectedImprovement(mean: 7, standardDeviation: 0, best: 5), 0)
        XCTAssertEqual(Acquisition.expectedImprovement(mean: 5, standardDeviation: 0, best: 5), 0)
        XCTAssertTrue(Acquisition.expectedImprovement(mean: .nan, standardDeviation: 0, best: 5).isNaN)
    }

    func testExpectedImprovement_monotoneInMeanAndSpread() {
        var previous = Double.infinity
        for mean in stride(from: -3.0, through: 6, by: 0.5) {
            let value = Acquisition.expectedImprovement(mean: mean, standardDeviation: 1, best: 0)
            XCTAssertLessThan(value, previous, "mean \(mean)")
            previous = value
        }
        previous = 0
        for sd in [0.1, 0.5, 1, 2, 5] {
            let value = Acquisition.expectedImprovement(mean: 1, standardDeviation: sd, best: 0)
            XCTAssertGreaterThan(value, previous, "sd \(sd)")
            previous = value
        }
    }

    func testProbabilityOfFeasibility_knownQuantiles() {
        XCTAssertEqual(Acquisition.probabilityOfFeasibility(mean: 0, standardDeviation: 3), 0.5, accuracy: 1e-15)
        // Φ(1.959963984540054) = 0.975.
        XCTAssertEqual(
            Acquisition.probabilityOfFeasibility(mean: -2 * 1.959963984540054, standardDeviation: 2), 0.975,
            accuracy: 1e-14)
        XCTAssertEqual(
            Acquisition.probabilityOfFeasibility(mean: 2 * 1.959963984540054, standardDeviation: 2), 0.025,
            accuracy: 1e-15)
        // Φ(−10) = 7.6198530241605261e-24: the tail keeps its relative accuracy.
        XCTAssertEqual(
            Acquisition.probabilityOfFeasibility(mean: 10, standardDeviation: 1), 7.6198530241605261e-24,
            accuracy: 1e-37)
        XCTAssertEqual(Acquisition.probabilityOfFeasibility(mean: -1, standardDeviation: 0), 1)
        XCTAssertEqual(Acquisition.probabilityOfFeasibility(mean: 0, standardDeviation: 0), 1)
        XCTAssertEqual(Acquisition.probabilityOfFeasibility(mean: 1e-9, standardDeviation: 0), 0)
    }

    func testConstrainedExpectedImprovement_isTheProductAndPoFAloneWithoutIncumbent() {
        let cost = Prediction(mean: 10, variance: 4)
        let constraints = [Prediction(mean: -1, variance: 1), Prediction(mean: 0.5, variance: 0.25)]
        let ei = Acquisition.expectedImprovement(mean: 10, standardDeviation: 2, best: 11)
        let pof1 = Acquisition.probabilityOfFeasibility(mean: -1, standardDeviation: 1)
        let pof2 = Acquisition.probabilityOfFeasibility(mean: 0.5, standardDeviation: 0.5)
        XCTAssertEqual(
            Acquisition.constrainedExpectedImprovement(cost: cost, best: 11, constraints: constraints), ei * pof1 * pof2,
            accuracy: 1e-15)
        XCTAssertEqual(
            Acquisition.constrainedExpectedImprovement(cost: cost, best: nil, constraints: constraints), pof1 * pof2,
            accuracy: 1e-15)
        XCTAssertEqual(Acquisition.constrainedExpectedImprovement(cost: cost, best: 11, constraints: []), ei)
    }

    func testConstrainedExpectedImprovement_zeroWhereAConstraintIsSurelyViolated() {
        let cost = Prediction(mean: 0, variance: 1)
        for violated in [Prediction(mean: 0.5, variance: 0), Prediction(mean: 100, variance: 1)] {
            XCTAssertEqual(
                Acquisition.constrainedExpectedImprovement(
                    cost: cost, best: 5, constraints: [Prediction(mean: -3, variance: 1), violated]), 0)
            XCTAssertEqual(Acquisition.constrainedExpectedImprovement(cost: cost, best: nil, constraints: [violated]), 0)
        }
    }

    // MARK: The batch proposer

    /// The toy problem: minimise cost = x on [0, 1] subject to x ≥ 0.6, i.e. g(x) = 0.6 − x ≤ 0,
    /// with g learned by a GP from seven points. The best feasible evaluated cost is 0.75.
    private let toyInputs: [Double] = [0, 0.15, 0.3, 0.45, 0.75, 0.9, 1]
    private var toyCandidates: [[Double]] { (0...200).map { [Double($0) / 200] } }

    private func toyConstraint() throws -> GaussianProcess {
        try GaussianProcess(inputs: toyInputs.map { [$0] }, outputs: toyInputs.map { 0.6 - $0 })
    }

    func testProposeBatch_toyProblemFirstPickIsNearTheFeasibleBoundary() throws {
        let constraint = try toyConstraint()
        let candidates = toyCandidates
        for cost in [
            Acquisition.Cost.known(candidates.map { $0[0] }),
            .surrogate(try GaussianProcess(inputs: toyInputs.map { [$0] }, outputs: toyInputs)),
        ] {
            let picks = try Acquisition.proposeBatch(
                size: 4, candidates: candidates, cost: cost, constraints: [constraint], bestFeasibleCost: 0.75)
            XCTAssertEqual(picks.count, 4)
            XCTAssertEqual(Set(picks).count, 4)
            let first = candidates[picks[0]][0]
            XCTAssertGreaterThanOrEqual(first, 0.55, "picks \(picks.map { candidates[$0][0] })")
            XCTAssertLessThanOrEqual(first, 0.72, "picks \(picks.map { candidates[$0][0] })")
        }
    }

    func testProposeBatch_distinctRepeatableAndTiesToTheLowerIndex() throws {
        let constraint = try toyConstraint()
        let candidates = toyCandidates
        let cost = Acquisition.Cost.known(candidates.map { $0[0] })
        let first = try Acquisition.proposeBatch(
            size: 12, candidates: candidates, cost: cost, constraints: [constraint], bestFeasibleCost: 0.75)
        let second = try Acquisition.proposeBatch(
            size: 12, candidates: candidates, cost: cost, constraints: [constraint], bestFeasibleCost: 0.75)
        XCTAssertEqual(first, second)
        XCTAssertEqual(Set(first).count, 12)

        // Identical candidates score identically: the lower index wins each time.
        let same = [[Double]](repeating: [0.5], count: 5)
        let tied = try Acquisition.proposeBatch(
            size: 3, candidates: same, cost: .known([1, 1, 1, 1, 1]), constraints: [constraint], bestFeasibleCost: nil)
        XCTAssertEqual(tied, [0, 1, 2])
        // Every candidate known to be no improvement scores 0: still distinct, in index order.
        let hopeless = try Acquisition.proposeBatch(
            size: 10, candidates: [[0.9], [0.8], [0.95]], cost: .known([5, 6, 7]), constraints: [], bestFeasibleCost: 1)
        XCTAssertEqual(hopeless, [0, 1, 2])
        XCTAssertEqual(
            try Acquisition.proposeBatch(size: 0, candidates: same, cost: .known([1, 1, 1, 1, 1]), constraints: [],
                                         bestFeasibleCost: nil), [])
    }

    func testProposeBatch_firstPickMaximisesTheClosedForm() throws {
        let constraint = try toyConstraint()
        let candidates = toyCandidates
        let costModel = try GaussianProcess(inputs: toyInputs.map { [$0] }, outputs: toyInputs.map { $0 * $0 + 0.1 })
        for best: Double? in [0.5, nil] {
            let scores = try Acquisition.constrainedExpectedImprovements(
                candidates: candidates, cost: .surrogate(costModel), constraints: [constraint], bestFeasibleCost: best)
            let costs = costModel.predict(candidates)
            let constraints = constraint.predict(candidates)
            for index in candidates.indices {
                let expected = Acquisition.constrainedExpectedImprovement(
                    cost: costs[index], best: best, constraints: [constraints[index]])
                XCTAssertEqual(scores[index], expected, accuracy: 1e-12 * max(1e-300, expected), "index \(index)")
            }
            let pick = try Acquisition.proposeBatch(
                size: 1, candidates: candidates, cost: .surrogate(costModel), constraints: [constraint],
                bestFeasibleCost: best)[0]
            XCTAssertEqual(scores[pick], scores.max()!)
        }
    }

    /// The kriging believer spelled out with the public API: predict, score, pick, condition
    /// every model on its own mean with `conditioned(on:output:)`, repeat.
    private func referenceBatch(
        size: Int, candidates: [[Double]], cost: GaussianProcess, constraints: [GaussianProcess], best: Double?
    ) throws -> [Int] {
        var (costModel, constraintModels, incumbent) = (cost, constraints, best)
        var picks: [Int] = []
        for _ in 0..<size {
            let costs = costModel.predict(candidates)
            let gs = constraintModels.map { $0.predict(candidates) }
            var pick = -1
            var pickScore = -Double.infinity
            for index in candidates.indices where !picks.contains(index) {
                let score = Acquisition.constrainedExpectedImprovement(
                    cost: costs[index], best: incumbent, constraints: gs.map { $0[index] })
                if pick < 0 || score > pickScore { (pick, pickScore) = (index, score) }
            }
            picks.append(pick)
            if gs.allSatisfy({ $0[pick].mean <= 0 }) { incumbent = min(incumbent ?? .infinity, costs[pick].mean) }
            costModel = try costModel.conditioned(on: candidates[pick], output: costs[pick].mean)
            constraintModels = try zip(constraintModels, gs).map { model, g in
                try model.conditioned(on: candidates[pick], output: g[pick].mean)
            }
        }
        return picks
    }

    /// A 2-D problem: cost Branin-like, one constraint x₀ + x₁ ≤ 1.1 and one x₀ ≥ 0.2.
    private func twoDimensionalProblem() throws -> (cost: GaussianProcess, constraints: [GaussianProcess], candidates: [[Double]], best: Double) {
        let inputs: [[Double]] = (0..<30).map { (i: Int) -> [Double] in
            [Double((i * 7) % 30) / 29, Double((i * 11 + 3) % 30) / 29]
        }
        func costOf(_ x: [Double]) -> Double {
            let a = x[0] - 0.7
            let b = x[1] - 0.6
            return a * a + b * b + 0.3 * sin(5 * x[0])
        }
        func isFeasible(_ x: [Double]) -> Bool { x[0] + x[1] <= 1.1 && x[0] >= 0.2 }
        let cost = try GaussianProcess(inputs: inputs, outputs: inputs.map(costOf))
        let sum = try GaussianProcess(inputs: inputs, outputs: inputs.map { (x: [Double]) -> Double in x[0] + x[1] - 1.1 })
        let lowerBound = try GaussianProcess(inputs: inputs, outputs: inputs.map { (x: [Double]) -> Double in 0.2 - x[0] })
        var candidates: [[Double]] = []
        for i in 0..<25 {
            for j in 0..<25 { candidates.append([(Double(i) + 0.5) / 25, (Double(j) + 0.5) / 25]) }
        }
        let feasibleCosts: [Double] = inputs.filter(isFeasible).map(costOf)
        return (cost, [sum, lowerBound], candidates, feasibleCosts.min()!)
    }

    func testProposeBatch_rankOneUpdatesAgreeWithConditionedModels() throws {
        let problem = try twoDimensionalProblem()
        let picks = try Acquisition.proposeBatch(
            size: 6, candidates: problem.candidates, cost: .surrogate(problem.cost), constraints: problem.constraints,
            bestFeasibleCost: problem.best)
        let reference = try referenceBatch(
            size: 6, candidates: problem.candidates, cost: problem.cost, constraints: problem.constraints,
            best: problem.best)
        XCTAssertEqual(picks, reference)

        // The updated variances themselves, after three believed picks.
        var state = try BatchState(
            candidates: problem.candidates, cost: .surrogate(problem.cost), constraints: problem.constraints)
        var models = [problem.cost] + problem.constraints
        for pick in picks.prefix(3) {
            state.believe(pick)
            models = try models.map { try $0.conditioned(on: problem.candidates[pick], output: $0.predict(problem.candidates[pick]).mean) }
        }
        let updated = [state.costVariances] + state.constraints.map(\.variances)
        for (model, variances) in zip(models, updated) {
            let predictions = model.predict(problem.candidates)
            let scale = model.hyperparameters.signalVariance
            for index in problem.candidates.indices {
                XCTAssertEqual(variances[index], predictions[index].variance, accuracy: 1e-8 * scale, "candidate \(index)")
            }
        }
    }

    func testProposeBatch_badShapesThrow() throws {
        let constraint = try toyConstraint()
        XCTAssertThrowsError(
            try Acquisition.proposeBatch(
                size: 1, candidates: [[0.1, 0.2]], cost: .known([1]), constraints: [constraint], bestFeasibleCost: nil)
        ) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(
            try Acquisition.proposeBatch(
                size: 1, candidates: [[0.1], [0.2]], cost: .known([1]), constraints: [constraint], bestFeasibleCost: nil)
        ) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(
            try Acquisition.proposeBatch(
                size: 1, candidates: [[.nan]], cost: .known([1]), constraints: [constraint], bestFeasibleCost: nil)
        ) { error in
            guard case .nonFinite? = error as? LinearError else { return XCTFail("\(error)") }
        }
    }
}
