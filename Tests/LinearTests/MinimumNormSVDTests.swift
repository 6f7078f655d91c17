import Foundation
import XCTest
@testable import Linear

/// `dgelsd`: agreement with `dgels` on full-rank designs, the minimum-norm answer and the
/// effective rank on rank-deficient ones, and the refusals.
final class MinimumNormSVDTests: XCTestCase {
    func test_minimumNorm_fullRank_matchesQR() throws {
        var noise = GaussianNoise(seed: 7)
        let x = (0..<50).map { Double($0) / 5 }
        let design = try Matrix(rows: 50, columns: 2, columnMajor: [Double](repeating: 1, count: 50) + x)
        let y = x.map { 1.5 + 0.25 * $0 + 0.1 * noise.next() }
        let svd = try design.minimumNormLeastSquares(y)
        let qr = try design.leastSquares(y)
        XCTAssertEqual(svd.effectiveRank, 2)
        XCTAssertEqual(svd.coefficients[0], qr.coefficients[0], accuracy: 1e-10)
        XCTAssertEqual(svd.coefficients[1], qr.coefficients[1], accuracy: 1e-10)
        XCTAssertEqual(svd.residualSumOfSquares, qr.residualSumOfSquares, accuracy: 1e-10)
    }

    /// Singular values of a diagonal matrix are its diagonal, sorted; the condition number
    /// is their ratio.
    func test_minimumNorm_singularValuesOfDiagonal() throws {
        let a = try Matrix(rows: 3, columns: 3, elements: [2, 0, 0, 0, 8, 0, 0, 0, 0.5])
        let svd = try a.minimumNormLeastSquares([2, 8, 0.5])
        XCTAssertEqual(svd.singularValues[0], 8, accuracy: 1e-12)
        XCTAssertEqual(svd.singularValues[1], 2, accuracy: 1e-12)
        XCTAssertEqual(svd.singularValues[2], 0.5, accuracy: 1e-12)
        XCTAssertEqual(svd.conditionNumber, 16, accuracy: 1e-10)
        for value in svd.coefficients { XCTAssertEqual(value, 1, accuracy: 1e-12) }
    }

    /// Two equal columns: only their sum is determined; the minimum-norm answer splits it
    /// evenly, whereas `dgels` refuses.
    func test_minimumNorm_duplicateColumn_isRankOneAndSplitsEvenly() throws {
        let x: [Double] = [1, 2, 3, 4]
        let design = try Matrix(rows: 4, columns: 2, columnMajor: x + x)
        let y = x.map { 3 * $0 }
        let svd = try design.minimumNormLeastSquares(y)
        XCTAssertEqual(svd.effectiveRank, 1)
        XCTAssertEqual(svd.coefficients[0], 1.5, accuracy: 1e-12)
        XCTAssertEqual(svd.coefficients[1], 1.5, accuracy: 1e-12)
        XCTAssertEqual(svd.residualSumOfSquares, 0, accuracy: 1e-20)
        XCTAssertGreaterThan(svd.conditionNumber, 1e8)
        XCTAssertThrowsError(try design.leastSquares(y))
    }

    /// Nearly dependent columns (condition number ~10¹⁰): RCOND 1e-8 truncates the small
    /// singular value, so the coefficients stay bounded instead of fitting noise.
    func test_minimumNorm_illConditioned_truncatesBelowLimit() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        let nearly = x.enumerated().map { $0.element + ($0.offset % 2 == 0 ? 1e-10 : -1e-10) }
        let design = try Matrix(rows: 6, columns: 2, columnMajor: x + nearly)
        let y = x.map { 2 * $0 + ($0.truncatingRemainder(dividingBy: 2) == 0 ? 0.01 : -0.01) }
        let svd = try design.minimumNormLeastSquares(y, relativeConditionLimit: 1e-8)
        XCTAssertEqual(svd.effectiveRank, 1)
        XCTAssertEqual(svd.coefficients[0], 1, accuracy: 1e-3)
        XCTAssertEqual(svd.coefficients[1], 1, accuracy: 1e-3)
        let loose = try design.minimumNormLeastSquares(y, relativeConditionLimit: 1e-15)
        XCTAssertEqual(loose.effectiveRank, 2)
        XCTAssertGreaterThan(abs(loose.coefficients[0]), 1000, "without truncation the noise is fitted by huge coefficients")
    }

    func test_minimumNorm_refusesBadInput() throws {
        let design = try Matrix(rows: 2, columns: 1, columnMajor: [1, 2])
        XCTAssertThrowsError(try design.minimumNormLeastSquares([1])) { error in
            guard case .dimensionMismatch = error as? LinearError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try design.minimumNormLeastSquares([1, .nan])) { error in
            XCTAssertEqual(error as? LinearError, .nonFinite(operation: "minimum-norm least squares"))
        }
        XCTAssertThrowsError(try design.minimumNormLeastSquares([1, 2], relativeConditionLimit: 0)) { error in
            guard case .invalidArgument = error as? LinearError else { return XCTFail("\(error)") }
        }
    }

    /// More coefficients than observations: dgelsd gives the minimum-norm interpolant.
    func test_minimumNorm_underdetermined_givesMinimumNorm() throws {
        let design = try Matrix(rows: 1, columns: 2, elements: [3, 4])
        let svd = try design.minimumNormLeastSquares([25])
        XCTAssertEqual(svd.coefficients[0], 3, accuracy: 1e-12)
        XCTAssertEqual(svd.coefficients[1], 4, accuracy: 1e-12)
        XCTAssertEqual(svd.effectiveRank, 1)
    }
}
