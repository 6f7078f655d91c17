import Foundation
import Linear

/// Fitting the kernel's hyperparameters by maximum marginal likelihood, with σ² profiled
/// out and a jitter ladder for near-singular correlation matrices.
extension GaussianProcess {
    /// Bounds of the search, in the units the type comment gives.
    static let lengthScaleBounds = (lower: 0.05, upper: 5.0)
    static let noiseRatioBounds = (lower: 1e-6, upper: 0.5)
    /// Bounds of the profiled σ² on standardised outputs.
    static let standardisedSignalBounds = (lower: 1e-2, upper: 1e2)
    /// Jitter ladder, as fractions of σ², tried after the matrix as given.
    static let jitters: [Double] = [1e-10, 1e-8, 1e-6, 1e-4]

    /// The correlation matrix C + ηI over scaled inputs (row-major n × d).
    static func correlationMatrix(_ scaled: [Double], count n: Int, dimensions d: Int, noiseRatio: Double) -> Matrix {
        var matrix = Matrix(rows: n, columns: n)
        matrix.storage.withUnsafeMutableBufferPointer { k in
            scaled.withUnsafeBufferPointer { s in
                for j in 0..<n {
                    k[j + j * n] = 1 + noiseRatio
                    for i in (j + 1)..<max(j + 1, n) {
                        var r2 = 0.0
                        for t in 0..<d {
                            let difference = s[i * d + t] - s[j * d + t]
                            r2 += difference * difference
                        }
                        let c = matern52(squaredDistance: r2)
                        k[i + j * n] = c
                        k[j + i * n] = c
                    }
                }
            }
        }
        return matrix
    }

    /// Factors C + ηI, adding the jitter ladder to η until it succeeds; returns the η used.
    static func factorWithJitter(_ scaled: [Double], count n: Int, dimensions d: Int, noiseRatio: Double)
        throws(LinearError) -> (CholeskyFactor, Double)
    {
        var lastError = LinearError.notPositiveDefinite(leadingMinor: 1)
        for ratio in [noiseRatio] + jitters.map({ noiseRatio + $0 }) {
            do {
                let factor = try CholeskyFactor(correlationMatrix(scaled, count: n, dimensions: d, noiseRatio: ratio))
                return (factor, ratio)
            } catch {
                guard case .notPositiveDefinite = error else { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    /// log N(y; m, σ²R) given (y − m)ᵀR⁻¹(y − m)/σ², log σ² and log|R|.
    static func logLikelihood(quadraticForm: Double, count n: Int, logSignalVariance: Double, logDeterminant: Double)
        -> Double
    {
        let count = Double(n)
        return -0.5 * quadraticForm - 0.5 * (count * logSignalVariance + logDeterminant) - 0.5 * count * log(2 * Double.pi)
    }

    /// The search described at ``init(inputs:outputs:)``.
    static func fitHyperparameters(inputs: [[Double]], outputs: [Double], dimensions d: Int) throws(LinearError)
        -> Hyperparameters
    {
        let n = inputs.count
        let mean = outputs.reduce(0, +) / Double(n)
        let spread = (outputs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
        // Constant outputs carry no scale; 1 keeps the standardised values at 0.
        let outputScale = spread > 0 ? spread : 1
        let standardised = outputs.map { ($0 - mean) / outputScale }
        let flat = inputs.flatMap { $0 }

        // Parameters: log ℓ₁ … log ℓ_d, log η. Returns the profiled log likelihood and σ².
        func evaluate(_ parameters: [Double]) throws(LinearError) -> (logLikelihood: Double, signal: Double, ratio: Double) {
            let inverse = parameters[0..<d].map { exp(-$0) }
            let scaled = scale(flat, dimensions: d, inverseLengthScales: inverse)
            let (factor, ratio) = try factorWithJitter(scaled, count: n, dimensions: d, noiseRatio: exp(parameters[d]))
            let weights = try factor.solve(standardised)
            var quadratic = 0.0
            for (y, w) in zip(standardised, weights) { quadratic += y * w }
            let signal = min(standardisedSignalBounds.upper, max(standardisedSignalBounds.lower, quadratic / Double(n)))
            let value = logLikelihood(
                quadraticForm: quadratic / signal, count: n, logSignalVariance: log(signal),
                logDeterminant: factor.logDeterminant)
            return (value.isFinite ? value : -.infinity, signal, ratio)
        }

        let lower = [Double](repeating: log(lengthScaleBounds.lower), count: d) + [log(noiseRatioBounds.lower)]
        let upper = [Double](repeating: log(lengthScaleBounds.upper), count: d) + [log(noiseRatioBounds.upper)]

        // 1. The grid over a shared length-scale and the noise ratio. A point whose matrix
        // does not factor even with jitter is skipped; if all fail, the last reason is thrown.
        var best: (parameters: [Double], logLikelihood: Double, signal: Double, ratio: Double)?
        var lastError = LinearError.notPositiveDefinite(leadingMinor: 1)
        let lengthRange = log(lengthScaleBounds.upper / lengthScaleBounds.lower)
        for step in 0..<9 {
            let logLength = log(lengthScaleBounds.lower) + Double(step) / 8 * lengthRange
            for ratio in [1e-6, 1e-4, 1e-2, 0.2] {
                let parameters = [Double](repeating: logLength, count: d) + [log(ratio)]
                do {
                    let result = try evaluate(parameters)
                    if best == nil || result.logLikelihood > best!.logLikelihood {
                        best = (parameters, result.logLikelihood, result.signal, result.ratio)
                    }
                } catch {
                    lastError = error
                }
            }
        }
        guard var current = best else { throw lastError }

        // 2. Coordinate search in log space, the step halving each round.
        var step = log(2.0)
        for _ in 0..<4 {
            for coordinate in 0...d {
                for direction in [1.0, -1.0] {
                    var moved = false
                    while true {
                        var trial = current.parameters
                        trial[coordinate] = min(upper[coordinate], max(lower[coordinate], trial[coordinate] + direction * step))
                        guard trial[coordinate] != current.parameters[coordinate],
                            let result = try? evaluate(trial), result.logLikelihood > current.logLikelihood
                        else { break }
                        current = (trial, result.logLikelihood, result.signal, result.ratio)
                        moved = true
                    }
                    if moved { break }
                }
            }
            step /= 2
        }

        let signal = current.signal * outputScale * outputScale
        return Hyperparameters(
            lengthScales: current.parameters[0..<d].map { exp($0) },
            signalVariance: signal,
            noiseVariance: current.ratio * signal,
            mean: mean)
    }
}
