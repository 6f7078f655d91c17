import Autoscaling
import DigitalOceanCatalog
import Foundation
import YAMLSupport
import Yams

extension ScenarioLoader {
    /// The scenario's own `search:` block; nil when it has none. The scenario file is read
    /// again through `files`.
    public func searchSpace(inScenarioAt path: String, scenario: Scenario) throws(ScenarioError) -> SearchSpace? {
        try searchSpace(inScenarioText: try files.text(at: path, what: "scenario"), source: path, scenario: scenario)
    }

    /// The `search:` block of scenario text already read (standard input cannot be read
    /// twice); nil when it has none.
    public func searchSpace(inScenarioText text: String, source: String, scenario: Scenario) throws(ScenarioError) -> SearchSpace? {
        let tree = try Self.compose(text, source: source)
        guard case let .mapping(mapping) = tree, let search = mapping.first(where: { $0.key.string == SearchSpace.path }) else {
            return nil
        }
        return try SearchSpaceReader(loader: self, scenario: scenario, source: source).read(search.value, at: search.key)
    }

    /// A separate space file: the `search:` block's fields at its top level, or a single
    /// top-level `search:` key.
    public func searchSpace(fileAt path: String, scenario: Scenario) throws(ScenarioError) -> SearchSpace {
        try searchSpace(text: try files.text(at: path, what: "search space"), source: path, scenario: scenario)
    }

    /// A space from text (tests, generated spaces); `source` names it in messages.
    public func searchSpace(text: String, source: String, scenario: Scenario) throws(ScenarioError) -> SearchSpace {
        let tree = try Self.compose(text, source: source, what: "search space")
        let reader = SearchSpaceReader(loader: self, scenario: scenario, source: source)
        if case let .mapping(mapping) = tree, let search = mapping.first(where: { $0.key.string == SearchSpace.path }) {
            for (other, _) in mapping where other.string != SearchSpace.path {
                reader.reader.report(
                    "unknown field \"\(other.string ?? "")\": a space file holds either the search block's fields (tiers, database, response_cache) or one search: key",
                    at: other, path: other.string ?? "")
            }
            return try reader.read(search.value, at: search.key)
        }
        return try reader.read(tree, at: nil)
    }
}

/// Reads a `search:` block, collecting every problem with its line and field path.
///
/// Autoscaling entries are expanded into concrete blocks and each is read by the scenario's
/// own autoscaling reader (`ScenarioBuilder.parseAutoscaling`), so a search accepts exactly
/// the policies a scenario does, and reports their problems the same way.
final class SearchSpaceReader {
    let reader: YAMLFieldReader
    let catalog: Catalog
    let files: any ScenarioFileSource
    let scenario: Scenario
    let source: String
    /// Problems of the expanded autoscaling blocks, each once.
    var expansionIssues: [ScenarioIssue] = []
    var seenExpansionIssues: Set<String> = []

    /// Most concrete blocks one autoscaling entry may expand to, and most values one range
    /// inside it may hold: a typo such as `min: 1..1000000` is refused before it is expanded.
    static let expansionLimit = 10_000
    /// Autoscaling fields whose value is a list or a mapping in a scenario: never expanded.
    static let structuredAutoscalingFields: Set<String> = ["metrics", "alarms", "actions", "policies", "behavior"]

    init(loader: ScenarioLoader, scenario: Scenario, source: String) {
        reader = YAMLFieldReader(source: source)
        catalog = loader.catalog
        files = loader.files
        self.scenario = scenario
        self.source = source
    }

    func read(_ block: Node, at key: Node?) throws(ScenarioError) -> SearchSpace {
        let root = SearchSpace.path
        let mark = key?.mark ?? block.mark
        var space = SearchSpace(source: source, line: mark?.line ?? 1, column: mark?.column ?? 1)
        if let fields = reader.fields(of: block, path: root, allowed: ["tiers", "database", "response_cache"]) {
            if let node = fields["tiers"] { space.tiers = readTiers(node, path: fields.path("tiers")) }
            if let node = fields["database"] { space.database = readDatabase(node, path: fields.path("database")) }
            if let node = fields["response_cache"] { space.responseCache = readCaches(node, path: fields.path("response_cache")) }
        }
        var issues: [ScenarioIssue] = []
        var seen: Set<String> = []
        for issue in reader.issues + expansionIssues where seen.insert(issue.description).inserted { issues.append(issue) }
        guard issues.isEmpty && reader.uncounted == 0 else {
            // In file order: the order in which an author fixes them.
            let sorted = issues.enumerated().sorted { a, b in
                let (lineA, lineB) = (a.element.line ?? Int.max, b.element.line ?? Int.max)
                if lineA != lineB { return lineA < lineB }
                let (columnA, columnB) = (a.element.column ?? 0, b.element.column ?? 0)
                return columnA != columnB ? columnA < columnB : a.offset < b.offset
            }.map(\.element)
            throw ScenarioError(issues: sorted, uncounted: reader.uncounted)
        }
        return space
    }

