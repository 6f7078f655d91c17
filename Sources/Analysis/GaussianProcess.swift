import Foundation
import Linear

/// Gaussian-process regression with a Matérn 5/2 kernel: a surrogate of an expensive
/// function (a simulated cost or SLO margin) from the few points where it was evaluated,
/// with an honest uncertainty everywhere else.
///
/// The model is y = f(x) + ε, with f a Gaussian process of constant mean m and covariance
///
///     k(x, x′) = σ² (1 + √5 r + 5r²/3) exp(−√5 r),   r = √(Σᵢ ((xᵢ − x′ᵢ)/ℓᵢ)²),
///
/// and ε ~ N(0, σₙ²) independent per observation (Rasmussen & Williams 2006, *Gaussian
/// Processes for Machine Learning*, eq. 4.17 for the kernel, §2.2 for the predictive
/// equations, eq. 2.30 for the log marginal likelihood).
///
/// Why these choices:
/// - **Matérn 5/2**, not the squared exponential: its sample paths are twice
///   differentiable rather than infinitely smooth, which suits costs and latencies that
///   bend sharply near a saturation point, and it is the default of the Bayesian
///   optimisation literature for that reason (Snoek, Larochelle & Adams 2012, "Practical
///   Bayesian optimization of machine learning algorithms", NeurIPS, §3.1).
/// - **One length-scale per dimension** (ARD): a configuration has dimensions that matter
///   (droplet counts) and dimensions that barely do, and a long fitted ℓᵢ says so.
/// - **Inputs normalised by the caller to [0, 1]** per dimension (continuous and ordinal
///   alike): the length-scale bounds of the fit, [0.05, 5], are stated in those units.
/// - **Outputs standardised internally** for the fit, so that its bounds and starting
///   grid mean the same for a cost in dollars and a latency in seconds; everything public
///   (``hyperparameters``, ``predict(_:)-(Double)``, ``logMarginalLikelihood``) is in the
///   caller's output units.
/// - **A constant prior mean**: the training mean when fitted. Far from the data the
///   prediction returns to it, which is the right ignorance for expected improvement.
///   The mean is part of ``Hyperparameters`` so that a model is fully determined by its
///   data and hyperparameters: ``conditioned(on:output:)`` and
///   ``init(inputs:outputs:hyperparameters:)`` on the extended data are the same model.
/// - **Hyperparameters by maximum marginal likelihood, searched deterministically**: see
///   ``init(inputs:outputs:)``. No random restarts, so one data set always gives the same
///   model, bit for bit (OpenBLAS single-threaded, as capsim runs it).
///
/// Predictions are of the latent f: the variance excludes the observation noise σₙ², which
/// is what an acquisition function needs (the noise is not something a candidate can
/// improve on).
///
/// What it deliberately does not do: categorical inputs (encode them as ordinal or fit one
/// model per category), heteroscedastic noise, gradients of the prediction, and sparse
/// approximations. The cost is cubic in the number of training points, which is fine for
/// the few hundred evaluations an optimiser makes.
///
/// ## Topics
/// - Creating: ``init(inputs:outputs:)``, ``init(inputs:outputs:hyperparameters:)``,
///   ``conditioned(on:output:)``
/// - Predicting: ``predict(_:)-(Double)``, ``predict(_:)-([[Double]])``,
///   ``priorCovariance(_:_:)``
/// - Inspecting: ``hyperparameters``, ``logMarginalLikelihood``
public struct GaussianProcess: Sendable {
    /// The kernel's and the likelihood's parameters, in the caller's units.
    public struct Hyperparameters: Sendable, Hashable, Codable {
        /// ℓᵢ for each input dimension, in the normalised input units ([0, 1] per dimension).
        /// A length-scale far above 1 means the output hardly varies along that dimension.
        public var lengthScales: [Double]
        /// σ², the prior variance of f, in output units squared: how far from the mean the
        /// function may wander where there is no data.
        public var signalVariance: Double
        /// σₙ², the variance of the observation noise, in output units squared. For a model
        /// whose covariance needed jitter to factor, this includes the jitter.
        public var noiseVariance: Double
        /// m, the constant prior mean, in output units.
        public var mean: Double

