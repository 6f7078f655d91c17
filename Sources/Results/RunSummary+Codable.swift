import Scenarios

// `capsim.run/v1` as codings: its key names and order, written by hand where the
// synthesized coding would differ from the schema. The differences: an absent value is
// written as null, not left out; groups, operations, pages, tiers, fleets and cost lines are
// objects keyed by name (`NamedEntry`); seeds are written as the schema always wrote them;
// a minute is a row. Key order follows the order of the `encode` calls, which is the
// schema's order: an encoder that keeps it (Reports' `JSONValueEncoder`) writes the same
// bytes as capsim always did.

extension RunSummary: Codable {
    enum CodingKeys: String, CodingKey {
        case schema, setup = "scenario", requests, latency = "latencyMs", objectivesMet = "sloMet", objectives = "slos"
        case groups, operations, pages, tiers, database, cost, tenantCosts, fleets, underProvisionedMinutes, faults, series
        case replicationSeeds, events, wallSeconds, balancers, readOnlyNodes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(setup, forKey: .setup)
        try container.encode(requests, forKey: .requests)
        try container.encode(latency, forKey: .latency)
        try container.encode(objectivesMet, forKey: .objectivesMet)
        try container.encode(objectives, forKey: .objectives)
        try container.encodeEntries(groups, forKey: .groups)
        try container.encodeEntries(operations, forKey: .operations)
        try container.encodeEntries(pages, forKey: .pages)
        try container.encodeEntries(tiers, forKey: .tiers)
        try container.encode(database, forKey: .database)
        try container.encodeIfPresent(readOnlyNodes, forKey: .readOnlyNodes)
        try container.encode(cost, forKey: .cost)
        try container.encode(tenantCosts, forKey: .tenantCosts)
        try container.encodeEntries(fleets, forKey: .fleets)
        try container.encodeEntries(balancers, forKey: .balancers)
        try container.encode(underProvisionedMinutes, forKey: .underProvisionedMinutes)
        if !faults.isEmpty { try container.encode(faults, forKey: .faults) }
        try container.encode(series, forKey: .series)
        // As decimal strings: a 64-bit seed does not survive readers that hold numbers as doubles.
        try container.encode(replicationSeeds.map { String($0) }, forKey: .replicationSeeds)
        try container.encode(events, forKey: .events)
        try container.encode(wallSeconds, forKey: .wallSeconds)
    }

    /// Reads a `capsim.run/v1` document; throws on any other schema.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schema = try container.decode(String.self, forKey: .schema)
        guard schema == Self.currentSchema else {
            throw DecodingError.dataCorruptedError(forKey: .schema, in: container,
                                                   debugDescription: "expected \(Self.currentSchema), found \(schema)")
        }
        setup = try container.decode(Setup.self, forKey: .setup)
        requests = try container.decode(Requests.self, forKey: .requests)
        latency = try container.decode(LatencySummary.self, forKey: .latency)
        objectivesMet = try container.decode(Bool.self, forKey: .objectivesMet)
        objectives = try container.decode([Objective].self, forKey: .objectives)
        groups = try container.decodeEntries(Group.self, forKey: .groups)
        operations = try container.decodeEntries(Operation.self, forKey: .operations)
        pages = try container.decodeEntries(Page.self, forKey: .pages)
        tiers = try container.decodeEntries(Tier.self, forKey: .tiers)
        database = try container.decode(Database.self, forKey: .database)
        readOnlyNodes = try container.decodeIfPresent(ReadOnlyNodeSummary.self, forKey: .readOnlyNodes)
        cost = try container.decode(Cost.self, forKey: .cost)
        tenantCosts = try container.decode(TenantCosts.self, forKey: .tenantCosts)
        fleets = try container.decodeEntries(Fleet.self, forKey: .fleets)
        underProvisionedMinutes = try container.decodeIfPresent(Double.self, forKey: .underProvisionedMinutes)
        faults = try container.decodeIfPresent([FaultRecord].self, forKey: .faults) ?? []
        series = try container.decode(Series.self, forKey: .series)
        replicationSeeds = try container.decode([String].self, forKey: .replicationSeeds).map { text in
            guard let seed = UInt64(text) else {
                throw DecodingError.dataCorruptedError(forKey: .replicationSeeds, in: container,
                                                       debugDescription: "\"\(text)\" is not a seed")
            }
            return seed
        }
        events = try container.decode(Int.self, forKey: .events)
        wallSeconds = try container.decode(Double.self, forKey: .wallSeconds)
        // Absent from runs recorded before balancer loads were measured.
        balancers = container.contains(.balancers) ? try container.decodeEntries(BalancerLoad.self, forKey: .balancers) : []
    }
}

