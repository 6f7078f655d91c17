import XCTest
@testable import Linear

/// Construction, indexing and layout: the column-major storage is what BLAS reads, so a
/// layout slip here would make every product wrong.
final class MatrixTests: XCTestCase {
    func test_initElements_isRowMajorInput_columnMajorStorage() throws {
        let a = try Matrix(rows: 2, columns: 3, elements: [1, 2, 3,
                                                           4, 5, 6])
        XCTAssertEqual(a.storage, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(a[0, 2], 3)
        XCTAssertEqual(a[1, 0], 4)
        XCTAssertEqual(a.column(1), [2, 5])
    }

    func test_initElements_wrongCount_throws() {
        XCTAssertThrowsError(try Matrix(rows: 2, columns: 2, elements: [1, 2, 3])) { error in
            XCTAssertEqual(error as? LinearError, .elementCountMismatch(expected: 4, actual: 3))
        }
        XCTAssertThrowsError(try Matrix(rows: 2, columns: 2, columnMajor: [1]))
    }

    func test_initRepeating_andSubscriptSet() {
        var a = Matrix(rows: 2, columns: 2, repeating: 7)
        a[1, 0] = -1
        XCTAssertEqual(a.storage, [7, -1, 7, 7])
    }

    func test_identity() {
        let i = Matrix.identity(3)
        for r in 0..<3 { for c in 0..<3 { XCTAssertEqual(i[r, c], r == c ? 1 : 0) } }
    }

    func test_transposed() throws {
        let a = try Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        let t = a.transposed()
        XCTAssertEqual(t, try Matrix(rows: 3, columns: 2, elements: [1, 4, 2, 5, 3, 6]))
        XCTAssertEqual(t.transposed(), a)
    }
}
