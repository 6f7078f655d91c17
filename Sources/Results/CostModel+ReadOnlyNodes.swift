import Scenarios

extension CostModel {
    /// `database.readOnly`: each read-only node billed as a single node of its plan.
    ///
    /// DigitalOcean's documentation of read-only nodes states their size rule (at least the
    /// primary's) but, on the pages capsim could read, not their price; billing a node as a
    /// single-node cluster of its size is an assumption, so the line is flagged unverified
    /// whatever the plan's own price flag says (README "Read-only nodes").
    func readOnlyNodesComponent(_ database: DatabaseSettings, horizon: Double, month: Double) -> CostComponent? {
        let count = database.readOnly.count
        guard count > 0 else { return nil }
        let plan = database.readOnlyPlan
        return CostComponent(
            name: "database.readOnly", detail: "\(count) × \(plan.slug)",
            horizonUSD: Double(count) * charge(monthlyUSD: plan.monthlyUSD, seconds: horizon),
            monthlyUSD: Double(count) * charge(monthlyUSD: plan.monthlyUSD, seconds: month),
            priceVerified: false)
    }
}
