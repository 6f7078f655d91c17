import Foundation
import XCTest

@testable import Linear

/// `dpotrf` once, `dpotrs` and `dtrtrs` many times: the factor of a matrix with a known
/// factor, agreement with `choleskySolve` (`dposv`), and the errors `choleskySolve` gives.
final class CholeskyFactorTests: XCTestCase {
    /// The classic example with Cholesky factor L = [2 0 0; 6 1 0; -8 5 3], so |A| = 36.
    let spd = try! Matrix(rows: 3, columns: 3, elements: [4, 12, -16,
                                                          12, 37, -43,
                                                          -16, -43, 98])

    /// A seeded n × n SPD matrix BᵀB + nI with B's elements in [−1, 1).
    private func randomSPD(_ n: Int, seed: UInt64) throws -> Matrix {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        var b = Matrix(rows: n, columns: n)
        for index in b.storage.indices { b.storage[index] = next() }
        var a = try b.multiplied(by: b, transposingSelf: true)
        for i in 0..<n { a[i, i] += Double(n) }
        // dgemm's XᵀX is symmetric to rounding; make it exact so both solvers see one matrix.
        for j in 0..<n { for i in 0..<j { a[j, i] = a[i, j] } }
        return a
    }

    func test_init_knownFactor() throws {
        let factor = try CholeskyFactor(spd)
        let expected = try Matrix(rows: 3, columns: 3, elements: [2, 0, 0,
                                                                  6, 1, 0,
                                                                  -8, 5, 3])
        for (got, want) in zip(factor.lower.storage, expected.storage) {
            XCTAssertEqual(got, want, accuracy: 1e-12)
        }
        XCTAssertEqual(factor.order, 3)
    }

    func test_init_upperTriangleIsZero() throws {
        let factor = try CholeskyFactor(try randomSPD(7, seed: 3))
        for j in 0..<7 {
            for i in 0..<j { XCTAssertEqual(factor.lower[i, j], 0, "(\(i), \(j))") }
        }
    }

    func test_logDeterminant_known() throws {
        XCTAssertEqual(try CholeskyFactor(spd).logDeterminant, log(36), accuracy: 1e-12)
        // diag(1e-200, 1e-200, 1e-200): |A| underflows to 0, its logarithm does not.
        var tiny = Matrix(rows: 3, columns: 3)
        for i in 0..<3 { tiny[i, i] = 1e-200 }
        XCTAssertEqual(try CholeskyFactor(tiny).logDeterminant, 3 * log(1e-200), accuracy: 1e-9)
    }

    func test_solve_knownSystem() throws {
        // b = A × [1, 2, 3]
        let x = try CholeskyFactor(spd).solve([-20, -43, 192])
        XCTAssertEqual(x[0], 1, accuracy: 1e-12)
        XCTAssertEqual(x[1], 2, accuracy: 1e-12)
        XCTAssertEqual(x[2], 3, accuracy: 1e-12)
    }

    func test_solve_agreesWithCholeskySolve() throws {
        for seed: UInt64 in 1...5 {
            let a = try randomSPD(12, seed: seed)
            let factor = try CholeskyFactor(a)
            let b = (0..<12).map { sin(Double($0) + Double(seed)) }
            for (got, want) in zip(try factor.solve(b), try a.choleskySolve(b)) {
                XCTAssertEqual(got, want, accuracy: 1e-12, "seed \(seed)")
            }
            var rhs = Matrix(rows: 12, columns: 4)
            for index in rhs.storage.indices { rhs.storage[index] = cos(Double(index) * 0.7 + Double(seed)) }
            let many = try factor.solve(rhs)
            for (got, want) in zip(many.storage, try a.choleskySolve(rhs).storage) {
                XCTAssertEqual(got, want, accuracy: 1e-12, "seed \(seed)")
            }
            let identity = try a.multiplied(by: try factor.solve(Matrix.identity(12)))
            for (got, want) in zip(identity.storage, Matrix.identity(12).storage) {
                XCTAssertEqual(got, want, accuracy: 1e-12, "seed \(seed)")
            }
            XCTAssertEqual(factor.logDeterminant, logDeterminantByElimination(a), accuracy: 1e-10, "seed \(seed)")
        }
    }

    /// log|A| from Gaussian elimination with partial pivoting, independent of LAPACK.
    private func logDeterminantByElimination(_ matrix: Matrix) -> Double {
        var a = matrix
        let n = a.rows
        var sum = 0.0
        for k in 0..<n {
            let pivot = (k..<n).max { abs(a[$0, k]) < abs(a[$1, k]) }!
            if pivot != k { for j in 0..<n { (a[k, j], a[pivot, j]) = (a[pivot, j], a[k, j]) } }
            sum += log(abs(a[k, k]))
            for i in (k + 1)..<max(k + 1, n) {
                let factor = a[i, k] / a[k, k]
                for j in k..<n { a[i, j] -= factor * a[k, j] }
            }
        }
        return sum
    }

