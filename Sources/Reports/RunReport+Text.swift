import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Results
import Scenarios
import SimCore
import YAMLSupport

extension RunReport {
    /// The terminal summary: what an SRE reads first, top to bottom.
    public func table() -> String {
        let s = summary
        let setup = s.setup
        var out = ""
        out += "capsim run — \(setup.name)\n"
        out += "  \(Units.describe(seconds: setup.horizonSeconds)) from \(setup.start) (\(setup.timeZone)), "
        out += "\(setup.replications) replication\(setup.replications == 1 ? "" : "s"), seed \(setup.seed)"
        if setup.warmupSeconds > 0 { out += ", warm-up \(Units.describe(seconds: setup.warmupSeconds))" }
        out += "\n\n"

        let o = s.requests.outcomes
        out += "Requests (all replications)\n"
        var requestRows: [[String]] = [
            ["total", Self.count(o.total), ""],
            ["completed", Self.count(o.completed), Self.percent(o.completed, of: o.total)],
        ]
        if o.servedByCDN > 0 { requestRows.append(["  by the CDN", Self.count(o.servedByCDN), Self.percent(o.servedByCDN, of: o.total)]) }
        requestRows += [
            ["rejected (complexity)", Self.count(o.rejected), Self.percent(o.rejected, of: o.total)],
            ["throttled (429)", Self.count(o.throttled), Self.percent(o.throttled, of: o.total)],
            ["errors", Self.count(o.errorTotal), Self.percent(o.errorTotal, of: o.total)],
        ]
        for cause in ErrorCause.allCases where o.errors(cause) > 0 {
            requestRows.append(["  \(cause.rawValue)", Self.count(o.errors(cause)), Self.percent(o.errors(cause), of: o.total)])
        }
        requestRows.append(["in flight at end", Self.count(o.inFlightAtEnd), ""])
        out += Self.grid(requestRows, header: nil)

        out += "\nLatency (ms)\n"
        out += Self.grid(latencyRows, header: ["", "p50", "p90", "p95", "p99", "p99.9", "max", "mean"])
        if let note = failedLatencyNote { out += "  \(note)\n" }

        let cached = s.operations.compactMap { operation in operation.unroundedCacheHitRatio.map { (operation.name, $0) } }
        if !cached.isEmpty {
            out += "  response cache hit ratio: " + cached.map { "\($0.0) \(Self.percent($0.1))" }.joined(separator: ", ") + "\n"
        }

        out += "\nCapacity\n"
        var capacityRows: [[String]] = s.tiers.map { tier in
            ["\(tier.role.rawValue) tier", Self.fleetDescription(tier),
             "CPU \(Self.share(tier.cpuUtilization, tier.cpuUtilizationInterval))",
             "queue wait mean \(Self.ms(tier.queueWait.meanMilliseconds)) ms, p95 \(Self.ms(tier.queueWait.p95Milliseconds)) ms"]
        }
        let d = s.database
        capacityRows.append(["database", d.plan, "CPU \(Self.share(d.cpuUtilization, d.cpuUtilizationInterval))",
                             "\(Self.fixed(d.meanActiveTransactions, 2)) active transactions on average"])
        capacityRows.append(["pgbouncer", "\(d.poolMode) pool of \(d.poolSize)",
                             "wait p50 \(Self.ms(d.poolWait.p50Milliseconds)) / p95 \(Self.ms(d.poolWait.p95Milliseconds)) / p99 \(Self.ms(d.poolWait.p99Milliseconds)) ms",
                             "\(Self.count(d.poolTimeouts)) timeouts, \(Self.count(d.refusedClients)) refused, \(Self.percent(d.unroundedPoolWaitProbability)) waited"])
        if let nodes = s.readOnlyNodes { capacityRows += Self.readOnlyNodeRows(nodes) }
        out += Self.grid(capacityRows, header: nil)
        out += Self.balancerBlock(s.balancers)

        let moving = s.fleets.filter(\.autoscaled)
        if !moving.isEmpty {
            out += "\nAutoscaling\n"
            out += Self.grid(moving.map { fleet in
                ["\(fleet.role.rawValue) tier", fleet.policy,
                 "\(Self.fixed(fleet.meanDropletsInRotation, 2)) in rotation on average, peak \(fleet.peakDroplets)",
                 "\(Self.fixed(fleet.dropletHours, 1)) droplet-hours",
                 "\(Self.fixed(fleet.scaleEventsPerReplication, 1)) scale events" + (fleet.failedDroplets > 0 ? ", \(fleet.failedDroplets) never healthy" : "")]
            }, header: nil)
            if let minutes = s.underProvisionedMinutes {
                out += "  under-provisioned: \(Self.fixed(minutes, 1)) minutes of missed SLO windows while capacity was booting\n"
            }
            for fleet in moving where !fleet.scaleEvents.isEmpty {
                out += "  \(fleet.role.rawValue) scale events (replication 1, first 8 of \(fleet.scaleEvents.count)):\n"
                for event in fleet.scaleEvents.prefix(8) {
                    out += "    \(Self.clock(event.timeSeconds, setup: setup))  \(event.fromDroplets) → \(event.toDroplets)  \(event.reason)\n"
                }
            }
        }

        let lifecycle = s.fleets.filter { $0.requestsFinishedInGrace + $0.requestsLostToDrain + $0.dropletsFailedWhileServing > 0 }
        if !lifecycle.isEmpty {
            out += "\nDroplet lifecycle (summed over replications)\n"
            out += Self.grid(lifecycle.map { fleet in
                ["\(fleet.role.rawValue) tier",
                 "scale-in: \(Self.count(fleet.requestsFinishedInGrace)) requests finished in grace, \(Self.count(fleet.requestsLostToDrain)) lost at destroy",
                 "failures: \(Self.count(fleet.dropletsFailedWhileServing)) droplets, \(Self.count(fleet.requestsLostToFailure)) requests lost"]
            }, header: nil)
        }

        out += faultSection()

        out += "\nCost\n"
        var costRows = s.cost.components.map { component in
            [component.name, component.detail, "$\(Self.fixed(component.horizonUSD, 2))", "$\(Self.fixed(component.monthlyUSD, 2))/month",
             component.priceVerified ? "" : "price unverified"]
        }
        costRows.append(["total", "", "$\(Self.fixed(s.cost.horizonUSD, 2))", "$\(Self.fixed(s.cost.monthlyUSD, 2))/month", ""])
        out += Self.grid(costRows, header: ["", "", "horizon", "monthly", ""])
        out += Self.transferText(s.cost.transfer)
        out += TenantCostTable(costs: s.tenantCosts).text()

        out += "\nService level objectives\n"
        if s.objectives.isEmpty {
            out += "  none set\n"
        } else {
            out += Self.grid(s.objectives.map { objective in
                [Self.statusLabel(objective.status), objective.name, Self.objectiveValue(objective),
                 "target \(Self.symbol(objective.comparison)) \(Self.objectiveNumber(objective.target, unit: objective.unit))"]
            }, header: nil)
        }
        // From the wall time as published, to the millisecond: the line then reads the same
        // when the run is rendered again from its summary.
        out += "\n\(Self.count(s.events)) events in \(Self.fixed(s.wallSeconds, 2)) s"
        let simulatedRequests = Double(o.total)
        if s.wallSeconds > 0 { out += " (\(Self.count(Int(simulatedRequests / s.wallSeconds))) simulated requests per wall-clock second)" }
        out += "\n"
        return out
    }

