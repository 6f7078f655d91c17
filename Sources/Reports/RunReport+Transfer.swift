import Results

extension RunReport {
    /// The line under the bill that says where the `transfer` line comes from: GiB sent,
    /// the pooled allowance and the overage billed, over the horizon and per month.
    static func transferText(_ transfer: RunSummary.Transfer?) -> String {
        guard let transfer else { return "" }
        func gib(_ value: Double) -> String { "\(fixed(value, value < 10 ? 2 : 1)) GiB" }
        var out = "Outbound transfer: \(gib(transfer.outboundGiB)) sent, \(gib(transfer.allowanceGiB)) allowance, "
        out += "\(gib(transfer.overageGiB)) over (per month: \(gib(transfer.monthlyOutboundGiB)) sent, "
        out += "\(gib(transfer.monthlyAllowanceGiB)) allowance, \(gib(transfer.monthlyOverageGiB)) over)"
        out += transfer.allowanceVerified ? "\n" : "; allowance unverified\n"
        return out
    }
}