extension RunSummary.Setup: Codable {
    enum CodingKeys: String, CodingKey {
        case name, source, seed, replications, start, timeZone, horizonSeconds, warmupSeconds, clientTimeoutSeconds
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(source, forKey: .source)
        // The seed's 64 bits as a signed integer, as v1 always wrote it.
        try container.encode(Int64(bitPattern: seed), forKey: .seed)
        try container.encode(replications, forKey: .replications)
        try container.encode(start, forKey: .start)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(horizonSeconds, forKey: .horizonSeconds)
        try container.encode(warmupSeconds, forKey: .warmupSeconds)
        try container.encode(clientTimeoutSeconds, forKey: .clientTimeoutSeconds)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        source = try container.decode(String.self, forKey: .source)
        seed = UInt64(bitPattern: try container.decode(Int64.self, forKey: .seed))
        replications = try container.decode(Int.self, forKey: .replications)
        start = try container.decode(String.self, forKey: .start)
        timeZone = try container.decode(String.self, forKey: .timeZone)
        horizonSeconds = try container.decode(Double.self, forKey: .horizonSeconds)
        warmupSeconds = try container.decode(Double.self, forKey: .warmupSeconds)
        clientTimeoutSeconds = try container.decode(Double.self, forKey: .clientTimeoutSeconds)
    }
}

extension RunSummary.Requests: Codable {
    enum CodingKeys: String, CodingKey {
        case arrivalRatePerSecond, meanInSystem, meanTimeInSystemMilliseconds = "meanTimeInSystemMs"
    }

    /// The outcome counts' members, then the rates in the same object.
    public func encode(to encoder: any Encoder) throws {
        try outcomes.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arrivalRatePerSecond, forKey: .arrivalRatePerSecond)
        try container.encode(meanInSystem, forKey: .meanInSystem)
        try container.encode(meanTimeInSystemMilliseconds, forKey: .meanTimeInSystemMilliseconds)
    }

    public init(from decoder: any Decoder) throws {
        outcomes = try OutcomeCounts(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arrivalRatePerSecond = try container.decode(Double.self, forKey: .arrivalRatePerSecond)
        meanInSystem = try container.decode(Double.self, forKey: .meanInSystem)
        meanTimeInSystemMilliseconds = try container.decode(Double.self, forKey: .meanTimeInSystemMilliseconds)
    }
}

extension RunSummary.Objective: Codable {
    enum CodingKeys: String, CodingKey {
        case name, kind, scope, target, comparison, unit, value, unroundedValue, interval = "ci95", met, status, samples, reason
    }