    /// The same summary as Markdown tables, for pull requests and wikis.
    public func markdown() -> String {
        let s = summary
        var out = "# capsim run: \(s.setup.name)\n\n"
        out += "\(Units.describe(seconds: s.setup.horizonSeconds)), \(s.setup.replications) replication\(s.setup.replications == 1 ? "" : "s"), seed \(s.setup.seed).\n\n"
        out += "## Service level objectives\n\n| objective | value | 95% CI | target | verdict |\n|---|---|---|---|---|\n"
        for objective in s.objectives {
            let interval = objective.interval.map { bounds in
                "\(Self.objectiveNumber(bounds.lower, unit: objective.unit)) – \(Self.objectiveNumber(bounds.upper, unit: objective.unit))"
            } ?? "n/a"
            let value = objective.unroundedValue.map { Self.objectiveNumber($0, unit: objective.unit) } ?? "no data"
            let status = objective.status == .noData ? "no data (\(objective.reason ?? ""))" : objective.met ? "met" : "missed"
            out += "| \(objective.name) | \(value) | \(interval) | \(Self.symbol(objective.comparison)) \(Self.objectiveNumber(objective.target, unit: objective.unit)) | \(status) |\n"
        }
        let o = s.requests.outcomes
        out += "\n## Requests\n\n| outcome | count |\n|---|---:|\n"
        out += "| total | \(o.total) |\n| completed | \(o.completed) |\n| served by CDN | \(o.servedByCDN) |\n| rejected | \(o.rejected) |\n| throttled | \(o.throttled) |\n"
        for cause in ErrorCause.allCases { out += "| error: \(cause.rawValue) | \(o.errors(cause)) |\n" }
        out += "| in flight at end | \(o.inFlightAtEnd) |\n"
        out += "\n## Latency (ms)\n\n| scope | p50 | p90 | p95 | p99 | p99.9 | max | mean |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
        for row in latencyRows { out += "| " + row.joined(separator: " | ") + " |\n" }
        if let note = failedLatencyNote { out += "\n\(note.prefix(1).uppercased() + note.dropFirst()).\n" }
        out += "\n## Capacity\n\n| component | size | CPU utilization |\n|---|---|---:|\n"
        for tier in s.tiers {
            out += "| \(tier.role.rawValue) tier | \(tier.droplets) × \(tier.size) | \(Self.share(tier.cpuUtilization, tier.cpuUtilizationInterval)) |\n"
        }
        let d = s.database
        out += "| database | \(d.plan) | \(Self.share(d.cpuUtilization, d.cpuUtilizationInterval)) |\n"
        out += "\nPool wait p50/p95/p99: \(Self.ms(d.poolWait.p50Milliseconds)) / \(Self.ms(d.poolWait.p95Milliseconds)) / \(Self.ms(d.poolWait.p99Milliseconds)) ms; \(d.poolTimeouts) pool timeouts.\n"
        if let nodes = s.readOnlyNodes { out += Self.readOnlyNodesText(nodes) }
        out += "\n## Cost\n\n| component | detail | horizon | monthly |\n|---|---|---:|---:|\n"
        for component in s.cost.components {
            out += "| \(component.name) | \(component.detail)\(component.priceVerified ? "" : " (price unverified)") | $\(Self.fixed(component.horizonUSD, 2)) | $\(Self.fixed(component.monthlyUSD, 2)) |\n"
        }
        out += "| **total** | | **$\(Self.fixed(s.cost.horizonUSD, 2))** | **$\(Self.fixed(s.cost.monthlyUSD, 2))** |\n"
        out += "\n" + TenantCostTable(costs: s.tenantCosts).markdown()
        let moving = s.fleets.filter(\.autoscaled)
        if !moving.isEmpty {
            out += "\n## Autoscaling\n\n| tier | policy | mean in rotation | peak | droplet-hours | scale events |\n|---|---|---:|---:|---:|---:|\n"
            for fleet in moving {
                out += "| \(fleet.role.rawValue) | \(fleet.policy) | \(Self.fixed(fleet.meanDropletsInRotation, 2)) | \(fleet.peakDroplets) | \(Self.fixed(fleet.dropletHours, 1)) | \(Self.fixed(fleet.scaleEventsPerReplication, 1)) |\n"
            }
        }
        return out
    }

