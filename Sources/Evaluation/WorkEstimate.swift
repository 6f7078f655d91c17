import Analysis
import DigitalOceanCatalog
import Estimate
import Foundation
import Model
import Results
import Scenarios
import SimCore
import YAMLSupport

/// What a run will cost the machine, estimated before it starts: simulated requests and
/// events, peak memory and wall time.
///
/// `capsim check` prints it and `run` and `compare` refuse work beyond `WorkLimits` unless
/// forced, so a mistyped rate (`1e9/s`) or horizon fails in milliseconds instead of filling
/// memory for an hour. The figures are deliberately rough: requests within a percent or
/// so (the load profile's mean rate), events and time within a factor of two, memory on
/// the high side (the baseline week with 2 replications: 110 MiB estimated, 42 MiB
/// measured), since every latency recorder is counted as if written; they come from sizes
/// and rates measured on this code, not from a trial run.
public struct WorkEstimate: Sendable, Equatable {
    /// Simulated requests over every replication (and variant), user requests only.
    public var requests: Double
    /// Calendar events over every replication: about 6.2 per request on the baseline.
    public var events: Double
    /// Peak resident memory, in bytes.
    public var peakBytes: Double
    /// Wall-clock seconds on `jobs` cores.
    public var seconds: Double

    /// Events per user request, measured on `scenarios/baseline.yaml` (38.3 M events for
    /// 6.16 M requests in a day): SSR pages, API calls and database round trips included.
    package static let eventsPerRequest = 6.5
    /// Events per second on one core of the machines in Benchmarks/RESULTS.md (8.3 M/s on
    /// the baseline, rounded down).
    package static let eventsPerSecondPerCore = 7.0e6
    /// Bytes of one latency recorder at three significant digits (LatencyRecorder's doc).
    package static let recorderBytes = 184.0 * 1024
    /// Bytes of one per-minute sample in the series.
    package static let minuteSampleBytes = Double(MemoryLayout<MinuteSample>.stride)
    /// The process itself: code, catalog, Foundation, thread stacks (measured 40 MiB).
    package static let baseBytes = 48.0 * 1024 * 1024

    /// The estimate for `models` (one per variant) with `replications` each, run `jobs` at
    /// a time.
    ///
    /// - Complexity: O(groups × hours of the horizon) for the load profiles' mean rates.
    public init(models: [PlatformModel], replications: Int, jobs: Int) {
        let replications = Double(max(1, replications))
        var requests = 0.0
        var largestRunning = 0.0
        var results = 0.0
        let concurrent = Double(max(1, min(jobs, Int(min(replications * Double(models.count), 1e6)))))
        for model in models {
            let horizon = model.scenario.horizon
            let rate = model.meanArrivalRate(over: horizon)
            requests += rate * horizon * replications
            let running = Self.simulationBytes(model)
            largestRunning = max(largestRunning, running)
            // Finished replications are folded in index order into one aggregate per
            // variant; a result waits only for its slower predecessors (about `jobs` of them).
            results += Self.resultBytes(model) * (1 + concurrent) + Self.summaryBytes(model) * replications
        }
        self.requests = requests
        events = requests * Self.eventsPerRequest
        peakBytes = Self.baseBytes + concurrent * largestRunning + results
        seconds = events / (Self.eventsPerSecondPerCore * concurrent)
    }

    /// One running replication: its latency recorders (one per mix entry, call, tier and
    /// pool, plus the merged ones built at the end), per-tenant caches, the series and the
    /// bounded pool of in-flight requests.
    package static func simulationBytes(_ model: PlatformModel) -> Double {
        let scenario = model.scenario
        let recorders = Double(model.mixTargets.count + scenario.operations.count + 2 * model.tiers.count + 2)
            + Double(scenario.tenantGroups.count + scenario.operations.count + scenario.pages.count)
        let tenants = Double(model.tenantCount)
        let perTenant = 8.0 * Double(max(1, scenario.operations.count)) + 9.0 * Double(max(1, scenario.pages.count)) + 64
        return recorders * recorderBytes + tenants * perTenant + seriesBytes(scenario) + 16 * 1024 * 1024
    }