    /// The key node of `key` in a mapping, to point at a name rather than its value.
    static func keyNode(_ key: String, in node: Node) -> Node? {
        guard case let .mapping(mapping) = node else { return nil }
        return mapping.first { $0.key.string == key }?.key
    }

    // MARK: Tiers

    static let tierFields = ["size", "droplets", "autoscaling", "workers", "load_balancer", "balancer_nodes"]

    func readTiers(_ node: Node, path: String) -> [SearchSpace.TierChoices] {
        guard let fields = reader.fields(of: node, path: path, allowed: ["api", "web"]) else { return [] }
        var result: [SearchSpace.TierChoices] = []
        for role in [TierRole.api, .web] {
            guard let value = fields[role.rawValue] else { continue }
            let tierPath = fields.path(role.rawValue)
            guard let tier = scenario.tier(role) else {
                let runs = scenario.tiers.map(\.role.rawValue).joined(separator: " and ")
                reader.report("the scenario \(scenario.name) has no \(role.rawValue) tier (it runs \(runs))",
                              at: Self.keyNode(role.rawValue, in: node) ?? value, path: tierPath)
                continue
            }
            guard let tierFields = reader.fields(of: value, path: tierPath, allowed: Self.tierFields) else { continue }
            var choices = SearchSpace.TierChoices(role: role)
            if let sizeNode = tierFields["size"] { choices.dropletSizes = readDropletSizes(sizeNode, path: tierFields.path("size")) }
            var fleets: [SearchSpace.FleetChoice] = []
            if let dropletsNode = tierFields["droplets"] {
                // A fixed fleet has at least one droplet, as in a scenario.
                fleets += integers(dropletsNode, path: tierFields.path("droplets"), minimum: 1, maximum: 1000)
                    .map { SearchSpace.FleetChoice.fixed(droplets: $0) }
            }
            if let autoscalingNode = tierFields["autoscaling"] {
                fleets += readAutoscaling(autoscalingNode, path: tierFields.path("autoscaling"), tier: tier)
                    .map(SearchSpace.FleetChoice.autoscaling)
            }
            choices.fleets = fleets.uniqued()
            if let workersNode = tierFields["workers"] {
                choices.workersPerDroplet = integers(workersNode, path: tierFields.path("workers"), minimum: 1, maximum: 256).uniqued()
            }
            let maxNodes = catalog.loadBalancer.maxNodes
            if let balancerNode = tierFields["load_balancer"],
               let balancer = reader.fields(of: balancerNode, path: tierFields.path("load_balancer"), allowed: ["nodes"]),
               let nodesNode = balancer["nodes"] {
                choices.balancerNodes = integers(nodesNode, path: balancer.path("nodes"), minimum: 1, maximum: maxNodes)
            }
            if let nodesNode = tierFields["balancer_nodes"] {
                if tierFields["load_balancer"] != nil {
                    reader.report("give the balancer nodes once, as load_balancer.nodes or as balancer_nodes",
                                  at: Self.keyNode("balancer_nodes", in: value), path: tierFields.path("balancer_nodes"))
                } else {
                    choices.balancerNodes = integers(nodesNode, path: tierFields.path("balancer_nodes"), minimum: 1, maximum: maxNodes)
                }
            }
            choices.balancerNodes = choices.balancerNodes.uniqued()
            result.append(choices)
        }
        return result
    }

    static let sizeFilterFields = ["family", "vcpus", "memory_gib", "max_monthly_usd", "dedicated"]