        /// Hyperparameters as given; ``GaussianProcess/init(inputs:outputs:hyperparameters:)``
        /// checks them.
        public init(lengthScales: [Double], signalVariance: Double, noiseVariance: Double, mean: Double) {
            self.lengthScales = lengthScales
            self.signalVariance = signalVariance
            self.noiseVariance = noiseVariance
            self.mean = mean
        }
    }

    /// The predictive distribution of f(x), in output units.
    public struct Prediction: Sendable, Hashable {
        /// E[f(x) | data].
        public var mean: Double
        /// Var[f(x) | data], latent (without the observation noise), never negative.
        public var variance: Double

        /// √variance.
        public var standardDeviation: Double { variance.squareRoot() }

        /// A prediction as given; `variance: 0` stands for a value known exactly.
        public init(mean: Double, variance: Double) {
            self.mean = mean
            self.variance = variance
        }
    }

    /// The training inputs, one array of ``dimensions`` numbers per point.
    public let inputs: [[Double]]
    /// The training outputs, one per input, in output units.
    public let outputs: [Double]
    /// The hyperparameters in use (fitted, or as given plus any jitter).
    public let hyperparameters: Hyperparameters
    /// log p(outputs | inputs, hyperparameters), the log density of the outputs in output
    /// units (so it shifts by −n·log c when the outputs are multiplied by c).
    ///
    /// It is the criterion the fit maximises, reported so that callers can compare models
    /// fitted to the same data.
    public let logMarginalLikelihood: Double

    /// Number of input dimensions.
    public var dimensions: Int { hyperparameters.lengthScales.count }

    /// Training inputs divided by the length-scales, row-major n × d: distances in these
    /// coordinates are the kernel's r.
    let scaledInputs: [Double]
    /// 1/ℓᵢ per dimension.
    let inverseLengthScales: [Double]
    /// The Cholesky factor of the correlation matrix R = C + ηI, with C the kernel matrix
    /// divided by σ² and η = σₙ²/σ². Working in correlation units keeps the factor the same
    /// whatever the output scale.
    let factor: CholeskyFactor
    /// R⁻¹(y − m), in output units: the predictive mean is m + c(x)ᵀ·weights.
    let weights: [Double]

    // MARK: Creating

