import Foundation
import SimCore
import Yams

/// Reads typed values out of a composed YAML tree while collecting every problem.
///
/// Decoding with `Codable` stops at the first error and loses line numbers; scenario
/// authors need all problems at once, each with file, line, column and field path, so the
/// scenario is read node by node instead.
package final class YAMLFieldReader {
    package let source: String
    package private(set) var issues: [ScenarioIssue] = []
    /// Legal values that are surely unintended (a rate of zero, a schedule that never fires).
    package private(set) var warnings: [ScenarioIssue] = []
    /// Files read while building the scenario (predictive histories).
    package var referencedFiles: [String] = []
    /// Field paths whose values came from `--set`; problems there point at the flag.
    package var overriddenPaths: [String] = []
    /// Field paths whose values came from another file (a `--policy` file), with that file.
    /// `mark` is where the patch's value stands in that file: the place to point at when the
    /// problem is a node the patch created (a key it added has no position of its own).
    package var foreignPaths: [(path: String, source: String, mark: Mark?)] = []

    package init(source: String) { self.source = source }

    // MARK: Reporting

    /// Problems kept for the message; past this many they are only counted, so that a
    /// file with millions of unknown keys is read in linear time and bounded memory.
    package static let keptLimit = 1000
    /// Problems found beyond `keptLimit`.
    package private(set) var uncounted = 0

    package func report(_ message: String, at node: Node?, path: String) {
        if issues.count >= Self.keptLimit {
            uncounted += 1
            return
        }
        if let override = overriddenPaths.first(where: { path == $0 || path.hasPrefix($0 + ".") }) {
            issues.append(ScenarioIssue(source: "--set \(override)", line: nil, column: nil, path: path, message: message))
            return
        }
        if let foreign = foreignPaths.last(where: { path == $0.path || path.hasPrefix($0.path + ".") }) {
            let mark = node?.mark ?? foreign.mark
            issues.append(ScenarioIssue(source: foreign.source, line: mark?.line, column: mark?.column, path: path, message: message))
            return
        }
        issues.append(ScenarioIssue(
            source: source, line: node?.mark?.line, column: node?.mark?.column, path: path, message: message))
    }

    /// Like `report`, for a value that is legal but surely not what the author meant.
    package func warn(_ message: String, at node: Node?, path: String) {
        let before = issues.count
        report(message, at: node, path: path)
        if issues.count > before { warnings.append(issues.removeLast()) }
    }

    package static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    // MARK: Structure

    /// A mapping's fields in file order; unknown keys are reported with the nearest known one.
    package func fields(of node: Node, path: String, allowed: [String]) -> MappingFields? {
        guard case let .mapping(mapping) = node else {
            report("expected a mapping of fields (\(allowed.prefix(6).joined(separator: ", "))…), found \(describe(node))",
                   at: node, path: path)
            return nil
        }
        var values: [String: Node] = [:]
        var order: [String] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                report("field names must be text", at: keyNode, path: path)
                continue
            }
            if !allowed.isEmpty && !allowed.contains(key) {
                report("unknown field \"\(key)\"\(NameSuggestion.hint(for: key, among: allowed, listLimit: 30))",
                       at: keyNode, path: Self.join(path, key))
                continue
            }
            values[key] = value
            order.append(key)
        }
        return MappingFields(node: node, path: path, values: values, order: order)
    }

    /// A mapping whose keys are names chosen by the author (tenant groups, operations).
    package func namedEntries(of node: Node, path: String) -> [(name: String, keyNode: Node, value: Node)] {
        guard case let .mapping(mapping) = node else {
            report("expected a mapping from names to definitions, found \(describe(node))", at: node, path: path)
            return []
        }
        var result: [(String, Node, Node)] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string, !key.isEmpty else {
                report("names must be non-empty text", at: keyNode, path: path)
                continue
            }
            // YAML tells the keys 1 and "1" apart; names do not.
            guard seen.insert(key).inserted else {
                report("the name \"\(key)\" is used twice", at: keyNode, path: Self.join(path, key))
                continue
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    package func sequence(_ node: Node, path: String) -> [Node]? {
        guard case let .sequence(sequence) = node else {
            report("expected a list, found \(describe(node))", at: node, path: path)
            return nil
        }
        return Array(sequence)
    }

    // MARK: Scalars

    package func string(_ node: Node, path: String) -> String? {
        guard case let .scalar(scalar) = node else {
            report("expected text, found \(describe(node))", at: node, path: path)
            return nil
        }
        return scalar.string
    }

    package func choice(_ node: Node, path: String, options: [String], what: String = "value") -> String? {
        guard let text = string(node, path: path) else { return nil }
        guard options.contains(text) else {
            report("unknown \(what) \"\(text)\"\(NameSuggestion.hint(for: text, among: options))", at: node, path: path)
            return nil
        }
        return text
    }

    package func bool(_ node: Node, path: String) -> Bool? {
        guard case .scalar = node, let value = node.bool else {
            report("expected true or false, found \(describe(node))", at: node, path: path)
            return nil
        }
        return value
    }

    // MARK: Ranges
    //
    // Every number has a range: a field without its own bound gets the one of its kind
    // below, so that no value typed into a scenario can overflow the arithmetic after it
    // (README, "Numeric ranges").

    /// The largest plain number a field accepts unless it says otherwise.
    package static let largestNumber = 1e9
    /// The largest whole number a field accepts unless it says otherwise.
    package static let largestInteger = 1_000_000_000
    /// The longest duration a field accepts unless it says otherwise: 366 days.
    package static let longestDuration = 366.0 * 86_400
    /// The largest rate a field accepts unless it says otherwise: a billion per second.
    package static let largestRate = 1e9

    package func number(_ node: Node, path: String, minimum: Double? = nil, maximum: Double? = nil,
                exclusiveMinimum: Bool = false) -> Double? {
        guard case let .scalar(scalar) = node, let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")),
              value.isFinite else {
            report("expected a number, found \(describe(node))", at: node, path: path)
            return nil
        }
        return checkRange(value, node: node, path: path, minimum: minimum, maximum: maximum ?? Self.largestNumber,
                          exclusiveMinimum: exclusiveMinimum, shown: scalar.string)
    }

    package func integer(_ node: Node, path: String, minimum: Int? = nil, maximum: Int? = nil) -> Int? {
        guard case let .scalar(scalar) = node, let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            report("expected a whole number, found \(describe(node))", at: node, path: path)
            return nil
        }
        if let minimum, value < minimum {
            report("must be at least \(minimum), found \(value)", at: node, path: path)
            return nil
        }
        let maximum = maximum ?? Self.largestInteger
        if value > maximum {
            report("must be at most \(maximum), found \(value)", at: node, path: path)
            return nil
        }
        return value
    }

    /// A duration such as `250ms`; a bare number is refused unless it is zero.
    package func duration(_ node: Node, path: String, minimum: Double = 0, exclusiveMinimum: Bool = false,
                  maximum: Double = YAMLFieldReader.longestDuration) -> Double? {
        guard case let .scalar(scalar) = node else {
            report("expected a duration such as 250ms, 30s, 5m, 2h or 7d, found \(describe(node))", at: node, path: path)
            return nil
        }
        guard let seconds = Units.seconds(from: scalar.string) else {
            let text = scalar.string
            let why = Double(text) != nil ? "a duration needs a unit" : "not a duration"
            report("\(why): \"\(text)\"; write it as 250ms, 30s, 5m, 2h or 7d", at: node, path: path)
            return nil
        }
        return checkRange(seconds, node: node, path: path, minimum: minimum, maximum: maximum,
                          exclusiveMinimum: exclusiveMinimum, shown: scalar.string, describe: Units.describe(seconds:))
    }

    /// A rate such as `15/s` or `900/m`, in events per second.
    package func rate(_ node: Node, path: String, allowZero: Bool = true, maximum: Double = YAMLFieldReader.largestRate) -> Double? {
        guard case let .scalar(scalar) = node, let value = Units.perSecond(from: scalar.string) else {
            report("expected a rate such as 15/s, 900/m or 40/h, found \(describe(node))", at: node, path: path)
            return nil
        }
        return checkRange(value, node: node, path: path, minimum: 0, maximum: maximum,
                          exclusiveMinimum: !allowZero, shown: scalar.string, describe: { "\(Units.trim($0))/s" })
    }

    /// An amount of money per month such as `49/month` or `588/year`, in US dollars per month.
    package func usdPerMonth(_ node: Node, path: String, maximum: Double = 1e9) -> Double? {
        guard case let .scalar(scalar) = node, let value = Units.usdPerMonth(from: scalar.string) else {
            report("expected US dollars per month such as 49/month or 588/year, found \(describe(node))", at: node, path: path)
            return nil
        }
        return checkRange(value, node: node, path: path, minimum: 0, maximum: maximum,
                          exclusiveMinimum: false, shown: scalar.string)
    }

    /// A fraction written `0.1%` or `0.001`.
    package func fraction(_ node: Node, path: String, minimum: Double = 0, maximum: Double = 1, exclusiveMinimum: Bool = false) -> Double? {
        guard case let .scalar(scalar) = node, let value = Units.fraction(from: scalar.string), value.isFinite else {
            report("expected a fraction such as 0.1% or 0.001, found \(describe(node))", at: node, path: path)
            return nil
        }
        return checkRange(value, node: node, path: path, minimum: minimum, maximum: maximum,
                          exclusiveMinimum: exclusiveMinimum, shown: scalar.string)
    }

    func checkRange(_ value: Double, node: Node, path: String, minimum: Double?, maximum: Double?,
                            exclusiveMinimum: Bool, shown: String,
                            describe: (Double) -> String = Units.trim) -> Double? {
        if let minimum {
            if exclusiveMinimum && value <= minimum {
                report("must be greater than \(describe(minimum)), found \(shown)", at: node, path: path)
                return nil
            }
            if value < minimum {
                let word = minimum == 0 ? "must not be negative" : "must be at least \(describe(minimum))"
                report("\(word), found \(shown)", at: node, path: path)
                return nil
            }
        }
        if let maximum, value > maximum {
            report("must be at most \(describe(maximum)), found \(shown)", at: node, path: path)
            return nil
        }
        return value
    }

    // MARK: Distributions

    /// What a distribution's values measure: durations need units, points are plain numbers.
    package enum Quantity { case duration, number, bytes }

    package static let distributionNames = ["constant", "exponential", "uniform", "normal", "lognormal", "gamma",
                                    "weibull", "pareto", "empirical"]

    /// The longest value of a duration distribution (a CPU time, a query, a boot): one hour,
    /// the longest latency the recorders keep apart.
    package static let longestSampledDuration = 3600.0

    /// A plain value (a constant) or `{distribution: NAME, …parameters}`.
    package func distribution(_ node: Node, path: String, quantity: Quantity) -> Distribution? {
        if case .scalar = node {
            let value = switch quantity {
            case .duration: duration(node, path: path, maximum: Self.longestSampledDuration)
            case .number: number(node, path: path, minimum: 0)
            case .bytes: byteCount(node, path: path)
            }
            return value.map(Distribution.constant)
        }
        let parameterNames = ["distribution", "value", "mean", "cv", "min", "max", "sd", "shape", "scale", "values"]
        guard let fields = fields(of: node, path: path, allowed: parameterNames) else { return nil }
        guard let kindNode = fields.require("distribution", reader: self),
              let kind = choice(kindNode, path: fields.path("distribution"), options: Self.distributionNames,
                                what: "distribution") else { return nil }
        func value(_ key: String, positive: Bool = false) -> Double? {
            guard let node = fields.require(key, reader: self) else { return nil }
            let path = fields.path(key)
            switch quantity {
            case .duration: return duration(node, path: path, exclusiveMinimum: positive, maximum: Self.longestSampledDuration)
            case .number: return number(node, path: path, minimum: 0, exclusiveMinimum: positive)
            case .bytes: return byteCount(node, path: path, exclusiveMinimum: positive)
            }
        }
        func plain(_ key: String) -> Double? {
            guard let node = fields.require(key, reader: self) else { return nil }
            return number(node, path: fields.path(key), minimum: 0, exclusiveMinimum: true)
        }
        let allowedByKind: [String: [String]] = [
            "constant": ["value"], "exponential": ["mean"], "uniform": ["min", "max"], "normal": ["mean", "sd"],
            "lognormal": ["mean", "cv"], "gamma": ["shape", "scale"], "weibull": ["shape", "scale"],
            "pareto": ["shape", "scale"], "empirical": ["values"],
        ]
        for key in fields.order where key != "distribution" && !(allowedByKind[kind] ?? []).contains(key) {
            report("\(kind) takes \((allowedByKind[kind] ?? []).joined(separator: " and ")), not \(key)",
                   at: fields.values[key], path: fields.path(key))
        }
        switch kind {
        case "constant": return value("value").map(Distribution.constant)
        case "exponential": return value("mean", positive: true).map { .exponential(mean: $0) }
        case "uniform":
            guard let lower = value("min"), let upper = value("max") else { return nil }
            guard upper >= lower else {
                report("max must not be below min", at: fields.values["max"], path: fields.path("max"))
                return nil
            }
            return .uniform(lower: lower, upper: upper)
        case "normal":
            guard let mean = value("mean"), let sd = value("sd") else { return nil }
            return .normal(mean: mean, standardDeviation: sd)
        case "lognormal":
            guard let mean = value("mean", positive: true), let cvNode = fields.require("cv", reader: self),
                  let cv = number(cvNode, path: fields.path("cv"), minimum: 0) else { return nil }
            return .lognormal(mean: mean, coefficientOfVariation: cv)
        case "gamma":
            guard let shape = plain("shape"), let scale = value("scale", positive: true) else { return nil }
            return .gamma(shape: shape, scale: scale)
        case "weibull":
            guard let shape = plain("shape"), let scale = value("scale", positive: true) else { return nil }
            return .weibull(shape: shape, scale: scale)
        case "pareto":
            guard let shape = plain("shape"), let scale = value("scale", positive: true) else { return nil }
            // The mean is scale × shape / (shape − 1): infinite at shape ≤ 1, so no finite
            // capacity could serve it and every estimate would be meaningless.
            guard shape > 1 else {
                report("a Pareto shape of \(Units.trim(shape)) has no finite mean; use a shape above 1 (2.5 is common for heavy tails)",
                       at: fields.values["shape"], path: fields.path("shape"))
                return nil
            }
            return .pareto(shape: shape, scale: scale)
        case "empirical":
            guard let listNode = fields.require("values", reader: self),
                  let items = sequence(listNode, path: fields.path("values")) else { return nil }
            var values: [Double] = []
            for (index, item) in items.enumerated() {
                let itemPath = "\(fields.path("values")).\(index)"
                let parsed = switch quantity {
                case .duration: duration(item, path: itemPath, maximum: Self.longestSampledDuration)
                case .number: number(item, path: itemPath, minimum: 0)
                case .bytes: byteCount(item, path: itemPath)
                }
                guard let parsed else { return nil }
                values.append(parsed)
            }
            guard let empirical = EmpiricalDistribution(values: values) else {
                report("needs at least one value", at: listNode, path: fields.path("values"))
                return nil
            }
            return .empirical(empirical)
        default:
            return nil
        }
    }

    package func describe(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar):
            if scalar.string.isEmpty { return "nothing" }
            return "\"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// The fields of one YAML mapping, with the path that locates them.
package struct MappingFields {
    package let node: Node
    package let path: String
    package let values: [String: Node]
    package let order: [String]

    package subscript(key: String) -> Node? { values[key] }

    package func path(_ key: String) -> String { YAMLFieldReader.join(path, key) }

    /// The field's node, or a "missing field" issue located at the parent mapping.
    package func require(_ key: String, reader: YAMLFieldReader) -> Node? {
        if let value = values[key] { return value }
        reader.report("missing required field \"\(key)\"", at: node, path: path(key))
        return nil
    }
}
