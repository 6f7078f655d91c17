import ContentHash
import DigitalOceanCatalog
import Estimate
import Foundation
import Results
import Scenarios

/// One configuration of the search space, applied to the scenario, with what the search
/// knows of it before simulating.
public struct Candidate: Sendable {
    /// Position in the space's enumeration: the tie-break that keeps every order stable.
    public var index: Int
    public var configuration: Configuration
    /// `Configuration.contentHash`: the key of its trials in the store.
    public var hash: String
    /// The scenario with the configuration applied.
    public var scenario: Scenario
    /// The least it can cost per month, in US dollars: its bill for a fixed fleet, and the
    /// bill of the minimum fleet for an autoscaled tier (the fleet never goes below it).
    public var monthlyUSDLowerBound: Double
    /// True when no tier autoscales: the lower bound is then the cost itself.
    public var costIsKnown: Bool
    /// The configuration as numbers in [0, 1], for the surrogate model.
    public var features: [Double]
}

/// Why a configuration of the space was not simulated.
public struct ScreenedOut: Sendable, Hashable, Codable {
    public var configuration: Configuration
    public var label: String
    public var monthlyUSDLowerBound: Double
    /// The screen's reason (saturation at the peak), or the cheaper configuration that
    /// dominates it.
    public var reason: String
}

/// The space's valid configurations prepared for the search: applied, hashed, priced,
/// screened and described as features.
public struct CandidatePool: Sendable {
    /// Survivors of the screen, in enumeration order.
    public var candidates: [Candidate]
    /// Discarded by the analytic screen or dominated, in enumeration order.
    public var screenedOut: [ScreenedOut]

    /// - Parameters:
    ///   - configurations: the valid configurations, in the space's order.
    ///   - label: how a configuration is named in reports.
    ///   - screening: false keeps every configuration (`--exhaustive`, and the screen's own tests).
    public init(scenario: Scenario, configurations: [Configuration], catalog: Catalog,
                label: (Configuration) -> String, screening: Bool = true) throws(ConfigurationError) {
        let costModel = CostModel(catalog: catalog)
        let screen = ConfigurationScreen()
        var prepared: [(candidate: Candidate, rejection: ConfigurationScreen.Rejection?)] = []
        let features = FeatureScale(configurations: configurations, catalog: catalog)
        for (index, configuration) in configurations.enumerated() {
            let applied = try scenario.applying(configuration, catalog: catalog)
            let candidate = Candidate(
                index: index, configuration: configuration, hash: configuration.contentHash, scenario: applied,
                monthlyUSDLowerBound: costModel.fixedFleet(applied).monthlyUSD,
                costIsKnown: applied.tiers.allSatisfy { $0.autoscaling == nil },
                features: features.features(of: configuration))
            prepared.append((candidate, screening ? screen.rejection(of: applied) : nil))
        }
        var kept: [Candidate] = []
        var out: [ScreenedOut] = []
        for (candidate, rejection) in prepared {
            if let rejection {
                out.append(ScreenedOut(configuration: candidate.configuration, label: label(candidate.configuration),
                                       monthlyUSDLowerBound: candidate.monthlyUSDLowerBound, reason: rejection.reason))
            } else {
                kept.append(candidate)
            }
        }
        if screening {
            let dominance = Dominance(catalog: catalog)
            var survivors: [Candidate] = []
            for candidate in kept {
                if let better = dominance.dominator(of: candidate, among: kept) {
                    out.append(ScreenedOut(configuration: candidate.configuration, label: label(candidate.configuration),
                                           monthlyUSDLowerBound: candidate.monthlyUSDLowerBound,
                                           reason: "dominated by \(label(better.configuration)): as much capacity for $\(String(format: "%.2f", better.monthlyUSDLowerBound))/month"))
                } else {
                    survivors.append(candidate)
                }
            }
            kept = survivors
        }
        candidates = kept
        screenedOut = out.sorted { ($0.monthlyUSDLowerBound, $0.label) < ($1.monthlyUSDLowerBound, $1.label) }
    }
}

/// Dominance among fixed-fleet candidates: B is dominated when another candidate A costs
/// strictly less (or the same, earlier in the space) and has at least B's capacity in every
/// respect the model uses: the same fleets, workers, balancer nodes, pool and caches, each
/// droplet size with as many vCPUs, as fast and as much memory, a database plan with as
/// many vCPUs, connections and memory. The model is monotone in those, so B cannot be the
/// cheapest configuration that meets the SLOs. Autoscaled candidates are left alone: their
/// cost is not known before simulation.
struct Dominance {
    let catalog: Catalog

    func dominator(of candidate: Candidate, among candidates: [Candidate]) -> Candidate? {
        guard candidate.costIsKnown else { return nil }
        for other in candidates where other.index != candidate.index && other.costIsKnown {
            let cheaper = other.monthlyUSDLowerBound < candidate.monthlyUSDLowerBound
                || (other.monthlyUSDLowerBound == candidate.monthlyUSDLowerBound && other.index < candidate.index)
            if cheaper && covers(other.configuration, candidate.configuration) { return other }
        }
        return nil
    }

    /// Whether `a` has at least `b`'s capacity everywhere.
    func covers(_ a: Configuration, _ b: Configuration) -> Bool {
        guard a.tiers.count == b.tiers.count, a.responseCache == b.responseCache else { return false }
        for (x, y) in zip(a.tiers, b.tiers) {
            guard x.role == y.role, x.droplets == y.droplets, x.workersPerDroplet == y.workersPerDroplet,
                  x.inFlightLimit == y.inFlightLimit, x.balancerNodes == y.balancerNodes, x.autoscaling == y.autoscaling,
                  let sx = catalog.dropletSize(x.dropletSize), let sy = catalog.dropletSize(y.dropletSize),
                  sx.vcpus >= sy.vcpus, sx.cpuSpeed >= sy.cpuSpeed, sx.memoryGiB >= sy.memoryGiB
            else { return false }
        }
        let x = a.database, y = b.database
        guard x.poolMode == y.poolMode, x.poolSize == y.poolSize, x.reservePoolSize == y.reservePoolSize,
              x.standbyNodes == y.standbyNodes,
              let px = catalog.databasePlan(x.plan), let py = catalog.databasePlan(y.plan),
              px.vcpus >= py.vcpus, px.backendConnections >= py.backendConnections, px.memoryGiB >= py.memoryGiB
        else { return false }
        return true
    }
}
