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

    // MARK: Parsing

    /// What `serialized()` writes, the parser reads back: members in their order, integers
    /// as integers, doubles to the last bit, escapes, and one-line raw text as its value.
    func testParsingGivesBackWhatWasSerialized() throws {
        let value = JSONValue.object([
            ("zeta", .integer(-3)), ("alpha", .number(0.1 + 0.2)), ("tiny", .number(1e-300)), ("big", .number(1.5e300)),
            ("text", .string("tab\t \"quoted\" \\ é ✓ 𝄞 \u{1}")), ("list", .array([.null, .bool(true), .bool(false), .array([])])),
            ("empty", .object([])), ("nested", .object([("b", .integer(Int.max)), ("a", .integer(Int.min))])),
        ])
        for pretty in [true, false] {
            XCTAssertEqual(try JSONValue(parsing: value.serialized(pretty: pretty)).serialized(), value.serialized(), "pretty \(pretty)")
        }
        guard case let .object(members) = try JSONValue(parsing: value.serialized()) else { return XCTFail("not an object") }
        XCTAssertEqual(members.map(\.0), ["zeta", "alpha", "tiny", "big", "text", "list", "empty", "nested"])
        guard case let .number(sum) = members[1].1 else { return XCTFail("0.1 + 0.2 is not a number") }
        XCTAssertEqual(sum, 0.1 + 0.2, "the shortest text of a double reads back as the same double")
        XCTAssertEqual(try JSONValue(parsing: #""\ud834\udd1e \u00e9\/""#), .string("𝄞 é/"))
        XCTAssertEqual(try JSONValue(parsing: "18446744073709551615"), .raw("18446744073709551615"), "past Int.max: kept as its digits")
    }

    /// Malformed text is an error at the byte where it goes wrong, never a trap.
    func testMalformedTextIsRefusedWithItsOffset() {
        let cases: [(String, Int)] = [
            ("", 0), ("{", 1), (#"{"a" 1}"#, 5), ("[1,]", 3), ("[1 2]", 3), ("01", 2), ("1.", 2), ("-", 1), ("tru", 0),
            (#""\x""#, 3), (#""\ud834""#, 7), ("\"a\nb\"", 2), ("{} {}", 3), ("1e999", 5),
            (String(repeating: "[", count: 600), 512),
        ]
        for (text, offset) in cases {
            XCTAssertThrowsError(try JSONValue(parsing: text), text) { error in
                XCTAssertEqual((error as? JSONValue.ParseError)?.offset, offset, text)
            }
        }
    }

    // MARK: Coding

    struct Sample: Codable, Equatable {
        var name: String
        var count: Int
        var ratio: Double
        var missing: Double?
        var seeds: [UInt64]
        var flags: [Bool]
        var nested: [String: Int]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(count, forKey: .count)
            try container.encode(ratio, forKey: .ratio)
            try container.encode(missing, forKey: .missing)
            try container.encode(seeds, forKey: .seeds)
            try container.encode(flags, forKey: .flags)
            try container.encode(nested, forKey: .nested)
        }
    }

    /// Members come out in the order they were encoded, an encoded nil as null, and the
    /// decoder reads back an equal value, from the tree or from its text.
    func testEncodedValuesDecodeToEqualValues() throws {
        let sample = Sample(name: "a", count: 3, ratio: 0.25, missing: nil, seeds: [1, UInt64.max], flags: [true, false],
                            nested: ["x": 1])
        let json = try JSONValueEncoder().encode(sample)
        XCTAssertEqual(json.serialized(pretty: false),
                       #"{"name":"a","count":3,"ratio":0.25,"missing":null,"seeds":[1,18446744073709551615],"flags":[true,false],"nested":{"x":1}}"#)
        XCTAssertEqual(try JSONValueDecoder().decode(Sample.self, from: json), sample)
        XCTAssertEqual(try JSONValueDecoder().decode(Sample.self, from: json.serialized()), sample)
    }

    /// A non-finite double is written as null and read back as NaN where a number is required.
    func testNonFiniteDoublesTravelAsNull() throws {
        let json = try JSONValueEncoder().encode([Double.nan, 1])
        XCTAssertEqual(json.serialized(), "[null, 1]")
        let decoded = try JSONValueDecoder().decode([Double].self, from: json)
        XCTAssertTrue(decoded[0].isNaN)
        XCTAssertEqual(try JSONValueDecoder().decode([Double?].self, from: json), [nil, 1])
    }

    /// Wrong types are decoding errors with the path to the value, not traps.
    func testTypeMismatchesNameTheirPath() throws {
        let json = try JSONValue(parsing: #"{"name": "a", "count": 2.5, "ratio": 1, "seeds": [], "flags": [], "nested": {}}"#)
        XCTAssertThrowsError(try JSONValueDecoder().decode(Sample.self, from: json)) { error in
            guard case let DecodingError.dataCorrupted(context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["count"])
        }
        let text = try JSONValue(parsing: #"{"name": 1}"#)
        XCTAssertThrowsError(try JSONValueDecoder().decode(Sample.self, from: text)) { error in
            guard case let DecodingError.typeMismatch(_, context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["name"])
        }
    }
}
