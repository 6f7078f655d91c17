extension RunSummary {
    /// Outbound transfer of a run, mean over replications, in GiB (3 decimals): what the
    /// `transfer` cost line is computed from.
    public struct Transfer: Equatable, Sendable, Codable {
        /// GiB sent to clients over the horizon.
        public var outboundGiB: Double
        /// GiB of pooled allowance the droplets accrued over the horizon.
        public var allowanceGiB: Double
        /// GiB over the allowance over the horizon.
        public var overageGiB: Double
        /// The same per billing month.
        public var monthlyOutboundGiB: Double
        public var monthlyAllowanceGiB: Double
        public var monthlyOverageGiB: Double
        /// False when some size's allowance is unverified or not on record (then it counts none).
        public var allowanceVerified: Bool

        public init(_ bill: TransferBill) {
            outboundGiB = bill.outboundGiB.rounded(toPlaces: 3)
            allowanceGiB = bill.allowanceGiB.rounded(toPlaces: 3)
            overageGiB = bill.overageGiB.rounded(toPlaces: 3)
            monthlyOutboundGiB = bill.monthlyOutboundGiB.rounded(toPlaces: 3)
            monthlyAllowanceGiB = bill.monthlyAllowanceGiB.rounded(toPlaces: 3)
            monthlyOverageGiB = bill.monthlyOverageGiB.rounded(toPlaces: 3)
            allowanceVerified = bill.allowanceVerified
        }
    }
}
