import YAMLSupport
import DigitalOceanCatalog
import Scenarios
import Results
import Model
import Estimate
import Evaluation
import XCTest

/// Units on durations, rates and fractions: required, because a bare `300` is ambiguous.
final class UnitsTests: XCTestCase {
    func testDurationsWithUnitsAreSeconds() throws {
        let cases: [(String, Double)] = [
            ("250ms", 0.25), ("30s", 30), ("5m", 300), ("2h", 7200), ("7d", 604_800), ("1d12h", 129_600),
            ("1h30m", 5400), ("150us", 0.000_15), ("1w", 604_800), ("0", 0), (" 30s ", 30),
        ]
        for (text, expected) in cases {
            let seconds = try XCTUnwrap(Units.seconds(from: text), "\"\(text)\" should parse")
            XCTAssertEqual(seconds, expected, accuracy: expected * 1e-12, "\"\(text)\"")
        }
    }

    func testDurationsWithoutValidUnitsAreRefused() {
        for text in ["250", "5 minutes", "", "ms", "5x", "1.5", "-5s"] {
            XCTAssertNil(Units.seconds(from: text), "\"\(text)\" must not parse as a duration")
        }
    }

    func testRatesArePerSecond() throws {
        let cases: [(String, Double)] = [("15/s", 15), ("900/m", 15), ("40/h", 40.0 / 3600), ("1000/d", 1000.0 / 86_400),
                                         ("1000/1s", 1000)]
        for (text, expected) in cases {
            let rate = try XCTUnwrap(Units.perSecond(from: text), "\"\(text)\" should parse")
            XCTAssertEqual(rate, expected, accuracy: expected * 1e-12, "\"\(text)\"")
        }
    }

    func testRatesWithoutUnitsAreRefused() {
        for text in ["15", "15/", "/s", "15/fortnight", "fast/s", "1/2/s"] {
            XCTAssertNil(Units.perSecond(from: text), "\"\(text)\" must not parse as a rate")
        }
    }

    func testFractionsAcceptPercentOrPlainNumber() throws {
        XCTAssertEqual(try XCTUnwrap(Units.fraction(from: "0.1%")), 0.001, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(Units.fraction(from: "0.001")), 0.001, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(Units.fraction(from: "99%")), 0.99, accuracy: 1e-15)
        XCTAssertNil(Units.fraction(from: "ten percent"))
        XCTAssertNil(Units.fraction(from: "%"))
    }

    func testDescribeWritesScenarioUnits() {
        XCTAssertEqual(Units.describe(seconds: 0), "0s")
        XCTAssertEqual(Units.describe(seconds: 0.25), "250ms")
        XCTAssertEqual(Units.describe(seconds: 30), "30s")
        XCTAssertEqual(Units.describe(seconds: 300), "5m")
        XCTAssertEqual(Units.describe(seconds: 7200), "2h")
        XCTAssertEqual(Units.describe(seconds: 604_800), "7d")
    }
}