    func test_solveLowerTriangle_givesForwardSubstitution() throws {
        let factor = try CholeskyFactor(spd)
        let b = [1.0, -2, 0.5]
        let y = try factor.solveLowerTriangle(b)
        // L y = b, with L = [2 0 0; 6 1 0; -8 5 3] by hand: y = [0.5, -5, (0.5 + 4 + 25)/3].
        XCTAssertEqual(y[0], 0.5, accuracy: 1e-12)
        XCTAssertEqual(y[1], -5, accuracy: 1e-12)
        XCTAssertEqual(y[2], 29.5 / 3, accuracy: 1e-12)
        // ‖L⁻¹b‖² = bᵀA⁻¹b.
        let x = try spd.choleskySolve(b)
        let quadratic = zip(b, x).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(y.reduce(0) { $0 + $1 * $1 }, quadratic, accuracy: 1e-10)
    }

    func test_solveLowerTriangle_matrixColumnsAreIndependentSolves() throws {
        let a = try randomSPD(9, seed: 11)
        let factor = try CholeskyFactor(a)
        var rhs = Matrix(rows: 9, columns: 3)
        for index in rhs.storage.indices { rhs.storage[index] = Double(index % 5) - 2 }
        let together = try factor.solveLowerTriangle(rhs)
        for column in 0..<3 {
            let alone = try factor.solveLowerTriangle(rhs.column(column))
            for (got, want) in zip(together.column(column), alone) { XCTAssertEqual(got, want, accuracy: 1e-13) }
        }
        let back = try factor.lower.multiplied(by: together)
        for (got, want) in zip(back.storage, rhs.storage) { XCTAssertEqual(got, want, accuracy: 1e-12) }
    }

    func test_init_indefiniteOrSingular_throwsNotPositiveDefinite() throws {
        // Eigenvalues 3 and -1.
        let indefinite = try Matrix(rows: 2, columns: 2, elements: [1, 2, 2, 1])
        XCTAssertThrowsError(try CholeskyFactor(indefinite)) { error in
            XCTAssertEqual(error as? LinearError, .notPositiveDefinite(leadingMinor: 2))
        }
        let singular = try Matrix(rows: 2, columns: 2, elements: [1, 1, 1, 1])
        XCTAssertThrowsError(try CholeskyFactor(singular)) { error in
            XCTAssertEqual(error as? LinearError, .notPositiveDefinite(leadingMinor: 2))
        }
        let negative = try Matrix(rows: 2, columns: 2, elements: [-1, 0, 0, 1])
        XCTAssertThrowsError(try CholeskyFactor(negative)) { error in
            XCTAssertEqual(error as? LinearError, .notPositiveDefinite(leadingMinor: 1))
        }
    }

    func test_init_nonSymmetric_throws() throws {
        let lopsided = try Matrix(rows: 2, columns: 2, elements: [4, 1, 3, 4])
        XCTAssertThrowsError(try CholeskyFactor(lopsided)) { error in
            XCTAssertEqual(error as? LinearError, .notSymmetric(row: 0, column: 1))
        }
    }

    func test_init_notSquareOrNonFinite_throws() throws {
        XCTAssertThrowsError(try CholeskyFactor(Matrix(rows: 2, columns: 3))) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        var withNaN = spd
        withNaN[1, 1] = .nan
        XCTAssertThrowsError(try CholeskyFactor(withNaN)) { error in
            XCTAssertEqual(error as? LinearError, .nonFinite(operation: "Cholesky factorization"))
        }
    }

    func test_solve_badRightHandSide_throws() throws {
        let factor = try CholeskyFactor(spd)
        XCTAssertThrowsError(try factor.solve([1, 2])) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try factor.solveLowerTriangle([1, 2, 3, 4])) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try factor.solve([1, .infinity, 3])) { error in
            XCTAssertEqual(error as? LinearError, .nonFinite(operation: "Cholesky solve"))
        }
    }

    func test_emptyMatrix_factorsAndSolves() throws {
        let factor = try CholeskyFactor(Matrix(rows: 0, columns: 0))
        XCTAssertEqual(factor.logDeterminant, 0)
        XCTAssertEqual(try factor.solve([]), [])
        XCTAssertEqual(try factor.solveLowerTriangle(Matrix(rows: 0, columns: 2)).columns, 2)
    }
}
