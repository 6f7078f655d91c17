import Autoscaling
import DigitalOceanCatalog
import SimCore
import YAMLSupport
import Yams

/// A named change to a scenario, for `capsim compare`: a `variants:` entry of the scenario
/// or a `--policy` file. Its `set:` mapping holds dotted field paths and YAML values, applied
/// to the scenario tree like `--set`, so a variant is checked exactly like the file itself.
package struct ScenarioVariant {
    package var name: String
    package var description: String
    /// The file the variant was written in, for messages.
    package var source: String
    package var patches: [(path: String, value: Node)]
    /// The `--sweep` value set on top of `patches`; nil outside a sweep.
    package var sweep: SweepPatch?

    /// One value of a swept assumption, applied after the variant's own patches; problems in
    /// it are reported against the `--sweep` flag.
    package struct SweepPatch {
        package var path: String
        package var value: Node
        /// The value as written on the command line.
        package var text: String
        /// The variant the sweep was applied to.
        package var base: String

        /// "--sweep tiers.api.autoscaling.tolerance=0.05": where a problem in the value came from.
        package var source: String { "--sweep \(path)=\(text)" }
    }
}

/// A variant, validated: its name and the scenario it makes.
public struct VariantScenario: Sendable {
    public var name: String
    public var description: String
    public var scenario: Scenario
    /// The file the variant was written in: the scenario, or a policy file.
    public var source: String
    /// The variant as a capacity plan, when it changes only what a plan decides (sizes,
    /// counts, autoscaling, balancer nodes, the database plan and pool, caches): then it is
    /// the scenario with this configuration applied. `nil` when it changes the load or the
    /// software too.
    public var configuration: Configuration?
    /// The swept base variant and value, for a variant made by `--sweep`; nil otherwise.
    public var swept: SweepPoint?
}

extension ScenarioVariant {
    /// Why a variant (or a sweep) may not set `path`; nil when it may.
    package static func forbiddenPatch(_ path: String) -> String? {
        if path == "seed" || path.hasPrefix("variants") || path == "replications" {
            return "variants share the scenario's \(path.hasPrefix("variants") ? "variants" : path): common random numbers need it"
        }
        if path == SearchSpace.path || path.hasPrefix(SearchSpace.path + ".") {
            return "a variant cannot change the search space: variants are compared, a space is searched"
        }
        return nil
    }

    /// Scenario fields a `Configuration` decides, as dotted paths (`*` is any one name).
    static let planFields = [
        "tiers.*.size", "tiers.*.droplets", "tiers.*.workers", "tiers.*.in_flight_limit", "tiers.*.load_balancer.nodes",
        "tiers.*.autoscaling", "database.plan", "database.standby_nodes", "database.read_only_nodes",
        "database.pgbouncer.mode",
        "database.pgbouncer.pool_size", "database.pgbouncer.reserve_pool_size", "operations.*.cache",
    ]

    /// Whether every patch sets a plan field or something inside one.
    var changesOnlyThePlan: Bool {
        (patches.map(\.path) + (sweep.map { [$0.path] } ?? [])).allSatisfy { path in
            let keys = path.split(separator: ".")
            return Self.planFields.contains { field in
                let pattern = field.split(separator: ".")
                return keys.count >= pattern.count && zip(pattern, keys).allSatisfy { $0 == "*" || $0 == $1 }
            }
        }
    }
}

extension ScenarioLoader {
    /// The name that stands for the scenario exactly as written.
    public static let baselineVariant = "baseline"

