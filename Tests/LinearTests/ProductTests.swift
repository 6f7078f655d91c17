import XCTest
@testable import Linear

/// `dgemm` and `dgemv` against products worked by hand.
final class ProductTests: XCTestCase {
    let a = try! Matrix(rows: 2, columns: 3, elements: [1, 2, 3,
                                                        4, 5, 6])
    let b = try! Matrix(rows: 3, columns: 2, elements: [7, 8,
                                                        9, 10,
                                                        11, 12])

    func test_matrixProduct_handComputed() throws {
        // [1 2 3; 4 5 6] × [7 8; 9 10; 11 12] = [58 64; 139 154]
        let c = try a.multiplied(by: b)
        XCTAssertEqual(c, try Matrix(rows: 2, columns: 2, elements: [58, 64, 139, 154]))
    }

    func test_matrixProduct_transposeFlags_matchExplicitTranspose() throws {
        // AᵀA = [17 22 27; 22 29 36; 27 36 45]
        let ata = try a.multiplied(by: a, transposingSelf: true)
        XCTAssertEqual(ata, try Matrix(rows: 3, columns: 3, elements: [17, 22, 27, 22, 29, 36, 27, 36, 45]))
        // AAᵀ = [14 32; 32 77]
        let aat = try a.multiplied(by: a, transposingOther: true)
        XCTAssertEqual(aat, try Matrix(rows: 2, columns: 2, elements: [14, 32, 32, 77]))
        // (AB)ᵀ = BᵀAᵀ
        let btat = try b.multiplied(by: a, transposingSelf: true, transposingOther: true)
        XCTAssertEqual(btat, try a.multiplied(by: b).transposed())
    }

    func test_matrixProduct_identityIsNeutral() throws {
        XCTAssertEqual(try Matrix.identity(2).multiplied(by: a), a)
        XCTAssertEqual(try a.multiplied(by: .identity(3)), a)
    }

    func test_matrixProduct_dimensionMismatch_throws() {
        XCTAssertThrowsError(try a.multiplied(by: a)) { error in
            guard case .dimensionMismatch(let op, _)? = error as? LinearError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(op, "matrix product")
        }
    }

    func test_matrixProduct_emptyInnerDimension_isZero() throws {
        let left = Matrix(rows: 2, columns: 0)
        let right = Matrix(rows: 0, columns: 3)
        XCTAssertEqual(try left.multiplied(by: right), Matrix(rows: 2, columns: 3))
    }

    func test_matrixVectorProduct_handComputed() throws {
        XCTAssertEqual(try a.multiplied(by: [1, 0, -1]), [-2, -2])
        XCTAssertEqual(try a.multiplied(by: [1, 1], transposingSelf: true), [5, 7, 9])
    }

    func test_matrixVectorProduct_dimensionMismatch_throws() {
        XCTAssertThrowsError(try a.multiplied(by: [1, 2]))
        XCTAssertThrowsError(try a.multiplied(by: [1, 2, 3], transposingSelf: true))
    }
}