    /// Fits a model to the data, choosing the hyperparameters by maximum marginal likelihood.
    ///
    /// The search is deterministic, in the log of each parameter, on outputs standardised
    /// to mean 0 and variance 1:
    /// 1. σ² is profiled out: for given length-scales and noise ratio η = σₙ²/σ², the
    ///    likelihood's maximum over σ² is at yᵀR⁻¹y/n (Jones, Schonlau & Welch 1998,
    ///    "Efficient global optimization of expensive black-box functions", *J. Global
    ///    Optimization* 13, eq. 5), clamped to [10⁻², 10²]. One parameter fewer to search.
    /// 2. A grid over one shared length-scale (9 values from 0.05 to 5) and η ∈ {10⁻⁶,
    ///    10⁻⁴, 10⁻², 0.2} picks the start: a shared scale is the right first guess for
    ///    inputs normalised to [0, 1], and the grid avoids the local optimum at tiny
    ///    length-scales that a single start can fall into.
    /// 3. Four rounds of coordinate search over each ℓᵢ, then η: a step up or down by the
    ///    round's factor (2, √2, 2^¼, 2^⅛), repeated while the likelihood improves, within
    ///    ℓ ∈ [0.05, 5] and η ∈ [10⁻⁶, 0.5]. Coordinate search needs no gradients and
    ///    visits the parameters in a fixed order; the likelihood surface is flat near its
    ///    optimum, so a coarse final step loses little.
    ///
    /// The upper bound on η keeps at least two thirds of the variance in the signal, so that
    /// a handful of points is never explained away as pure noise; the lower bound keeps the
    /// correlation matrix's condition number below about n·10⁶. Should a factorisation still
    /// fail, jitter of 10⁻¹⁰, 10⁻⁸, 10⁻⁶ then 10⁻⁴ (times σ²) is added to the noise.
    /// - Throws: ``Linear/LinearError/dimensionMismatch(operation:detail:)`` for no points,
    ///   inputs of unequal lengths or a different number of outputs;
    ///   ``Linear/LinearError/nonFinite(operation:)``;
    ///   ``Linear/LinearError/notPositiveDefinite(leadingMinor:)`` if no jitter helps.
    /// - Complexity: about 100 factorisations of an n × n matrix for d = 8 (36 on the grid,
    ///   the rest in the coordinate search, which grows with d), each n³/3 floating-point
    ///   operations plus O(n²·d) to build the matrix. Measured on one core (release build,
    ///   OpenBLAS single-threaded, 2026-12-03): about 0.2 s for 300 points in 8 dimensions
    ///   and 0.5 s for 400 points in 12, twice that with another build on the machine.
    public init(inputs: [[Double]], outputs: [Double]) throws(LinearError) {
        let d = try Self.checkData(inputs: inputs, outputs: outputs)
        let fitted = try Self.fitHyperparameters(inputs: inputs, outputs: outputs, dimensions: d)
        try self.init(inputs: inputs, outputs: outputs, hyperparameters: fitted)
    }

    /// A model with the given hyperparameters, no fitting.
    ///
    /// If the covariance matrix does not factor (duplicate points with no noise, or noise
    /// too small for rounding), jitter of 10⁻¹⁰, 10⁻⁸, 10⁻⁶ then 10⁻⁴ times σ² is added to
    /// the noise, and ``hyperparameters`` reports the noise actually used.
    /// - Throws: as ``init(inputs:outputs:)``, and
    ///   ``Linear/LinearError/invalidArgument(operation:detail:)`` when a length-scale or σ²
    ///   is not positive and finite, σₙ² is negative or not finite, or the mean is not
    ///   finite; ``Linear/LinearError/dimensionMismatch(operation:detail:)`` when the number
    ///   of length-scales differs from the inputs' dimension.
    /// - Complexity: n³/3 floating-point operations for the factorisation, plus O(n²·d).
    public init(inputs: [[Double]], outputs: [Double], hyperparameters: Hyperparameters) throws(LinearError) {
        let d = try Self.checkData(inputs: inputs, outputs: outputs)
        try Self.check(hyperparameters, dimensions: d)
        let n = inputs.count
        let inverse = hyperparameters.lengthScales.map { 1 / $0 }
        let scaled = Self.scale(inputs.flatMap { $0 }, dimensions: d, inverseLengthScales: inverse)
        let signal = hyperparameters.signalVariance
        let ratio = hyperparameters.noiseVariance / signal
        let (factor, usedRatio) = try Self.factorWithJitter(scaled, count: n, dimensions: d, noiseRatio: ratio)
        let residuals = outputs.map { $0 - hyperparameters.mean }
        let weights = try factor.solve(residuals)

        var used = hyperparameters
        if usedRatio != ratio { used.noiseVariance = usedRatio * signal }
        self.inputs = inputs
        self.outputs = outputs
        self.hyperparameters = used
        self.scaledInputs = scaled
        self.inverseLengthScales = inverse
        self.factor = factor
        self.weights = weights
        var quadratic = 0.0
        for (r, w) in zip(residuals, weights) { quadratic += r * w }
        logMarginalLikelihood = Self.logLikelihood(
            quadraticForm: quadratic / signal, count: n, logSignalVariance: log(signal),
            logDeterminant: factor.logDeterminant)
    }

