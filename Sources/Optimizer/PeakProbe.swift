import Foundation
import Model
import Results
import Scenarios
import SimCore
import YAMLSupport

/// The search's short-horizon fidelity: the busiest stretch of the horizon, simulated alone,
/// as a sound test of infeasibility.
///
/// A prefix of the horizon says little about the whole under a daily profile, so the probe
/// takes the busiest window instead, and uses it only to *discard*, with a bound that
/// cannot discard a configuration able to meet the SLOs:
/// - the probe starts empty, with every autoscaled tier already at its maximum and without
///   the window's share of growth: it can only be faster than the same window inside the
///   full run;
/// - so the requests it counts slower than a latency target (errors, missed attainment
///   windows) are at most those the full run counts in that window, hence in the horizon;
/// - an objective "p95 ≤ 300 ms" fails over the horizon once more than 5% of the horizon's
///   requests in its scope are slower than 300 ms. The horizon's requests are bounded above
///   by their expected number plus four standard deviations (Poisson).
/// When the probe alone already exceeds that allowance, the configuration cannot meet the
/// objective, whatever the rest of the horizon does.
public struct PeakProbe: Sendable {
    /// The window, in seconds from the scenario's start.
    public var offset: Double
    public var duration: Double
    /// Per latency objective, in the scenario's order: the most requests of its scope the
    /// measured horizon can hold; nil for a scope the probe does not judge (an operation's).
    public var scopeRequestBound: [Double?]
    /// The most requests the measured horizon can hold.
    public var requestBound: Double
    /// Attainment windows in the measured horizon (the most that can have requests).
    public var attainmentWindows: Int?

    /// The probe of `scenario`'s busiest window; nil when the horizon is too short for a
    /// window to save anything (under two hours).
    public init?(scenario: Scenario) {
        let horizon = scenario.horizon
        guard horizon >= 7200 else { return nil }
        let length = min(max(horizon / 8, 1800), horizon / 2)
        let model = PlatformModel(scenario: scenario)
        let segments = model.hourlySegments()
        // Arrivals by group over the measured part of the horizon.
        var groupArrivals = Array(repeating: 0.0, count: scenario.tenantGroups.count)
        for segment in segments {
            let overlap = max(0, min(segment.start + segment.duration, horizon) - max(segment.start, scenario.warmup))
            for (index, source) in model.sources.enumerated() { groupArrivals[source.group] += segment.sourceRates[index] * overlap }
        }
        func bound(_ expected: Double) -> Double { expected + 4 * expected.squareRoot() + 1 }
        let total = groupArrivals.reduce(0, +)
        requestBound = bound(total)
        scopeRequestBound = scenario.objectives.latency.map { objective in
            switch objective.scope {
            case .overall: return bound(total)
            case let .group(name):
                return scenario.tenantGroups.firstIndex { $0.name == name }.map { bound(groupArrivals[$0]) }
            case .operation: return nil
            }
        }
        attainmentWindows = scenario.objectives.attainment.map { Int(((horizon - scenario.warmup) / $0.window).rounded(.up)) }
        // The busiest window starts where a segment starts or where one ends `length` later.
        func arrivals(from start: Double) -> Double {
            let end = start + length
            return segments.reduce(0) { sum, segment in
                let overlap = max(0, min(segment.start + segment.duration, end) - max(segment.start, start))
                return sum + segment.totalRate * overlap
            }
        }
        var starts = Set<Double>()
        for segment in segments {
            starts.insert(min(max(segment.start, 0), horizon - length))
            starts.insert(min(max(segment.start + segment.duration - length, 0), horizon - length))
        }
        var best = (offset: 0.0, arrivals: -1.0)
        for start in starts.sorted() {
            let count = arrivals(from: start)
            if count > best.arrivals { best = (start, count) }
        }
        offset = best.offset
        duration = length
    }

    /// The window as a scenario for `candidate` (a configuration applied): optimistic as
    /// described above.
    public func scenario(for candidate: Scenario) -> Scenario {
        candidate.atLargestFleet.window(offset: offset, duration: duration)
    }

    /// The probe's counts in `result`, a replication of `scenario(for:)`.
    public func counts(of result: ReplicationResult, scenario: Scenario) -> ProbeCounts {
        let slow = scenario.objectives.latency.map { objective -> Double in
            let recorder: LatencyRecorder
            switch objective.scope {
            case .overall: recorder = result.latency
            case let .group(name):
                guard let index = scenario.tenantGroups.firstIndex(where: { $0.name == name }) else { return 0 }
                recorder = result.latencyByGroup[index]
            case .operation: return 0
            }
            guard !recorder.isEmpty else { return 0 }
            return Double(recorder.count) * (1 - recorder.fraction(atOrBelow: objective.target))
        }
        let missed = result.attainment.map { Int((Double(result.attainmentWindows) * (1 - $0)).rounded()) } ?? 0
        return ProbeCounts(slowRequests: slow, errors: result.outcomes.errorTotal, missedWindows: missed)
    }

    /// The objective the probe proves cannot be met (its position in verdict order: latency
    /// objectives, the error rate, the attainment) and why, in words with its numbers; nil
    /// when none is.
    public func violation(_ counts: ProbeCounts, objectives: ServiceLevelObjectives) -> (objective: Int, reason: String)? {
        for (index, objective) in objectives.latency.enumerated() {
            guard let scope = scopeRequestBound[index], index < counts.slowRequests.count else { continue }
            let allowed = (1 - objective.percentile / 100) * scope
            if counts.slowRequests[index] > allowed {
                return (index, "p\(Units.trim(objective.percentile)) latency\(Self.scopeName(objective.scope)) ≤ \(Units.describe(seconds: objective.target)): "
                    + "\(Int(counts.slowRequests[index])) requests slower in the busiest \(Units.describe(seconds: duration)) alone, "
                    + "more than the \(Int(allowed)) the whole horizon allows")
            }
        }
        if let errorRate = objectives.errorRate {
            let allowed = errorRate * requestBound
            if Double(counts.errors) > allowed {
                return (objectives.latency.count, "error rate ≤ \(Units.trim(errorRate * 100))%: \(counts.errors) errors in the busiest \(Units.describe(seconds: duration)) alone, "
                    + "more than the \(Int(allowed)) the whole horizon allows")
            }
        }
        if let attainment = objectives.attainment, let windows = attainmentWindows {
            let allowed = (1 - attainment.objective) * Double(windows)
            if Double(counts.missedWindows) > allowed {
                return (objectives.latency.count + (objectives.errorRate == nil ? 0 : 1), "attainment ≥ \(Units.trim(attainment.objective * 100))%: \(counts.missedWindows) windows missed in the busiest "
                    + "\(Units.describe(seconds: duration)) alone, more than the \(Int(allowed)) of \(windows) the horizon allows")
            }
        }
        return nil
    }

    static func scopeName(_ scope: ObjectiveScope) -> String {
        switch scope {
        case .overall: return ""
        case let .group(group): return " of group \(group)"
        case let .operation(operation): return " of \(operation)"
        }
    }
}
