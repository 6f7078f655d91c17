import Scenarios

extension CostModel {
    /// A balancer whose node count changes during the run (`load_balancer.resize`): each span
    /// of the horizon is charged at its node count; the monthly figure is the horizon's mean
    /// node count for a month.
    func resizedBalancer(_ tier: ServiceTier, horizon: Double, month: Double) -> CostComponent {
        let spans = tier.balancerCapacity.nodeSpans(startNodes: tier.balancerNodes, horizon: horizon)
        let price = loadBalancer.nodeMonthlyUSD
        let horizonUSD = spans.reduce(0) { $0 + Double($1.nodes) * charge(monthlyUSD: price, seconds: $1.seconds) }
        let meanNodes = horizon > 0 ? spans.reduce(0) { $0 + Double($1.nodes) * $1.seconds } / horizon : Double(tier.balancerNodes)
        let counts = spans.map { String($0.nodes) }.joined(separator: "→")
        return CostComponent(name: "loadBalancer.\(tier.name)", detail: "\(counts) nodes", horizonUSD: horizonUSD,
                             monthlyUSD: meanNodes * charge(monthlyUSD: price, seconds: month),
                             priceVerified: loadBalancer.nodePriceVerified)
    }
}
