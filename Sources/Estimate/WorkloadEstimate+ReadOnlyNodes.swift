import Model
import Scenarios

extension WorkloadEstimate {
    /// The reads a scenario sends to its read-only nodes, in expectation (README "Read-only
    /// nodes"): the screen checks the nodes' cores as it checks the primary's.
    ///
    /// Reads redirected to the primary for freshness (`max_staleness`) are left on the
    /// nodes: the estimate of the primary is optimistic by that share.
    public struct ReadOnlyLoad: Sendable {
        public var nodes: Int
        public var coresPerNode: Int
        /// Read transactions per second over all nodes, and their mean CPU seconds.
        public var transactionRate: Double
        public var meanQueryTime: Double
        /// Busy fraction of each node's cores, the reads spread evenly over the nodes.
        public var utilization: Double {
            transactionRate * meanQueryTime / Double(max(1, nodes * coresPerNode))
        }
    }
}

extension PlatformModel {
    /// Per operation, whether its transactions run on read-only nodes: as the simulation
    /// routes them (`ReadRouting`), all false without nodes.
    func readOnlyRouting() -> [Bool] {
        let readOnly = scenario.database.readOnly.count > 0
        return scenario.operations.map { readOnly && $0.reads == .replica && $0.kind == .query }
    }

    /// The nodes' load from the reads' CPU `moments` accumulated over `time` seconds.
    func readOnlyLoad(_ moments: Moments, over time: Double) -> WorkloadEstimate.ReadOnlyLoad? {
        let nodes = scenario.database.readOnly.count
        guard nodes > 0 else { return nil }
        return WorkloadEstimate.ReadOnlyLoad(nodes: nodes, coresPerNode: scenario.database.readOnlyPlan.vcpus,
                                             transactionRate: moments.weight / time, meanQueryTime: moments.mean)
    }
}
