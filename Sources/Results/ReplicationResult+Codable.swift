import Scenarios

// Codings written by hand: what the synthesized ones would get wrong or make large. The
// synthesized conformances of the other measurement types are declared in
// ReplicationResult.swift.

extension OutcomeCounts: Codable {
    enum CodingKeys: String, CodingKey {
        case total, completed, servedByCDN, rejected, throttled, errors, inFlightAtEnd
    }

    /// An error cause's name, or `total`.
    struct ErrorKey: CodingKey {
        var stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
        static let total = ErrorKey(stringValue: "total")
    }

    /// The shape of `capsim.run/v1`'s request counts: errors as an object keyed by cause, in
    /// `ErrorCause.allCases` order, with their total last.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(completed, forKey: .completed)
        try container.encode(servedByCDN, forKey: .servedByCDN)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(throttled, forKey: .throttled)
        var byCause = container.nestedContainer(keyedBy: ErrorKey.self, forKey: .errors)
        for cause in ErrorCause.allCases { try byCause.encode(errors(cause), forKey: ErrorKey(stringValue: cause.rawValue)) }
        try byCause.encode(errorTotal, forKey: .total)
        try container.encode(inFlightAtEnd, forKey: .inFlightAtEnd)
    }

    /// Reads what `encode(to:)` wrote. A cause the text does not name counts 0 (it was added
    /// after the text was written); a total that is not the sum of the causes read means a
    /// cause this version does not know, and throws rather than drop those errors.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let byCause = try container.nestedContainer(keyedBy: ErrorKey.self, forKey: .errors)
        self.init(errors: try ErrorCause.allCases.map {
            try byCause.decodeIfPresent(Int.self, forKey: ErrorKey(stringValue: $0.rawValue)) ?? 0
        })
        let errorTotal = try byCause.decode(Int.self, forKey: .total)
        guard errorTotal == self.errorTotal else {
            throw DecodingError.dataCorruptedError(
                forKey: .total, in: byCause,
                debugDescription: "errors.total is \(errorTotal) but the known causes add up to \(self.errorTotal)")
        }
        total = try container.decode(Int.self, forKey: .total)
        completed = try container.decode(Int.self, forKey: .completed)
        servedByCDN = try container.decode(Int.self, forKey: .servedByCDN)
        rejected = try container.decode(Int.self, forKey: .rejected)
        throttled = try container.decode(Int.self, forKey: .throttled)
        inFlightAtEnd = try container.decode(Int.self, forKey: .inFlightAtEnd)
    }
}

extension MinuteSample: Codable {
    /// A minute is one array of its 17 fields in declaration order (`arrivals` first,
    /// `webReady` last), not an object: a week of minutes is 10,080 of them, and names
    /// repeated on each would triple the size.
    public func encode(to encoder: any Encoder) throws {
        var row = encoder.unkeyedContainer()
        for count in [arrivals, completed, errors, rejected, throttled] { try row.encode(count) }
        for value in [p50, p95, p99, apiUtilization, webUtilization, databaseUtilization, poolWaiting, inFlight] {
            try row.encode(value)
        }
        for droplets in [apiDroplets, apiReady, webDroplets, webReady] { try row.encode(droplets) }
    }

    public init(from decoder: any Decoder) throws {
        var row = try decoder.unkeyedContainer()
        self.init(
            arrivals: try row.decode(Int32.self), completed: try row.decode(Int32.self), errors: try row.decode(Int32.self),
            rejected: try row.decode(Int32.self), throttled: try row.decode(Int32.self),
            p50: try row.decode(Float.self), p95: try row.decode(Float.self), p99: try row.decode(Float.self),
            apiUtilization: try row.decode(Float.self), webUtilization: try row.decode(Float.self),
            databaseUtilization: try row.decode(Float.self), poolWaiting: try row.decode(Float.self),
            inFlight: try row.decode(Float.self),
            apiDroplets: try row.decode(Int16.self), apiReady: try row.decode(Int16.self),
            webDroplets: try row.decode(Int16.self), webReady: try row.decode(Int16.self))
        guard row.isAtEnd else {
            throw DecodingError.dataCorruptedError(in: row, debugDescription: "a minute has 17 values, this row has more")
        }
    }
}
