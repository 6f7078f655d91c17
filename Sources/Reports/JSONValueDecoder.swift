/// Decodes `Decodable` values from a `JSONValue`, or from JSON text: the reader of what
/// `JSONValueEncoder` writes.
///
/// An object's keys are listed in document order (`allKeys`), so that the summaries' named
/// members come back in the order they were written. Numbers convert between integer and
/// floating-point types when the value is exact in the type asked for (integers past `Int`
/// arrive as their digits); `null`, which the encoder writes for a non-finite double, reads
/// as NaN where a `Double` or `Float` is asked for.
public struct JSONValueDecoder {
    public init() {}

    /// The value `json` encodes.
    ///
    /// - Complexity: O(size of `json`), plus O(members²) per object for the key lookups.
    public func decode<T: Decodable>(_ type: T.Type, from json: JSONValue) throws -> T {
        try T(from: JSONValueDecoding(value: json, codingPath: []))
    }

    /// The value the JSON `text` encodes; throws `JSONValue.ParseError` when it is not JSON.
    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try decode(type, from: try JSONValue(parsing: text))
    }
}

private struct JSONValueDecoding: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, codingPath: [any CodingKey]) {
        // Text the encoder wrote as is (one-line records) is read as the value it holds.
        if case let .raw(text) = value, let parsed = try? JSONValue(parsing: text) {
            self.value = parsed
        } else {
            self.value = value
        }
        self.codingPath = codingPath
    }

    func mismatch(_ expected: Any.Type, _ what: String) -> DecodingError {
        DecodingError.typeMismatch(expected, .init(codingPath: codingPath, debugDescription: "expected \(what), found \(value.kind)"))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .object(members) = value else { throw mismatch([String: Any].self, "an object") }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .array(items) = value else { throw mismatch([Any].self, "an array") }
        return UnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(decoder: self)
    }

    /// `value` as a `T`: scalars converted here, anything else through `T.init(from:)`.
    /// The types are compared exactly: a cast would take `Double?` for `Double` and read
    /// null as NaN where the caller asked for nil.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        func scalar<S>(_ candidate: S.Type, _ read: () throws -> S) rethrows -> T? {
            T.self == S.self ? (try read() as! T) : nil
        }
        if let text = try scalar(String.self, {
            guard case let .string(text) = value else { throw mismatch(type, "a string") }
            return text
        }) { return text }
        if let flag = try scalar(Bool.self, {
            guard case let .bool(flag) = value else { throw mismatch(type, "true or false") }
            return flag
        }) { return flag }
        if let number = try scalar(Double.self, { try floatingPoint(Double.self) }) { return number }
        if let number = try scalar(Float.self, { Float(try floatingPoint(Double.self)) }) { return number }
        if let number = try scalar(Int.self, { try integer(Int.self) }) { return number }
        if let number = try scalar(Int8.self, { try integer(Int8.self) }) { return number }
        if let number = try scalar(Int16.self, { try integer(Int16.self) }) { return number }
        if let number = try scalar(Int32.self, { try integer(Int32.self) }) { return number }
        if let number = try scalar(Int64.self, { try integer(Int64.self) }) { return number }
        if let number = try scalar(UInt8.self, { try integer(UInt8.self) }) { return number }
        if let number = try scalar(UInt16.self, { try integer(UInt16.self) }) { return number }
        if let number = try scalar(UInt32.self, { try integer(UInt32.self) }) { return number }
        if let number = try scalar(UInt64.self, { try integer(UInt64.self) }) { return number }
        if let number = try scalar(UInt.self, { try integer(UInt.self) }) { return number }
        return try T(from: self)
    }

    func floatingPoint(_ type: Double.Type) throws -> Double {
        switch value {
        case let .number(number): return number
        case let .integer(integer): return Double(integer)
        case .null: return .nan
        case let .raw(digits):
            guard let number = Double(digits) else { throw mismatch(type, "a number") }
            return number
        default: throw mismatch(type, "a number")
        }
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let exact: I?
        switch value {
        case let .integer(integer): exact = I(exactly: integer)
        case let .number(number): exact = I(exactly: number)
        case let .raw(digits): exact = I(digits)
        default: throw mismatch(type, "an integer")
        }
        guard let exact else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(value.serialized()) is not a \(type)"))
        }
        return exact
    }
}

extension JSONValue {
    /// What kind of value this is, for error messages.
    fileprivate var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        case .raw: "JSON text"
        }
    }
}

/// An array index as a coding key, for error paths.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(String, JSONValue)]
    let codingPath: [any CodingKey]

    /// In document order; names that are not keys of `Key` are left out.
    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    func contains(_ key: Key) -> Bool { members.contains { $0.0 == key.stringValue } }

    func member(_ key: Key) throws -> JSONValueDecoding {
        guard let member = members.first(where: { $0.0 == key.stringValue }) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no member \"\(key.stringValue)\""))
        }
        return JSONValueDecoding(value: member.1, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key).value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try member(key).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                               forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try member(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try member(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try member(Key(stringValue: "super")!)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try member(key)
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    /// The next item, consumed.
    mutating func next(_ type: Any.Type) throws -> JSONValueDecoding {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [IndexKey(intValue: currentIndex)],
                                                          debugDescription: "the array has only \(items.count) items"))
        }
        defer { currentIndex += 1 }
        return JSONValueDecoding(value: items[currentIndex], codingPath: codingPath + [IndexKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(type).decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next(type).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next([Any].self).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try next(Any.self)
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: JSONValueDecoding
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}