    /// A list of slugs, one slug, or a filter over the catalog's sizes.
    func readDropletSizes(_ node: Node, path: String) -> [String] {
        let slugs = catalog.dropletSizes.map(\.slug)
        if case .mapping = node {
            let before = reader.issues.count
            guard let filter = reader.fields(of: node, path: path, allowed: Self.sizeFilterFields) else { return [] }
            var sizes = catalog.dropletSizes
            if let familyNode = filter["family"] {
                let families = catalog.dropletSizes.map(\.family).uniqued()
                let prefixes = catalog.dropletSizes.compactMap { $0.slug.split(separator: "-").first.map(String.init) }.uniqued()
                var wanted: Set<String> = []
                for (name, itemNode, itemPath) in strings(familyNode, path: filter.path("family")) {
                    if families.contains(name) || prefixes.contains(name) {
                        wanted.insert(name)
                    } else {
                        reader.report("unknown droplet family \"\(name)\"\(NameSuggestion.hint(for: name, among: families + prefixes, listLimit: 20)) (a family of the catalog, or a slug's first letters)",
                                      at: itemNode, path: itemPath)
                    }
                }
                sizes = sizes.filter { wanted.contains($0.family) || wanted.contains(String($0.slug.prefix { $0 != "-" })) }
            }
            if let vcpusNode = filter["vcpus"], let matches = numberFilter(vcpusNode, path: filter.path("vcpus"), integral: true) {
                sizes = sizes.filter { matches(Double($0.vcpus)) }
            }
            if let memoryNode = filter["memory_gib"], let matches = numberFilter(memoryNode, path: filter.path("memory_gib"), integral: false) {
                sizes = sizes.filter { matches($0.memoryGiB) }
            }
            if let priceNode = filter["max_monthly_usd"],
               let price = reader.number(priceNode, path: filter.path("max_monthly_usd"), minimum: 0) {
                sizes = sizes.filter { $0.monthlyUSD <= price }
            }
            if let dedicatedNode = filter["dedicated"], let dedicated = reader.bool(dedicatedNode, path: filter.path("dedicated")) {
                sizes = sizes.filter { $0.dedicatedCPU == dedicated }
            }
            if sizes.isEmpty && reader.issues.count == before {
                reader.report("no droplet size of the catalog matches this filter; see `capsim catalog`", at: node, path: path)
            }
            return sizes.map(\.slug)
        }
        var result: [String] = []
        for (slug, itemNode, itemPath) in strings(node, path: path) {
            if slugs.contains(slug) {
                result.append(slug)
            } else {
                reader.report("unknown droplet size \"\(slug)\"\(NameSuggestion.hint(for: slug, among: slugs))", at: itemNode, path: itemPath)
            }
        }
        return result.uniqued()
    }

    // MARK: Database

    static let databaseFields = ["plan", "standby_nodes", "pool_mode", "pool_size", "reserve_pool_size", "pgbouncer", "read_only_nodes"]
    static let planFilterFields = ["vcpus", "memory_gib", "max_monthly_usd"]

    func readDatabase(_ node: Node, path: String) -> SearchSpace.DatabaseChoices {
        var choices = SearchSpace.DatabaseChoices()
        guard let fields = reader.fields(of: node, path: path, allowed: Self.databaseFields) else { return choices }
        if let planNode = fields["plan"] { choices.plans = readPlans(planNode, path: fields.path("plan")) }
        if let standbyNode = fields["standby_nodes"] {
            choices.standbyNodes = integers(standbyNode, path: fields.path("standby_nodes"), minimum: 0, maximum: 2).uniqued()
        }
        if let readOnlyNode = fields["read_only_nodes"] {
            choices.readOnlyNodes = integers(readOnlyNode, path: fields.path("read_only_nodes"), minimum: 0,
                                             maximum: ReadOnlyNodeSettings.maximumCount).uniqued()
        }
        // The pool's fields flat, as a configuration file names them, or under `pgbouncer:`
        // as a scenario does: once each.
        var pool: [String: (node: Node, path: String)] = [:]
        for (flat, nested) in [("pool_mode", "mode"), ("pool_size", "pool_size"), ("reserve_pool_size", "reserve_pool_size")] {
            if let value = fields[flat] { pool[nested] = (value, fields.path(flat)) }
        }
        if let pgBouncerNode = fields["pgbouncer"],
           let pgBouncer = reader.fields(of: pgBouncerNode, path: fields.path("pgbouncer"), allowed: ["mode", "pool_size", "reserve_pool_size"]) {
            for key in pgBouncer.order {
                if let flat = pool[key] {
                    reader.report("give the pool's \(key) once, as \(flat.path.split(separator: ".").last ?? "") or as pgbouncer.\(key)",
                                  at: Self.keyNode(key, in: pgBouncerNode), path: pgBouncer.path(key))
                } else if let value = pgBouncer[key] {
                    pool[key] = (value, pgBouncer.path(key))
                }
            }
        }
        if let mode = pool["mode"] {
            let options = PoolMode.allCases.map(\.rawValue)
            choices.poolModes = strings(mode.node, path: mode.path).compactMap { name, itemNode, itemPath in
                guard let mode = PoolMode(rawValue: name) else {
                    reader.report("unknown pool mode \"\(name)\"\(NameSuggestion.hint(for: name, among: options))", at: itemNode, path: itemPath)
                    return nil
                }
                return mode
            }.uniqued()
        }
        if let size = pool["pool_size"] {
            choices.poolSizes = integers(size.node, path: size.path, minimum: 1, maximum: 10_000).uniqued()
        }
        if let reserve = pool["reserve_pool_size"] {
            choices.reservePoolSizes = integers(reserve.node, path: reserve.path, minimum: 0, maximum: 10_000).uniqued()
        }
        return choices
    }

