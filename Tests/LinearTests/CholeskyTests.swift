import XCTest
@testable import Linear

/// `dposv` on a system with a known answer, and the errors for matrices it must refuse.
final class CholeskyTests: XCTestCase {
    /// The classic example with Cholesky factor L = [2 0 0; 6 1 0; -8 5 3].
    let spd = try! Matrix(rows: 3, columns: 3, elements: [4, 12, -16,
                                                          12, 37, -43,
                                                          -16, -43, 98])

    func test_choleskySolve_knownSystem() throws {
        // b = A × [1, 2, 3]
        let x = try spd.choleskySolve([-20, -43, 192])
        XCTAssertEqual(x[0], 1, accuracy: 1e-12)
        XCTAssertEqual(x[1], 2, accuracy: 1e-12)
        XCTAssertEqual(x[2], 3, accuracy: 1e-12)
    }

    func test_choleskySolve_matrixRightHandSide_givesInverse() throws {
        let inverse = try spd.choleskySolve(Matrix.identity(3))
        let product = try spd.multiplied(by: inverse)
        for (got, want) in zip(product.storage, Matrix.identity(3).storage) {
            XCTAssertEqual(got, want, accuracy: 1e-10)
        }
    }

    func test_choleskySolve_indefinite_throwsNotPositiveDefinite() throws {
        // Eigenvalues 3 and -1.
        let indefinite = try Matrix(rows: 2, columns: 2, elements: [1, 2, 2, 1])
        XCTAssertThrowsError(try indefinite.choleskySolve([1, 1])) { error in
            XCTAssertEqual(error as? LinearError, .notPositiveDefinite(leadingMinor: 2))
        }
    }

    func test_choleskySolve_singular_throwsNotPositiveDefinite() throws {
        let singular = try Matrix(rows: 2, columns: 2, elements: [1, 1, 1, 1])
        XCTAssertThrowsError(try singular.choleskySolve([1, 1])) { error in
            XCTAssertEqual(error as? LinearError, .notPositiveDefinite(leadingMinor: 2))
        }
        let negative = try Matrix(rows: 2, columns: 2, elements: [-1, 0, 0, 1])
        XCTAssertThrowsError(try negative.choleskySolve([1, 1])) { error in
            XCTAssertEqual(error as? LinearError, .notPositiveDefinite(leadingMinor: 1))
        }
    }

    func test_choleskySolve_nonSymmetric_throws() throws {
        let lopsided = try Matrix(rows: 2, columns: 2, elements: [4, 1, 3, 4])
        XCTAssertThrowsError(try lopsided.choleskySolve([1, 1])) { error in
            XCTAssertEqual(error as? LinearError, .notSymmetric(row: 0, column: 1))
        }
    }

    func test_choleskySolve_dimensionMismatch_throws() throws {
        XCTAssertThrowsError(try spd.choleskySolve([1, 2])) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
        let rectangular = Matrix(rows: 2, columns: 3)
        XCTAssertThrowsError(try rectangular.choleskySolve([1, 2])) { error in
            guard case .dimensionMismatch? = error as? LinearError else { return XCTFail("\(error)") }
        }
    }

    func test_choleskySolve_nonFinite_throws() throws {
        XCTAssertThrowsError(try spd.choleskySolve([1, .nan, 3])) { error in
            XCTAssertEqual(error as? LinearError, .nonFinite(operation: "Cholesky solve"))
        }
    }
}
