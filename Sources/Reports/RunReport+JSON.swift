import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Results
import Scenarios
import SimCore

/// Renders a run in the formats `capsim run --format` offers.
public struct RunReport: Sendable {
    public var result: RunResult
    /// Wall-clock seconds of the run: the one value that is not a function of the scenario and seed.
    public var wallSeconds: Double

    public init(result: RunResult, wallSeconds: Double) {
        self.result = result
        self.wallSeconds = wallSeconds
    }

    public static let schema = "capsim.run/v1"
}

extension RunReport {
    /// `capsim.run/v1`. Every value but `wallSeconds` depends only on the scenario and seed.
    public func json() -> JSONValue {
        let scenario = result.scenario
        return .object([
            ("schema", .string(Self.schema)),
            ("scenario", .object([
                ("name", .string(scenario.name)),
                ("source", .string(scenario.source)),
                ("seed", .integer(Int(truncatingIfNeeded: scenario.seed))),
                ("replications", .integer(scenario.replications)),
                ("start", .string(Self.isoFormatter(scenario.timeZone).string(from: scenario.start))),
                ("timeZone", .string(scenario.timeZoneName)),
                ("horizonSeconds", .number(scenario.horizon)),
                ("warmupSeconds", .number(scenario.warmup)),
            ])),
            ("requests", Self.requests(result.outcomes, extra: [
                ("arrivalRatePerSecond", .rounded(result.arrivalRate, places: 4)),
                ("meanInSystem", .rounded(result.meanInSystem, places: 4)),
                ("meanTimeInSystemMs", .rounded(result.meanTimeInSystem * 1000, places: 4)),
            ])),
            ("latencyMs", Self.latency(result.latency)),
            ("sloMet", .bool(result.objectivesMet)),
            ("slos", .array(result.objectives.map(Self.objective))),
            ("groups", .object(result.groups.map { group in
                (group.name, .object([("requests", Self.requests(group.outcomes)), ("latencyMs", Self.latency(group.latency))]))
            })),
            ("operations", .object(result.operations.map { operation in
                (operation.name, .object([
                    ("latencyMs", Self.latency(operation.latency)),
                    ("cacheHitRatio", .rounded(operation.cacheHitRatio, places: 6)),
                ]))
            })),
            ("pages", .object(result.pages.map { ($0.name, .object([("latencyMs", Self.latency($0.latency))])) })),
            ("tiers", .object(result.tiers.map { tier in
                (tier.role.rawValue, .object([
                    ("size", .string(tier.size)),
                    ("droplets", .integer(tier.droplets)),
                    ("workers", .integer(tier.workers)),
                    ("cpuUtilization", .rounded(tier.cpuUtilization.mean, places: 6)),
                    ("cpuUtilizationCI95", Self.interval(tier.cpuUtilization, places: 6)),
                    ("queueWaitMs", .object([
                        ("mean", .rounded(tier.meanQueueWaitSeconds * 1000, places: 4)),
                        ("p95", .rounded(tier.queueWaitMs.p95, places: 4)),
                        ("p99", .rounded(tier.queueWaitMs.p99, places: 4)),
                    ])),
                    ("waitProbability", .rounded(tier.waitProbability, places: 6)),
                ]))
            })),
            ("database", Self.database(result.database)),
            ("cost", .object([
                ("horizonUSD", .rounded(result.cost.horizonUSD, places: 2)),
                ("monthlyUSD", .rounded(result.cost.monthlyUSD, places: 2)),
                ("byComponent", .object(result.cost.components.map { component in
                    (component.name, .object([
                        ("detail", .string(component.detail)),
                        ("horizonUSD", .rounded(component.horizonUSD, places: 2)),
                        ("monthlyUSD", .rounded(component.monthlyUSD, places: 2)),
                        ("priceVerified", .bool(component.priceVerified)),
                    ]))
                })),
            ])),
            ("fleets", .object(result.fleets.map { fleet in (fleet.role.rawValue, Self.fleet(fleet)) })),
            ("underProvisionedMinutes", result.underProvisionedMinutes.map { .rounded($0.mean, places: 2) } ?? .null),
            ("series", series()),
            ("replicationSeeds", .array(result.replications.map { .string(String($0.seed)) })),
            ("events", .integer(result.events)),
            ("wallSeconds", .rounded(wallSeconds, places: 3)),
        ])
    }

    static func isoFormatter(_ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssXXXXX"
        return formatter
    }

    static func requests(_ counts: OutcomeCounts, extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([
            ("total", .integer(counts.total)),
            ("completed", .integer(counts.completed)),
            ("servedByCDN", .integer(counts.servedByCDN)),
            ("rejected", .integer(counts.rejected)),
            ("throttled", .integer(counts.throttled)),
            ("errors", .object(ErrorCause.allCases.map { ($0.rawValue, .integer(counts.errors($0))) }
                + [("total", .integer(counts.errorTotal))])),
            ("inFlightAtEnd", .integer(counts.inFlightAtEnd)),
        ] + extra)
    }

    /// Request latency by the SLO counting rule (failed requests at the client timeout).
    /// A scope in which no request ended keeps its 0 values, as `capsim.run/v1` always
    /// wrote them (pages the CDN serves, for one): `count` 0 says there is no data.
    static func latency(_ summary: LatencySummary) -> JSONValue {
        .object([
            ("count", .integer(summary.count)),
            ("p50", .rounded(summary.p50, places: 3)),
            ("p90", .rounded(summary.p90, places: 3)),
            ("p95", .rounded(summary.p95, places: 3)),
            ("p99", .rounded(summary.p99, places: 3)),
            ("p999", .rounded(summary.p999, places: 3)),
            ("max", .rounded(summary.max, places: 3)),
            ("mean", .rounded(summary.mean, places: 3)),
        ])
    }

