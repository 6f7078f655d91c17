import Autoscaling
import DigitalOceanCatalog
import Foundation
import SimCore
import YAMLSupport
import Yams

/// Turns a scenario file (plus `--set` overrides) into a validated `Scenario`.
///
/// Reading and validating are one pass over the YAML tree, so every problem in a file
/// is found at once and reported with its line, column and field path.
public struct ScenarioLoader {
    public var catalog: Catalog
    /// Where the text of the scenario and of the files it names comes from: the command line
    /// reads the filesystem, tests and generated scenarios serve text from memory. Reading a
    /// scenario never touches the filesystem itself (DESIGN §2).
    public var files: any ScenarioFileSource

    public init(catalog: Catalog, files: any ScenarioFileSource) {
        self.catalog = catalog
        self.files = files
    }

    public static let topLevelFields = [
        "name", "description", "seed", "replications", "start", "time_zone", "horizon", "warmup",
        "client_timeout", "tenant_groups", "operations", "pages", "graphql", "tiers", "database", "slos",
        "variants", "search", "faults",
    ]

    /// Reads and validates the scenario file at `path` through `files`.
    public func load(path: String, overrides: [String] = []) throws(ScenarioError) -> Scenario {
        let text = try files.text(at: path, what: "scenario")
        return try parse(text, source: path, overrides: overrides)
    }

    /// Validates scenario text; `source` names it in messages. Overrides of `variants.…`
    /// are checked against the variants list even though one scenario is built.
    public func parse(_ text: String, source: String, overrides: [String] = []) throws(ScenarioError) -> Scenario {
        let tree = try Self.compose(text, source: source)
        let scenario = try build(tree, source: source, overrides: overrides)
        if overrides.contains(where: ScenarioOverride.addressesVariants) {
            _ = try Self.variants(in: Self.applyingVariantOverrides(overrides, to: tree), source: source, overrides: overrides)
        }
        return scenario
    }

    /// The YAML tree of scenario (or policy) text, or its syntax error.
    package static func compose(_ text: String, source: String, what: String = "scenario") throws(ScenarioError) -> Node {
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ScenarioError(issues: [ScenarioIssue(source: source, line: 1, column: 1, path: "",
                                                           message: "the \(what) is empty")])
            }
            // Merge keys are rare: the tree is walked only when the text may hold one.
            guard text.contains("<<") else { return composed }
            var budget = 1_000_000
            return try MergeKeys.resolve(composed, budget: &budget, source: source)
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError(issues: [ScenarioIssue.yamlSyntax(error, source: source)])
        }
    }

    /// Applies a variant's patches, then its sweep value, then the `--set` overrides, and
    /// validates the result.
    /// Problems inside a patch that came from another file are reported against that file.
    package func build(_ tree: Node, source: String, overrides: [String], variant: ScenarioVariant? = nil) throws(ScenarioError) -> Scenario {
        var root = tree
        let reader = YAMLFieldReader(source: source)
        var issues: [ScenarioIssue] = []
        if let variant {
            for patch in variant.patches {
                if let problem = ScenarioOverride.set(patch.value, at: patch.path.split(separator: ".").map(String.init)[...], in: &root) {
                    issues.append(ScenarioIssue(source: variant.source, line: patch.value.mark?.line, column: patch.value.mark?.column,
                                                path: patch.path, message: problem))
                } else if variant.source != source {
                    reader.foreignPaths.append((patch.path, variant.source, patch.value.mark))
                }
            }
            if let sweep = variant.sweep {
                if let problem = ScenarioOverride.set(sweep.value, at: sweep.path.split(separator: ".").map(String.init)[...], in: &root) {
                    issues.append(ScenarioIssue(source: sweep.source, line: nil, column: nil, path: sweep.path, message: problem))
                } else {
                    reader.foreignPaths.append((sweep.path, sweep.source, nil))
                }
            }
        }
        for assignment in overrides where !ScenarioOverride.addressesVariants(assignment) {
            // The search space is read apart from the scenario (README "Search spaces").
            if ScenarioOverride.addressesSearch(assignment) {
                let path = ScenarioOverride.path(of: assignment)
                issues.append(ScenarioIssue(source: "--set \(path)", line: nil, column: nil, path: path,
                                            message: "--set cannot change the search space; edit the search: block or pass --space FILE"))
                continue
            }
            switch ScenarioOverride.parse(assignment) {
            case let .success(override):
                if let problem = override.apply(to: &root) {
                    issues.append(ScenarioIssue(source: "--set \(override.path)", line: nil, column: nil,
                                                path: override.path, message: problem))
                } else {
                    reader.overriddenPaths.append(override.path)
                }
            case let .failure(issue):
                issues.append(issue)
            }
        }
        let builder = ScenarioBuilder(reader: reader, catalog: catalog, source: source, files: files)
        let scenario = builder.build(root)
        // In file order: the order in which an author fixes them.
        let located = reader.issues.enumerated().sorted { a, b in
            let (lineA, lineB) = (a.element.line ?? Int.max, b.element.line ?? Int.max)
            if lineA != lineB { return lineA < lineB }
            let (columnA, columnB) = (a.element.column ?? 0, b.element.column ?? 0)
            return columnA != columnB ? columnA < columnB : a.offset < b.offset
        }.map(\.element)
        issues += located
        if let variant {
            issues = issues.map { issue in
                var issue = issue
                issue.message += " (variant \(variant.name))"
                return issue
            }
        }
        if var scenario, issues.isEmpty {
            scenario.referencedFiles = reader.referencedFiles
            scenario.warnings = reader.warnings.map { warning in
                var warning = warning
                if let variant { warning.message += " (variant \(variant.name))" }
                return warning
            }
            return scenario
        }
        throw ScenarioError(issues: issues.isEmpty
            ? [ScenarioIssue(source: source, line: nil, column: nil, path: "", message: "the scenario is incomplete")]
            : issues, uncounted: reader.uncounted)
    }
}

