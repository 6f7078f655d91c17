import Foundation
import XCTest

@testable import Analysis
@testable import Linear

/// The Matérn 5/2 regression: kernel values and the likelihood against hand computations,
/// interpolation and the limits of the variance, fits of smooth functions checked on
/// held-out points, and bit-for-bit repeatability.
final class GaussianProcessTests: XCTestCase {
    private typealias Hyperparameters = GaussianProcess.Hyperparameters

    /// (1 + √5 r + 5r²/3) exp(−√5 r), written out again so that the test does not share code
    /// with the implementation.
    private func matern(_ r: Double) -> Double {
        (1 + 5.0.squareRoot() * r + 5 * r * r / 3) * exp(-(5.0.squareRoot()) * r)
    }

    /// Branin–Hoo on [−5, 10] × [0, 15], reached from [0, 1]²; minimum 0.397887.
    private func branin(_ u: [Double]) -> Double {
        let x1 = 15 * u[0] - 5
        let x2 = 15 * u[1]
        let b = 5.1 / (4 * Double.pi * Double.pi)
        let c = 5 / Double.pi
        let t = 1 / (8 * Double.pi)
        return pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * cos(x1) + 10
    }

    /// A 2-D Halton design (bases 2 and 3), deterministic and space-filling.
    private func halton(_ count: Int, skip: Int = 1) -> [[Double]] {
        func radicalInverse(_ i: Int, _ base: Int) -> Double {
            var (result, fraction, n) = (0.0, 1.0 / Double(base), i)
            while n > 0 {
                result += Double(n % base) * fraction
                n /= base
                fraction /= Double(base)
            }
            return result
        }
        return (skip..<(skip + count)).map { [radicalInverse($0, 2), radicalInverse($0, 3)] }
    }

    // MARK: Kernel and likelihood by hand

    func testPriorCovariance_matchesHandComputedMatern52() throws {
        let unit = try GaussianProcess(
            inputs: [[0]], outputs: [0],
            hyperparameters: Hyperparameters(lengthScales: [1], signalVariance: 1, noiseVariance: 0.1, mean: 0))
        // Values from the formula in 17-digit arithmetic (Python), r = 0, 0.5, 1, 2.
        let expected = [(0.0, 1.0), (0.5, 0.8286491424181253), (1, 0.5239941088318203), (2, 0.13866021913850426)]
        for (r, value) in expected {
            XCTAssertEqual(unit.priorCovariance([0], [r]), value, accuracy: 1e-15, "r = \(r)")
            XCTAssertEqual(matern(r), value, accuracy: 1e-15, "r = \(r)")
        }
        // ARD: ℓ = (0.5, 2), σ² = 3; r = √((0.3/0.5)² + (0.8/2)²) = √0.52.
        let ard = try GaussianProcess(
            inputs: [[0, 0]], outputs: [0],
            hyperparameters: Hyperparameters(lengthScales: [0.5, 2], signalVariance: 3, noiseVariance: 0, mean: 0))
        XCTAssertEqual(ard.priorCovariance([0.1, 0.2], [0.4, 1.0]), 2.0811895193945076, accuracy: 1e-14)
        XCTAssertEqual(ard.priorCovariance([0.4, 1.0], [0.1, 0.2]), 3 * matern(0.52.squareRoot()), accuracy: 1e-14)
    }

