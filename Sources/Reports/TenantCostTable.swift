import Results

/// The per-tenant cost section of the run report, from the summary alone, so that a stored
/// run renders it the same way later.
struct TenantCostTable {
    var costs: TenantCosts

    /// Rows of the terminal table: the costliest tenants, the largest losses, the groups.
    func text() -> String {
        var out = "\nCost per tenant (\(RunReport.count(costs.tenantCount)) tenants; idle and fixed cost shared \(ruleWords))\n"
        let hasRevenue = costs.groups.contains { $0.revenueMonthlyUSD != nil }
        var header = ["", "requests", "CPU s", "DB s", "horizon", "monthly", "per 1k req"]
        if hasRevenue { header += ["margin/month", ""] }
        var rows = costs.top.map(row)
        if !costs.largestLosses.isEmpty {
            let shown = Set(costs.top.map(\.name))
            let more = costs.largestLosses.filter { !shown.contains($0.name) }
            if !more.isEmpty {
                rows.append(["largest losses"] + Array(repeating: "", count: header.count - 1))
                rows += more.map(row)
            }
        }
        for other in costs.others {
            rows.append(totalsRow(other, label: "other \(other.group) (\(RunReport.count(other.tenants)))", hasRevenue: hasRevenue))
        }
        out += RunReport.grid(rows, header: header)
        out += "  by group\n"
        out += RunReport.grid(costs.groups.map { totalsRow($0, label: "\($0.group) (\(RunReport.count($0.tenants)))", hasRevenue: hasRevenue) },
                              header: nil)
        let variableShare = costs.monthlyUSD > 0 ? costs.variableMonthlyUSD / costs.monthlyUSD : 0
        out += "  $\(RunReport.fixed(costs.variableMonthlyUSD, 2)) of $\(RunReport.fixed(costs.monthlyUSD, 2))/month "
        out += "(\(RunReport.percent(variableShare))) followed measured CPU- and database-seconds; the rest is idle and fixed capacity\n"
        if hasRevenue {
            out += "  \(RunReport.count(costs.tenantsAtLoss)) tenant\(costs.tenantsAtLoss == 1 ? "" : "s") served at a loss (cost above the group's revenue_per_tenant)\n"
        }
        return out
    }

    var ruleWords: String {
        switch costs.idleCostRule {
        case .byUsage: "by usage"
        case .even: "evenly"
        case .byRequests: "by requests"
        }
    }

    func cpu(_ seconds: [Double]) -> String {
        RunReport.count(Int(seconds.reduce(0, +).rounded()))
    }

    func row(_ tenant: TenantCosts.Tenant) -> [String] {
        var cells = [tenant.name, RunReport.count(Int(tenant.requests.rounded())), cpu(tenant.cpuSeconds),
                     RunReport.count(Int(tenant.databaseSeconds.rounded())),
                     "$\(RunReport.fixed(tenant.horizonUSD, 2))", "$\(RunReport.fixed(tenant.monthlyUSD, 2))",
                     tenant.usdPer1000Requests.map { "$\(RunReport.fixed($0, 4))" } ?? "–"]
        if costs.groups.contains(where: { $0.revenueMonthlyUSD != nil }) {
            cells.append(tenant.marginMonthlyUSD.map(money) ?? "")
            cells.append(tenant.atLoss ? "LOSS" : "")
        }
        return cells
    }

    func totalsRow(_ totals: TenantCosts.GroupTotals, label: String, hasRevenue: Bool) -> [String] {
        var cells = [label, RunReport.count(Int(totals.requests.rounded())), cpu(totals.cpuSeconds),
                     RunReport.count(Int(totals.databaseSeconds.rounded())),
                     "$\(RunReport.fixed(totals.horizonUSD, 2))", "$\(RunReport.fixed(totals.monthlyUSD, 2))",
                     totals.requests > 0 ? "$\(RunReport.fixed(totals.horizonUSD / totals.requests * 1000, 4))" : "–"]
        if hasRevenue {
            cells.append(totals.marginMonthlyUSD.map(money) ?? "")
            cells.append(totals.tenantsAtLoss > 0 ? "\(RunReport.count(totals.tenantsAtLoss)) at a loss" : "")
        }
        return cells
    }

    func money(_ usd: Double) -> String {
        usd < 0 ? "−$\(RunReport.fixed(-usd, 2))" : "$\(RunReport.fixed(usd, 2))"
    }

    /// The same as Markdown tables.
    func markdown() -> String {
        let hasRevenue = costs.groups.contains { $0.revenueMonthlyUSD != nil }
        var out = "## Cost per tenant\n\n"
        out += "\(RunReport.count(costs.tenantCount)) tenants; idle and fixed cost shared \(ruleWords). "
        out += "$\(RunReport.fixed(costs.variableMonthlyUSD, 2)) of $\(RunReport.fixed(costs.monthlyUSD, 2))/month followed measured use."
        if hasRevenue { out += " \(RunReport.count(costs.tenantsAtLoss)) tenants served at a loss." }
        out += "\n\n"
        var header = ["tenant", "requests", "CPU s", "DB s", "horizon", "monthly", "per 1k req"]
        if hasRevenue { header += ["margin/month", ""] }
        out += "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in " --- |" }.joined() + "\n"
        var rows = costs.top.map(row)
        let shown = Set(costs.top.map(\.name))
        rows += costs.largestLosses.filter { !shown.contains($0.name) }.map(row)
        rows += costs.others.map { totalsRow($0, label: "other \($0.group) (\(RunReport.count($0.tenants)))", hasRevenue: hasRevenue) }
        rows += costs.groups.map { totalsRow($0, label: "**\($0.group)** (\(RunReport.count($0.tenants)))", hasRevenue: hasRevenue) }
        for cells in rows { out += "| " + cells.joined(separator: " | ") + " |\n" }
        return out
    }
}