    /// Long-form CSV (`section,name,metric,value`): one metric per line, easy to filter or pivot.
    public func csv() -> String {
        let s = summary
        var lines = ["section,name,metric,value"]
        func add(_ section: String, _ name: String, _ metric: String, _ value: String) {
            lines.append([section, name, metric, value].map(Self.csvField).joined(separator: ","))
        }
        let o = s.requests.outcomes
        add("requests", "all", "total", "\(o.total)")
        add("requests", "all", "completed", "\(o.completed)")
        add("requests", "all", "servedByCDN", "\(o.servedByCDN)")
        add("requests", "all", "rejected", "\(o.rejected)")
        add("requests", "all", "throttled", "\(o.throttled)")
        for cause in ErrorCause.allCases { add("requests", "all", "errors.\(cause.rawValue)", "\(o.errors(cause))") }
        add("requests", "all", "inFlightAtEnd", "\(o.inFlightAtEnd)")
        func latency(_ section: String, _ name: String, _ summary: LatencySummary) {
            for (metric, value) in [("p50", summary.p50Milliseconds), ("p90", summary.p90Milliseconds),
                                    ("p95", summary.p95Milliseconds), ("p99", summary.p99Milliseconds),
                                    ("p999", summary.p999Milliseconds), ("max", summary.maxMilliseconds),
                                    ("mean", summary.meanMilliseconds)] {
                add(section, name, "latencyMs.\(metric)", Self.fixed(value, 3))
            }
        }
        latency("latency", "overall", s.latency)
        for group in s.groups { latency("group", group.name, group.latency) }
        for operation in s.operations { latency("operation", operation.name, operation.latency) }
        for page in s.pages { latency("page", page.name, page.latency) }
        for tier in s.tiers {
            add("tier", tier.role.rawValue, "droplets", "\(tier.droplets)")
            add("tier", tier.role.rawValue, "cpuUtilization", Self.fixed(tier.cpuUtilization, 6))
            add("tier", tier.role.rawValue, "queueWaitMs.mean", Self.fixed(tier.queueWait.meanMilliseconds, 4))
        }
        let d = s.database
        add("database", d.plan, "cpuUtilization", Self.fixed(d.cpuUtilization, 6))
        add("database", d.plan, "poolWaitMs.p50", Self.fixed(d.poolWait.p50Milliseconds, 4))
        add("database", d.plan, "poolWaitMs.p95", Self.fixed(d.poolWait.p95Milliseconds, 4))
        add("database", d.plan, "poolWaitMs.p99", Self.fixed(d.poolWait.p99Milliseconds, 4))
        add("database", d.plan, "poolTimeouts", "\(d.poolTimeouts)")
        for fleet in s.fleets {
            add("fleet", fleet.role.rawValue, "policy", fleet.policy)
            add("fleet", fleet.role.rawValue, "dropletHours", Self.fixed(fleet.dropletHours, 3))
            add("fleet", fleet.role.rawValue, "meanInRotation", Self.fixed(fleet.meanDropletsInRotation, 4))
            add("fleet", fleet.role.rawValue, "scaleEvents", Self.fixed(fleet.scaleEventsPerReplication, 2))
        }
        for component in s.cost.components {
            add("cost", component.name, "horizonUSD", Self.fixed(component.horizonUSD, 2))
            add("cost", component.name, "monthlyUSD", Self.fixed(component.monthlyUSD, 2))
        }
        add("cost", "total", "horizonUSD", Self.fixed(s.cost.horizonUSD, 2))
        add("cost", "total", "monthlyUSD", Self.fixed(s.cost.monthlyUSD, 2))
        for tenant in s.tenantCosts.top {
            add("tenant", tenant.name, "requests", Self.fixed(tenant.requests, 2))
            add("tenant", tenant.name, "monthlyUSD", Self.fixed(tenant.monthlyUSD, 2))
            if let margin = tenant.marginMonthlyUSD { add("tenant", tenant.name, "marginMonthlyUSD", Self.fixed(margin, 2)) }
        }
        for group in s.tenantCosts.groups {
            add("tenantGroup", group.group, "monthlyUSD", Self.fixed(group.monthlyUSD, 2))
            add("tenantGroup", group.group, "tenantsAtLoss", "\(group.tenantsAtLoss)")
        }
        for objective in s.objectives {
            // Six decimals whatever the unit: from the unrounded value, which milliseconds need.
            add("slo", objective.name, "value", Self.fixed(objective.unroundedValue ?? .nan, 6))
            add("slo", objective.name, "target", Self.fixed(objective.target, 6))
            add("slo", objective.name, "met", objective.met ? "true" : "false")
            add("slo", objective.name, "status", objective.status.rawValue)
        }
        add("run", "all", "events", "\(s.events)")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: SLO failures

    /// One line per objective that is missed or has no data, saying which and why, for
    /// `capsim run --check-slo`; empty when every objective is met.
    ///
    ///     SLO missed: p95 latency 30000 ms > 500 ms (12,345 of 15,000,000 requests completed; 99.92% failed: …)
    ///     SLO has no data: p95 latency of group x (no requests in the measured interval)
    public func objectiveFailures() -> [String] {
        summary.objectives.compactMap { objective -> String? in
            switch objective.status {
            case .met:
                return nil
            case .noData:
                return "SLO has no data: \(objective.name) (\(objective.reason ?? "nothing measured"))"
            case .missed:
                let atMost = objective.comparison == .atMost
                var value = Self.objectiveNumber(objective.unroundedValue ?? .nan, unit: objective.unit)
                if let interval = objective.interval {
                    let bound = atMost ? interval.upper : interval.lower
                    value += ", 95% CI \(atMost ? "up to" : "down to") \(Self.objectiveNumber(bound, unit: objective.unit)),"
                }
                return "SLO missed: \(objective.name) \(value) \(atMost ? ">" : "<") \(Self.objectiveNumber(objective.target, unit: objective.unit)) (\(why(objective)))"
            }
        }
    }

    /// What the requests behind a missed objective did.
    func why(_ objective: RunSummary.Objective) -> String {
        let all = summary.requests.outcomes
        switch objective.kind {
        case .latency(.overall), .errorRate:
            return outcomeSummary(all)
        case let .latency(.group(name)):
            return summary.groups.first { $0.name == name }.map { outcomeSummary($0.requests) } ?? ""
        case .latency(.operation):
            return "\(Self.count(objective.samples)) requests counted; all groups: \(outcomeSummary(all))"
        case .attainment:
            return "over \(Self.count(objective.samples)) windows with requests; \(outcomeSummary(all))"
        }
    }

    /// "12,345 of 15,000,000 requests completed; 99.92% failed: 98.10% clientTimeout, 1.82% overloaded, …"
    func outcomeSummary(_ o: OutcomeCounts) -> String {
        var text = "\(Self.count(o.completed)) of \(Self.count(o.total)) requests completed"
        if o.errorTotal > 0 {
            let causes = ErrorCause.allCases.filter { o.errors($0) > 0 }.sorted { o.errors($0) > o.errors($1) }
            text += "; \(Self.percent(o.errorTotal, of: o.total)) failed: "
                + causes.map { "\(Self.percent(o.errors($0), of: o.total)) \($0.rawValue)" }.joined(separator: ", ")
            text += "; failed requests count at the \(Units.describe(seconds: summary.setup.clientTimeoutSeconds)) client timeout"
        }
        let client = o.rejected + o.throttled
        if client > 0 { text += "; \(Self.percent(client, of: o.total)) rejected or throttled, left out of latency" }
        return text
    }

    /// Under the latency tables when requests failed: how they count there.
    var failedLatencyNote: String? {
        let o = summary.requests.outcomes
        guard o.errorTotal > 0 else { return nil }
        return "failed requests (\(Self.count(o.errorTotal)), \(Self.percent(o.errorTotal, of: o.total))) count at the client timeout, "
            + "\(Units.describe(seconds: summary.setup.clientTimeoutSeconds)); rejected and throttled ones are left out"
    }

    /// The latency tables' rows: overall, each group, then each operation and page that
    /// measured a request.
    var latencyRows: [[String]] {
        var rows = [Self.latencyRow("overall", summary.latency)]
        rows += summary.groups.map { Self.latencyRow("group \($0.name)", $0.latency) }
        rows += summary.operations.filter { $0.latency.count > 0 }.map { Self.latencyRow("op \($0.name)", $0.latency) }
        rows += summary.pages.filter { $0.latency.count > 0 }.map { Self.latencyRow("page \($0.name)", $0.latency) }
        return rows
    }

    // MARK: Formatting

    /// "2 × s-2vcpu-4gb, 4 workers" for a fixed fleet; the bounds for an autoscaled one.
    static func fleetDescription(_ tier: RunSummary.Tier) -> String {
        guard let minimum = tier.minimumDroplets, let maximum = tier.maximumDroplets else {
            return "\(tier.droplets) × \(tier.size), \(tier.workers) worker\(tier.workers == 1 ? "" : "s")"
        }
        return "\(minimum)–\(maximum) × \(tier.size), starting at \(tier.droplets)"
    }

    /// A simulated instant as local wall-clock time, for scale-event logs: the start and
    /// time zone as the summary publishes them. A summary whose start or zone cannot be read
    /// back gives the time since the start instead.
    static func clock(_ seconds: Double, setup: RunSummary.Setup) -> String {
        guard let zone = TimeZone(identifier: setup.timeZone), let start = isoFormatter(zone).date(from: setup.start) else {
            return "+" + Units.describe(seconds: seconds)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE HH:mm:ss"
        return formatter.string(from: start.addingTimeInterval(seconds))
    }

    /// "≤" or "≥": how an objective's value must compare with its target.
    static func symbol(_ comparison: RunSummary.Objective.Comparison) -> String {
        comparison == .atMost ? "≤" : "≥"
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// A scope in which no request ended has no percentiles: it says so rather than 0 ms.
    static func latencyRow(_ name: String, _ summary: LatencySummary) -> [String] {
        guard summary.count > 0 else { return [name, "no data"] }
        return [name, ms(summary.p50Milliseconds), ms(summary.p90Milliseconds), ms(summary.p95Milliseconds),
                ms(summary.p99Milliseconds), ms(summary.p999Milliseconds), ms(summary.maxMilliseconds),
                ms(summary.meanMilliseconds)]
    }

    static func ms(_ value: Double) -> String { value >= 100 ? fixed(value, 0) : value >= 10 ? fixed(value, 1) : fixed(value, 2) }

    static func fixed(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%.\(places)f", value)
    }

    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + String(grouped.reversed())
    }

    static func percent(_ part: Int, of total: Int) -> String {
        total > 0 ? percent(Double(part) / Double(total)) : ""
    }

    static func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        return value > 0 && value < 0.01 ? "<0.01%" : String(format: "%.2f%%", value)
    }

    /// "12.3% ±0.4": a utilization and the half-width of its 95% interval, as percentages.
    static func share(_ mean: Double, _ interval: RunSummary.Bounds?) -> String {
        var text = String(format: "%.1f%%", mean * 100)
        if let interval { text += String(format: " ±%.1f", (interval.upper - interval.lower) / 2 * 100) }
        return text
    }

    static func objectiveNumber(_ value: Double, unit: String) -> String {
        unit == "ms" ? "\(ms(value)) ms" : percent(value)
    }

    /// The verdict as the table shows it: `MET`, `MISSED` or `NO DATA`.
    static func statusLabel(_ status: ObjectiveVerdict.Status) -> String {
        switch status {
        case .met: "MET"
        case .missed: "MISSED"
        case .noData: "NO DATA"
        }
    }

    /// The value unrounded: a fraction of one in millions reads "<0.01%", not "0.00%".
    static func objectiveValue(_ objective: RunSummary.Objective) -> String {
        if objective.status == .noData {
            return objective.unroundedValue.map { "\(objectiveNumber($0, unit: objective.unit)) without data (\(objective.reason ?? ""))" }
                ?? "no data (\(objective.reason ?? ""))"
        }
        var text = objectiveNumber(objective.unroundedValue ?? .nan, unit: objective.unit)
        if let interval = objective.interval {
            text += " (95% CI \(objectiveNumber(interval.lower, unit: objective.unit)) – \(objectiveNumber(interval.upper, unit: objective.unit)))"
        }
        return text
    }

    /// Left-aligned first column, right-aligned numbers, two spaces between columns.
    static func grid(_ rows: [[String]], header: [String]?) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        guard let columns = all.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in all { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        var out = ""
        for row in all {
            var line = "  "
            for (index, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                line += index == 0 ? cell + pad : "  " + (Double(cell.replacingOccurrences(of: ",", with: "")) != nil ? pad + cell : cell + pad)
            }
            out += line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return out
    }
}