    func testLogMarginalLikelihood_threePointsAgainstExplicitInverse() throws {
        let xs = [0.0, 0.3, 1.0]
        let ys = [1.5, 0.7, 2.0]
        let (lengthScale, signal, noise, mean) = (0.5, 2.0, 0.1, 1.0)
        let gp = try GaussianProcess(
            inputs: xs.map { [$0] }, outputs: ys,
            hyperparameters: Hyperparameters(
                lengthScales: [lengthScale], signalVariance: signal, noiseVariance: noise, mean: mean))

        // K = σ² Matérn(|xᵢ − xⱼ|/ℓ) + σₙ² I, inverted by its adjugate.
        var k = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0..<3 { k[i][j] = signal * matern(abs(xs[i] - xs[j]) / lengthScale) + (i == j ? noise : 0) }
        }
        func minor(_ r: Int, _ c: Int) -> Double {
            let rows = (0..<3).filter { $0 != r }
            let cols = (0..<3).filter { $0 != c }
            return k[rows[0]][cols[0]] * k[rows[1]][cols[1]] - k[rows[0]][cols[1]] * k[rows[1]][cols[0]]
        }
        let determinant = k[0][0] * minor(0, 0) - k[0][1] * minor(0, 1) + k[0][2] * minor(0, 2)
        var inverse = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0..<3 { inverse[i][j] = ((i + j) % 2 == 0 ? 1 : -1) * minor(j, i) / determinant }
        }
        let residual = ys.map { $0 - mean }
        var quadratic = 0.0
        for i in 0..<3 { for j in 0..<3 { quadratic += residual[i] * inverse[i][j] * residual[j] } }
        let direct = -0.5 * quadratic - 0.5 * log(determinant) - 1.5 * log(2 * Double.pi)

        XCTAssertEqual(direct, -4.123770262821745, accuracy: 1e-12, "the hand computation itself (numpy gives this)")
        XCTAssertEqual(gp.logMarginalLikelihood, direct, accuracy: 1e-12)

        // The posterior mean at a training point is m + kᵀK⁻¹(y − m), with k the prior
        // covariances (no noise): check it through the same explicit inverse.
        var expectedMean = mean
        for i in 0..<3 {
            for j in 0..<3 { expectedMean += signal * matern(abs(xs[1] - xs[i]) / lengthScale) * inverse[i][j] * residual[j] }
        }
        XCTAssertEqual(gp.predict([0.3]).mean, expectedMean, accuracy: 1e-12)
    }

    // MARK: Interpolation and the variance's limits

    func testPredict_tinyNoiseInterpolatesWithVanishingVariance() throws {
        let xs = [0.0, 0.15, 0.4, 0.55, 0.8, 1.0]
        let ys = xs.map { sin(2 * Double.pi * $0) + 3 }
        let signal = 2.0
        let gp = try GaussianProcess(
            inputs: xs.map { [$0] }, outputs: ys,
            hyperparameters: Hyperparameters(lengthScales: [0.3], signalVariance: signal, noiseVariance: 1e-10, mean: 3))
        for (x, y) in zip(xs, ys) {
            let prediction = gp.predict([x])
            XCTAssertEqual(prediction.mean, y, accuracy: 1e-7, "x = \(x)")
            XCTAssertLessThan(prediction.variance, 1e-8 * signal, "x = \(x)")
            XCTAssertGreaterThanOrEqual(prediction.variance, 0)
        }
        // Far from the data the prior returns: mean m, variance σ².
        let far = gp.predict([25])
        XCTAssertEqual(far.mean, 3, accuracy: 1e-12)
        XCTAssertEqual(far.variance, signal, accuracy: 1e-12 * signal)
        // Between training points the variance is strictly between.
        let between = gp.predict([0.275])
        XCTAssertGreaterThan(between.variance, 1e-6)
        XCTAssertLessThan(between.variance, signal)
    }

    func testPredict_batchAgreesWithSinglePoints() throws {
        let inputs = halton(40)
        let gp = try GaussianProcess(inputs: inputs, outputs: inputs.map(branin))
        let points = halton(1100, skip: 500)  // more than two prediction blocks
        let batch = gp.predict(points)
        XCTAssertEqual(batch.count, points.count)
        for index in stride(from: 0, to: points.count, by: 37) {
            let single = gp.predict(points[index])
            XCTAssertEqual(batch[index].mean, single.mean, accuracy: 1e-9 * max(1, abs(single.mean)))
            XCTAssertEqual(batch[index].variance, single.variance, accuracy: 1e-9 * gp.hyperparameters.signalVariance)
        }
    }

    func testPredict_nonFinitePointGivesNaN() throws {
        let gp = try GaussianProcess(
            inputs: [[0], [1]], outputs: [0, 1],
            hyperparameters: Hyperparameters(lengthScales: [0.5], signalVariance: 1, noiseVariance: 1e-6, mean: 0))
        let predictions = gp.predict([[0.5], [.nan], [0.25]])
        XCTAssertTrue(predictions[1].mean.isNaN)
        XCTAssertTrue(predictions[1].variance.isNaN)
        XCTAssertEqual(predictions[0].mean, gp.predict([0.5]).mean, accuracy: 1e-12)
        XCTAssertFalse(predictions[2].mean.isNaN)
    }

    // MARK: Fits of smooth functions

    func testFit_sineIn1DPredictsHeldOutPoints() throws {
        let xs = (0..<12).map { Double($0) / 11 }
        let f = { (x: Double) in sin(2 * Double.pi * x) + 0.5 * x }
        let gp = try GaussianProcess(inputs: xs.map { [$0] }, outputs: xs.map(f))
        let heldOut = (0..<200).map { (Double($0) + 0.5) / 200 }
        let worst = heldOut.map { abs(gp.predict([$0]).mean - f($0)) }.max()!
        // 12 points over one period of a sine: the GP should be far better than 1% of the
        // amplitude everywhere.
        XCTAssertLessThan(worst, 0.01, "hyperparameters \(gp.hyperparameters)")
        // At the training points the fitted model (noise ≥ 10⁻⁶ σ²) interpolates closely.
        for x in xs { XCTAssertEqual(gp.predict([x]).mean, f(x), accuracy: 1e-3) }
    }

    func testFit_braninIn2DPredictsHeldOutPoints() throws {
        let inputs = halton(60)
        let gp = try GaussianProcess(inputs: inputs, outputs: inputs.map(branin))
        var heldOut: [[Double]] = []
        for i in 0..<20 {
            for j in 0..<20 { heldOut.append([(Double(i) + 0.5) / 20, (Double(j) + 0.5) / 20]) }
        }
        let truth = heldOut.map(branin)
        let predictions = gp.predict(heldOut)
        var squaredError = 0.0
        for (prediction, value) in zip(predictions, truth) { squaredError += (prediction.mean - value) * (prediction.mean - value) }
        let rmse = (squaredError / Double(truth.count)).squareRoot()
        let truthMean = truth.reduce(0, +) / Double(truth.count)
        var squaredSpread = 0.0
        for value in truth { squaredSpread += (value - truthMean) * (value - truthMean) }
        let truthSD = (squaredSpread / Double(truth.count)).squareRoot()
        // Branin's outputs span 0.4 to 308 (standard deviation about 50 on this grid); 60
        // points leave an error of a few percent of that spread.
        XCTAssertLessThan(rmse, 0.05 * truthSD, "rmse \(rmse), sd \(truthSD), \(gp.hyperparameters)")
        // The model's uncertainty is calibrated roughly: most errors within 3 sd.
        let within = zip(predictions, truth).filter { abs($0.mean - $1) <= 3 * $0.standardDeviation + 1e-9 }.count
        XCTAssertGreaterThan(Double(within) / Double(truth.count), 0.9)
    }

    func testFit_irrelevantDimensionGetsALongLengthScale() throws {
        let inputs = halton(30)
        let gp = try GaussianProcess(inputs: inputs, outputs: inputs.map { sin(2 * Double.pi * $0[0]) })
        let scales = gp.hyperparameters.lengthScales
        XCTAssertGreaterThan(scales[1], 5 * scales[0], "\(scales)")
    }

    func testFit_noisyObservationsGiveNoiseOfTheRightSize() throws {
        var random = SplitMix64(seed: 42)
        let xs = (0..<80).map { Double($0) / 79 }
        let noiseSD = 0.1
        let ys = xs.map { sin(2 * Double.pi * $0) + noiseSD * random.nextGaussian() }
        let gp = try GaussianProcess(inputs: xs.map { [$0] }, outputs: ys)
        // σₙ² = 0.01; a maximum-likelihood estimate from 80 points lands within a factor 2.
        XCTAssertGreaterThan(gp.hyperparameters.noiseVariance, 0.005, "\(gp.hyperparameters)")
        XCTAssertLessThan(gp.hyperparameters.noiseVariance, 0.02, "\(gp.hyperparameters)")
        // The latent mean smooths the noise: closer to the sine than the observations are.
        let heldOut = (0..<100).map { (Double($0) + 0.5) / 100 }
        let rmse = (heldOut.map { pow(gp.predict([$0]).mean - sin(2 * Double.pi * $0), 2) }.reduce(0, +) / 100).squareRoot()
        XCTAssertLessThan(rmse, 0.5 * noiseSD)
    }

    func testFit_constantOutputsPredictTheConstant() throws {
        let gp = try GaussianProcess(inputs: [[0], [0.5], [1]], outputs: [7, 7, 7])
        XCTAssertEqual(gp.hyperparameters.mean, 7)
        XCTAssertEqual(gp.predict([0.25]).mean, 7, accuracy: 1e-12)
    }

    func testFit_isBetterThanItsNeighbours() throws {
        // The fitted hyperparameters maximise the likelihood at least against nearby
        // hyperparameters inside the bounds (a check of the search, not only of its output).
        let inputs = halton(25)
        let outputs = inputs.map(branin)
        let gp = try GaussianProcess(inputs: inputs, outputs: outputs)
        let fitted = gp.hyperparameters
        for dimension in 0..<2 {
            for factor in [0.8, 1.25] {
                var other = fitted
                other.lengthScales[dimension] = min(5, max(0.05, other.lengthScales[dimension] * factor))
                guard other != fitted else { continue }
                let neighbour = try GaussianProcess(inputs: inputs, outputs: outputs, hyperparameters: other)
                XCTAssertLessThanOrEqual(neighbour.logMarginalLikelihood, gp.logMarginalLikelihood + 1e-9, "\(other)")
            }
        }
    }

    // MARK: Determinism

    func testFit_sameDataTwiceGivesIdenticalBits() throws {
        let inputs = halton(50)
        let outputs = inputs.map(branin)
        let first = try GaussianProcess(inputs: inputs, outputs: outputs)
        let second = try GaussianProcess(inputs: inputs, outputs: outputs)
        XCTAssertEqual(first.hyperparameters, second.hyperparameters)
        XCTAssertEqual(first.logMarginalLikelihood.bitPattern, second.logMarginalLikelihood.bitPattern)
        let points = halton(300, skip: 100)
        for (a, b) in zip(first.predict(points), second.predict(points)) {
            XCTAssertEqual(a.mean.bitPattern, b.mean.bitPattern)
            XCTAssertEqual(a.variance.bitPattern, b.variance.bitPattern)
        }
        // And the hyperparameters survive a JSON round trip exactly.
        let data = try JSONEncoder().encode(first.hyperparameters)
        XCTAssertEqual(try JSONDecoder().decode(Hyperparameters.self, from: data), first.hyperparameters)
    }

    // MARK: Conditioning

    func testConditioned_onThePredictedMeanKeepsMeansAndShrinksVariance() throws {
        let inputs = halton(20)
        let gp = try GaussianProcess(inputs: inputs, outputs: inputs.map(branin))
        let x = [0.33, 0.77]
        let before = gp.predict(x)
        let believer = try gp.conditioned(on: x, output: before.mean)
        XCTAssertEqual(believer.hyperparameters, gp.hyperparameters)
        XCTAssertEqual(believer.inputs.count, 21)
        let probes = halton(50, skip: 300) + [x]
        for (old, new) in zip(gp.predict(probes), believer.predict(probes)) {
            XCTAssertEqual(new.mean, old.mean, accuracy: 1e-6 * max(1, abs(old.mean)))
            XCTAssertLessThanOrEqual(new.variance, old.variance + 1e-9 * gp.hyperparameters.signalVariance)
        }
        let after = believer.predict(x)
        let noise = gp.hyperparameters.noiseVariance
        // One noisy observation: variance v·σₙ²/(v + σₙ²).
        XCTAssertEqual(after.variance, before.variance * noise / (before.variance + noise), accuracy: 1e-6 * before.variance)
        // Same model as building it from the extended data.
        let rebuilt = try GaussianProcess(
            inputs: inputs + [x], outputs: inputs.map(branin) + [before.mean], hyperparameters: gp.hyperparameters)
        XCTAssertEqual(rebuilt.predict([0.1, 0.9]), believer.predict([0.1, 0.9]))
    }

    // MARK: Errors

    func testInit_badDataThrows() throws {
        let good = Hyperparameters(lengthScales: [1], signalVariance: 1, noiseVariance: 0, mean: 0)
        XCTAssertThrowsError(try GaussianProcess(inputs: [], outputs: [])) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try GaussianProcess(inputs: [[0], [0, 1]], outputs: [0, 1])) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try GaussianProcess(inputs: [[0], [1]], outputs: [0])) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try GaussianProcess(inputs: [[0], [1]], outputs: [0, .nan])) { error in
            XCTAssertEqual(error as? LinearError, .nonFinite(operation: "Gaussian process"))
        }
        XCTAssertThrowsError(try GaussianProcess(inputs: [[0, 0]], outputs: [0], hyperparameters: good)) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        for bad in [
            Hyperparameters(lengthScales: [0], signalVariance: 1, noiseVariance: 0, mean: 0),
            Hyperparameters(lengthScales: [1], signalVariance: -1, noiseVariance: 0, mean: 0),
            Hyperparameters(lengthScales: [1], signalVariance: 1, noiseVariance: -0.1, mean: 0),
            Hyperparameters(lengthScales: [1], signalVariance: 1, noiseVariance: 0, mean: .infinity),
        ] {
            XCTAssertThrowsError(try GaussianProcess(inputs: [[0]], outputs: [0], hyperparameters: bad)) { error in
                guard case .invalidArgument? = error as? LinearError else { return XCTFail("\(error)") }
            }
        }
        let zeroLength = Hyperparameters(lengthScales: [0], signalVariance: 1, noiseVariance: 0, mean: 0)
        XCTAssertThrowsError(try GaussianProcess(inputs: [[0]], outputs: [0], hyperparameters: zeroLength)) { error in
            XCTAssertEqual("\(error)", "Gaussian process: length-scale 0.0 is not a positive finite number")
        }
    }

    func testInit_duplicatePointsWithoutNoiseGetJitter() throws {
        let gp = try GaussianProcess(
            inputs: [[0.5], [0.5], [0.9]], outputs: [1, 1, 2],
            hyperparameters: Hyperparameters(lengthScales: [0.3], signalVariance: 1, noiseVariance: 0, mean: 0))
        XCTAssertGreaterThan(gp.hyperparameters.noiseVariance, 0)
        XCTAssertLessThanOrEqual(gp.hyperparameters.noiseVariance, 1e-4)
        XCTAssertEqual(gp.predict([0.5]).mean, 1, accuracy: 1e-3)
    }
}