    /// Reads a scenario and the variants to compare: those named by `policies` (a name from
    /// the scenario's `variants:`, `baseline`, or a policy file), or every variant of the
    /// scenario when `policies` is empty. All variants share the scenario's seed, so their
    /// replications draw the same arrivals (common random numbers).
    /// `flag` names the option the policies came from, for messages.
    /// With `sweep`, every chosen variant runs once per swept value instead (see `SweptAssumption`).
    public func loadVariants(path: String, policies: [String], overrides: [String] = [],
                             flag: String = "--policy", sweep: SweptAssumption? = nil) throws(ScenarioError) -> [VariantScenario] {
        let text = try files.text(at: path, what: "scenario")
        let tree = try Self.compose(text, source: path)
        // The scenario itself must be valid before its variants are worth reading.
        _ = try build(tree, source: path, overrides: overrides)
        let declared = try Self.variants(in: Self.applyingVariantOverrides(overrides, to: tree), source: path, overrides: overrides)
        var chosen: [ScenarioVariant] = []
        var issues: [ScenarioIssue] = []
        if policies.isEmpty {
            guard !declared.isEmpty else {
                throw ScenarioError(issues: [ScenarioIssue(
                    source: path, line: nil, column: nil, path: "variants",
                    message: "the scenario has no variants: list; name policies with --policy NAME_OR_FILE")])
            }
            chosen = declared
        }
        for policy in policies {
            if let variant = declared.first(where: { $0.name == policy }) {
                chosen.append(variant)
            } else if policy == Self.baselineVariant {
                chosen.append(ScenarioVariant(name: policy, description: "the scenario as written", source: path, patches: []))
            } else if files.exists(policy) {
                do {
                    let fileTree = try Self.compose(try files.text(at: policy, what: "policy"), source: policy, what: "policy file")
                    chosen += try Self.variants(inPolicyFile: fileTree, source: policy)
                } catch {
                    issues += error.issues
                }
            } else {
                let names = declared.map(\.name) + [Self.baselineVariant]
                let list = names.joined(separator: ", ")
                let message = NameSuggestion.nearest(to: policy, among: names)
                    .map { "no variant or file named \"\(policy)\"; did you mean \"\($0)\"? Variants of the scenario: \(list)" }
                    ?? "no variant or file named \"\(policy)\"; variants of the scenario: \(list)"
                issues.append(ScenarioIssue(source: "\(flag) \(policy)", line: nil, column: nil, path: "", message: message))
            }
        }
        var seen: Set<String> = []
        for variant in chosen where !seen.insert(variant.name).inserted {
            issues.append(ScenarioIssue(source: variant.source, line: nil, column: nil, path: "variants",
                                        message: "variant \"\(variant.name)\" is compared twice"))
        }
        if !issues.isEmpty { throw ScenarioError(issues: issues) }
        return try build(sweep.map { $0.expand(chosen) } ?? chosen, tree: tree, source: path, overrides: overrides)
    }

    /// Builds every variant, reporting the problems of all of them at once.
    package func build(_ variants: [ScenarioVariant], tree: Node, source: String, overrides: [String]) throws(ScenarioError)
        -> [VariantScenario]
    {
        var results: [VariantScenario] = []
        var issues: [ScenarioIssue] = []
        for variant in variants {
            do {
                let scenario = try build(tree, source: source, overrides: overrides, variant: variant)
                results.append(VariantScenario(name: variant.name, description: variant.description, scenario: scenario,
                                               source: variant.source,
                                               configuration: variant.changesOnlyThePlan ? scenario.configuration : nil,
                                               swept: variant.sweep.map { SweepPoint(base: $0.base, value: $0.text) }))
            } catch {
                issues += error.issues
            }
        }
        if !issues.isEmpty { throw ScenarioError(issues: issues) }
        return results
    }

    /// The scenario and every variant of its `variants:` list, validated, from one read of
    /// the file (standard input can be read only once).
    public func loadWithVariants(path: String, overrides: [String] = []) throws(ScenarioError)
        -> (scenario: Scenario, variants: [VariantScenario])
    {
        let tree = try Self.compose(try files.text(at: path, what: "scenario"), source: path)
        let scenario = try build(tree, source: path, overrides: overrides)
        let declared = try Self.variants(in: Self.applyingVariantOverrides(overrides, to: tree), source: path, overrides: overrides)
        let variants = try build(declared, tree: tree, source: path, overrides: overrides)
        return (scenario, variants)
    }

    /// The tree with the `--set variants.…` overrides applied. In `variants.N.set.KEY`, KEY
    /// is one dotted field path (the `set:` mapping's keys are dotted paths), not nested
    /// mappings; any other path is set like an ordinary override and then checked by the
    /// variants reader, so `--set variants.1.bogus=1` is an unknown field, not ignored.
    package static func applyingVariantOverrides(_ overrides: [String], to tree: Node) throws(ScenarioError) -> Node {
        var root = tree
        var issues: [ScenarioIssue] = []
        for assignment in overrides where ScenarioOverride.addressesVariants(assignment) {
            switch ScenarioOverride.parse(assignment) {
            case let .success(override):
                if let problem = ScenarioOverride.set(override.value, at: ScenarioOverride.variantKeys(override.path)[...], in: &root) {
                    issues.append(ScenarioIssue(source: "--set \(override.path)", line: nil, column: nil, path: override.path,
                                                message: problem))
                }
            case let .failure(issue):
                issues.append(issue)
            }
        }
        if !issues.isEmpty { throw ScenarioError(issues: issues) }
        return root
    }

