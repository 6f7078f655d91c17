import Analysis
import DigitalOceanCatalog
import Foundation
import Model
import Scenarios
import YAMLSupport

/// The optimizer's analytic screen: what a configuration cannot do, whatever the simulation
/// would show.
///
/// The screen must never discard the cheapest configuration that meets the SLOs, so every
/// test is optimistic on the configuration's side:
/// - the busiest hour's expected load (growth and bursts included) against the fleet at its
///   largest (an autoscaled tier at its maximum, as if it were already there);
/// - a tier's workers as independent servers even where they share vCPUs;
/// - the database's cores and PgBouncer's pool at the mean demand, with no contention;
/// - each tier's load balancer at its configured nodes (a search-space dimension,
///   `balancer_nodes`) against the hour's mean request rate, and the connections that rate
///   holds by Little's law over the CPU time alone (`BalancerAnalysis`).
/// A utilization of 1 or more over a whole hour means a queue that grows all hour: the
/// latency objectives and the error rate cannot hold (at 1.0 over an hour of 100 requests/s
/// the backlog alone is minutes). Anything closer is left to the simulation.
public struct ConfigurationScreen: Sendable {
    /// Why a configuration was discarded, in words a planner reads.
    public struct Rejection: Sendable, Hashable, Codable {
        /// What cannot hold: `api tier`, `api balancer`, `database`, `pool`.
        public var component: String
        public var reason: String
        /// The optimistic utilization at the peak, a fraction (≥ 1 when discarded).
        public var utilization: Double
    }

    public init() {}

    /// The first reason `scenario` (a configuration applied) cannot meet its SLOs, or nil when
    /// the screen lets it through.
    public func rejection(of scenario: Scenario) -> Rejection? {
        let model = PlatformModel(scenario: scenario)
        let peak = model.workload(.peakHour)
        for tier in peak.tiers {
            guard let configured = scenario.tier(tier.role) else { continue }
            let largest = configured.autoscaling.map { max($0.maximum, configured.droplets) } ?? configured.droplets
            let workers = Double(max(1, largest * tier.workersPerDroplet))
            let utilization = tier.requestRate * tier.meanService / workers
            if utilization >= 1 {
                return Rejection(
                    component: "\(tier.role.rawValue) tier",
                    reason: "the \(tier.role.rawValue) tier is saturated in the busiest hour even at \(largest) droplet\(largest == 1 ? "" : "s") of \(configured.size.slug) (utilization \(Self.format(utilization)))",
                    utilization: utilization)
            }
        }
        for tier in peak.tiers {
            guard let configured = scenario.tier(tier.role) else { continue }
            // The CPU time alone: the shortest a request can hold its connection.
            let balancer = BalancerAnalysis(tier: configured, requestRate: tier.requestRate, meanResponse: tier.meanService)
            if balancer.utilization >= 1 {
                let needed = balancer.nodesNeeded.map { ", needs \($0)" } ?? ""
                return Rejection(
                    component: "\(tier.role.rawValue) balancer",
                    reason: "the \(tier.role.rawValue) tier's load balancer cannot carry the busiest hour at \(configured.balancerNodes) node\(configured.balancerNodes == 1 ? "" : "s") (\(balancer.bindingLimit) limit, utilization \(Self.format(balancer.utilization))\(needed))",
                    utilization: balancer.utilization)
            }
        }
        let database = peak.database
        if database.utilization >= 1 {
            return Rejection(
                component: "database",
                reason: "the database's \(database.cores) vCPUs are saturated in the busiest hour (utilization \(Self.format(database.utilization)))",
                utilization: database.utilization)
        }
        if let readOnly = database.readOnly, readOnly.utilization >= 1 {
            return Rejection(
                component: "read-only nodes",
                reason: "the \(readOnly.nodes) read-only node\(readOnly.nodes == 1 ? "'s" : "s'") \(readOnly.coresPerNode) vCPUs are saturated by the reads in the busiest hour (utilization \(Self.format(readOnly.utilization)))",
                utilization: readOnly.utilization)
        }
        // The reserve pool counts as if always open: optimistic.
        let connections = scenario.database.pgBouncer.poolSize + scenario.database.pgBouncer.reservePoolSize
        let poolUtilization = database.transactionRate * database.meanHold / Double(max(1, connections))
        if poolUtilization >= 1 {
            return Rejection(
                component: "pool",
                reason: "PgBouncer's \(connections) server connections are saturated in the busiest hour (utilization \(Self.format(poolUtilization)))",
                utilization: poolUtilization)
        }
        return nil
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
