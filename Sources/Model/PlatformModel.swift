import Autoscaling
import DequeModule
import DigitalOceanCatalog
import Foundation
import HeapModule
import Results
import Scenarios
import SimCore
import Traces
import YAMLSupport

/// A scenario turned into indexes and tables, ready to simulate; shared read-only by all
/// replications.
///
/// Names become integers here, once, so that the event loop never builds or compares a
/// string; tenant sizes are drawn here from the scenario seed, so every replication sees the
/// same tenants and differs only in its traffic.
public struct PlatformModel: Sendable {
    /// The index of the API tier in `tiers`: tiers are built API first, and every scenario
    /// has an API tier, so the model names it instead of writing 0.
    package static let apiTier = 0

    public let scenario: Scenario

    package enum Target: Sendable, Equatable {
        case operation(Int)
        case page(Int)
    }

    package struct Group: Sendable {
        package var name: String
        package var firstTenant: Int
        package var tenantCount: Int
        package var tenantPicker: AliasTable
        package var mixTargets: [Target]
        package var mixPicker: AliasTable
    }

    package struct Source: Sendable {
        package var group: Int
        /// A fixed tenant for a single tenant's burst; -1 picks a tenant by size.
        package var tenant: Int
        package var profile: LoadProfile
        package var streamName: String
        /// The trace's own request times, for a group replaying them exactly; `profile` then
        /// still describes the same load as rates, for estimates.
        package var replay: RequestReplay? = nil
    }

    package struct Operation: Sendable {
        package var complexity: Distribution
        package var cpuBase: Double
        package var cpuPerPoint: Double
        package var roundTrips: Int
        package var queryTime: Distribution
        /// Connection-holding time without a core (`db_wait`), seconds.
        package var dbWait: Distribution
        /// Negative when not cached.
        package var cacheTTL: Double
    }

    package enum Rendering: Sendable, Equatable { case cdn, incremental, serverSide }

    package struct Page: Sendable {
        package var rendering: Rendering
        package var revalidate: Double
        package var renderCPU: Distribution
        package var cachedServeCPU: Double
        package var calls: [Int]
    }

    package struct Tier: Sendable {
        package var role: TierRole
        /// Droplet slots set aside: the most droplets the tier can ever hold at once.
        package var slots: Int
        package var initialDroplets: Int
        package var workersPerDroplet: Int
        package var inFlightLimit: Int
        package var cpuSpeed: Double
        package var balancing: BalancingAlgorithm
        /// Requests the tier's load balancer holds open at once (nodes × connections per
        /// node); one more is refused with `ErrorCause.balancerConnectionLimit`.
        package var balancerConnectionLimit: Int
        /// Whether a controller runs; its configuration is in `tierAutoscaling`, apart,
        /// because the event loop copies `Tier` values and must not retain anything.
        package var autoscaled: Bool
        package var monthlyUSD: Double
        package var memoryGiB: Double
        package var processMemoryGiB: Double
        package var requestMemoryGiB: Double
        package var workerSlots: Int { slots * workersPerDroplet }
    }

    package let groups: [Group]
    package let sources: [Source]