    /// One finished replication's result, or the aggregate it is folded into.
    package static func resultBytes(_ model: PlatformModel) -> Double {
        let scenario = model.scenario
        let recorders = Double(3 + model.tiers.count + scenario.tenantGroups.count + scenario.operations.count + scenario.pages.count)
        return recorders * recorderBytes + seriesBytes(scenario)
    }

    /// What a run keeps of each replication after folding it: counts, utilizations, bills'
    /// droplet lifetimes and scale events (a few kilobytes).
    package static func summaryBytes(_ model: PlatformModel) -> Double {
        4096 + 64 * Double(model.scenario.objectives.latency.count)
    }

    package static func seriesBytes(_ scenario: Scenario) -> Double {
        (scenario.horizon / 60).rounded(.up) * minuteSampleBytes
    }
}

/// How much work a command accepts without `--force`; both limits can be raised.
public struct WorkLimits: Sendable, Equatable {
    /// Simulated requests over the whole command: 2 billion is about half an hour of one
    /// core at the measured 1.3 M requests per second.
    public var requests: Double
    /// Peak memory, in bytes; the command line's default is three quarters of the
    /// machine's memory (`defaultMemoryShare`).
    public var bytes: Double

    public static let defaultRequests = 2e9
    /// The share of the machine's memory a run may take by default.
    public static let defaultMemoryShare = 0.75

    public init(requests: Double = WorkLimits.defaultRequests, bytes: Double) {
        self.requests = requests
        self.bytes = bytes
    }

    /// The reasons `estimate` exceeds these limits, for a message; empty when it fits.
    public func excesses(of estimate: WorkEstimate) -> [String] {
        var reasons: [String] = []
        if estimate.requests > requests {
            reasons.append("about \(WorkEstimate.describe(count: estimate.requests)) simulated requests, above the limit of \(WorkEstimate.describe(count: requests)) (--max-requests)")
        }
        if estimate.peakBytes > bytes {
            reasons.append("about \(WorkEstimate.describe(bytes: estimate.peakBytes)) of memory, above the limit of \(WorkEstimate.describe(bytes: bytes)) (--max-memory)")
        }
        return reasons
    }
}

extension WorkEstimate {
    /// `3.2 billion`, `45 million`, `12,345`.
    public static func describe(count: Double) -> String {
        if count >= 1e12 { return String(format: "%.3g", count) }
        if count >= 1e9 { return "\(Units.trim((count / 1e8).rounded() / 10)) billion" }
        if count >= 1e6 { return "\(Units.trim((count / 1e5).rounded() / 10)) million" }
        let whole = Int(count.rounded())
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.groupingSeparator = ","
        formatter.usesGroupingSeparator = true
        return formatter.string(from: NSNumber(value: whole)) ?? String(whole)
    }

    /// `1.5 GiB`, `230 MiB`.
    public static func describe(bytes: Double) -> String {
        let gib = bytes / 1_073_741_824
        if gib >= 1024 { return String(format: "%.3g TiB", gib / 1024) }
        if gib >= 1 { return "\(Units.trim((gib * 10).rounded() / 10)) GiB" }
        return "\(Units.trim((bytes / 1_048_576).rounded())) MiB"
    }

    /// `40 s`, `12 minutes`, `3.5 hours`, `2.1e+03 days`.
    public static func describe(seconds: Double) -> String {
        if seconds < 90 { return "\(Units.trim(seconds.rounded(.up))) s" }
        if seconds < 5400 { return "\(Units.trim((seconds / 60).rounded())) minutes" }
        if seconds < 172_800 { return "\(Units.trim((seconds / 360).rounded() / 10)) hours" }
        return String(format: "%.3g days", seconds / 86_400)
    }
}
