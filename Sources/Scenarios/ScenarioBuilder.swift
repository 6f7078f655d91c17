import Autoscaling
import DigitalOceanCatalog
import Foundation
import SimCore
import YAMLSupport
import Yams

/// Builds a `Scenario` from a YAML tree, reporting problems to a `YAMLFieldReader`.
///
/// Each section is read even when an earlier one failed, so that one run of `capsim check`
/// shows every problem; cross-references (mix names, SLO scopes) are checked after all
/// sections have been read.
package struct ScenarioBuilder {
    package let reader: YAMLFieldReader
    package let catalog: Catalog
    package let source: String
    /// Where files the scenario names (a predictive history) are read from.
    package let files: any ScenarioFileSource

    package static let defaultStart = "2026-11-30T00:00:00"

    package func build(_ root: Node) -> Scenario? {
        guard let top = reader.fields(of: root, path: "", allowed: ScenarioLoader.topLevelFields) else { return nil }
        let name = top["name"].flatMap { reader.string($0, path: "name") }
            ?? ScenarioPath.stem(source)
        let summary = top["description"].flatMap { reader.string($0, path: "description") } ?? ""
        let seed = top["seed"].flatMap { reader.integer($0, path: "seed", minimum: 0, maximum: Int.max) }.map(UInt64.init) ?? 1
        let replications = top["replications"].flatMap { reader.integer($0, path: "replications", minimum: 1, maximum: 10_000) } ?? 1
        let parsedZone = top["time_zone"].flatMap { parseTimeZone($0, path: "time_zone") }
        let timeZone = parsedZone ?? TimeZone(identifier: "UTC")!
        let timeZoneName = parsedZone == nil ? "UTC" : (top["time_zone"]?.string ?? "UTC")
        let start = startDate(top["start"], timeZone: timeZone)
        let horizon = top["horizon"].flatMap { reader.duration($0, path: "horizon", exclusiveMinimum: true) } ?? 86_400
        var warmup = top["warmup"].flatMap { reader.duration($0, path: "warmup") } ?? 0
        if warmup >= horizon {
            reader.report("must be shorter than the horizon (\(Units.describe(seconds: horizon)))", at: top["warmup"], path: "warmup")
            warmup = 0
        }
        // At most a day (the validation scenarios use a day so that no request times out);
        // the latency recorders keep values up to one hour apart and clamp longer ones.
        let clientTimeout = top["client_timeout"].flatMap { reader.duration($0, path: "client_timeout", exclusiveMinimum: true, maximum: 86_400) } ?? 30

        let graphQL = top["graphql"].map(graphQLSettings) ?? GraphQLSettings(complexityLimit: nil, rateLimit: nil)
        let defaultCacheTTL = top["graphql"].flatMap(responseCacheTTL) ?? 300
        let operations = top["operations"].map { parseOperations($0, defaultCacheTTL: defaultCacheTTL) } ?? []
        let pages = top["pages"].map(parsePages) ?? []
        let groups = top.require("tenant_groups", reader: reader).map { tenantGroups($0, horizon: horizon, start: start, timeZone: timeZone) } ?? []
        let tiers = top.require("tiers", reader: reader).map { parseTiers($0, start: start, timeZone: timeZone) } ?? []
        let database = top.require("database", reader: reader).flatMap(parseDatabase)
        let objectives = top["slos"].map(parseObjectives) ?? ServiceLevelObjectives(latency: [], errorRate: nil, attainment: nil)

        checkReferences(root: root, top: top, pages: pages, tiers: tiers, objectives: objectives)

        let faults = top["faults"].map { parseFaults($0, horizon: horizon, tiers: tiers) } ?? []

        guard let database, !groups.isEmpty else { return nil }
        var scenario = Scenario(
            name: name, summary: summary, source: source, seed: seed, replications: replications, start: start,
            timeZone: timeZone, timeZoneName: timeZoneName, horizon: horizon, warmup: warmup, clientTimeout: clientTimeout, tenantGroups: groups,
            operations: operations, pages: pages, graphQL: graphQL, tiers: tiers, database: database,
            objectives: objectives)
        scenario.faults = faults
        return scenario
    }

    // MARK: Time

    package func parseTimeZone(_ node: Node, path: String) -> TimeZone? {
        guard let identifier = reader.string(node, path: path) else { return nil }
        if let zone = TimeZone(identifier: identifier) { return zone }
        let hint = NameSuggestion.hint(for: identifier, among: TimeZone.knownTimeZoneIdentifiers,
                                       whereListed: "use an IANA time zone name such as UTC, America/New_York or Europe/London")
        reader.report("unknown time zone \"\(identifier)\"\(hint)",
                      at: node, path: path)
        return nil
    }

    /// `2026-11-30T09:00:00` (local to the scenario's zone) or a date alone.
    package func parseLocalDate(_ text: String, timeZone: TimeZone) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    package func startDate(_ node: Node?, timeZone: TimeZone) -> Date {
        let fallback = parseLocalDate(Self.defaultStart, timeZone: timeZone)!
        guard let node, let text = reader.string(node, path: "start") else { return fallback }
        if let date = parseLocalDate(text, timeZone: timeZone) { return date }
        reader.report("expected a local date and time such as 2026-11-30T09:00:00, found \"\(text)\"", at: node, path: "start")
        return fallback
    }

    // MARK: GraphQL

    package func graphQLSettings(_ node: Node) -> GraphQLSettings {
        guard let fields = reader.fields(of: node, path: "graphql", allowed: ["complexity_limit", "rate_limit", "response_cache_ttl"]) else {
            return GraphQLSettings(complexityLimit: nil, rateLimit: nil)
        }
        let limit = fields["complexity_limit"].flatMap { reader.number($0, path: fields.path("complexity_limit"), minimum: 0, exclusiveMinimum: true) }
        var bucket: TokenBucketSettings?
        if let bucketNode = fields["rate_limit"],
           let bucketFields = reader.fields(of: bucketNode, path: fields.path("rate_limit"), allowed: ["capacity", "refill"]) {
            let capacity = bucketFields.require("capacity", reader: reader).flatMap { reader.number($0, path: bucketFields.path("capacity"), minimum: 0, exclusiveMinimum: true) }
            let refill = bucketFields.require("refill", reader: reader).flatMap { reader.rate($0, path: bucketFields.path("refill")) }
            if let capacity, let refill { bucket = TokenBucketSettings(capacity: capacity, refillPerSecond: refill) }
        }
        return GraphQLSettings(complexityLimit: limit, rateLimit: bucket)
    }

    package func responseCacheTTL(_ node: Node) -> Double? {
        guard case let .mapping(mapping) = node, let ttl = mapping["response_cache_ttl"] else { return nil }
        return reader.duration(ttl, path: "graphql.response_cache_ttl", exclusiveMinimum: true)
    }

    package static let operationFields = ["kind", "complexity", "cpu_base", "cpu_per_point", "depth", "list_size", "dataloader",
                                  "query_time", "db_cpu", "db_wait", "cache", "response_bytes"] + readRoutingOperationFields

    package func parseOperations(_ node: Node, defaultCacheTTL: Double) -> [GraphQLOperation] {
        var result: [GraphQLOperation] = []
        for (name, _, value) in reader.namedEntries(of: node, path: "operations") {
            let path = "operations.\(name)"
            guard let fields = reader.fields(of: value, path: path, allowed: Self.operationFields) else { continue }
            let kind = fields["kind"].flatMap { reader.choice($0, path: fields.path("kind"), options: ["query", "mutation"], what: "operation kind") }
                .flatMap(OperationKind.init(rawValue:)) ?? .query
            let complexity = fields.require("complexity", reader: reader).flatMap { reader.distribution($0, path: fields.path("complexity"), quantity: .number) }
            let cpuBase = fields["cpu_base"].flatMap { reader.duration($0, path: fields.path("cpu_base"), maximum: 3600) } ?? 0.002
            let cpuPerPoint = fields["cpu_per_point"].flatMap { reader.duration($0, path: fields.path("cpu_per_point"), maximum: 60) } ?? 0.000_1
            let depth = fields["depth"].flatMap { reader.integer($0, path: fields.path("depth"), minimum: 0, maximum: 20) } ?? 1
            let listSize = fields["list_size"].flatMap { reader.integer($0, path: fields.path("list_size"), minimum: 1, maximum: 10_000) } ?? 10
            let dataLoader = fields["dataloader"].flatMap { reader.bool($0, path: fields.path("dataloader")) } ?? true
            let queryTime = databaseCPU(fields)
            let dbWait = fields["db_wait"].flatMap { reader.distribution($0, path: fields.path("db_wait"), quantity: .duration) }
                ?? .constant(0)
            var cacheTTL: Double?
            if let cacheNode = fields["cache"] {
                if let flag = cacheNode.bool, case .scalar = cacheNode {
                    cacheTTL = flag ? defaultCacheTTL : nil
                } else {
                    cacheTTL = reader.duration(cacheNode, path: fields.path("cache"), exclusiveMinimum: true)
                }
                if cacheTTL != nil && kind == .mutation {
                    reader.report("mutations are never served from the response cache", at: cacheNode, path: fields.path("cache"))
                }
            }
            let responseBytes = responseBytes(fields["response_bytes"], path: fields.path("response_bytes"))
            let routing = parseReadRouting(fields, kind: kind)
            guard let complexity else { continue }
            var operation = GraphQLOperation(
                name: name, kind: kind, complexity: complexity, cpuBase: cpuBase, cpuPerPoint: cpuPerPoint, depth: depth,
                listSize: listSize, dataLoader: dataLoader, queryTime: queryTime, dbWait: dbWait, cacheTTL: cacheTTL)
            operation.responseBytes = responseBytes
            operation.reads = routing.reads
            operation.maxStaleness = routing.maxStaleness
            result.append(operation)
        }
        return result
    }

    /// `db_cpu`, or its older name `query_time`; giving both is an error, since one would
    /// silently win.
    private func databaseCPU(_ fields: MappingFields) -> Distribution {
        let name = fields["db_cpu"] != nil ? "db_cpu" : "query_time"
        if fields["db_cpu"] != nil, let old = fields["query_time"] {
            reader.report("give db_cpu or its older name query_time, not both", at: old, path: fields.path("query_time"))
        }
        return fields[name].flatMap { reader.distribution($0, path: fields.path(name), quantity: .duration) } ?? .exponential(mean: 0.001)
    }

    package func parsePages(_ node: Node) -> [WebPage] {
        var result: [WebPage] = []
        for (name, _, value) in reader.namedEntries(of: node, path: "pages") {
            let path = "pages.\(name)"
            guard let fields = reader.fields(of: value, path: path,
                                             allowed: ["rendering", "revalidate", "render_cpu", "cached_serve_cpu", "calls", "response_bytes"]) else { continue }
            guard let renderingNode = fields.require("rendering", reader: reader),
                  let renderingName = reader.choice(renderingNode, path: fields.path("rendering"), options: ["ssg", "isr", "ssr"],
                                                    what: "rendering") else { continue }
            let rendering: PageRendering
            switch renderingName {
            case "ssg": rendering = .staticGeneration
            case "isr":
                guard let revalidate = fields.require("revalidate", reader: reader)
                    .flatMap({ reader.duration($0, path: fields.path("revalidate"), exclusiveMinimum: true) }) else { continue }
                rendering = .incrementalRegeneration(revalidate: revalidate)
            default: rendering = .serverSide
            }
            if renderingName != "isr", let stray = fields["revalidate"] {
                reader.report("only isr pages revalidate", at: stray, path: fields.path("revalidate"))
            }
            let renderCPU = fields["render_cpu"].flatMap { reader.distribution($0, path: fields.path("render_cpu"), quantity: .duration) }
                ?? .constant(0.02)
            let cachedServeCPU = fields["cached_serve_cpu"].flatMap { reader.duration($0, path: fields.path("cached_serve_cpu"), maximum: 3600) } ?? 0.001
            var calls: [String] = []
            if let callsNode = fields["calls"], let items = reader.sequence(callsNode, path: fields.path("calls")) {
                for (index, item) in items.enumerated() {
                    if let call = reader.string(item, path: "\(fields.path("calls")).\(index)") { calls.append(call) }
                }
            }
            var page = WebPage(name: name, rendering: rendering, renderCPU: renderCPU, cachedServeCPU: cachedServeCPU, calls: calls)
            page.responseBytes = responseBytes(fields["response_bytes"], path: fields.path("response_bytes"))
            result.append(page)
        }
        return result
    }

    // MARK: Tiers

    package func parseTiers(_ node: Node, start: Date, timeZone: TimeZone) -> [ServiceTier] {
        var result: [ServiceTier] = []
        let roles = TierRole.allCases.map(\.rawValue)
        guard let fields = reader.fields(of: node, path: "tiers", allowed: roles) else { return [] }
        for role in TierRole.allCases {
            guard let value = fields[role.rawValue] else { continue }
            let path = "tiers.\(role.rawValue)"
            guard let tier = reader.fields(of: value, path: path,
                                           allowed: ["size", "droplets", "workers", "in_flight_limit", "cpu_speed", "load_balancer",
                                                     "lifecycle", "memory", "autoscaling", "backups"]) else { continue }
            let size = tier.require("size", reader: reader).flatMap { sizeNode -> DropletSize? in
                guard let slug = reader.string(sizeNode, path: tier.path("size")) else { return nil }
                if let size = catalog.dropletSize(slug) { return size }
                reader.report("unknown droplet size \"\(slug)\"\(NameSuggestion.hint(for: slug, among: catalog.dropletSizes.map(\.slug)))",
                              at: sizeNode, path: tier.path("size"))
                return nil
            }
            // With autoscaling, `droplets` is the starting count and may be left to `min`.
            let scales = tier["autoscaling"] != nil
            let droplets = (scales ? tier["droplets"] : tier.require("droplets", reader: reader))
                .flatMap { reader.integer($0, path: tier.path("droplets"), minimum: scales ? 0 : 1, maximum: 1000) }
            let lifecycle = parseLifecycle(tier["lifecycle"], path: tier.path("lifecycle"))
            let memory = parseMemory(tier["memory"], path: tier.path("memory"))
            let autoscaling = tier["autoscaling"].flatMap {
                parseAutoscaling($0, path: tier.path("autoscaling"), droplets: droplets, lifecycle: lifecycle, start: start, timeZone: timeZone)
            }
            checkPoolGrace(lifecycle: tier["lifecycle"], path: tier.path("lifecycle"), autoscaling: autoscaling)
            let workers = tier["workers"].flatMap { reader.integer($0, path: tier.path("workers"), minimum: 1, maximum: 256) }
            let inFlight = tier["in_flight_limit"].flatMap { reader.integer($0, path: tier.path("in_flight_limit"), minimum: 0, maximum: 1_000_000) }
            // Relative to the catalog's reference vCPU: a hundredth to a hundred times as fast.
            let speed = tier["cpu_speed"].flatMap { reader.number($0, path: tier.path("cpu_speed"), minimum: 0.01, maximum: 100) }
            var algorithm = BalancingAlgorithm.roundRobin
            var nodes = 1
            let balancer = tier["load_balancer"].flatMap {
                reader.fields(of: $0, path: tier.path("load_balancer"), allowed: Self.loadBalancerFields)
            }
            if let balancer {
                if let algorithmNode = balancer["algorithm"],
                   let name = reader.choice(algorithmNode, path: balancer.path("algorithm"),
                                            options: BalancingAlgorithm.allCases.map(\.rawValue), what: "balancing algorithm") {
                    algorithm = BalancingAlgorithm(rawValue: name)!
                }
                if let nodesNode = balancer["nodes"],
                   let count = reader.integer(nodesNode, path: balancer.path("nodes"), minimum: 1, maximum: catalog.loadBalancer.maxNodes) {
                    nodes = count
                }
            }
            let balancerCapacity = parseBalancerCapacity(balancer, nodes: nodes)
            if algorithm == .centralQueue, inFlight == 0 {
                reader.report("a central queue needs an in-flight limit of at least 1 (it holds requests until a worker has room)",
                              at: tier["in_flight_limit"], path: tier.path("in_flight_limit"))
            }
            let backups = backupSchedule(tier["backups"], path: tier.path("backups"))
            if scales && autoscaling == nil { continue }
            guard let size, let count = droplets ?? autoscaling?.minimum else { continue }
            var serviceTier = ServiceTier(
                role: role, size: size, droplets: count, workersPerDroplet: workers ?? size.vcpus,
                inFlightLimit: inFlight ?? (algorithm == .centralQueue ? 1 : 0), cpuSpeed: speed ?? size.cpuSpeed,
                balancing: algorithm, balancerNodes: nodes,
                balancerConnectionsPerNode: catalog.loadBalancer.connectionsPerNode, lifecycle: lifecycle, autoscaling: autoscaling,
                processMemoryGiB: memory.process, requestMemoryGiB: memory.request)
            serviceTier.balancerCapacity = balancerCapacity
            serviceTier.backups = backups
            result.append(serviceTier)
        }
        if fields["api"] == nil {
            reader.report("missing required field \"api\": the GraphQL API tier", at: node, path: "tiers.api")
        }
        return result
    }

    // MARK: Database

    package func parseDatabase(_ node: Node) -> DatabaseSettings? {
        guard let fields = reader.fields(of: node, path: "database",
                                         allowed: ["plan", "standby_nodes", "contention", "round_trip_latency", "latency_side", "pgbouncer",
                                                   "app_pool_size"] + Self.readOnlyDatabaseFields + Self.databaseFailoverFields) else { return nil }
        let plan = fields.require("plan", reader: reader).flatMap { planNode -> DatabasePlan? in
            guard let slug = reader.string(planNode, path: fields.path("plan")) else { return nil }
            if let plan = catalog.databasePlan(slug) { return plan }
            reader.report("unknown database plan \"\(slug)\"\(NameSuggestion.hint(for: slug, among: catalog.databasePlans.map(\.slug)))",
                          at: planNode, path: fields.path("plan"))
            return nil
        }
        let standby = fields["standby_nodes"].flatMap { reader.integer($0, path: fields.path("standby_nodes"), minimum: 0, maximum: 2) } ?? 0
        if let plan, standby > 0, !plan.standbyAllowed {
            reader.report("the \(plan.slug) plan cannot have standby nodes", at: fields["standby_nodes"], path: fields.path("standby_nodes"))
        }
        let contention = fields["contention"].flatMap { reader.number($0, path: fields.path("contention"), minimum: 0, maximum: 10) } ?? 0.05
        let latency = fields["round_trip_latency"].flatMap { roundTripLatency($0, path: fields.path("round_trip_latency")) } ?? .constant(0.000_5)
        let side = fields["latency_side"].flatMap { reader.choice($0, path: fields.path("latency_side"), options: LatencyPlacement.allCases.map(\.rawValue), what: "latency side") }
            .flatMap(LatencyPlacement.init(rawValue:)) ?? .server
        let appPool = fields["app_pool_size"].flatMap { reader.integer($0, path: fields.path("app_pool_size"), minimum: 0, maximum: 10_000) }
        let pgBouncer = fields["pgbouncer"].flatMap { parsePgBouncer($0, path: fields.path("pgbouncer"), plan: plan) }
            ?? catalog.pgBouncerDefaults
        let persistent = fields["pgbouncer"].flatMap { parsePersistentClients($0, path: fields.path("pgbouncer"), mode: pgBouncer.mode) }
            ?? PersistentClients()
        if fields["pgbouncer"] == nil, let plan {
            checkPoolLimit(pgBouncer, plan: plan, node: node, path: "database.pgbouncer")
        }
        let readOnly = parseReadOnlyNodes(fields, primary: plan)
        let failover = parseFailoverSettings(fields)
        guard let plan else { return nil }
        var settings = DatabaseSettings(plan: plan, standbyNodes: standby, contention: contention, roundTripLatency: latency,
                                        latencyPlacement: side, pgBouncer: pgBouncer, applicationPoolSize: appPool == 0 ? nil : appPool,
                                        persistentClients: persistent)
        settings.readOnly = readOnly
        settings.failover = failover
        return settings
    }

    /// A duration (a constant, as before the field took distributions) or a distribution;
    /// a constant stays under 1 s as it always had to.
    private func roundTripLatency(_ node: Node, path: String) -> Distribution? {
        if case .scalar = node {
            return reader.duration(node, path: path, maximum: 1).map(Distribution.constant)
        }
        return reader.distribution(node, path: path, quantity: .duration)
    }

    /// `pgbouncer.clients` and `pgbouncer.on_timeout`: persistent clients hold a server
    /// connection for as long as they are connected, which only session mode does.
    private func parsePersistentClients(_ node: Node, path: String, mode: PoolMode) -> PersistentClients? {
        guard case let .mapping(mapping) = node else { return nil }
        var clients = PersistentClients()
        if let countNode = mapping["clients"] {
            clients.count = reader.integer(countNode, path: "\(path).clients", minimum: 0, maximum: 100_000) ?? 0
            if clients.count > 0 && mode != .session {
                reader.report("persistent clients need pool mode session (they hold a server connection while connected)",
                              at: countNode, path: "\(path).clients")
            }
        }
        if let onTimeout = mapping["on_timeout"] {
            clients.onTimeout = reader.choice(onTimeout, path: "\(path).on_timeout", options: PersistentClients.OnTimeout.allCases.map(\.rawValue),
                                              what: "timeout action").flatMap(PersistentClients.OnTimeout.init(rawValue:)) ?? .reconnect
        }
        return clients
    }

    package func parsePgBouncer(_ node: Node, path: String, plan: DatabasePlan?) -> PgBouncerSettings? {
        let defaults = catalog.pgBouncerDefaults
        guard let fields = reader.fields(of: node, path: path,
                                         allowed: ["mode", "pool_size", "reserve_pool_size", "reserve_pool_timeout",
                                                   "query_wait_timeout", "max_client_conn", "clients", "on_timeout"]) else { return nil }
        let mode = fields["mode"].flatMap { reader.choice($0, path: fields.path("mode"), options: PoolMode.allCases.map(\.rawValue), what: "pool mode") }
            .flatMap(PoolMode.init(rawValue:)) ?? defaults.mode
        let size = fields["pool_size"].flatMap { reader.integer($0, path: fields.path("pool_size"), minimum: 1, maximum: 10_000) } ?? defaults.poolSize
        let reserve = fields["reserve_pool_size"].flatMap { reader.integer($0, path: fields.path("reserve_pool_size"), minimum: 0, maximum: 10_000) } ?? defaults.reservePoolSize
        let reserveTimeout = fields["reserve_pool_timeout"].flatMap { reader.duration($0, path: fields.path("reserve_pool_timeout"), maximum: 86_400) } ?? defaults.reservePoolTimeout
        let waitTimeout = fields["query_wait_timeout"].flatMap { reader.duration($0, path: fields.path("query_wait_timeout"), maximum: 86_400) } ?? defaults.queryWaitTimeout
        let maxClients = fields["max_client_conn"].flatMap { reader.integer($0, path: fields.path("max_client_conn"), minimum: 1, maximum: 1_000_000) } ?? defaults.maxClientConnections
        let settings = PgBouncerSettings(mode: mode, poolSize: size, reservePoolSize: reserve, reservePoolTimeout: reserveTimeout,
                                         queryWaitTimeout: waitTimeout, maxClientConnections: maxClients)
        if let plan { checkPoolLimit(settings, plan: plan, node: fields["pool_size"] ?? node, path: fields.path("pool_size")) }
        return settings
    }

    /// DigitalOcean shares the plan's backend connections among all pools of the cluster.
    package func checkPoolLimit(_ settings: PgBouncerSettings, plan: DatabasePlan, node: Node, path: String) {
        let total = settings.poolSize + settings.reservePoolSize
        if total > plan.backendConnections {
            reader.report("pool_size + reserve_pool_size = \(total) exceeds the \(plan.backendConnections) backend connections of \(plan.slug) (25 per GiB minus 3)",
                          at: node, path: path)
        }
    }

    // MARK: SLOs

    package func parseObjectives(_ node: Node) -> ServiceLevelObjectives {
        var objectives = ServiceLevelObjectives(latency: [], errorRate: nil, attainment: nil)
        guard let fields = reader.fields(of: node, path: "slos", allowed: ["latency", "error_rate", "attainment"]) else { return objectives }
        if let latencyNode = fields["latency"], let items = reader.sequence(latencyNode, path: fields.path("latency")) {
            for (index, item) in items.enumerated() {
                let path = "slos.latency.\(index)"
                guard let entry = reader.fields(of: item, path: path, allowed: ["percentile", "target", "group", "operation"]) else { continue }
                let percentile = entry.require("percentile", reader: reader).flatMap { reader.number($0, path: entry.path("percentile"), minimum: 0, maximum: 100, exclusiveMinimum: true) }
                let target = entry.require("target", reader: reader).flatMap { reader.duration($0, path: entry.path("target"), exclusiveMinimum: true, maximum: 3600) }
                var scope = ObjectiveScope.overall
                if let group = entry["group"].flatMap({ reader.string($0, path: entry.path("group")) }) { scope = .group(group) }
                if let operation = entry["operation"].flatMap({ reader.string($0, path: entry.path("operation")) }) {
                    if case .group = scope {
                        reader.report("an objective covers either a group or an operation, not both", at: entry["operation"], path: entry.path("operation"))
                    }
                    scope = .operation(operation)
                }
                if let percentile, let target {
                    objectives.latency.append(LatencyObjective(percentile: percentile, target: target, scope: scope))
                }
            }
        }
        objectives.errorRate = fields["error_rate"].flatMap { reader.fraction($0, path: fields.path("error_rate")) }
        if let attainmentNode = fields["attainment"],
           let entry = reader.fields(of: attainmentNode, path: fields.path("attainment"), allowed: ["percentile", "target", "window", "objective"]) {
            let percentile = entry.require("percentile", reader: reader).flatMap { reader.number($0, path: entry.path("percentile"), minimum: 0, maximum: 100, exclusiveMinimum: true) }
            let target = entry.require("target", reader: reader).flatMap { reader.duration($0, path: entry.path("target"), exclusiveMinimum: true, maximum: 3600) }
            let window = entry["window"].flatMap { reader.duration($0, path: entry.path("window"), minimum: 60, maximum: 86_400) } ?? 300
            let goal = entry.require("objective", reader: reader).flatMap { reader.fraction($0, path: entry.path("objective")) }
            if window.truncatingRemainder(dividingBy: 60) != 0 {
                reader.report("must be a whole number of minutes", at: entry["window"], path: entry.path("window"))
            }
            if let percentile, let target, let goal {
                objectives.attainment = AttainmentObjective(percentile: percentile, target: target, window: window, objective: goal)
            }
        }
        return objectives
    }
}