    /// The `variants:` list of a scenario tree; problems in values that came from `--set`
    /// point at the flag.
    package static func variants(in tree: Node, source: String, overrides: [String] = []) throws(ScenarioError) -> [ScenarioVariant] {
        guard case let .mapping(mapping) = tree, let list = mapping["variants"] else {
            if overrides.contains(where: ScenarioOverride.addressesVariants) {
                throw ScenarioError(issues: [ScenarioIssue(source: source, line: nil, column: nil, path: "variants",
                                                           message: "--set names a variant, but the scenario has no variants: list")])
            }
            return []
        }
        // Reported paths are dotted like the flags (a `set` entry's key is a dotted path too).
        let overridden = overrides.filter(ScenarioOverride.addressesVariants).map(ScenarioOverride.path(of:))
        return try parseVariantList(list, path: "variants", source: source, overriddenPaths: overridden)
    }

    /// A policy file: one variant (`name`, `description`, `set`), a list of them, or a
    /// document with a `variants:` list.
    package static func variants(inPolicyFile tree: Node, source: String) throws(ScenarioError) -> [ScenarioVariant] {
        if case let .mapping(mapping) = tree, let list = mapping["variants"] {
            return try parseVariantList(list, path: "variants", source: source)
        }
        if case .sequence = tree { return try parseVariantList(tree, path: "", source: source) }
        let fallback = ScenarioPath.stem(source)
        let reader = YAMLFieldReader(source: source)
        let variant = parseVariant(tree, path: "", reader: reader, source: source, fallbackName: fallback)
        if !reader.issues.isEmpty { throw ScenarioError(issues: reader.issues) }
        return variant.map { [$0] } ?? []
    }

    package static func parseVariantList(_ node: Node, path: String, source: String,
                                 overriddenPaths: [String] = []) throws(ScenarioError) -> [ScenarioVariant] {
        let reader = YAMLFieldReader(source: source)
        reader.overriddenPaths = overriddenPaths
        guard let items = reader.sequence(node, path: path) else { throw ScenarioError(issues: reader.issues) }
        var result: [ScenarioVariant] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.isEmpty ? "\(index)" : "\(path).\(index)"
            if let variant = parseVariant(item, path: itemPath, reader: reader, source: source, fallbackName: nil) {
                if result.contains(where: { $0.name == variant.name }) {
                    reader.report("the name \"\(variant.name)\" is used twice", at: item, path: itemPath)
                }
                result.append(variant)
            }
        }
        if !reader.issues.isEmpty { throw ScenarioError(issues: reader.issues) }
        return result
    }

    package static func parseVariant(_ node: Node, path: String, reader: YAMLFieldReader, source: String,
                             fallbackName: String?) -> ScenarioVariant? {
        guard let fields = reader.fields(of: node, path: path, allowed: ["name", "description", "set"]) else { return nil }
        let name: String?
        if let fallbackName, fields["name"] == nil {
            name = fallbackName
        } else {
            name = fields.require("name", reader: reader).flatMap { reader.string($0, path: fields.path("name")) }
        }
        let description = fields["description"].flatMap { reader.string($0, path: fields.path("description")) } ?? ""
        guard let setNode = fields.require("set", reader: reader) else { return nil }
        guard case let .mapping(mapping) = setNode else {
            reader.report("expected a mapping of field paths to values, e.g. tiers.api.droplets: 8", at: setNode, path: fields.path("set"))
            return nil
        }
        var patches: [(path: String, value: Node)] = []
        for (key, value) in mapping {
            guard let dotted = key.string, !dotted.isEmpty,
                  !dotted.split(separator: ".", omittingEmptySubsequences: false).contains("") else {
                reader.report("a field path is dotted field names, e.g. tiers.api.autoscaling", at: key, path: fields.path("set"))
                continue
            }
            if let reason = ScenarioVariant.forbiddenPatch(dotted) {
                reader.report(reason, at: key, path: "\(fields.path("set")).\(dotted)")
                continue
            }
            patches.append((dotted, value))
        }
        guard let name else { return nil }
        return ScenarioVariant(name: name, description: description, source: source, patches: patches)
    }
}
