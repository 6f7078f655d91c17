import Results

/// The tables the reports share: setup facts, objective verdicts and the bill.
enum ReportTables {
    /// A verdict as a table cell: its word and a symbol, so that it does not depend on
    /// colour (or on a colour printer) to be read.
    static func verdict(_ status: ObjectiveVerdict.Status) -> HTMLPage.Cell {
        switch status {
        case .met: HTMLPage.Cell("✓ met", style: "met")
        case .missed: HTMLPage.Cell("✗ missed", style: "missed")
        case .noData: HTMLPage.Cell("? no data", style: "nodata")
        }
    }

    /// An objective's value in its unit: milliseconds, or a fraction as a percentage.
    static func objectiveValue(_ value: Double?, unit: String) -> String {
        guard let value else { return "–" }
        return unit == "fraction" ? percent(value) : NumberText.readable(value) + " ms"
    }

    /// A fraction as a percentage with enough decimals to show the difference between
    /// 99.9% and 99.95%.
    static func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        // Three decimals where two would hide the difference that matters: below 0.1%
        // (an error rate against a 0.1% target) and just under 100%.
        let twoPlaces = NumberText.fixed(value, places: 2)
        let places = (value != 0 && abs(value) < 0.1) || (value < 100 && twoPlaces == "100.00") ? 3 : 2
        let text = NumberText.fixed(value, places: places)
        // "99%" rather than "99.00%" (zeros that claim a precision nobody asked for), but
        // "38.30%" beside "29.66%", so that a column's decimals line up.
        if let point = text.firstIndex(of: "."), text[text.index(after: point)...].allSatisfy({ $0 == "0" }) {
            return String(text[..<point]) + "%"
        }
        return text + "%"
    }

    /// The run's setup as facts.
    static func setupFacts(_ summary: RunSummary, axis: TimeAxis) -> [(term: String, value: String)] {
        let setup = summary.setup
        return [
            ("Scenario", setup.name),
            ("File", setup.source),
            ("Start", setup.start),
            ("Time zone", setup.timeZone),
            ("Horizon", NumberText.duration(seconds: setup.horizonSeconds)),
            ("Warm-up", setup.warmupSeconds > 0 ? NumberText.duration(seconds: setup.warmupSeconds) : "none"),
            ("Seed", String(setup.seed)),
            ("Replications", String(setup.replications)),
            ("Requests", NumberText.fixed(Double(summary.requests.outcomes.total), places: 0)),
            ("Arrival rate", NumberText.readable(summary.requests.arrivalRatePerSecond) + " /s"),
            ("Events simulated", NumberText.fixed(Double(summary.events), places: 0)),
            ("Wall time", NumberText.readable(summary.wallSeconds) + " s"),
        ]
    }

    /// Every objective with its target, value, interval and verdict.
    static func objectives(_ summary: RunSummary, into page: inout HTMLPage) {
        guard !summary.objectives.isEmpty else {
            page.paragraph("The scenario sets no objectives.")
            return
        }
        let rows = summary.objectives.map { objective -> [HTMLPage.Cell] in
            let interval = objective.interval.map {
                objectiveValue($0.lower, unit: objective.unit) + " – " + objectiveValue($0.upper, unit: objective.unit)
            } ?? "–"
            return [
                HTMLPage.Cell(objective.name),
                .number(objective.comparison.rawValue.replacingOccurrences(of: "<=", with: "≤").replacingOccurrences(of: ">=", with: "≥")
                    + " " + objectiveValue(objective.target, unit: objective.unit)),
                .number(objectiveValue(objective.value, unit: objective.unit)),
                .number(interval),
                .number(NumberText.fixed(Double(objective.samples), places: 0)),
                objective.reason.map { HTMLPage.Cell("? no data: " + $0, style: "nodata") } ?? verdict(objective.status),
            ]
        }
        page.table(["Objective", .number("Target"), .number("Mean"), .number("95% interval"), .number("Samples"), "Verdict"], rows: rows,
                   caption: "An objective is met when its interval's bound on the bad side meets the target; without data it is never met.")
    }

    /// The bill, line by line, with its total.
    static func cost(_ cost: RunSummary.Cost, into page: inout HTMLPage) {
        let rows = cost.components.map { line -> [HTMLPage.Cell] in
            [HTMLPage.Cell(line.name), HTMLPage.Cell(line.detail), .number(NumberText.dollars(line.horizonUSD)),
             .number(NumberText.dollars(line.monthlyUSD)), HTMLPage.Cell(line.priceVerified ? "yes" : "not confirmed", style: line.priceVerified ? nil : "nodata")]
        }
        page.table(["Line", "Detail", .number("Over the horizon"), .number("Per month"), "Price verified"], rows: rows,
                   footer: [["Total", "", .number(NumberText.dollars(cost.horizonUSD)), .number(NumberText.dollars(cost.monthlyUSD)), ""]],
                   caption: "Mean bill over replications, in US dollars; per month is the monthly equivalent at DigitalOcean's monthly caps.")
    }

    /// Per tier: size, droplets, utilization, wait, and how the fleet moved; then the database.
    static func capacity(_ summary: RunSummary, into page: inout HTMLPage) {
        let rows = summary.tiers.map { tier -> [HTMLPage.Cell] in
            let fleet = summary.fleets.first { $0.role == tier.role }
            return [
                HTMLPage.Cell(tier.role.rawValue), HTMLPage.Cell(tier.size), .number(String(tier.droplets)),
                .number(fleet.map { NumberText.fixed($0.meanDropletsInRotation, places: 2) } ?? "–"),
                .number(fleet.map { String($0.peakDroplets) } ?? "–"),
                HTMLPage.Cell(fleet?.policy ?? "static"),
                .number(fleet.map { NumberText.fixed($0.scaleEventsPerReplication, places: 1) } ?? "–"),
                .number(percent(tier.cpuUtilization)),
                .number(NumberText.readable(tier.queueWait.p95Milliseconds) + " ms"),
            ]
        }
        page.table(["Tier", "Size", .number("Droplets at start"), .number("Mean in rotation"), .number("Peak"), "Policy",
                    .number("Scale events per replication"), .number("CPU utilization"), .number("p95 wait for CPU")], rows: rows)
        let database = summary.database
        page.table(["Database plan", .number("CPU utilization"), .number("Pool wait p95"), .number("Pool wait probability"),
                    .number("Pool timeouts"), .number("Peak client connections")],
                   rows: [[HTMLPage.Cell(database.plan), .number(percent(database.cpuUtilization)),
                           .number(NumberText.readable(database.poolWait.p95Milliseconds) + " ms"),
                           .number(percent(database.poolWaitProbability)), .number(String(database.poolTimeouts)),
                           .number(String(database.peakClientConnections))]])
    }

    /// Per group, every tenant summed: cost, the part that followed measured use, revenue,
    /// margin and tenants at a loss.
    static func tenantGroups(_ costs: TenantCosts, into page: inout HTMLPage) {
        let rows = costs.groups.map { group -> [HTMLPage.Cell] in
            [HTMLPage.Cell(group.group), .number(String(group.tenants)), .number(NumberText.fixed(group.requests, places: 0)),
             .number(NumberText.dollars(group.monthlyUSD)), .number(NumberText.dollars(group.variableMonthlyUSD)),
             .number(group.revenueMonthlyUSD.map(NumberText.dollars) ?? "–"),
             group.marginMonthlyUSD.map { HTMLPage.Cell(NumberText.dollars($0), style: $0 < 0 ? "num missed" : "num") } ?? .number("–"),
             group.tenantsAtLoss > 0 ? HTMLPage.Cell(String(group.tenantsAtLoss), style: "num missed") : .number("0")]
        }
        page.table(["Group", .number("Tenants"), .number("Requests"), .number("Cost per month"), .number("of which measured use"),
                    .number("Revenue per month"), .number("Margin per month"), .number("Tenants at a loss")], rows: rows,
                   footer: [["Total", .number(String(costs.tenantCount)), "", .number(NumberText.dollars(costs.monthlyUSD)),
                             .number(NumberText.dollars(costs.variableMonthlyUSD)), "", "", .number(String(costs.tenantsAtLoss))]],
                   caption: "Idle and fixed cost shared \(RunCharts.describe(costs.idleCostRule)) (--idle-cost \(costs.idleCostRule.rawValue)); requests are means over replications.")
    }
}