    static func interval(_ interval: ConfidenceInterval, places: Int) -> JSONValue {
        guard let lower = interval.lower, let upper = interval.upper else { return .null }
        return .object([("lower", .rounded(lower, places: places)), ("upper", .rounded(upper, places: places))])
    }

    static func objective(_ verdict: ObjectiveVerdict) -> JSONValue {
        let places = verdict.unit == "ms" ? 3 : 6
        return .object([
            ("name", .string(verdict.name)),
            ("target", .rounded(verdict.target, places: places)),
            ("comparison", .string(verdict.direction == .atMost ? "<=" : ">=")),
            ("unit", .string(verdict.unit)),
            ("value", .rounded(verdict.value, places: places)),
            ("ci95", interval(verdict.interval, places: places)),
            ("met", .bool(verdict.met)),
            ("status", .string(verdict.status.rawValue)),
            ("samples", .integer(verdict.samples)),
            ("reason", verdict.reason.map(JSONValue.string) ?? .null),
        ])
    }

    static func database(_ database: RunResult.DatabaseSummary) -> JSONValue {
        .object([
            ("plan", .string(database.plan)),
            ("cpuUtilization", .rounded(database.cpuUtilization.mean, places: 6)),
            ("cpuUtilizationCI95", interval(database.cpuUtilization, places: 6)),
            ("meanActiveTransactions", .rounded(database.meanActiveTransactions, places: 4)),
            ("transactions", .integer(database.transactions)),
            ("poolWaitMs", .object([
                ("mean", .rounded(database.meanPoolWaitSeconds * 1000, places: 4)),
                ("p50", .rounded(database.poolWaitMs.p50, places: 4)),
                ("p95", .rounded(database.poolWaitMs.p95, places: 4)),
                ("p99", .rounded(database.poolWaitMs.p99, places: 4)),
                ("max", .rounded(database.poolWaitMs.max, places: 4)),
            ])),
            ("poolWaitProbability", .rounded(database.poolWaitProbability, places: 6)),
            ("poolTimeouts", .integer(database.poolTimeouts)),
            ("reserveGrants", .integer(database.reserveGrants)),
            ("refusedClients", .integer(database.refusedClients)),
            ("meanServerConnectionsInUse", .rounded(database.meanServerConnectionsInUse, places: 4)),
            ("peakClientConnections", .integer(database.peakClientConnections)),
            ("applicationPoolWaitMs", .rounded(database.meanApplicationPoolWaitSeconds * 1000, places: 4)),
        ])
    }

    /// A fleet's movement; scale events are the first replication's, times in seconds.
    static func fleet(_ fleet: RunResult.FleetSummary) -> JSONValue {
        .object([
            ("policy", .string(fleet.policy)),
            ("dropletHours", .rounded(fleet.dropletHours.mean, places: 3)),
            ("dropletHoursCI95", interval(fleet.dropletHours, places: 3)),
            ("meanInRotation", .rounded(fleet.meanReady, places: 4)),
            ("peakDroplets", .integer(fleet.peakDroplets)),
            ("scaleEventsPerReplication", .rounded(fleet.scaleEvents.mean, places: 2)),
            ("failedDroplets", .integer(fleet.failedDroplets)),
            ("requestsLostToDrain", .integer(fleet.lostRequests)),
            ("scaleEvents", .array(fleet.events.map { event in
                .raw(JSONValue.object([
                    ("timeSeconds", .rounded(event.time, places: 3)),
                    ("from", .integer(event.from)),
                    ("to", .integer(event.to)),
                    ("reason", .string(event.reason)),
                ]).serialized(pretty: false))
            })),
        ])
    }

    static let seriesColumns = ["minute", "arrivals", "completed", "errors", "rejected", "throttled", "p50Ms", "p95Ms",
                                "p99Ms", "apiUtilization", "webUtilization", "databaseUtilization", "poolWaiting",
                                "inFlight", "apiDroplets", "apiInRotation", "webDroplets", "webInRotation"]

    /// The per-minute series in columns, so a week stays a few hundred kilobytes.
    func series() -> JSONValue {
        .object([
            ("intervalSeconds", .integer(60)),
            ("columns", .array(Self.seriesColumns.map(JSONValue.string))),
            ("rows", .array(result.series.enumerated().map { minute, sample in
                .raw("[" + Self.seriesRow(minute: minute, sample).map { $0.serialized(pretty: false) }.joined(separator: ", ") + "]")
            })),
        ])
    }

    static func seriesRow(minute: Int, _ sample: MinuteSample) -> [JSONValue] {
        [.integer(minute), .integer(Int(sample.arrivals)), .integer(Int(sample.completed)), .integer(Int(sample.errors)),
         .integer(Int(sample.rejected)), .integer(Int(sample.throttled)),
         .rounded(Double(sample.p50), places: 2), .rounded(Double(sample.p95), places: 2), .rounded(Double(sample.p99), places: 2),
         .rounded(Double(sample.apiUtilization), places: 4), .rounded(Double(sample.webUtilization), places: 4),
         .rounded(Double(sample.databaseUtilization), places: 4), .rounded(Double(sample.poolWaiting), places: 3),
         .rounded(Double(sample.inFlight), places: 3), .integer(Int(sample.apiDroplets)), .integer(Int(sample.apiReady)),
         .integer(Int(sample.webDroplets)), .integer(Int(sample.webReady))]
    }
}
