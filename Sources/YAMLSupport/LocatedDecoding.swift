import Yams

/// `Decodable` over a YAML tree, with errors located like every other problem: Swift's
/// `DecodingError` names a coding path, and the tree knows the line and column of each node
/// on it. Files with a fixed layout (the catalog, a configuration) decode this way; the
/// scenario, which must report every problem at once, is read field by field instead.
public enum LocatedDecoding {
    /// The value of `type` in `tree`, or the first problem as a located issue.
    public static func decode<T: Decodable>(_ type: T.Type, from tree: Node, source: String, what: String) throws(ScenarioError) -> T {
        do {
            return try YAMLDecoder().decode(type, from: tree)
        } catch {
            throw ScenarioError(issues: [issue(for: error, in: tree, source: source, what: what)])
        }
    }

    /// Fields of `tree` that decoding ignored: keys whose path (indices as `*`) does not
    /// occur in `canonical`, the tree of the decoded value encoded again. `Decodable` skips
    /// unknown keys, so without this a misspelt field would silently keep its default.
    public static func unknownFields(in tree: Node, canonical: Node, source: String) -> [ScenarioIssue] {
        var known: Set<String> = []
        func collect(_ node: Node, _ path: String) {
            switch node {
            case let .mapping(mapping):
                for (key, value) in mapping {
                    let child = path.isEmpty ? (key.string ?? "") : "\(path).\(key.string ?? "")"
                    known.insert(child)
                    collect(value, child)
                }
            case let .sequence(sequence):
                for item in sequence { collect(item, path.isEmpty ? "*" : "\(path).*") }
            default: break
            }
        }
        collect(canonical, "")
        var issues: [ScenarioIssue] = []
        func check(_ node: Node, _ pattern: String, _ path: String) {
            switch node {
            case let .mapping(mapping):
                for (key, value) in mapping {
                    let name = key.string ?? ""
                    let childPattern = pattern.isEmpty ? name : "\(pattern).\(name)"
                    let childPath = path.isEmpty ? name : "\(path).\(name)"
                    if value.null != nil { continue }
                    guard known.contains(childPattern) else {
                        let siblings = known.filter { $0.hasPrefix(pattern.isEmpty ? "" : pattern + ".") }
                            .map { String($0.dropFirst(pattern.isEmpty ? 0 : pattern.count + 1)) }.filter { !$0.contains(".") }
                        issues.append(ScenarioIssue(source: source, line: key.mark?.line, column: key.mark?.column, path: childPath,
                                                    message: "unknown field\(NameSuggestion.hint(for: name, among: siblings.sorted()))"))
                        continue
                    }
                    check(value, childPattern, childPath)
                }
            case let .sequence(sequence):
                for (index, item) in sequence.enumerated() {
                    check(item, pattern.isEmpty ? "*" : "\(pattern).*", path.isEmpty ? "\(index)" : "\(path).\(index)")
                }
            default: break
            }
        }
        check(tree, "", "")
        return issues
    }

    /// A decoding error as one located issue; `what` names the file's kind in messages.
    public static func issue(for error: any Error, in tree: Node, source: String, what: String) -> ScenarioIssue {
        guard let decoding = error as? DecodingError else {
            return ScenarioIssue(source: source, line: nil, column: nil, path: "", message: "not a valid \(what): \(error)")
        }
        switch decoding {
        case let .keyNotFound(key, context):
            return issue(at: context.codingPath + [key], in: tree, source: source, message: "missing required field")
        case let .typeMismatch(type, context):
            return issue(at: context.codingPath, in: tree, source: source, message: "expected \(name(of: type))")
        case let .valueNotFound(type, context):
            return issue(at: context.codingPath, in: tree, source: source, message: "expected \(name(of: type)), found nothing")
        case let .dataCorrupted(context):
            return issue(at: context.codingPath, in: tree, source: source, message: context.debugDescription)
        @unknown default:
            return ScenarioIssue(source: source, line: nil, column: nil, path: "", message: "not a valid \(what): \(error)")
        }
    }

    /// An issue at a coding path, placed at its node in the tree (the nearest enclosing node
    /// when the field itself is missing).
    public static func issue(at codingPath: [any CodingKey], in tree: Node, source: String, message: String) -> ScenarioIssue {
        issue(atDottedPath: codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "."),
              in: tree, source: source, message: message)
    }

    /// An issue at a dotted field path (`tiers.0.droplets`), placed at its node in the tree.
    public static func issue(atDottedPath field: String, in tree: Node, source: String, message: String) -> ScenarioIssue {
        let mark = tree.node(atDottedPath: field)?.mark
        return ScenarioIssue(source: source, line: mark?.line, column: mark?.column, path: field, message: message)
    }

    /// How a message names a Swift type to someone editing YAML.
    public static func name(of type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: return "a number"
        case is Int.Type: return "a whole number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "text"
        default:
            let text = String(describing: type)
            if text.hasPrefix("Array") || text.contains("Sequence") { return "a list" }
            return text.hasPrefix("Dictionary") ? "a mapping" : "a mapping of fields"
        }
    }
}

/// A coding key built from a name or an index, for locating fields.
public struct AnyCodingKey: CodingKey {
    public var stringValue: String
    public var intValue: Int?
    public init(_ name: String) { stringValue = name }
    public init(_ index: Int) { stringValue = String(index); intValue = index }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { self.init(intValue) }
}
