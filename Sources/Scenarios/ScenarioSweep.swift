import Foundation
import YAMLSupport
import Yams

/// `capsim compare --sweep PATH=V1,V2,…`: one named assumption and the values it is tried
/// at. Every compared variant runs once per value, the value set at `path` on top of the
/// variant's own `set:`, so that a report can show each measure and verdict against the
/// assumption (a sensitivity analysis) with the same common random numbers throughout.
public struct SweptAssumption: Sendable, Equatable, Codable {
    /// The dotted scenario field, as in a variant's `set:` (e.g. `tiers.api.autoscaling.tolerance`).
    public var path: String
    /// The values as written, in the order given.
    public var values: [String]

    public init(path: String, values: [String]) {
        self.path = path
        self.values = values
    }

    /// The swept field's last name, for variant names: "tolerance".
    public var field: String { path.split(separator: ".").last.map(String.init) ?? path }

    /// The name of `base` run at `value`: "current-rule [tolerance=0.05]".
    public func variantName(base: String, value: String) -> String { "\(base) [\(field)=\(value)]" }
}

/// Where a swept variant comes from: its base variant and the value it runs at.
public struct SweepPoint: Sendable, Equatable, Codable {
    /// The variant the sweep was applied to.
    public var base: String
    /// The swept field's value, as written.
    public var value: String

    public init(base: String, value: String) {
        self.base = base
        self.value = value
    }
}

extension SweptAssumption {
    /// Reads `PATH=V1,V2,…`. Values are split at commas outside brackets, braces and quotes,
    /// so a YAML flow value (`{min: 2, max: 4}`) is one value. Every value must be valid
    /// YAML; the scenario checks it when the variants are built.
    public static func parse(_ argument: String) -> Result<SweptAssumption, ScenarioIssue> {
        let source = "--sweep \(argument)"
        guard let equals = argument.firstIndex(of: "=") else {
            return .failure(ScenarioIssue(source: source, line: nil, column: nil, path: "",
                                          message: "expected PATH=V1,V2,…, e.g. --sweep tiers.api.autoscaling.tolerance=0,0.05,0.1"))
        }
        let path = String(argument[..<equals]).trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty, !path.split(separator: ".", omittingEmptySubsequences: false).contains("") else {
            return .failure(ScenarioIssue(source: source, line: nil, column: nil, path: path,
                                          message: "the path must be dotted field names, e.g. tiers.api.autoscaling.tolerance"))
        }
        if let reason = ScenarioVariant.forbiddenPatch(path) {
            return .failure(ScenarioIssue(source: source, line: nil, column: nil, path: path, message: reason))
        }
        let values = splitValues(String(argument[argument.index(after: equals)...]))
        guard !values.isEmpty, !values.contains(where: \.isEmpty) else {
            return .failure(ScenarioIssue(source: source, line: nil, column: nil, path: path,
                                          message: "expected values separated by commas, none empty, e.g. \(path)=0,0.05,0.1"))
        }
        var seen: Set<String> = []
        for value in values where !seen.insert(value).inserted {
            return .failure(ScenarioIssue(source: source, line: nil, column: nil, path: path,
                                          message: "the value \(value) is swept twice"))
        }
        for value in values where (try? Yams.compose(yaml: value)) == nil {
            return .failure(ScenarioIssue(source: source, line: nil, column: nil, path: path,
                                          message: "the value is not valid YAML: \(value)"))
        }
        return .success(SweptAssumption(path: path, values: values))
    }

    /// Splits at top-level commas and trims each value.
    static func splitValues(_ text: String) -> [String] {
        var values: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth -= 1
            } else if character == "," && depth == 0 {
                values.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            }
            current.append(character)
        }
        values.append(current.trimmingCharacters(in: .whitespaces))
        return values
    }

    /// The value at `index` as a YAML node without positions: a problem in it is reported
    /// against the `--sweep` flag, not a line of some file.
    func node(_ index: Int) -> Node {
        Self.withoutMarks((try? Yams.compose(yaml: values[index])) ?? nil ?? Node(""))
    }

    static func withoutMarks(_ node: Node) -> Node {
        switch node {
        case let .scalar(scalar):
            return .scalar(Node.Scalar(scalar.string, scalar.tag, scalar.style, nil))
        case let .mapping(mapping):
            return .mapping(Node.Mapping(mapping.map { (withoutMarks($0.key), withoutMarks($0.value)) }, mapping.tag, mapping.style, nil))
        case let .sequence(sequence):
            return .sequence(Node.Sequence(sequence.map(withoutMarks), sequence.tag, sequence.style, nil))
        case .alias:
            return node
        }
    }

    /// Every variant once per value, named "base [field=value]", in the variants' order and
    /// then the values'.
    func expand(_ variants: [ScenarioVariant]) -> [ScenarioVariant] {
        variants.flatMap { variant in
            values.indices.map { index in
                var swept = variant
                swept.name = variantName(base: variant.name, value: values[index])
                swept.sweep = ScenarioVariant.SweepPatch(path: path, value: node(index), text: values[index], base: variant.name)
                return swept
            }
        }
    }
}
