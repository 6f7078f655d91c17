/// A value that a summary writes as one member of a JSON object keyed by name: how
/// `capsim.run/v1` writes groups, operations, pages, tiers, fleets and cost lines
/// (`"groups": {"enterprise": {…}, "business": {…}}`).
///
/// The summary keeps such entries in an array, in the scenario's order, with the name as a
/// field; the name becomes the key and is not repeated inside the member. Decoding keeps
/// the members' order only with a decoder that reports keys in document order (Reports'
/// `JSONValueDecoder` does; Foundation's `JSONDecoder` does not).
package protocol NamedEntry: Sendable, Equatable {
    /// The member's key.
    var entryName: String { get }
    /// Encodes everything but the name.
    func encodeBody(to encoder: any Encoder) throws
    /// Decodes a member read under the key `name`.
    init(entryName name: String, from decoder: any Decoder) throws
}

/// A key that is a name from the scenario.
package struct EntryNameKey: CodingKey {
    package var stringValue: String
    package init(stringValue: String) { self.stringValue = stringValue }
    package var intValue: Int? { nil }
    package init?(intValue: Int) { nil }
}

/// An entry's member without its name, for a keyed container to encode.
private struct EntryBody<Entry: NamedEntry>: Encodable {
    let entry: Entry
    func encode(to encoder: any Encoder) throws { try entry.encodeBody(to: encoder) }
}

extension KeyedEncodingContainer {
    /// Writes `entries` as an object under `key`, one member per entry, in array order.
    package mutating func encodeEntries<Entry: NamedEntry>(_ entries: [Entry], forKey key: Key) throws {
        var object = nestedContainer(keyedBy: EntryNameKey.self, forKey: key)
        for entry in entries { try object.encode(EntryBody(entry: entry), forKey: EntryNameKey(stringValue: entry.entryName)) }
    }
}

extension KeyedDecodingContainer {
    /// Reads the object under `key` as entries, in the order the decoder lists its keys.
    package func decodeEntries<Entry: NamedEntry>(_ type: Entry.Type, forKey key: Key) throws -> [Entry] {
        let object = try nestedContainer(keyedBy: EntryNameKey.self, forKey: key)
        return try object.allKeys.map { name in
            try Entry(entryName: name.stringValue, from: object.superDecoder(forKey: name))
        }
    }
}