extension ScenarioOverride {
    /// `--set variants.…` changes the variants list itself, which is read before any
    /// scenario is built, so it is applied apart from the other overrides.
    package static func addressesVariants(_ assignment: String) -> Bool {
        let path = path(of: assignment)
        return path == "variants" || path.hasPrefix("variants.")
    }

    /// `--set search.…` would change the search space, which `--set` does not reach.
    package static func addressesSearch(_ assignment: String) -> Bool {
        let path = path(of: assignment)
        return path == SearchSpace.path || path.hasPrefix(SearchSpace.path + ".")
    }

    /// The field path of `PATH=VALUE`, as written before the `=`.
    package static func path(of assignment: String) -> String {
        assignment.prefix { $0 != "=" }.trimmingCharacters(in: .whitespaces)
    }

    /// The keys to set for a `variants.…` path. In `variants.N.set.KEY`, KEY is one dotted
    /// field path (the `set:` mapping's keys are dotted paths), not nested mappings.
    package static func variantKeys(_ path: String) -> [String] {
        let keys = path.split(separator: ".").map(String.init)
        return keys.count > 3 && keys[2] == "set" ? Array(keys[0..<3]) + [keys[3...].joined(separator: ".")] : keys
    }
}

/// One `--set PATH=VALUE` what-if change, applied to the YAML tree before validation so that
/// an override is checked exactly like a value typed into the file.
package struct ScenarioOverride {
    package var path: String
    package var value: Node

    package static func parse(_ assignment: String) -> Result<ScenarioOverride, ScenarioIssue> {
        guard let equals = assignment.firstIndex(of: "=") else {
            return .failure(ScenarioIssue(source: "--set \(assignment)", line: nil, column: nil, path: "",
                                          message: "expected PATH=VALUE, e.g. --set tiers.api.droplets=6"))
        }
        let path = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
        let text = String(assignment[assignment.index(after: equals)...])
        guard !path.isEmpty, !path.split(separator: ".", omittingEmptySubsequences: false).contains("") else {
            return .failure(ScenarioIssue(source: "--set \(assignment)", line: nil, column: nil, path: path,
                                          message: "the path must be dotted field names, e.g. database.pgbouncer.pool_size"))
        }
        let value: Node
        do {
            value = try Yams.compose(yaml: text) ?? Node("")
        } catch {
            return .failure(ScenarioIssue(source: "--set \(path)", line: nil, column: nil, path: path,
                                          message: "the value is not valid YAML: \(text)"))
        }
        return .success(ScenarioOverride(path: path, value: value))
    }

    /// Sets the value, creating intermediate mappings; list items are addressed by index.
    /// Returns a problem description when the path runs through a scalar or past a list.
    package func apply(to root: inout Node) -> String? {
        let keys = path.split(separator: ".").map(String.init)
        return Self.set(value, at: keys[...], in: &root)
    }

    package static func set(_ value: Node, at keys: ArraySlice<String>, in node: inout Node) -> String? {
        guard let key = keys.first else {
            node = value
            return nil
        }
        switch node {
        case let .mapping(mapping):
            var pairs = mapping.map { ($0.key, $0.value) }
            let existing = pairs.firstIndex { $0.0.string == key }
            var child = existing.map { pairs[$0].1 } ?? Node.mapping(Node.Mapping([]))
            if let problem = set(value, at: keys.dropFirst(), in: &child) { return problem }
            if let existing { pairs[existing].1 = child } else { pairs.append((Node(key), child)) }
            node = .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
            return nil
        case var .sequence(sequence):
            guard let index = Int(key), sequence.indices.contains(index) else {
                return "\"\(key)\" is not an index of the list (0..<\(sequence.count))"
            }
            var child = sequence[index]
            if let problem = set(value, at: keys.dropFirst(), in: &child) { return problem }
            sequence[index] = child
            node = .sequence(sequence)
            return nil
        case let .scalar(scalar) where scalar.string.isEmpty:
            var child = Node.mapping(Node.Mapping([]))
            if let problem = set(value, at: keys, in: &child) { return problem }
            node = child
            return nil
        default:
            return "cannot set \"\(key)\" inside a single value"
        }
    }
}
