import XCTest
import SimCore

final class StudentTTests: XCTestCase {
    func testQuantileMatchesTables() {
        // Two-sided 95% critical values, from any t table.
        let table: [(Int, Double)] = [(1, 12.7062), (2, 4.3027), (5, 2.5706), (10, 2.2281), (30, 2.0423), (1000, 1.9623)]
        for (degreesOfFreedom, expected) in table {
            XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: degreesOfFreedom), expected, accuracy: 5e-5, "df \(degreesOfFreedom)")
            XCTAssertEqual(StudentT.quantile(0.025, degreesOfFreedom: degreesOfFreedom), -expected, accuracy: 5e-5, "df \(degreesOfFreedom)")
        }
    }

    func testCdfIsSymmetricAroundZero() {
        for degreesOfFreedom in [1, 3, 30, 500] {
            XCTAssertEqual(StudentT.cdf(0, degreesOfFreedom: degreesOfFreedom), 0.5, accuracy: 1e-15)
            XCTAssertEqual(StudentT.cdf(1.3, degreesOfFreedom: degreesOfFreedom) + StudentT.cdf(-1.3, degreesOfFreedom: degreesOfFreedom), 1, accuracy: 1e-12)
        }
        // df 1 is the Cauchy distribution: cdf(t) = 1/2 + atan(t)/π.
        XCTAssertEqual(StudentT.cdf(2, degreesOfFreedom: 1), 0.5 + atan(2.0) / Double.pi, accuracy: 1e-12)
    }

    func testQuantileInvertsCdf() {
        for degreesOfFreedom in [1, 2, 7, 60] {
            for probability in [0.6, 0.9, 0.995, 0.9999] {
                let t = StudentT.quantile(probability, degreesOfFreedom: degreesOfFreedom)
                XCTAssertEqual(StudentT.cdf(t, degreesOfFreedom: degreesOfFreedom), probability, accuracy: 1e-10)
            }
        }
        XCTAssertEqual(StudentT.quantile(0.5, degreesOfFreedom: 4), 0)
        XCTAssertEqual(StudentT.quantile(1, degreesOfFreedom: 4), .infinity)
        XCTAssertEqual(StudentT.quantile(0, degreesOfFreedom: 4), -.infinity)
    }
}
