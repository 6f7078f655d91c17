import Scenarios

// `capsim.compare/v1` as codings, by the same rules as RunSummary+Codable.swift: the
// schema's keys in its order, null for an absent value, measures and fleets as objects
// keyed by name.

extension ComparisonSummary: Codable {
    enum CodingKeys: String, CodingKey {
        case schema, setup = "scenario", baseline, costBasis, decision, frontier, sweep, variants, wallSeconds
    }

    /// `costBasis`, `decision` and `frontier` are functions of the rest, written for readers
    /// and recomputed, not read, when a document is decoded.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(setup, forKey: .setup)
        try container.encode(baseline, forKey: .baseline)
        try container.encode(costBasis, forKey: .costBasis)
        try container.encode(decision, forKey: .decision)
        try container.encode(frontier, forKey: .frontier)
        try container.encode(sweep, forKey: .sweep)
        try container.encode(variants, forKey: .variants)
        try container.encode(wallSeconds, forKey: .wallSeconds)
    }

    /// Reads a `capsim.compare/v1` document; throws on any other schema.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schema = try container.decode(String.self, forKey: .schema)
        guard schema == Self.currentSchema else {
            throw DecodingError.dataCorruptedError(forKey: .schema, in: container,
                                                   debugDescription: "expected \(Self.currentSchema), found \(schema)")
        }
        setup = try container.decode(Setup.self, forKey: .setup)
        baseline = try container.decode(String.self, forKey: .baseline)
        sweep = try container.decodeIfPresent(SweptAssumption.self, forKey: .sweep)
        variants = try container.decode([Variant].self, forKey: .variants)
        wallSeconds = try container.decode(Double.self, forKey: .wallSeconds)
    }
}

extension ComparisonSummary.Setup: Codable {
    enum CodingKeys: String, CodingKey { case name, source, seed, replications, start, timeZone, horizonSeconds }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(source, forKey: .source)
        try container.encode(Int64(bitPattern: seed), forKey: .seed)
        try container.encode(replications, forKey: .replications)
        try container.encode(start, forKey: .start)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(horizonSeconds, forKey: .horizonSeconds)
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
    }
}

extension ComparisonSummary.Variant: Codable {
    enum CodingKeys: String, CodingKey {
        case name, description, policy, estimates = "measures", differences = "pairedDifference", noData, perReplication
        case requests, fleets, cost, underProvisionedMinutes, objectives, swept
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(policy, forKey: .policy)
        try container.encodeEntries(estimates, forKey: .estimates)
        if let differences {
            try container.encodeEntries(differences, forKey: .differences)
        } else {
            try container.encodeNil(forKey: .differences)
        }
        try container.encode(noData, forKey: .noData)
        try container.encodeEntries(perReplication, forKey: .perReplication)
        try container.encode(requests, forKey: .requests)
        try container.encodeEntries(fleets, forKey: .fleets)
        try container.encode(cost, forKey: .cost)
        try container.encode(underProvisionedMinutes, forKey: .underProvisionedMinutes)
        try container.encode(objectives, forKey: .objectives)
        try container.encode(swept, forKey: .swept)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        policy = try container.decode(String.self, forKey: .policy)
        estimates = try container.decodeEntries(ComparisonSummary.MeasureEstimate.self, forKey: .estimates)
        differences = try container.decodeNil(forKey: .differences)
            ? nil : try container.decodeEntries(ComparisonSummary.MeasureDifference.self, forKey: .differences)
        noData = try container.decode([PolicyComparison.Measure].self, forKey: .noData)
        perReplication = try container.decodeEntries(ComparisonSummary.MeasureValues.self, forKey: .perReplication)
        requests = try container.decode(OutcomeCounts.self, forKey: .requests)
        fleets = try container.decodeEntries(RunSummary.Fleet.self, forKey: .fleets)
        cost = try container.decode(ComparisonSummary.Cost.self, forKey: .cost)
        underProvisionedMinutes = try container.decodeIfPresent(Double.self, forKey: .underProvisionedMinutes)
        objectives = try container.decodeIfPresent([RunSummary.Objective].self, forKey: .objectives)
        swept = try container.decodeIfPresent(SweepPoint.self, forKey: .swept)
    }
}

/// The measure a member's key names; throws for a name that is no measure.
private func comparisonMeasure(named name: String, in decoder: any Decoder) throws -> PolicyComparison.Measure {
    guard let measure = PolicyComparison.Measure(rawValue: name) else {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(name)\" is not a measure"))
    }
    return measure
}

extension ComparisonSummary.MeasureEstimate: NamedEntry {
    package var entryName: String { measure.rawValue }

    /// The estimate, or null.
    package func encodeBody(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(estimate)
    }

    package init(entryName name: String, from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(measure: try comparisonMeasure(named: name, in: decoder),
                  estimate: container.decodeNil() ? nil : try container.decode(ComparisonSummary.Estimate.self))
    }
}

extension ComparisonSummary.Estimate: Codable {
    enum CodingKeys: String, CodingKey { case mean, interval = "ci95" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mean, forKey: .mean)
        try container.encode(interval, forKey: .interval)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mean = try container.decode(Double.self, forKey: .mean)
        interval = try container.decodeIfPresent(RunSummary.Bounds.self, forKey: .interval)
    }
}

extension ComparisonSummary.MeasureDifference: NamedEntry {
    enum CodingKeys: String, CodingKey { case mean, interval = "ci95", significant }

    package var entryName: String { measure.rawValue }

    package func encodeBody(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mean, forKey: .mean)
        try container.encode(interval, forKey: .interval)
        try container.encode(significant, forKey: .significant)
    }

    package init(entryName name: String, from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(measure: try comparisonMeasure(named: name, in: decoder), mean: try container.decodeIfPresent(Double.self, forKey: .mean),
                  interval: try container.decodeIfPresent(RunSummary.Bounds.self, forKey: .interval),
                  significant: try container.decode(Bool.self, forKey: .significant))
    }
}

extension ComparisonSummary.MeasureValues: NamedEntry {
    package var entryName: String { measure.rawValue }

    /// The values as an array, null where a replication has no data.
    package func encodeBody(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    package init(entryName name: String, from decoder: any Decoder) throws {
        self.init(measure: try comparisonMeasure(named: name, in: decoder), values: try decoder.singleValueContainer().decode([Double?].self))
    }
}

extension ComparisonSummary.CostBasis: Encodable {
    enum CodingKeys: String, CodingKey { case measure, noMonthlyReason }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(measure, forKey: .measure)
        try container.encode(noMonthlyReason, forKey: .noMonthlyReason)
    }
}

extension ComparisonSummary.Decision: Encodable {
    enum CodingKeys: String, CodingKey { case outcome, variant, costUSD, line }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(variant, forKey: .variant)
        try container.encode(costUSD, forKey: .costUSD)
        try container.encode(line, forKey: .line)
    }
}

extension ComparisonSummary.Frontier: Encodable {
    enum CodingKeys: String, CodingKey { case cost, service, points }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cost, forKey: .cost)
        try container.encode(service, forKey: .service)
        try container.encode(points, forKey: .points)
    }
}

extension ComparisonSummary.Frontier.Point: Encodable {
    enum CodingKeys: String, CodingKey { case variant, costUSD, service, onFrontier, dominatedBy }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(variant, forKey: .variant)
        try container.encode(costUSD, forKey: .costUSD)
        try container.encode(service, forKey: .service)
        try container.encode(onFrontier, forKey: .onFrontier)
        try container.encode(dominatedBy, forKey: .dominatedBy)
    }
}