    /// `kind` is written as two members: `kind` (`latency`, `groupLatency`,
    /// `operationLatency`, `errorRate` or `attainment`) and `scope`, the group's or the
    /// operation's name (null for the others).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        let (kindName, scope) = Self.names(of: kind)
        try container.encode(kindName, forKey: .kind)
        try container.encode(scope, forKey: .scope)
        try container.encode(target, forKey: .target)
        try container.encode(comparison, forKey: .comparison)
        try container.encode(unit, forKey: .unit)
        try container.encode(value, forKey: .value)
        try container.encode(unroundedValue, forKey: .unroundedValue)
        try container.encode(interval, forKey: .interval)
        try container.encode(met, forKey: .met)
        try container.encode(status, forKey: .status)
        try container.encode(samples, forKey: .samples)
        try container.encode(reason, forKey: .reason)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        kind = try Self.kind(named: try container.decode(String.self, forKey: .kind),
                             scope: try container.decodeIfPresent(String.self, forKey: .scope), in: container)
        target = try container.decode(Double.self, forKey: .target)
        comparison = try container.decode(Comparison.self, forKey: .comparison)
        unit = try container.decode(String.self, forKey: .unit)
        value = try container.decodeIfPresent(Double.self, forKey: .value)
        unroundedValue = try container.decodeIfPresent(Double.self, forKey: .unroundedValue)
        interval = try container.decodeIfPresent(RunSummary.Bounds.self, forKey: .interval)
        met = try container.decode(Bool.self, forKey: .met)
        status = try container.decode(ObjectiveVerdict.Status.self, forKey: .status)
        samples = try container.decode(Int.self, forKey: .samples)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
    }

    /// The `kind` and `scope` members for `kind`.
    static func names(of kind: ObjectiveVerdict.Kind) -> (kind: String, scope: String?) {
        switch kind {
        case .latency(.overall): ("latency", nil)
        case let .latency(.group(group)): ("groupLatency", group)
        case let .latency(.operation(operation)): ("operationLatency", operation)
        case .errorRate: ("errorRate", nil)
        case .attainment: ("attainment", nil)
        }
    }

    /// The kind the `kind` and `scope` members name; throws for an unknown kind, or a
    /// group's or operation's latency without its name.
    static func kind(named name: String, scope: String?, in container: KeyedDecodingContainer<CodingKeys>) throws -> ObjectiveVerdict.Kind {
        switch (name, scope) {
        case ("latency", nil): return .latency(.overall)
        case let ("groupLatency", group?): return .latency(.group(group))
        case let ("operationLatency", operation?): return .latency(.operation(operation))
        case ("errorRate", nil): return .errorRate
        case ("attainment", nil): return .attainment
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "no objective of kind \"\(name)\" with scope \(scope.map { "\"\($0)\"" } ?? "null")")
        }
    }
}

extension RunSummary.Group: NamedEntry {
    enum CodingKeys: String, CodingKey { case requests, latency = "latencyMs" }

    package var entryName: String { name }

    package func encodeBody(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requests, forKey: .requests)
        try container.encode(latency, forKey: .latency)
    }

    package init(entryName name: String, from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: name, requests: try container.decode(OutcomeCounts.self, forKey: .requests),
                  latency: try container.decode(LatencySummary.self, forKey: .latency))
    }
}

extension RunSummary.Operation: NamedEntry {
    enum CodingKeys: String, CodingKey { case latency = "latencyMs", cacheHitRatio, cacheLookups, cacheHits }

    package var entryName: String { name }

    package func encodeBody(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(latency, forKey: .latency)
        try container.encode(cacheHitRatio, forKey: .cacheHitRatio)
        try container.encode(cacheLookups, forKey: .cacheLookups)
        try container.encode(cacheHits, forKey: .cacheHits)
    }

    package init(entryName name: String, from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: name, latency: try container.decode(LatencySummary.self, forKey: .latency),
                  cacheHitRatio: try container.decodeIfPresent(Double.self, forKey: .cacheHitRatio),
                  cacheLookups: try container.decode(Int.self, forKey: .cacheLookups),
                  cacheHits: try container.decode(Int.self, forKey: .cacheHits))
    }
}

extension RunSummary.Page: NamedEntry {
    enum CodingKeys: String, CodingKey { case latency = "latencyMs" }

    package var entryName: String { name }

    package func encodeBody(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(latency, forKey: .latency)
    }

    package init(entryName name: String, from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: name, latency: try container.decode(LatencySummary.self, forKey: .latency))
    }
}

/// The tier a member's key names; throws for a name that is no tier.
private func tierRole(_ name: String, in decoder: any Decoder) throws -> TierRole {
    guard let role = TierRole(rawValue: name) else {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(name)\" is not a tier"))
    }
    return role
}

extension RunSummary.Tier: NamedEntry {
    enum CodingKeys: String, CodingKey {
        case size, droplets, minimumDroplets = "minDroplets", maximumDroplets = "maxDroplets", workers, cpuUtilization
        case cpuUtilizationInterval = "cpuUtilizationCI95"
        case queueWait = "queueWaitMs", waitProbability
    }

