import Autoscaling
import DigitalOceanCatalog
import Foundation
import Scenarios

/// A configuration as numbers in [0, 1], one per dimension that varies: what the
/// Gaussian-process surrogate reads. Ordinal dimensions (droplet counts, pool sizes) keep
/// their order; a droplet size becomes its capacity (vCPUs × speed, on a log scale, since
/// doubling matters more than adding); a policy kind is an ordinal code. Each feature is
/// scaled to [0, 1] over the space, so that one length-scale bound suits every dimension.
struct FeatureScale: Sendable {
    private let lower: [Double]
    private let upper: [Double]
    private let catalog: Catalog

    init(configurations: [Configuration], catalog: Catalog) {
        self.catalog = catalog
        let raw = configurations.map { Self.raw($0, catalog: catalog) }
        let width = raw.map(\.count).max() ?? 0
        lower = (0..<width).map { column in raw.compactMap { column < $0.count ? $0[column] : nil }.min() ?? 0 }
        upper = (0..<width).map { column in raw.compactMap { column < $0.count ? $0[column] : nil }.max() ?? 0 }
    }

    /// The features of `configuration`: constant dimensions are dropped.
    func features(of configuration: Configuration) -> [Double] {
        let raw = Self.raw(configuration, catalog: catalog)
        var result: [Double] = []
        for (column, value) in raw.enumerated() where column < lower.count && upper[column] > lower[column] {
            result.append((value - lower[column]) / (upper[column] - lower[column]))
        }
        return result
    }

    static func raw(_ configuration: Configuration, catalog: Catalog) -> [Double] {
        var values: [Double] = []
        for tier in configuration.tiers {
            let size = catalog.dropletSize(tier.dropletSize)
            values.append(log2(Double(size?.vcpus ?? 1) * (size?.cpuSpeed ?? 1)))
            values.append(log2(size?.memoryGiB ?? 1))
            if let autoscaling = tier.autoscaling {
                values += [Double(autoscaling.minimum), Double(autoscaling.maximum), policyCode(autoscaling.policy),
                           policyTarget(autoscaling.policy)]
            } else {
                values += [Double(tier.droplets), Double(tier.droplets), 0, 1]
            }
            values += [Double(tier.workersPerDroplet), Double(tier.balancerNodes)]
        }
        let plan = catalog.databasePlan(configuration.database.plan)
        values += [log2(Double(plan?.vcpus ?? 1)), Double(plan?.backendConnections ?? 0), Double(configuration.database.poolSize),
                   Double(configuration.database.reservePoolSize), Double(configuration.database.standbyNodes),
                   configuration.database.poolMode == .transaction ? 0 : 1]
        for cache in configuration.responseCache { values.append(cache.ttlSeconds.map { log1p($0) } ?? 0) }
        return values
    }

    /// Fixed fleets are 0; policies by how early they add capacity.
    static func policyCode(_ policy: PolicyConfiguration) -> Double {
        switch policy {
        case .fixed: 0
        case .scheduled: 1
        case .predictive: 2
        case .targetTracking: 3
        case .dropletAutoscalePool: 4
        case .step: 5
        case .combined: 6
        }
    }

    /// The policy's utilization target, a fraction (1 where it has none).
    static func policyTarget(_ policy: PolicyConfiguration) -> Double {
        switch policy {
        case let .targetTracking(configuration): configuration.targets.first.map { $0.target } ?? 1
        case let .dropletAutoscalePool(configuration): configuration.targets.first.map { $0.target } ?? 1
        case let .predictive(configuration): configuration.targetUtilization
        default: 1
        }
    }
}