    /// A list of plan slugs, one slug, or a filter over the catalog's plans.
    func readPlans(_ node: Node, path: String) -> [String] {
        let slugs = catalog.databasePlans.map(\.slug)
        if case .mapping = node {
            let before = reader.issues.count
            guard let filter = reader.fields(of: node, path: path, allowed: Self.planFilterFields) else { return [] }
            var plans = catalog.databasePlans
            if let vcpusNode = filter["vcpus"], let matches = numberFilter(vcpusNode, path: filter.path("vcpus"), integral: true) {
                plans = plans.filter { matches(Double($0.vcpus)) }
            }
            if let memoryNode = filter["memory_gib"], let matches = numberFilter(memoryNode, path: filter.path("memory_gib"), integral: false) {
                plans = plans.filter { matches($0.memoryGiB) }
            }
            if let priceNode = filter["max_monthly_usd"],
               let price = reader.number(priceNode, path: filter.path("max_monthly_usd"), minimum: 0) {
                plans = plans.filter { $0.monthlyUSD <= price }
            }
            if plans.isEmpty && reader.issues.count == before {
                reader.report("no database plan of the catalog matches this filter; see `capsim catalog`", at: node, path: path)
            }
            return plans.map(\.slug)
        }
        var result: [String] = []
        for (slug, itemNode, itemPath) in strings(node, path: path) {
            if slugs.contains(slug) {
                result.append(slug)
            } else {
                reader.report("unknown database plan \"\(slug)\"\(NameSuggestion.hint(for: slug, among: slugs))", at: itemNode, path: itemPath)
            }
        }
        return result.uniqued()
    }

    // MARK: Response caches

    func readCaches(_ node: Node, path: String) -> [SearchSpace.CacheChoices] {
        let names = scenario.operations.map(\.name)
        var result: [SearchSpace.CacheChoices] = []
        for (name, keyNode, value) in reader.namedEntries(of: node, path: path) {
            let entryPath = "\(path).\(name)"
            guard let operation = scenario.operations.first(where: { $0.name == name }) else {
                reader.report("the scenario has no operation \"\(name)\"\(NameSuggestion.hint(for: name, among: names))", at: keyNode, path: entryPath)
                continue
            }
            let items: [(node: Node, path: String)]
            if case let .sequence(sequence) = value {
                if sequence.isEmpty { reader.report(Self.emptyList, at: value, path: entryPath) }
                items = sequence.enumerated().map { ($1, "\(entryPath).\($0)") }
            } else {
                items = [(value, entryPath)]
            }
            var ttls: [Double?] = []
            for (item, itemPath) in items {
                if case .scalar = item, item.null != nil || item.bool == false {
                    ttls.append(nil)
                    continue
                }
                if case .scalar = item, item.bool == true {
                    reader.report("give the TTL, such as 60s (or null for no cache)", at: item, path: itemPath)
                    continue
                }
                guard let ttl = reader.duration(item, path: itemPath, exclusiveMinimum: true) else { continue }
                if operation.kind == .mutation {
                    reader.report("mutations are never served from the response cache", at: item, path: itemPath)
                    continue
                }
                ttls.append(ttl)
            }
            result.append(SearchSpace.CacheChoices(operation: name, ttlSeconds: ttls.uniqued()))
        }
        return result
    }
}