    package var entryName: String { role.rawValue }

    package func encodeBody(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(size, forKey: .size)
        try container.encode(droplets, forKey: .droplets)
        try container.encode(minimumDroplets, forKey: .minimumDroplets)
        try container.encode(maximumDroplets, forKey: .maximumDroplets)
        try container.encode(workers, forKey: .workers)
        try container.encode(cpuUtilization, forKey: .cpuUtilization)
        try container.encode(cpuUtilizationInterval, forKey: .cpuUtilizationInterval)
        try container.encode(queueWait, forKey: .queueWait)
        try container.encode(waitProbability, forKey: .waitProbability)
    }

    package init(entryName name: String, from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try tierRole(name, in: decoder)
        size = try container.decode(String.self, forKey: .size)
        droplets = try container.decode(Int.self, forKey: .droplets)
        minimumDroplets = try container.decodeIfPresent(Int.self, forKey: .minimumDroplets)
        maximumDroplets = try container.decodeIfPresent(Int.self, forKey: .maximumDroplets)
        workers = try container.decode(Int.self, forKey: .workers)
        cpuUtilization = try container.decode(Double.self, forKey: .cpuUtilization)
        cpuUtilizationInterval = try container.decodeIfPresent(RunSummary.Bounds.self, forKey: .cpuUtilizationInterval)
        queueWait = try container.decode(RunSummary.QueueWait.self, forKey: .queueWait)
        waitProbability = try container.decode(Double.self, forKey: .waitProbability)
    }
}

extension RunSummary.Database: Codable {
    enum CodingKeys: String, CodingKey {
        case plan, poolMode, poolSize, cpuUtilization, cpuUtilizationInterval = "cpuUtilizationCI95", meanActiveTransactions, transactions
        case poolWait = "poolWaitMs", poolWaitProbability, poolAcquisitions, queuedPoolAcquisitions, poolTimeouts, reserveGrants, refusedClients
        case meanServerConnectionsInUse, peakClientConnections, meanApplicationPoolWaitMilliseconds = "applicationPoolWaitMs"
        case poolStats
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(plan, forKey: .plan)
        try container.encode(poolMode, forKey: .poolMode)
        try container.encode(poolSize, forKey: .poolSize)
        try container.encode(cpuUtilization, forKey: .cpuUtilization)
        try container.encode(cpuUtilizationInterval, forKey: .cpuUtilizationInterval)
        try container.encode(meanActiveTransactions, forKey: .meanActiveTransactions)
        try container.encode(transactions, forKey: .transactions)
        try container.encode(poolWait, forKey: .poolWait)
        try container.encode(poolWaitProbability, forKey: .poolWaitProbability)
        try container.encode(poolAcquisitions, forKey: .poolAcquisitions)
        try container.encode(queuedPoolAcquisitions, forKey: .queuedPoolAcquisitions)
        try container.encode(poolTimeouts, forKey: .poolTimeouts)
        try container.encode(reserveGrants, forKey: .reserveGrants)
        try container.encode(refusedClients, forKey: .refusedClients)
        try container.encode(meanServerConnectionsInUse, forKey: .meanServerConnectionsInUse)
        try container.encode(peakClientConnections, forKey: .peakClientConnections)
        try container.encode(meanApplicationPoolWaitMilliseconds, forKey: .meanApplicationPoolWaitMilliseconds)
        try container.encodeIfPresent(poolStats, forKey: .poolStats)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plan = try container.decode(String.self, forKey: .plan)
        poolMode = try container.decode(String.self, forKey: .poolMode)
        poolSize = try container.decode(Int.self, forKey: .poolSize)
        cpuUtilization = try container.decode(Double.self, forKey: .cpuUtilization)
        cpuUtilizationInterval = try container.decodeIfPresent(RunSummary.Bounds.self, forKey: .cpuUtilizationInterval)
        meanActiveTransactions = try container.decode(Double.self, forKey: .meanActiveTransactions)
        transactions = try container.decode(Int.self, forKey: .transactions)
        poolWait = try container.decode(RunSummary.PoolWait.self, forKey: .poolWait)
        poolWaitProbability = try container.decode(Double.self, forKey: .poolWaitProbability)
        poolAcquisitions = try container.decode(Int.self, forKey: .poolAcquisitions)
        queuedPoolAcquisitions = try container.decode(Int.self, forKey: .queuedPoolAcquisitions)
        poolTimeouts = try container.decode(Int.self, forKey: .poolTimeouts)
        reserveGrants = try container.decode(Int.self, forKey: .reserveGrants)
        refusedClients = try container.decode(Int.self, forKey: .refusedClients)
        meanServerConnectionsInUse = try container.decode(Double.self, forKey: .meanServerConnectionsInUse)
        peakClientConnections = try container.decode(Int.self, forKey: .peakClientConnections)
        meanApplicationPoolWaitMilliseconds = try container.decode(Double.self, forKey: .meanApplicationPoolWaitMilliseconds)
        poolStats = try container.decodeIfPresent(RunSummary.PoolStats.self, forKey: .poolStats)
    }
}

