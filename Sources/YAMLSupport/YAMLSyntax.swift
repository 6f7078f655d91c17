import SimCore
import Yams

extension ScenarioIssue {
    /// A YAML syntax error in the same file:line:column form as every other problem.
    public static func yamlSyntax(_ error: any Error, source: String) -> ScenarioIssue {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
                 let .composer(context, problem, mark, _):
                // The context (an unclosed `{` or `[`) is where the author has to look; the
                // problem mark is where the parser noticed, often a line later.
                if let context {
                    return ScenarioIssue(source: source, line: context.mark.line, column: context.mark.column, path: "",
                                         message: "YAML syntax error: \(context.text) here: \(problem) (at line \(mark.line), column \(mark.column))")
                }
                return ScenarioIssue(source: source, line: mark.line, column: mark.column, path: "",
                                     message: "YAML syntax error: \(problem)")
            case let .duplicatedKeysInMapping(duplicates, context):
                return ScenarioIssue(source: source, line: context.mark.line, column: context.mark.column, path: "",
                                     message: "duplicate keys: \(duplicates.joined(separator: ", "))")
            default:
                break
            }
        }
        return ScenarioIssue(source: source, line: nil, column: nil, path: "", message: "YAML syntax error: \(error)")
    }
}

/// YAML merge keys (`<<: *defaults`, https://yaml.org/type/merge.html), which Yams
/// resolves when decoding but not in a composed tree: a mapping's own keys win over merged
/// ones, and of several merged mappings the first wins.
public enum MergeKeys {
    public static func resolve(_ node: Node, budget: inout Int, source: String) throws(ScenarioError) -> Node {
        budget -= 1
        guard budget > 0 else {
            throw ScenarioError(issues: [ScenarioIssue(source: source, line: nil, column: nil, path: "",
                                                       message: "the scenario expands to more than a million YAML nodes")])
        }
        switch node {
        case let .mapping(mapping):
            var own: [(Node, Node)] = []
            var merged: [(Node, Node)] = []
            for (key, value) in mapping {
                if key.tag.rawValue == Tag.Name.merge.rawValue || (key.string == "<<" && key.scalar?.style == .plain) {
                    let sources: [Node]
                    switch value {
                    case .mapping: sources = [value]
                    case let .sequence(sequence): sources = Array(sequence)
                    default:
                        throw ScenarioError(issues: [ScenarioIssue(source: source, line: key.mark?.line, column: key.mark?.column, path: "",
                                                                   message: "a merge key (<<) takes a mapping or a list of mappings")])
                    }
                    for item in sources {
                        guard case let .mapping(inner) = try resolve(item, budget: &budget, source: source) else {
                            throw ScenarioError(issues: [ScenarioIssue(source: source, line: item.mark?.line, column: item.mark?.column, path: "",
                                                                       message: "a merge key (<<) takes a mapping or a list of mappings")])
                        }
                        merged += inner.map { ($0.key, $0.value) }
                    }
                } else {
                    own.append((key, try resolve(value, budget: &budget, source: source)))
                }
            }
            guard !merged.isEmpty else { return .mapping(Node.Mapping(own, mapping.tag, mapping.style, mapping.mark)) }
            var keys = Set(own.compactMap { $0.0.string })
            for pair in merged where pair.0.string.map({ keys.insert($0).inserted }) ?? true { own.append(pair) }
            return .mapping(Node.Mapping(own, mapping.tag, mapping.style, mapping.mark))
        case let .sequence(sequence):
            var items: [Node] = []
            for item in sequence { items.append(try resolve(item, budget: &budget, source: source)) }
            return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
        default:
            return node
        }
    }
}

extension Node {
    /// The node at a dotted path (`tiers.api.droplets`, `database_plans.3.slug`), or the
    /// nearest enclosing node when the path leaves the tree: where to point a problem found
    /// after reading.
    public func node(atDottedPath path: String) -> Node? {
        var node = self
        for key in path.split(separator: ".").map(String.init) {
            switch node {
            case let .mapping(mapping):
                guard let next = mapping.first(where: { $0.key.string == key }) else { return node }
                node = next.value
            case let .sequence(sequence):
                guard let index = Int(key), sequence.indices.contains(index) else { return node }
                node = sequence[index]
            default:
                return node
            }
        }
        return node
    }
}