    // Flat tables for the event loop: plain numbers and samplers, read without copying
    // any of the structs above (which hold strings and arrays, and so cost reference counting).
    package let sourceGroup: [Int]
    package let sourceTenant: [Int]
    package let groupFirstTenant: [Int]
    package let tenantPickers: AliasTableSet
    package let mixPickers: AliasTableSet
    package let mixFirstTarget: [Int]
    package let mixTargets: [Target]
    package let operationComplexity: SamplerSet
    package let operationQueryTime: SamplerSet
    package let operationDBWait: SamplerSet
    /// Whether any operation has a `db_wait` other than a constant 0: without one, the hot
    /// path skips the draw (a constant draws nothing from its stream, so bytes are equal).
    package let anyDBWait: Bool
    package let operationCPUBase: [Double]
    package let operationCPUPerPoint: [Double]
    package let operationRoundTrips: [Int]
    package let operationCacheTTL: [Double]
    package let pageRendering: [Rendering]
    package let pageRevalidate: [Double]
    package let pageRenderCPU: SamplerSet
    package let pageCachedServeCPU: [Double]
    package let pageFirstCall: [Int]
    package let pageCallCount: [Int]
    package let pageCalls: [Int]
    /// `.infinity` when there is no limit.
    package let complexityLimit: Double
    package let bucket: TokenBucketSettings?
    package let pgBouncer: PgBouncerSettings
    package let contention: Double
    /// Network time of a round trip, seconds; constant unless the scenario gives a distribution.
    package let roundTripLatency: Sampler
    /// The latency when it is a constant (the usual case), so the hot path need not draw.
    package let constantRoundTripLatency: Double?
    /// Whether that time is spent after the server connection was released (`latency_side: client`).
    package let latencyOnClientSide: Bool
    package let persistentClients: PersistentClients
    package let operations: [Operation]
    package let pages: [Page]
    /// Index 0 is the API tier; index 1, when present, the web tier.
    package let tiers: [Tier]
    /// Per tier, in `tiers` order: droplet lifecycles and autoscaling configurations.
    package let tierLifecycles: [DropletLifecycle]
    package let tierAutoscaling: [AutoscalingConfiguration?]
    /// Per tier, its balancer's nodes and their limits (`BalancerNodes`), apart for the same reason.
    package let balancerPlans: [BalancerPlan]
    package let tenantCount: Int
    /// Each tenant's share of its group's load, for reports.
    package let tenantShares: [Double]