extension RunSummary.Cost: Codable {
    enum CodingKeys: String, CodingKey { case horizonUSD, monthlyUSD, components = "byComponent", transfer }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(horizonUSD, forKey: .horizonUSD)
        try container.encode(monthlyUSD, forKey: .monthlyUSD)
        try container.encodeEntries(components, forKey: .components)
        // Only when measured, so runs without `response_bytes` keep their bytes.
        try container.encodeIfPresent(transfer, forKey: .transfer)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        horizonUSD = try container.decode(Double.self, forKey: .horizonUSD)
        monthlyUSD = try container.decode(Double.self, forKey: .monthlyUSD)
        components = try container.decodeEntries(RunSummary.CostLine.self, forKey: .components)
        transfer = try container.decodeIfPresent(RunSummary.Transfer.self, forKey: .transfer)
    }
}

extension RunSummary.CostLine: NamedEntry {
    enum CodingKeys: String, CodingKey { case detail, horizonUSD, monthlyUSD, priceVerified }

    package var entryName: String { name }

    package func encodeBody(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(detail, forKey: .detail)
        try container.encode(horizonUSD, forKey: .horizonUSD)
        try container.encode(monthlyUSD, forKey: .monthlyUSD)
        try container.encode(priceVerified, forKey: .priceVerified)
    }

    package init(entryName name: String, from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: name, detail: try container.decode(String.self, forKey: .detail),
                  horizonUSD: try container.decode(Double.self, forKey: .horizonUSD),
                  monthlyUSD: try container.decode(Double.self, forKey: .monthlyUSD),
                  priceVerified: try container.decode(Bool.self, forKey: .priceVerified))
    }
}

extension RunSummary.Fleet: NamedEntry {
    enum CodingKeys: String, CodingKey {
        case policy, autoscaled, dropletHours, dropletHoursInterval = "dropletHoursCI95", meanDropletsInRotation = "meanInRotation"
        case peakDroplets, scaleEventsPerReplication, failedDroplets, requestsLostToDrain
        case requestsFinishedInGrace, dropletsFailedWhileServing, requestsLostToFailure, scaleEvents
    }

    package var entryName: String { role.rawValue }

    package func encodeBody(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(policy, forKey: .policy)
        try container.encode(autoscaled, forKey: .autoscaled)
        try container.encode(dropletHours, forKey: .dropletHours)
        try container.encode(dropletHoursInterval, forKey: .dropletHoursInterval)
        try container.encode(meanDropletsInRotation, forKey: .meanDropletsInRotation)
        try container.encode(peakDroplets, forKey: .peakDroplets)
        try container.encode(scaleEventsPerReplication, forKey: .scaleEventsPerReplication)
        try container.encode(failedDroplets, forKey: .failedDroplets)
        try container.encode(requestsLostToDrain, forKey: .requestsLostToDrain)
        try container.encode(requestsFinishedInGrace, forKey: .requestsFinishedInGrace)
        try container.encode(dropletsFailedWhileServing, forKey: .dropletsFailedWhileServing)
        try container.encode(requestsLostToFailure, forKey: .requestsLostToFailure)
        try container.encode(scaleEvents, forKey: .scaleEvents)
    }

