import XCTest
@testable import Reports

final class JSONValueTests: XCTestCase {
    func testKeysKeepTheirWrittenOrder() {
        let value = JSONValue.object([("zeta", .integer(1)), ("alpha", .integer(2))])
        XCTAssertEqual(value.serialized(pretty: false), #"{"zeta":1,"alpha":2}"#)
    }

    func testStringsAreEscaped() {
        let value = JSONValue.string("a \"quoted\"\\path\nline\u{1}")
        XCTAssertEqual(value.serialized(), #""a \"quoted\"\\path\nline\u0001""#)
    }

    /// JSON has no infinity or NaN; a report must stay parseable whatever the numbers.
    func testNonFiniteNumbersBecomeNull() {
        XCTAssertEqual(JSONValue.number(.infinity).serialized(), "null")
        XCTAssertEqual(JSONValue.finite(.nan).serialized(), "null")
        XCTAssertEqual(JSONValue.rounded(nil, places: 2).serialized(), "null")
    }

    func testWholeNumbersPrintWithoutAFraction() {
        XCTAssertEqual(JSONValue.number(42).serialized(), "42")
        XCTAssertEqual(JSONValue.rounded(0.123456, places: 3).serialized(), "0.123")
    }

    func testRawTextIsWrittenAsIs() {
        let value = JSONValue.object([("rows", .array([.raw("[1, 2]"), .raw("[3, 4]")]))])
        let text = value.serialized()
        XCTAssertTrue(text.contains("[1, 2]") && text.contains("[3, 4]"))
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [[Int]]]
        XCTAssertEqual(parsed?["rows"] ?? [], [[1, 2], [3, 4]])
    }

    func testPrettyOutputParsesAsTheSameDocument() throws {
        let value = JSONValue.object([
            ("a", .array([.integer(1), .bool(true), .null])),
            ("b", .object([("c", .string("d")), ("e", .array([.object([("f", .number(1.5))])]))])),
        ])
        let pretty = try JSONSerialization.jsonObject(with: Data(value.serialized(pretty: true).utf8)) as? NSDictionary
        let compact = try JSONSerialization.jsonObject(with: Data(value.serialized(pretty: false).utf8)) as? NSDictionary
        XCTAssertEqual(pretty, compact)
    }
}