    public init(scenario: Scenario) {
        self.scenario = scenario
        let streams = RandomStreams(seed: scenario.seed)
        let startEpoch = scenario.start.timeIntervalSince1970
        var groups: [Group] = []
        var sources: [Source] = []
        var shares: [Double] = []
        let operationIndex = Dictionary(uniqueKeysWithValues: scenario.operations.enumerated().map { ($1.name, $0) })
        let pageIndex = Dictionary(uniqueKeysWithValues: scenario.pages.enumerated().map { ($1.name, $0) })
        for (groupIndex, group) in scenario.tenantGroups.enumerated() {
            var sizeStream = streams.stream(named: "tenant-sizes.\(group.name)")
            var weights = (0..<group.count).map { rank -> Double in
                switch group.sizeSpread {
                case .equal: return 1
                case let .lognormal(cv): return cv == 0 ? 1 : Distribution.lognormal(mean: 1, coefficientOfVariation: cv).sample(using: &sizeStream)
                case let .zipf(exponent): return 1 / pow(Double(rank + 1), exponent)
                }
            }
            weights.sort(by: >)
            // A trace with tenants sizes them: its k-th busiest tenant is the group's k-th.
            let tenantTrace = group.traceLoad.flatMap { $0.trace.tenants.isEmpty ? nil : $0 }
            if let tenantTrace {
                let totals = tenantTrace.trace.tenantCounts.map { $0.reduce(0, +) }
                weights = (0..<group.count).map { $0 < totals.count ? totals[tenantTrace.tenantsBySize[$0]] : 0 }
            }
            let total = weights.reduce(0, +)
            let groupShares = weights.map { $0 / total }
            let entries = group.mix.filter { $0.weight > 0 }
            let targets = entries.map { entry -> Target in
                if let page = pageIndex[entry.target] { return .page(page) }
                return .operation(operationIndex[entry.target]!)
            }
            groups.append(Group(
                name: group.name, firstTenant: shares.count, tenantCount: group.count,
                tenantPicker: AliasTable(weights: weights)!, mixTargets: targets,
                mixPicker: AliasTable(weights: entries.map(\.weight))!))
            let groupRate = Double(group.count) * group.ratePerTenant
            let groupWindows = group.bursts.filter { $0.tenant == nil }
                .map { LoadWindow(start: $0.start, end: $0.start + $0.duration, factor: $0.factor, rampUp: $0.rampUp, rampDown: $0.rampDown) }
            if let load = group.traceLoad {
                // `ratePerTenant` is the trace's mean over the tenants; a caller that scales it
                // (the optimizer's load transform) scales the trace. Unchanged, the factor is 1 exactly.
                let factor = group.ratePerTenant / (load.meanRate / Double(group.count))
                if load.exact {
                    // One source replays every request; each carries its trace tenant, mapped
                    // to the group's tenant of the same rank by size.
                    var rankOfTraceTenant = [Int32](repeating: -1, count: load.trace.tenants.count)
                    for (rank, tenant) in load.tenantsBySize.enumerated() { rankOfTraceTenant[tenant] = Int32(rank) }
                    sources.append(Source(group: groupIndex, tenant: -1,
                                          profile: LoadProfile(trace: TraceRates(load: load, factor: factor), group: group, startEpoch: startEpoch),
                                          streamName: "arrivals.\(group.name).replay",
                                          replay: RequestReplay(load: load, rankOfTraceTenant: rankOfTraceTenant, factor: factor)))
                } else if tenantTrace == nil {
                    sources.append(Source(group: groupIndex, tenant: -1,
                                          profile: LoadProfile(trace: TraceRates(load: load, factor: factor), group: group, startEpoch: startEpoch),
                                          streamName: "arrivals.\(group.name)"))
                } else {
                    for (rank, tenant) in load.tenantsBySize.enumerated() {
                        sources.append(Source(group: groupIndex, tenant: shares.count + rank,
                                              profile: LoadProfile(trace: TraceRates(load: load, tenant: tenant, factor: factor), group: group,
                                                                   startEpoch: startEpoch),
                                              streamName: "arrivals.\(group.name).trace.\(rank)"))
                    }
                }
            } else {
                sources.append(Source(
                    group: groupIndex, tenant: -1,
                    profile: LoadProfile(baseRate: groupRate, group: group, startEpoch: startEpoch, windows: groupWindows,
                                         onlyInsideWindows: false),
                    streamName: "arrivals.\(group.name)"))
            }
            for (burstIndex, burst) in group.bursts.enumerated() {
                guard let tenant = burst.tenant, burst.factor > 1 else { continue }
                // The tenant's extra load on top of its normal share: (factor − 1) × its rate,
                // still shaped by the group's profile and any group-wide bursts.
                // It ramps from no extra load, so the tenant's rate ramps from 1× to the factor.
                let window = LoadWindow(start: burst.start, end: burst.start + burst.duration, factor: burst.factor - 1,
                                        rampUp: burst.rampUp, rampDown: burst.rampDown)
                let profile = LoadProfile(baseRate: groupRate * groupShares[tenant], group: group, startEpoch: startEpoch,
                                          windows: [window], onlyInsideWindows: true)
                sources.append(Source(group: groupIndex, tenant: shares.count + tenant, profile: profile,
                                      streamName: "arrivals.\(group.name).burst.\(burstIndex)"))
            }
            shares.append(contentsOf: groupShares)
        }
        self.groups = groups
        self.sources = sources
        self.tenantShares = shares
        self.tenantCount = shares.count
        self.operations = scenario.operations.map { operation in
            Operation(complexity: operation.complexity, cpuBase: operation.cpuBase, cpuPerPoint: operation.cpuPerPoint,
                      roundTrips: operation.roundTrips, queryTime: operation.queryTime,
                      dbWait: operation.dbWait, cacheTTL: operation.cacheTTL ?? -1)
        }
        self.pages = scenario.pages.map { page in
            let rendering: Rendering
            var revalidate = 0.0
            switch page.rendering {
            case .staticGeneration: rendering = .cdn
            case let .incrementalRegeneration(interval): rendering = .incremental; revalidate = interval
            case .serverSide: rendering = .serverSide
            }
            return Page(rendering: rendering, revalidate: revalidate, renderCPU: page.renderCPU,
                        cachedServeCPU: page.cachedServeCPU, calls: page.calls.compactMap { operationIndex[$0] })
        }
        var tiers: [Tier] = []
        // The API tier first, always present (validation requires it): `apiTier` names index 0.
        for role in [TierRole.api, .web] {
            guard let tier = scenario.tier(role) else { continue }
            // Slots for every droplet that may exist at once, plus room for those still
            // finishing their requests after a scale-in, or after a failure (a fixed fleet's
            // replacement boots while the failed droplet's requests run out).
            let fails = tier.lifecycle.meanTimeBetweenFailures(size: tier.size.slug) != nil
                || scenario.faults.contains { $0.kind.lostTier == role }
            let slots = tier.autoscaling == nil ? tier.droplets * (fails ? 2 : 1) : tier.dropletCapacity * 2
            tiers.append(Tier(role: role, slots: slots, initialDroplets: tier.initialDroplets,
                              workersPerDroplet: tier.workersPerDroplet, inFlightLimit: tier.inFlightLimit,
                              cpuSpeed: tier.cpuSpeed, balancing: tier.balancing,
                              balancerConnectionLimit: tier.balancerConnectionLimit,
                              autoscaled: tier.autoscaling != nil, monthlyUSD: tier.size.monthlyUSD, memoryGiB: tier.size.memoryGiB,
                              processMemoryGiB: tier.processMemoryGiB, requestMemoryGiB: tier.requestMemoryGiB))
        }
        self.tiers = tiers
        tierLifecycles = [TierRole.api, .web].compactMap { scenario.tier($0)?.lifecycle }
        tierAutoscaling = [TierRole.api, .web].compactMap { scenario.tier($0) }.map(\.autoscaling)
        balancerPlans = [TierRole.api, .web].compactMap { scenario.tier($0) }.map(BalancerPlan.init)
        sourceGroup = sources.map(\.group)
        sourceTenant = sources.map(\.tenant)
        groupFirstTenant = groups.map(\.firstTenant)
        tenantPickers = AliasTableSet(groups.map(\.tenantPicker))
        mixPickers = AliasTableSet(groups.map(\.mixPicker))
        var firstTarget: [Int] = []
        var flatTargets: [Target] = []
        for group in groups {
            firstTarget.append(flatTargets.count)
            flatTargets += group.mixTargets
        }
        mixFirstTarget = firstTarget
        mixTargets = flatTargets
        operationComplexity = SamplerSet(operations.map(\.complexity))
        operationQueryTime = SamplerSet(operations.map(\.queryTime))
        operationDBWait = SamplerSet(operations.map(\.dbWait))
        anyDBWait = operations.contains { $0.dbWait != .constant(0) }
        operationCPUBase = operations.map(\.cpuBase)
        operationCPUPerPoint = operations.map(\.cpuPerPoint)
        operationRoundTrips = operations.map(\.roundTrips)
        operationCacheTTL = operations.map(\.cacheTTL)
        pageRendering = pages.map(\.rendering)
        pageRevalidate = pages.map(\.revalidate)
        pageRenderCPU = SamplerSet(pages.map(\.renderCPU))
        pageCachedServeCPU = pages.map(\.cachedServeCPU)
        var firstCall: [Int] = []
        var calls: [Int] = []
        for page in pages {
            firstCall.append(calls.count)
            calls += page.calls
        }
        pageFirstCall = firstCall
        pageCallCount = pages.map(\.calls.count)
        pageCalls = calls
        complexityLimit = scenario.graphQL.complexityLimit ?? .infinity
        bucket = scenario.graphQL.rateLimit
        pgBouncer = scenario.database.pgBouncer
        contention = scenario.database.contention
        roundTripLatency = Sampler(scenario.database.roundTripLatency)
        if case let .constant(latency) = scenario.database.roundTripLatency {
            constantRoundTripLatency = latency
        } else {
            constantRoundTripLatency = nil
        }
        latencyOnClientSide = scenario.database.latencyPlacement == .client
        persistentClients = scenario.database.persistentClients
    }

    /// The seed of one replication: independent of how many replications run or in what order.
    package func replicationSeed(_ replication: Int) -> UInt64 {
        var stream = RandomStreams(seed: scenario.seed).stream(named: "replication", index: replication)
        return stream.next()
    }
}

extension PlatformModel {
    /// Mean requests per second arriving over `seconds` from the start, all groups and bursts.
    public func meanArrivalRate(over seconds: Double) -> Double {
        sources.reduce(0) { $0 + $1.profile.meanRate(over: seconds) }
    }
}
