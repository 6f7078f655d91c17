import DigitalOceanCatalog
import Foundation
import YAMLSupport
import Yams

extension Configuration {
    /// The canonical bytes: JSON with sorted keys and no spaces, as `JSONEncoder` writes
    /// numbers (the shortest text that reads back as the same `Double`). Equal configurations
    /// have equal canonical bytes, so the hash below keys the run history and a search's
    /// resume.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every value of a configuration is finite (validated) or nil; encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    /// The canonical YAML form: fields in declaration order, units in their names, a
    /// `schema:` line first. `Configuration.parse(yaml:)` reads it back to an equal value.
    public func yaml() -> String {
        // Yams writes a Double with 15 significant digits in exponent form (`3e+2`), which
        // would not read back as the same value; numbers take the canonical JSON's text
        // (the shortest that reads back exactly) instead.
        guard let text = try? YAMLEncoder().encode(self), let tree = try? Yams.compose(yaml: text),
              let json = String(data: canonicalJSON(), encoding: .utf8), let exact = try? Yams.compose(yaml: json),
              let plain = try? Yams.serialize(node: Self.exactNumbers(tree, from: exact)) else { return "" }
        return plain
    }

    /// `node` with each plain number replaced by the text at the same place in `exact`, the
    /// same value composed from its canonical JSON (whose mappings are in another order).
    package static func exactNumbers(_ node: Node, from exact: Node) -> Node {
        switch (node, exact) {
        case let (.mapping(mapping), .mapping(exactMapping)):
            let pairs = mapping.map { key, value in
                (key, key.string.flatMap { exactMapping[$0] }.map { exactNumbers(value, from: $0) } ?? value)
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case let (.sequence(sequence), .sequence(exactSequence)) where sequence.count == exactSequence.count:
            return .sequence(Node.Sequence(zip(sequence, exactSequence).map { exactNumbers($0, from: $1) },
                                           sequence.tag, sequence.style, sequence.mark))
        case let (.scalar(scalar), .scalar(exactScalar))
            where scalar.style == .plain && exactScalar.style == .plain && Double(exactScalar.string) != nil:
            return .scalar(Node.Scalar(exactScalar.string, scalar.tag, scalar.style, scalar.mark))
        default:
            return node
        }
    }

    /// A configuration file, decoded and validated against the catalog and, when given, the
    /// scenario it is for; every problem is located at its line and field.
    public static func parse(yaml text: String, source: String, catalog: Catalog,
                             for scenario: Scenario? = nil) throws(ScenarioError) -> Configuration {
        let tree: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ScenarioError(issues: [ScenarioIssue(source: source, line: 1, column: 1, path: "", message: "the configuration is empty")])
            }
            tree = composed
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError(issues: [ScenarioIssue.yamlSyntax(error, source: source)])
        }
        let configuration = try LocatedDecoding.decode(Configuration.self, from: tree, source: source, what: "configuration")
        if let text = try? YAMLEncoder().encode(configuration), let canonical = try? Yams.compose(yaml: text) {
            let unknown = LocatedDecoding.unknownFields(in: tree, canonical: canonical, source: source)
            if !unknown.isEmpty { throw ScenarioError(issues: unknown) }
        }
        var problems = configuration.problems(catalog: catalog)
        if let scenario { problems += configuration.problems(applyingTo: scenario) }
        guard problems.isEmpty else {
            throw ScenarioError(issues: problems.map {
                LocatedDecoding.issue(atDottedPath: configuration.filePath(of: $0.path, in: tree), in: tree, source: source,
                                      message: $0.message)
            })
        }
        return configuration
    }

    /// `path` (of this value, whose tiers and caches are sorted) as a path of the file, whose
    /// lists may be in any order: `tiers.0.droplets` is the api tier's entry wherever it is.
    public func filePath(of path: String, in tree: Node) -> String {
        var keys = path.split(separator: ".").map(String.init)
        guard keys.count >= 2, let index = Int(keys[1]) else { return path }
        func position(in list: String, where matches: (Node) -> Bool) -> Int? {
            guard case let .sequence(items)? = tree.node(atDottedPath: list) else { return nil }
            return items.firstIndex(where: matches)
        }
        switch keys[0] {
        case "tiers" where tiers.indices.contains(index):
            let role = tiers[index].role.rawValue
            if let found = position(in: "tiers", where: { $0["role"]?.string == role }) { keys[1] = String(found) }
        case "response_cache" where responseCache.indices.contains(index):
            let operation = responseCache[index].operation
            if let found = position(in: "response_cache", where: { $0["operation"]?.string == operation }) { keys[1] = String(found) }
        default:
            break
        }
        return keys.joined(separator: ".")
    }
}