    /// This model with one more observation, keeping the hyperparameters.
    ///
    /// For a kriging-believer batch (Ginsbourger, Le Riche & Carraro 2010, "Kriging is
    /// well-suited to parallelize optimization"), condition on the model's own predicted
    /// mean at a chosen point: the predictive means stay as they were and the variances
    /// near the point shrink, so the next choice goes elsewhere. The hyperparameters are
    /// kept because refitting them to an invented observation would only add noise.
    /// - Throws: as ``init(inputs:outputs:hyperparameters:)``.
    /// - Complexity: O((n + 1)³), a new factorisation.
    public func conditioned(on x: [Double], output: Double) throws(LinearError) -> GaussianProcess {
        try GaussianProcess(inputs: inputs + [x], outputs: outputs + [output], hyperparameters: hyperparameters)
    }

    // MARK: Predicting

    /// The predictive distribution of f at `x`.
    ///
    /// A point with NaN or an infinity gets a prediction of NaN, not a trap: a candidate
    /// list may come from arithmetic on user input.
    /// - Precondition: `x.count == dimensions` (a programming error otherwise).
    /// - Complexity: O(n·d) for the kernel vector, n² for the triangular solve.
    public func predict(_ x: [Double]) -> Prediction {
        predict([x])[0]
    }

    /// The predictive distributions at many points, with one triangular solve for each
    /// block of 512 points rather than one per point.
    /// - Precondition: every point has ``dimensions`` elements.
    /// - Complexity: O(m·n·d) for the kernel vectors and n²·m for the solves, for m points.
    public func predict(_ xs: [[Double]]) -> [Prediction] {
        var predictions: [Prediction] = []
        predictions.reserveCapacity(xs.count)
        var start = 0
        while start < xs.count {
            let end = min(xs.count, start + Self.predictionBlock)
            let block = latentPosterior(Array(xs[start..<end]))
            for (mean, variance) in zip(block.means, block.variances) {
                predictions.append(Prediction(mean: mean, variance: variance))
            }
            start = end
        }
        return predictions
    }