    package init(entryName name: String, from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try tierRole(name, in: decoder)
        policy = try container.decode(String.self, forKey: .policy)
        autoscaled = try container.decode(Bool.self, forKey: .autoscaled)
        dropletHours = try container.decode(Double.self, forKey: .dropletHours)
        dropletHoursInterval = try container.decodeIfPresent(RunSummary.Bounds.self, forKey: .dropletHoursInterval)
        meanDropletsInRotation = try container.decode(Double.self, forKey: .meanDropletsInRotation)
        peakDroplets = try container.decode(Int.self, forKey: .peakDroplets)
        scaleEventsPerReplication = try container.decode(Double.self, forKey: .scaleEventsPerReplication)
        failedDroplets = try container.decode(Int.self, forKey: .failedDroplets)
        requestsLostToDrain = try container.decode(Int.self, forKey: .requestsLostToDrain)
        // Absent from summaries written before scale-in grace and failures were modelled: 0.
        requestsFinishedInGrace = try container.decodeIfPresent(Int.self, forKey: .requestsFinishedInGrace) ?? 0
        dropletsFailedWhileServing = try container.decodeIfPresent(Int.self, forKey: .dropletsFailedWhileServing) ?? 0
        requestsLostToFailure = try container.decodeIfPresent(Int.self, forKey: .requestsLostToFailure) ?? 0
        scaleEvents = try container.decode([RunSummary.ScaleChange].self, forKey: .scaleEvents)
    }
}

extension RunSummary.Series: Codable {
    enum CodingKeys: String, CodingKey { case intervalSeconds, columns, rows }

    /// The columns are written with the rows, so that a reader needs no schema to plot them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(intervalSeconds, forKey: .intervalSeconds)
        try container.encode(Self.columns, forKey: .columns)
        try container.encode(rows, forKey: .rows)
    }

    /// Throws when the columns are not the ones this version writes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        intervalSeconds = try container.decode(Int.self, forKey: .intervalSeconds)
        let columns = try container.decode([String].self, forKey: .columns)
        guard columns == Self.columns else {
            throw DecodingError.dataCorruptedError(forKey: .columns, in: container,
                                                   debugDescription: "unknown series columns \(columns)")
        }
        rows = try container.decode([RunSummary.Minute].self, forKey: .rows)
    }
}

extension RunSummary.Minute: Codable {
    /// One array in `Series.columns` order.
    public func encode(to encoder: any Encoder) throws {
        var row = encoder.unkeyedContainer()
        for count in [minute, arrivals, completed, errors, rejected, throttled] { try row.encode(count) }
        for value in [p50Milliseconds, p95Milliseconds, p99Milliseconds, apiUtilization, webUtilization,
                      databaseUtilization, poolWaiting, inFlight] {
            try row.encode(value)
        }
        for droplets in [apiDroplets, apiInRotation, webDroplets, webInRotation] { try row.encode(droplets) }
    }

    public init(from decoder: any Decoder) throws {
        var row = try decoder.unkeyedContainer()
        self.init(
            minute: try row.decode(Int.self), arrivals: try row.decode(Int.self), completed: try row.decode(Int.self),
            errors: try row.decode(Int.self), rejected: try row.decode(Int.self), throttled: try row.decode(Int.self),
            p50Milliseconds: try row.decode(Double.self), p95Milliseconds: try row.decode(Double.self),
            p99Milliseconds: try row.decode(Double.self), apiUtilization: try row.decode(Double.self),
            webUtilization: try row.decode(Double.self), databaseUtilization: try row.decode(Double.self),
            poolWaiting: try row.decode(Double.self), inFlight: try row.decode(Double.self),
            apiDroplets: try row.decode(Int.self), apiInRotation: try row.decode(Int.self),
            webDroplets: try row.decode(Int.self), webInRotation: try row.decode(Int.self))
        guard row.isAtEnd else {
            throw DecodingError.dataCorruptedError(in: row, debugDescription: "a minute has \(RunSummary.Series.columns.count) values, this row has more")
        }
    }
}
