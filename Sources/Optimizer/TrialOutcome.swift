import Foundation
import Results

/// What one simulated replication of a candidate produced, as the search keeps it: small,
/// `Codable` for the store, and enough to judge the SLOs and the cost again on resume.
public struct TrialOutcome: Sendable, Equatable, Codable {
    /// The objective values of a full-horizon replication; nil for a probe.
    public var measurements: ObjectiveMeasurements?
    /// The replication's bill as a monthly equivalent, in US dollars; nil for a probe.
    public var monthlyUSD: Double?
    /// A peak-window probe's counts; nil for a full replication.
    public var probe: ProbeCounts?
    /// Requests simulated (measured), the budget's unit.
    public var requests: Int
    /// The bill's lines as monthly equivalents; nil for a probe.
    public var bill: [BillLine]?

    public init(measurements: ObjectiveMeasurements?, monthlyUSD: Double?, probe: ProbeCounts?, requests: Int, bill: [BillLine]? = nil) {
        self.measurements = measurements
        self.monthlyUSD = monthlyUSD
        self.probe = probe
        self.requests = requests
        self.bill = bill
    }

    /// One line of a replication's bill.
    public struct BillLine: Sendable, Equatable, Codable {
        public var name: String
        public var detail: String
        public var monthlyUSD: Double
    }

    enum CodingKeys: String, CodingKey { case measurements, monthlyUSD, probe, requests, bill }

    // Absent members are written as null: every stored outcome has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(measurements, forKey: .measurements)
        try container.encode(monthlyUSD, forKey: .monthlyUSD)
        try container.encode(probe, forKey: .probe)
        try container.encode(requests, forKey: .requests)
        try container.encode(bill, forKey: .bill)
    }
}

/// What a probe of the busiest window counts toward each objective's failure: requests
/// slower than a latency target, errors, attainment windows missed.
public struct ProbeCounts: Sendable, Equatable, Codable {
    /// Per latency objective, in the scenario's order: requests of its scope slower than its
    /// target in the window.
    public var slowRequests: [Double]
    public var errors: Int
    public var missedWindows: Int

    public init(slowRequests: [Double], errors: Int, missedWindows: Int) {
        self.slowRequests = slowRequests
        self.errors = errors
        self.missedWindows = missedWindows
    }
}
