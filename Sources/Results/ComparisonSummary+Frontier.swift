// The frontier of cost against service: the variants no other variant beats on both.

extension ComparisonSummary {
    /// The variants sorted by cost, each marked on or off the frontier.
    ///
    /// Service is SLO attainment (larger is better) when the scenario sets an attainment
    /// objective, p95 latency (smaller is better) otherwise, as the HTML report's chart
    /// draws it. A variant is dominated when another is cheaper or as cheap and serves as
    /// well or better, strictly better in one of the two; the others form the frontier: the
    /// only variants worth paying for. Means over replications decide, as published.
    public struct Frontier: Equatable, Sendable {
        /// The cost compared: `costBasis.measure`.
        public var cost: PolicyComparison.Measure
        /// The service compared: `.attainment` or `.p95`.
        public var service: PolicyComparison.Measure
        /// By cost, the first given first on a tie.
        public var points: [Point]

        /// One variant on the chart.
        public struct Point: Equatable, Sendable {
            public var variant: String
            /// Its cost, in US dollars (per month or over the horizon, as `cost` says).
            public var costUSD: Double
            /// Its service, in the measure's unit; nil without data (never on the frontier).
            public var service: Double?
            /// Whether no other variant dominates it.
            public var onFrontier: Bool
            /// The first variant, by cost, that dominates it; nil on the frontier.
            public var dominatedBy: String?
        }
    }

    /// The cost against service frontier of the variants.
    public var frontier: Frontier {
        let service: PolicyComparison.Measure = variants.contains { $0.estimates.contains { $0.measure == .attainment } }
            ? .attainment : .p95
        let better: (Double, Double) -> Bool = service.largerIsBetter ? { $0 > $1 } : { $0 < $1 }
        let order = variants.indices.sorted { a, b in
            let (costA, costB) = (cost(of: variants[a]), cost(of: variants[b]))
            return costA != costB ? costA < costB : a < b
        }
        let points = order.map { index -> Frontier.Point in
            let variant = variants[index]
            let cost = cost(of: variant)
            guard let quality = variant.estimate(of: service)?.mean else {
                return Frontier.Point(variant: variant.name, costUSD: cost, service: nil, onFrontier: false, dominatedBy: nil)
            }
            let dominator = order.first { other in
                guard other != index, let otherQuality = variants[other].estimate(of: service)?.mean else { return false }
                let otherCost = self.cost(of: variants[other])
                let noWorse = otherCost <= cost && !better(quality, otherQuality)
                return noWorse && (otherCost < cost || better(otherQuality, quality))
            }
            return Frontier.Point(variant: variant.name, costUSD: cost, service: quality, onFrontier: dominator == nil,
                                  dominatedBy: dominator.map { variants[$0].name })
        }
        return Frontier(cost: costBasis.measure, service: service, points: points)
    }
}
