import Foundation
import XCTest
@testable import Linear

/// `dgels` on exact, noisy and seasonal fits, and the errors for designs it must refuse.
final class LeastSquaresTests: XCTestCase {
    /// Design matrix with an intercept column followed by the given regressors.
    func design(_ regressors: [[Double]]) throws -> Matrix {
        let m = regressors.first?.count ?? 0
        var columnMajor = [Double](repeating: 1, count: m)
        for r in regressors { columnMajor += r }
        return try Matrix(rows: m, columns: regressors.count + 1, columnMajor: columnMajor)
    }

    func test_leastSquares_exactLine() throws {
        let x = (0..<10).map(Double.init)
        let y = x.map { 2 + 3 * $0 }
        let fit = try design([x]).leastSquares(y)
        XCTAssertEqual(fit.coefficients[0], 2, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[1], 3, accuracy: 1e-12)
        XCTAssertEqual(fit.residualSumOfSquares, 0, accuracy: 1e-20)
    }

    func test_leastSquares_squareSystem_hasZeroResidual() throws {
        let a = try Matrix(rows: 2, columns: 2, elements: [2, 1, 1, 3])
        let fit = try a.leastSquares([3, 5])  // x = [0.8, 1.4]
        XCTAssertEqual(fit.coefficients[0], 0.8, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[1], 1.4, accuracy: 1e-12)
        XCTAssertEqual(fit.residualSumOfSquares, 0)
    }

