import Results

/// Encodes `Encodable` values into a `JSONValue`, members in the order they were encoded.
///
/// Foundation's `JSONEncoder` writes an object's members in an order of its own (sorted,
/// or the hash order of a dictionary), and formats numbers its own way. The summaries are
/// read by people as much as by programs, and their schema promises the same bytes from the
/// same seed, so they are encoded here: members in the order of the `encode` calls, numbers
/// as `JSONValue.serialized()` writes them (integers as integers, non-finite doubles as
/// null), absent values as `encodeNil` or an encoded nil leaves them (null).
///
/// A value whose type conforms to `SingleLineJSON` is written on one line inside pretty
/// output, as the scale-event log always was.
public struct JSONValueEncoder {
    public init() {}

    /// The value as a JSON tree.
    ///
    /// - Complexity: O(size of the encoding).
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValueEncoding.encode(value, at: []).finished()
    }
}

/// A type whose encoding is written on one line, without spaces, even in pretty output:
/// short records in long lists, such as scale events.
public protocol SingleLineJSON: Encodable {}

extension RunSummary.ScaleChange: SingleLineJSON {}

/// The encoding in progress: a tree whose inner nodes are objects and arrays that
/// containers are still filling.
private final class EncodingNode {
    enum Content {
        case unset
        case leaf(JSONValue)
        case object([(key: String, child: Child)])
        case array([Child])
    }

    /// A finished scalar needs no node of its own: a week of series rows is 180,000 of them.
    enum Child {
        case leaf(JSONValue)
        case node(EncodingNode)

        func finished() -> JSONValue {
            switch self {
            case let .leaf(value): value
            case let .node(node): node.finished()
            }
        }
    }

    var content = Content.unset

    func finished() -> JSONValue {
        switch content {
        case .unset: .object([])
        case let .leaf(value): value
        case let .object(members): .object(members.map { ($0.key, $0.child.finished()) })
        case let .array(items): .array(items.map { $0.finished() })
        }
    }

    /// Makes the node an object if it is not one yet; a second keyed container on the same
    /// encoder adds to the same object, as with `JSONEncoder`.
    func becomeObject() {
        if case .object = content { return }
        content = .object([])
    }

    func becomeArray() {
        if case .array = content { return }
        content = .array([])
    }

    /// Sets `key`, in place when it is already there (the first position is kept).
    func set(_ child: Child, forKey key: String) {
        guard case var .object(members) = content else { preconditionFailure("not an object") }
        content = .unset
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].child = child
        } else {
            members.append((key, child))
        }
        content = .object(members)
    }

    func append(_ child: Child) {
        guard case var .array(items) = content else { preconditionFailure("not an array") }
        content = .unset
        items.append(child)
        content = .array(items)
    }

    var count: Int {
        switch content {
        case let .array(items): items.count
        case let .object(members): members.count
        default: 0
        }
    }
}

/// The `Encoder` protocol over a node.
private struct JSONValueEncoding: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// `value` as a child: scalars directly, anything else through its own `encode(to:)`.
    static func encode<T: Encodable>(_ value: T, at path: [any CodingKey]) throws -> EncodingNode.Child {
        if let scalar = scalar(value) { return .leaf(scalar) }
        let node = EncodingNode()
        try value.encode(to: JSONValueEncoding(node: node, codingPath: path))
        if value is any SingleLineJSON { return .leaf(.raw(node.finished().serialized(pretty: false))) }
        return .node(node)
    }

    /// The JSON of a standard scalar, nil for anything else (optionals included: an
    /// encoded nil goes through `Optional.encode(to:)` and `encodeNil`).
    ///
    /// The type is compared, not the value cast: a failed cast of a value asks the runtime
    /// whether its type bridges, which is slow, and most values encoded are not scalars.
    static func scalar<T>(_ value: T) -> JSONValue? {
        switch ObjectIdentifier(T.self) {
        case ObjectIdentifier(String.self): return .string(value as! String)
        case ObjectIdentifier(Bool.self): return .bool(value as! Bool)
        // JSON has no infinity or NaN: null, as `serialized()` would write them anyway, so
        // that the tree reads back as its text does.
        case ObjectIdentifier(Double.self):
            let number = value as! Double
            return number.isFinite ? .number(number) : .null
        case ObjectIdentifier(Float.self):
            let number = value as! Float
            return number.isFinite ? .number(Double(number)) : .null
        case ObjectIdentifier(Int.self): return .integer(value as! Int)
        case ObjectIdentifier(Int8.self): return .integer(Int(value as! Int8))
        case ObjectIdentifier(Int16.self): return .integer(Int(value as! Int16))
        case ObjectIdentifier(Int32.self): return .integer(Int(value as! Int32))
        case ObjectIdentifier(Int64.self): return .integer(Int(value as! Int64))
        case ObjectIdentifier(UInt8.self): return .integer(Int(value as! UInt8))
        case ObjectIdentifier(UInt16.self): return .integer(Int(value as! UInt16))
        case ObjectIdentifier(UInt32.self): return .integer(Int(value as! UInt32))
        // Above Int.max a 64-bit count is written as its digits, which JSON allows.
        case ObjectIdentifier(UInt64.self):
            let count = value as! UInt64
            return Int(exactly: count).map(JSONValue.integer) ?? .raw(String(count))
        case ObjectIdentifier(UInt.self):
            let count = value as! UInt
            return Int(exactly: count).map(JSONValue.integer) ?? .raw(String(count))
        default: return nil
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }
}

/// An array index as a coding key, for error paths.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.set(.leaf(.null), forKey: key.stringValue) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        // A scalar needs no coding path (it cannot fail): the path is built only for values
        // that encode themselves, which keeps a week's series from allocating one per field.
        if let scalar = JSONValueEncoding.scalar(value) {
            node.set(.leaf(scalar), forKey: key.stringValue)
        } else {
            node.set(try JSONValueEncoding.encode(value, at: codingPath + [key]), forKey: key.stringValue)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                         forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        node.set(.node(child), forKey: key.stringValue)
        return JSONValueEncoding(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        node.set(.node(child), forKey: key.stringValue)
        return JSONValueEncoding(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(forKey: Key(stringValue: "super")!)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodingNode()
        node.set(.node(child), forKey: key.stringValue)
        return JSONValueEncoding(node: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    var nextPath: [any CodingKey] { codingPath + [IndexKey(intValue: count)] }

    mutating func encodeNil() throws { node.append(.leaf(.null)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if let scalar = JSONValueEncoding.scalar(value) {
            node.append(.leaf(scalar))
        } else {
            node.append(try JSONValueEncoding.encode(value, at: nextPath))
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        let path = nextPath
        node.append(.node(child))
        return JSONValueEncoding(node: child, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        let path = nextPath
        node.append(.node(child))
        return JSONValueEncoding(node: child, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        let path = nextPath
        node.append(.node(child))
        return JSONValueEncoding(node: child, codingPath: path)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .leaf(.null) }

    /// A scalar is set on the node; any other value encodes into the same node, as
    /// `JSONEncoder` does, unless it is written on one line.
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let scalar = JSONValueEncoding.scalar(value) {
            node.content = .leaf(scalar)
        } else if value is any SingleLineJSON {
            node.content = .leaf(try JSONValueEncoding.encode(value, at: codingPath).finished())
        } else {
            try value.encode(to: JSONValueEncoding(node: node, codingPath: codingPath))
        }
    }
}
