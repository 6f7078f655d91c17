import DigitalOceanCatalog
import YAMLSupport

extension Scenario {
    /// Problems of a scenario built in code (the YAML reader finds these and more, field by
    /// field, with their lines): counts and durations out of range, names used but not
    /// defined, a tier the load needs but the scenario lacks, and the configuration's own
    /// problems (`Configuration.problems(catalog:)`). Empty when the scenario can run.
    /// Paths name fields as scenario files do (`tenant_groups.small.mix.listProjects`),
    /// except the plan's, which are the configuration's (`tiers.0.droplets`).
    public func problems(catalog: Catalog) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func require(_ condition: Bool, _ path: String, _ message: @autoclosure () -> String) {
            if !condition { problems.append(FieldProblem(path: path, message: message())) }
        }
        let longest = YAMLFieldReader.longestDuration
        require((1...10_000).contains(replications), "replications", "must be from 1 to 10000, found \(replications)")
        require(horizon > 0 && horizon <= longest, "horizon", "must be above 0 and at most 366d, found \(Units.trim(horizon)) s")
        require(warmup >= 0 && warmup < horizon, "warmup", "must be at least 0 and below the horizon, found \(Units.trim(warmup)) s")
        require(clientTimeout > 0 && clientTimeout <= 3600, "client_timeout", "must be above 0 and at most 1h, found \(Units.trim(clientTimeout)) s")
        require(!tenantGroups.isEmpty, "tenant_groups", "needs at least one tenant group")
        let tenants = tenantGroups.reduce(0) { $0 + max(0, $1.count) }
        require(tenants <= 1_000_000, "tenant_groups", "at most 1,000,000 tenants in all, found \(tenants)")

        let operationNames = operations.map(\.name)
        let pageNames = pages.map(\.name)
        let targets = operationNames + pageNames
        for (section, names) in [("operations", operationNames), ("pages", pageNames), ("tenant_groups", tenantGroups.map(\.name))] {
            var seen: Set<String> = []
            for name in names where !seen.insert(name).inserted {
                problems.append(FieldProblem(path: "\(section).\(name)", message: "defined twice"))
            }
        }
        for name in Set(operationNames).intersection(pageNames).sorted() {
            problems.append(FieldProblem(path: "pages.\(name)", message: "an operation has the same name"))
        }
        var needsWebTier = false
        for group in tenantGroups {
            let path = "tenant_groups.\(group.name)"
            require(group.count >= 1, "\(path).count", "must be at least 1, found \(group.count)")
            require(group.ratePerTenant >= 0 && group.ratePerTenant <= YAMLFieldReader.largestRate, "\(path).rate_per_tenant",
                    "must be from 0 to 1e9 per second, found \(Units.trim(group.ratePerTenant))")
            require(group.hourlyFactors.count == 24 && group.hourlyFactors.allSatisfy { $0 >= 0 && $0.isFinite },
                    "\(path).hourly", "needs 24 factors of at least 0")
            require(group.weekdayFactors.count == 7 && group.weekdayFactors.allSatisfy { $0 >= 0 && $0.isFinite },
                    "\(path).weekly", "needs 7 factors of at least 0")
            for (index, burst) in group.bursts.enumerated() {
                let burstPath = "\(path).bursts.\(index)"
                require(burst.rampUp >= 0 && burst.rampUp.isFinite, "\(burstPath).ramp_up", "must be at least 0, found \(Units.trim(burst.rampUp)) s")
                require(burst.rampDown >= 0 && burst.rampDown.isFinite, "\(burstPath).ramp_down", "must be at least 0, found \(Units.trim(burst.rampDown)) s")
                require(burst.rampUp + burst.rampDown <= burst.duration, "\(burstPath).ramp_up",
                        "the ramps (\(Units.trim(burst.rampUp)) s up, \(Units.trim(burst.rampDown)) s down) are longer than the burst's \(Units.trim(burst.duration)) s")
            }
            require(!group.mix.isEmpty, "\(path).mix", "needs at least one operation or page")
            for entry in group.mix {
                require(entry.weight > 0 && entry.weight.isFinite, "\(path).mix.\(entry.target)",
                        "a weight must be above 0, found \(Units.trim(entry.weight))")
                if let page = pages.first(where: { $0.name == entry.target }) {
                    if page.rendering != .staticGeneration { needsWebTier = true }
                } else if !operationNames.contains(entry.target) {
                    problems.append(FieldProblem(path: "\(path).mix.\(entry.target)",
                                                 message: "unknown operation or page \"\(entry.target)\"\(NameSuggestion.hint(for: entry.target, among: targets))"))
                }
            }
        }
        for page in pages {
            for (index, call) in page.calls.enumerated() where !operationNames.contains(call) {
                problems.append(FieldProblem(path: "pages.\(page.name).calls.\(index)",
                                             message: "unknown operation \"\(call)\"\(NameSuggestion.hint(for: call, among: operationNames))"))
            }
        }
        for operation in operations {
            let path = "operations.\(operation.name)"
            require(operation.cpuBase >= 0 && operation.cpuPerPoint >= 0, "\(path).cpu_base", "CPU times must be at least 0")
            require(operation.depth >= 0 && operation.listSize >= 1, "\(path).depth", "depth must be at least 0 and list_size at least 1")
            if let ttl = operation.cacheTTL {
                require(ttl > 0, "\(path).cache", "a TTL must be above 0, found \(Units.trim(ttl))")
                require(operation.kind == .query, "\(path).cache", "only queries are cached")
            }
        }
        require(tier(.api) != nil, "tiers.api", "missing: the GraphQL API tier")
        require(!needsWebTier || tier(.web) != nil, "tiers.web", "the mix sends requests to ISR or SSR pages, so a web tier is required")
        for tier in tiers {
            let path = "tiers.\(tier.role.rawValue)"
            require(tier.cpuSpeed >= 0.01 && tier.cpuSpeed <= 100, "\(path).cpu_speed", "must be from 0.01 to 100, found \(Units.trim(tier.cpuSpeed))")
            require(tier.balancerConnectionsPerNode >= 1, "\(path).load_balancer", "a balancer node holds at least one connection")
        }
        let groupNames = tenantGroups.map(\.name)
        for (index, objective) in objectives.latency.enumerated() {
            let path = "slos.latency.\(index)"
            require(objective.percentile > 0 && objective.percentile <= 100, "\(path).percentile",
                    "must be above 0 and at most 100, found \(Units.trim(objective.percentile))")
            require(objective.target > 0, "\(path).target", "must be above 0")
            switch objective.scope {
            case let .group(name) where !groupNames.contains(name):
                problems.append(FieldProblem(path: "\(path).group",
                                             message: "unknown tenant group \"\(name)\"\(NameSuggestion.hint(for: name, among: groupNames))"))
            case let .operation(name) where !targets.contains(name):
                problems.append(FieldProblem(path: "\(path).operation",
                                             message: "unknown operation or page \"\(name)\"\(NameSuggestion.hint(for: name, among: targets))"))
            default: break
            }
        }
        let plan = configuration
        problems += plan.problems(catalog: catalog) + plan.problems(applyingTo: self)
        return problems
    }
}