    /// The prior covariance k(a, b) = σ²·Matérn₅/₂(r), in output units squared.
    /// - Precondition: both points have ``dimensions`` elements.
    /// - Complexity: O(d).
    public func priorCovariance(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == dimensions && b.count == dimensions, "GaussianProcess: point dimension differs from the model's")
        var r2 = 0.0
        for i in 0..<dimensions {
            let difference = (a[i] - b[i]) * inverseLengthScales[i]
            r2 += difference * difference
        }
        return hyperparameters.signalVariance * Self.matern52(squaredDistance: r2)
    }

    // MARK: Internals shared with the batch proposer

    /// Points per block in the batch prediction: it bounds the scratch memory of a large
    /// batch at n × 512 numbers (1.6 MB for 400 training points) while giving `dtrtrs`
    /// enough right-hand sides to run at matrix-matrix speed.
    static let predictionBlock = 512

    /// The posterior of f at `xs`: means, latent variances, and the whitened kernel
    /// vectors W = L⁻¹C(X, xs) (n × m), from which the posterior covariance of two of the
    /// points is σ²(c(xᵢ, xⱼ) − Wᵢ·Wⱼ).
    func latentPosterior(_ xs: [[Double]]) -> (means: [Double], variances: [Double], whitened: Matrix) {
        let n = inputs.count
        let d = dimensions
        let m = xs.count
        var cross = Matrix(rows: n, columns: m)
        var finite = [Bool](repeating: true, count: m)
        for (j, x) in xs.enumerated() {
            precondition(x.count == d, "GaussianProcess: point has \(x.count) elements, the model has \(d) dimensions")
            guard x.allSatisfy({ $0.isFinite }) else {
                finite[j] = false  // its column stays zero so the solve sees finite numbers
                continue
            }
            let scaled = (0..<d).map { x[$0] * inverseLengthScales[$0] }
            cross.storage.withUnsafeMutableBufferPointer { column in
                scaledInputs.withUnsafeBufferPointer { s in
                    for i in 0..<n {
                        var r2 = 0.0
                        for t in 0..<d {
                            let difference = s[i * d + t] - scaled[t]
                            r2 += difference * difference
                        }
                        column[i + j * n] = Self.matern52(squaredDistance: r2)
                    }
                }
            }
        }
        let mean = hyperparameters.mean
        let signal = hyperparameters.signalVariance
        // The shapes agree by construction and every element is finite, so neither call
        // can throw; `try!` documents that rather than inventing an error path.
        var means = try! cross.multiplied(by: weights, transposingSelf: true).map { mean + $0 }
        let whitened = try! factor.solveLowerTriangle(cross)
        var variances = [Double](repeating: 0, count: m)
        whitened.storage.withUnsafeBufferPointer { w in
            for j in 0..<m {
                var explained = 0.0
                for i in 0..<n { explained += w[i + j * n] * w[i + j * n] }
                // Rounding can push 1 − explained just below 0 at a training point.
                variances[j] = signal * min(1, max(0, 1 - explained))
            }
        }
        for j in 0..<m where !finite[j] {
            means[j] = .nan
            variances[j] = .nan
        }
        return (means, variances, whitened)
    }

    /// Inputs divided by the length-scales, row-major.
    static func scale(_ flat: [Double], dimensions d: Int, inverseLengthScales: [Double]) -> [Double] {
        guard d > 0 else { return flat }
        var scaled = flat
        for index in scaled.indices { scaled[index] *= inverseLengthScales[index % d] }
        return scaled
    }

    /// Matérn 5/2 correlation at squared scaled distance r²: (1 + a + a²/3) e⁻ᵃ, a = √5 r.
    @inline(__always)
    static func matern52(squaredDistance r2: Double) -> Double {
        let a = (5 * r2).squareRoot()
        return (1 + a + a * a / 3) * exp(-a)
    }

    // MARK: Checks

    /// The inputs' common dimension, after checking shapes and finiteness.
    private static func checkData(inputs: [[Double]], outputs: [Double]) throws(LinearError) -> Int {
        let operation = "Gaussian process"
        guard let d = inputs.first?.count else {
            throw .dimensionMismatch(operation: operation, detail: "no training points")
        }
        if let index = inputs.firstIndex(where: { $0.count != d }) {
            throw .dimensionMismatch(
                operation: operation,
                detail: "input \(index) has \(inputs[index].count) elements, input 0 has \(d)")
        }
        guard outputs.count == inputs.count else {
            throw .dimensionMismatch(
                operation: operation, detail: "\(inputs.count) input(s) but \(outputs.count) output(s)")
        }
        guard inputs.allSatisfy({ $0.allSatisfy { $0.isFinite } }), outputs.allSatisfy({ $0.isFinite }) else {
            throw .nonFinite(operation: operation)
        }
        return d
    }

    private static func check(_ hyperparameters: Hyperparameters, dimensions d: Int) throws(LinearError) {
        let operation = "Gaussian process"
        guard hyperparameters.lengthScales.count == d else {
            throw .dimensionMismatch(
                operation: operation,
                detail: "\(hyperparameters.lengthScales.count) length-scale(s) for \(d)-dimensional inputs")
        }
        if let bad = hyperparameters.lengthScales.first(where: { !($0.isFinite && $0 > 0) }) {
            throw .invalidArgument(operation: operation, detail: "length-scale \(bad) is not a positive finite number")
        }
        let signal = hyperparameters.signalVariance
        guard signal.isFinite, signal > 0 else {
            throw .invalidArgument(operation: operation, detail: "signal variance \(signal) is not a positive finite number")
        }
        let noise = hyperparameters.noiseVariance
        guard noise.isFinite, noise >= 0 else {
            throw .invalidArgument(operation: operation, detail: "noise variance \(noise) is negative or not finite")
        }
        guard hyperparameters.mean.isFinite else {
            throw .invalidArgument(operation: operation, detail: "mean \(hyperparameters.mean) is not finite")
        }
    }
}