    func test_leastSquares_noisyLine_recoversCoefficients() throws {
        var noise = GaussianNoise(seed: 42)
        let n = 2_000, sigma = 0.5
        let x = (0..<n).map { Double($0) / 100 }
        let y = x.map { 2 + 3 * $0 + sigma * noise.next() }
        let xm = try design([x])
        let fit = try xm.leastSquares(y)
        // Standard errors: intercept ≈ σ·√(4/n) ≈ 0.022, slope ≈ σ·√(12/n)/range ≈ 0.0019.
        XCTAssertEqual(fit.coefficients[0], 2, accuracy: 0.1)
        XCTAssertEqual(fit.coefficients[1], 3, accuracy: 0.01)
        // RSS / (n − 2) estimates σ² = 0.25; its relative sd is √(2/n) ≈ 3 %.
        XCTAssertEqual(fit.residualSumOfSquares / Double(n - 2), sigma * sigma, accuracy: 0.03)

        // The RSS reported by dgels equals ‖Xβ − y‖² computed directly.
        let fitted = try xm.multiplied(by: fit.coefficients)
        let rss = zip(fitted, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        XCTAssertEqual(fit.residualSumOfSquares, rss, accuracy: 1e-9 * rss)

        // The normal equations solved by Cholesky agree with the QR answer.
        let xtx = try xm.multiplied(by: xm, transposingSelf: true)
        let xty = try xm.multiplied(by: y, transposingSelf: true)
        let viaNormal = try xtx.choleskySolve(xty)
        for (p, q) in zip(viaNormal, fit.coefficients) { XCTAssertEqual(p, q, accuracy: 1e-8) }
    }

    func test_leastSquares_seasonalFit_recoversCoefficients() throws {
        // Two weeks of hourly load: level + trend + a daily cycle, plus noise.
        let (level, trend, sine, cosine) = (100.0, 0.25, 20.0, -8.0)
        let t = (0..<(24 * 14)).map(Double.init)
        let s = t.map { sin(2 * Double.pi * $0 / 24) }
        let c = t.map { cos(2 * Double.pi * $0 / 24) }
        var noise = GaussianNoise(seed: 7)
        let y = t.indices.map { level + trend * t[$0] + sine * s[$0] + cosine * c[$0] + noise.next() }

        let fit = try design([t, s, c]).leastSquares(y)
        XCTAssertEqual(fit.coefficients[0], level, accuracy: 0.5)
        XCTAssertEqual(fit.coefficients[1], trend, accuracy: 0.005)
        XCTAssertEqual(fit.coefficients[2], sine, accuracy: 0.3)
        XCTAssertEqual(fit.coefficients[3], cosine, accuracy: 0.3)

        // Without noise the fit is exact.
        let exact = t.indices.map { level + trend * t[$0] + sine * s[$0] + cosine * c[$0] }
        let exactFit = try design([t, s, c]).leastSquares(exact)
        for (got, want) in zip(exactFit.coefficients, [level, trend, sine, cosine]) {
            XCTAssertEqual(got, want, accuracy: 1e-9)
        }
    }

    func test_leastSquares_collinearColumns_throwsRankDeficient() throws {
        let x = (0..<10).map(Double.init)
        let collinear = try design([x, x.map { 2 * $0 }])
        XCTAssertThrowsError(try collinear.leastSquares(x)) { error in
            XCTAssertEqual(error as? LinearError, .rankDeficient(column: 3))
        }
        let zeroColumn = try design([[Double](repeating: 0, count: 10)])
        XCTAssertThrowsError(try zeroColumn.leastSquares(x)) { error in
            XCTAssertEqual(error as? LinearError, .rankDeficient(column: 2))
        }
    }

    func test_leastSquares_dimensionErrors() throws {
        let x = try design([[0, 1, 2]])
        XCTAssertThrowsError(try x.leastSquares([1, 2])) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        let wide = Matrix(rows: 2, columns: 3, repeating: 1)
        XCTAssertThrowsError(try wide.leastSquares([1, 2])) { error in
            XCTAssertEqual(error as? LinearError, .underdetermined(rows: 2, columns: 3))
        }
        XCTAssertThrowsError(try x.leastSquares([1, .infinity, 2])) { error in
            XCTAssertEqual(error as? LinearError, .nonFinite(operation: "least squares"))
        }
    }

    /// Replications fit forecasts concurrently; each call must stay independent.
    func test_leastSquares_concurrentCalls_agree() async throws {
        let x = (0..<500).map { Double($0) / 10 }
        let results = try await withThrowingTaskGroup(of: [Double].self) { group in
            for k in 0..<16 {
                group.addTask {
                    let y = x.map { Double(k) + 3 * $0 }
                    let m = try Matrix(rows: x.count, columns: 2, columnMajor: [Double](repeating: 1, count: x.count) + x)
                    let c = try m.leastSquares(y).coefficients
                    return [Double(k), c[0], c[1]]
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(results.count, 16)
        for r in results {
            XCTAssertEqual(r[1], r[0], accuracy: 1e-9)
            XCTAssertEqual(r[2], 3, accuracy: 1e-9)
        }
    }

    func test_errorDescriptions_areReadable() {
        let errors: [LinearError] = [
            .dimensionMismatch(operation: "matrix product", detail: "2x3 by 2x3"),
            .elementCountMismatch(expected: 4, actual: 3), .tooLarge(dimension: 1 << 40),
            .nonFinite(operation: "least squares"), .notSymmetric(row: 0, column: 1),
            .notPositiveDefinite(leadingMinor: 2), .rankDeficient(column: 3),
            .underdetermined(rows: 2, columns: 3), .lapackFailure(routine: "LAPACKE_dgels", info: -1010),
        ]
        for e in errors { XCTAssertFalse(e.description.isEmpty) }
        XCTAssertEqual(
            LinearError.notPositiveDefinite(leadingMinor: 2).description,
            "Cholesky solve: matrix is not positive definite (leading minor of order 2 is not positive)")
    }
}

/// Seeded standard normal draws (SplitMix64 + Box–Muller), so the noisy fits are
/// reproducible without depending on SimCore.
struct GaussianNoise {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func nextUniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (Double(z >> 11) + 0.5) * 0x1p-53
    }

    mutating func next() -> Double {
        let u = nextUniform(), v = nextUniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
