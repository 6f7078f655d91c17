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
        let r = result
        let s = r.scenario
        var out = ""
        out += "capsim run — \(s.name)\n"
        out += "  \(Units.describe(seconds: s.horizon)) from \(Self.isoFormatter(s.timeZone).string(from: s.start)) (\(s.timeZoneName)), "
        out += "\(s.replications) replication\(s.replications == 1 ? "" : "s"), seed \(s.seed)"
        if s.warmup > 0 { out += ", warm-up \(Units.describe(seconds: s.warmup))" }
        out += "\n\n"

        let o = r.outcomes
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
        var latencyRows = [Self.latencyRow("overall", r.latency)]
        latencyRows += r.groups.map { Self.latencyRow("group \($0.name)", $0.latency) }
        latencyRows += r.operations.filter { $0.latency.count > 0 }.map { Self.latencyRow("op \($0.name)", $0.latency) }
        latencyRows += r.pages.filter { $0.latency.count > 0 }.map { Self.latencyRow("page \($0.name)", $0.latency) }
        out += Self.grid(latencyRows, header: ["", "p50", "p90", "p95", "p99", "p99.9", "max", "mean"])
        if let note = Self.failedLatencyNote(r) { out += "  \(note)\n" }

        let cached = r.operations.compactMap { operation in operation.cacheHitRatio.map { (operation.name, $0) } }
        if !cached.isEmpty {
            out += "  response cache hit ratio: " + cached.map { "\($0.0) \(Self.percent($0.1))" }.joined(separator: ", ") + "\n"
        }

        out += "\nCapacity\n"
        var capacityRows: [[String]] = r.tiers.map { tier in
            ["\(tier.role.rawValue) tier", Self.fleetDescription(tier, scenario: s),
             "CPU \(Self.share(tier.cpuUtilization))", "queue wait mean \(Self.ms(tier.meanQueueWaitSeconds * 1000)) ms, p95 \(Self.ms(tier.queueWaitMs.p95Milliseconds)) ms"]
        }
        let d = r.database
        capacityRows.append(["database", d.plan, "CPU \(Self.share(d.cpuUtilization))",
                             "\(Self.fixed(d.meanActiveTransactions, 2)) active transactions on average"])
        capacityRows.append(["pgbouncer", "\(s.database.pgBouncer.mode.rawValue) pool of \(s.database.pgBouncer.poolSize)",
                             "wait p50 \(Self.ms(d.poolWaitMs.p50Milliseconds)) / p95 \(Self.ms(d.poolWaitMs.p95Milliseconds)) / p99 \(Self.ms(d.poolWaitMs.p99Milliseconds)) ms",
                             "\(Self.count(d.poolTimeouts)) timeouts, \(Self.count(d.refusedClients)) refused, \(Self.percent(d.poolWaitProbability)) waited"])
        out += Self.grid(capacityRows, header: nil)

        let moving = r.fleets.filter(\.autoscaled)
        if !moving.isEmpty {
            out += "\nAutoscaling\n"
            out += Self.grid(moving.map { fleet in
                ["\(fleet.role.rawValue) tier", fleet.policy,
                 "\(Self.fixed(fleet.meanReady, 2)) in rotation on average, peak \(fleet.peakDroplets)",
                 "\(Self.fixed(fleet.dropletHours.mean, 1)) droplet-hours",
                 "\(Self.fixed(fleet.scaleEvents.mean, 1)) scale events" + (fleet.failedDroplets > 0 ? ", \(fleet.failedDroplets) never healthy" : "")]
            }, header: nil)
            if let minutes = r.underProvisionedMinutes {
                out += "  under-provisioned: \(Self.fixed(minutes.mean, 1)) minutes of missed SLO windows while capacity was booting\n"
            }
            for fleet in moving where !fleet.events.isEmpty {
                out += "  \(fleet.role.rawValue) scale events (replication 1, first 8 of \(fleet.events.count)):\n"
                for event in fleet.events.prefix(8) {
                    out += "    \(Self.clock(event.time, scenario: s))  \(event.from) → \(event.to)  \(event.reason)\n"
                }
            }
        }

        out += "\nCost\n"
        var costRows = r.cost.components.map { component in
            [component.name, component.detail, "$\(Self.fixed(component.horizonUSD, 2))", "$\(Self.fixed(component.monthlyUSD, 2))/month",
             component.priceVerified ? "" : "price unverified"]
        }
        costRows.append(["total", "", "$\(Self.fixed(r.cost.horizonUSD, 2))", "$\(Self.fixed(r.cost.monthlyUSD, 2))/month", ""])
        out += Self.grid(costRows, header: ["", "", "horizon", "monthly", ""])
        out += TenantCostTable(costs: r.tenantCosts).text()

        out += "\nService level objectives\n"
        if r.objectives.isEmpty {
            out += "  none set\n"
        } else {
            out += Self.grid(r.objectives.map { verdict in
                [Self.statusLabel(verdict.status), verdict.name, Self.objectiveValue(verdict),
                 "target \(verdict.direction == .atMost ? "≤" : "≥") \(Self.objectiveNumber(verdict.target, unit: verdict.unit))"]
            }, header: nil)
        }
        out += "\n\(Self.count(r.events)) events in \(Self.fixed(wallSeconds, 2)) s"
        let simulatedRequests = Double(r.outcomes.total)
        if wallSeconds > 0 { out += " (\(Self.count(Int(simulatedRequests / wallSeconds))) simulated requests per wall-clock second)" }
        out += "\n"
        return out
    }

    /// The same summary as Markdown tables, for pull requests and wikis.
    public func markdown() -> String {
        let r = result
        var out = "# capsim run: \(r.scenario.name)\n\n"
        out += "\(Units.describe(seconds: r.scenario.horizon)), \(r.scenario.replications) replication\(r.scenario.replications == 1 ? "" : "s"), seed \(r.scenario.seed).\n\n"
        out += "## Service level objectives\n\n| objective | value | 95% CI | target | verdict |\n|---|---|---|---|---|\n"
        for verdict in r.objectives {
            let interval = verdict.interval.lower.map { lower in
                "\(Self.objectiveNumber(lower, unit: verdict.unit)) – \(Self.objectiveNumber(verdict.interval.upper!, unit: verdict.unit))"
            } ?? "n/a"
            let value = verdict.value.isNaN ? "no data" : Self.objectiveNumber(verdict.value, unit: verdict.unit)
            let status = verdict.status == .noData ? "no data (\(verdict.reason ?? ""))" : verdict.met ? "met" : "missed"
            out += "| \(verdict.name) | \(value) | \(interval) | \(verdict.direction == .atMost ? "≤" : "≥") \(Self.objectiveNumber(verdict.target, unit: verdict.unit)) | \(status) |\n"
        }
        let o = r.outcomes
        out += "\n## Requests\n\n| outcome | count |\n|---|---:|\n"
        out += "| total | \(o.total) |\n| completed | \(o.completed) |\n| served by CDN | \(o.servedByCDN) |\n| rejected | \(o.rejected) |\n| throttled | \(o.throttled) |\n"
        for cause in ErrorCause.allCases { out += "| error: \(cause.rawValue) | \(o.errors(cause)) |\n" }
        out += "| in flight at end | \(o.inFlightAtEnd) |\n"
        out += "\n## Latency (ms)\n\n| scope | p50 | p90 | p95 | p99 | p99.9 | max | mean |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
        var rows = [Self.latencyRow("overall", r.latency)]
        rows += r.groups.map { Self.latencyRow("group \($0.name)", $0.latency) }
        rows += r.operations.filter { $0.latency.count > 0 }.map { Self.latencyRow("op \($0.name)", $0.latency) }
        rows += r.pages.filter { $0.latency.count > 0 }.map { Self.latencyRow("page \($0.name)", $0.latency) }
        for row in rows { out += "| " + row.joined(separator: " | ") + " |\n" }
        if let note = Self.failedLatencyNote(r) { out += "\n\(note.prefix(1).uppercased() + note.dropFirst()).\n" }
        out += "\n## Capacity\n\n| component | size | CPU utilization |\n|---|---|---:|\n"
        for tier in r.tiers { out += "| \(tier.role.rawValue) tier | \(tier.droplets) × \(tier.size) | \(Self.share(tier.cpuUtilization)) |\n" }
        out += "| database | \(r.database.plan) | \(Self.share(r.database.cpuUtilization)) |\n"
        out += "\nPool wait p50/p95/p99: \(Self.ms(r.database.poolWaitMs.p50Milliseconds)) / \(Self.ms(r.database.poolWaitMs.p95Milliseconds)) / \(Self.ms(r.database.poolWaitMs.p99Milliseconds)) ms; \(r.database.poolTimeouts) pool timeouts.\n"
        out += "\n## Cost\n\n| component | detail | horizon | monthly |\n|---|---|---:|---:|\n"
        for component in r.cost.components {
            out += "| \(component.name) | \(component.detail)\(component.priceVerified ? "" : " (price unverified)") | $\(Self.fixed(component.horizonUSD, 2)) | $\(Self.fixed(component.monthlyUSD, 2)) |\n"
        }
        out += "| **total** | | **$\(Self.fixed(r.cost.horizonUSD, 2))** | **$\(Self.fixed(r.cost.monthlyUSD, 2))** |\n"
        out += "\n" + TenantCostTable(costs: r.tenantCosts).markdown()
        let moving = r.fleets.filter(\.autoscaled)
        if !moving.isEmpty {
            out += "\n## Autoscaling\n\n| tier | policy | mean in rotation | peak | droplet-hours | scale events |\n|---|---|---:|---:|---:|---:|\n"
            for fleet in moving {
                out += "| \(fleet.role.rawValue) | \(fleet.policy) | \(Self.fixed(fleet.meanReady, 2)) | \(fleet.peakDroplets) | \(Self.fixed(fleet.dropletHours.mean, 1)) | \(Self.fixed(fleet.scaleEvents.mean, 1)) |\n"
            }
        }
        return out
    }

    /// Long-form CSV (`section,name,metric,value`): one metric per line, easy to filter or pivot.
    public func csv() -> String {
        var lines = ["section,name,metric,value"]
        func add(_ section: String, _ name: String, _ metric: String, _ value: String) {
            lines.append([section, name, metric, value].map(Self.csvField).joined(separator: ","))
        }
        let o = result.outcomes
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
        latency("latency", "overall", result.latency)
        for group in result.groups { latency("group", group.name, group.latency) }
        for operation in result.operations { latency("operation", operation.name, operation.latency) }
        for page in result.pages { latency("page", page.name, page.latency) }
        for tier in result.tiers {
            add("tier", tier.role.rawValue, "droplets", "\(tier.droplets)")
            add("tier", tier.role.rawValue, "cpuUtilization", Self.fixed(tier.cpuUtilization.mean, 6))
            add("tier", tier.role.rawValue, "queueWaitMs.mean", Self.fixed(tier.meanQueueWaitSeconds * 1000, 4))
        }
        let d = result.database
        add("database", d.plan, "cpuUtilization", Self.fixed(d.cpuUtilization.mean, 6))
        add("database", d.plan, "poolWaitMs.p50", Self.fixed(d.poolWaitMs.p50Milliseconds, 4))
        add("database", d.plan, "poolWaitMs.p95", Self.fixed(d.poolWaitMs.p95Milliseconds, 4))
        add("database", d.plan, "poolWaitMs.p99", Self.fixed(d.poolWaitMs.p99Milliseconds, 4))
        add("database", d.plan, "poolTimeouts", "\(d.poolTimeouts)")
        for fleet in result.fleets {
            add("fleet", fleet.role.rawValue, "policy", fleet.policy)
            add("fleet", fleet.role.rawValue, "dropletHours", Self.fixed(fleet.dropletHours.mean, 3))
            add("fleet", fleet.role.rawValue, "meanInRotation", Self.fixed(fleet.meanReady, 4))
            add("fleet", fleet.role.rawValue, "scaleEvents", Self.fixed(fleet.scaleEvents.mean, 2))
        }
        for component in result.cost.components {
            add("cost", component.name, "horizonUSD", Self.fixed(component.horizonUSD, 2))
            add("cost", component.name, "monthlyUSD", Self.fixed(component.monthlyUSD, 2))
        }
        add("cost", "total", "horizonUSD", Self.fixed(result.cost.horizonUSD, 2))
        add("cost", "total", "monthlyUSD", Self.fixed(result.cost.monthlyUSD, 2))
        for tenant in result.tenantCosts.top {
            add("tenant", tenant.name, "requests", Self.fixed(tenant.requests, 2))
            add("tenant", tenant.name, "monthlyUSD", Self.fixed(tenant.monthlyUSD, 2))
            if let margin = tenant.marginMonthlyUSD { add("tenant", tenant.name, "marginMonthlyUSD", Self.fixed(margin, 2)) }
        }
        for group in result.tenantCosts.groups {
            add("tenantGroup", group.group, "monthlyUSD", Self.fixed(group.monthlyUSD, 2))
            add("tenantGroup", group.group, "tenantsAtLoss", "\(group.tenantsAtLoss)")
        }
        for verdict in result.objectives {
            add("slo", verdict.name, "value", Self.fixed(verdict.value, 6))
            add("slo", verdict.name, "target", Self.fixed(verdict.target, 6))
            add("slo", verdict.name, "met", verdict.met ? "true" : "false")
            add("slo", verdict.name, "status", verdict.status.rawValue)
        }
        add("run", "all", "events", "\(result.events)")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: SLO failures

    /// One line per objective that is missed or has no data, saying which and why, for
    /// `capsim run --check-slo`; empty when every objective is met.
    ///
    ///     SLO missed: p95 latency 30000 ms > 500 ms (12,345 of 15,000,000 requests completed; 99.92% failed: …)
    ///     SLO has no data: p95 latency of group x (no requests in the measured interval)
    public func objectiveFailures() -> [String] {
        let r = result
        return r.objectives.compactMap { verdict -> String? in
            switch verdict.status {
            case .met:
                return nil
            case .noData:
                return "SLO has no data: \(verdict.name) (\(verdict.reason ?? "nothing measured"))"
            case .missed:
                let comparison = verdict.direction == .atMost ? ">" : "<"
                var value = Self.objectiveNumber(verdict.value, unit: verdict.unit)
                if let lower = verdict.interval.lower, let upper = verdict.interval.upper {
                    let bound = verdict.direction == .atMost ? upper : lower
                    value += ", 95% CI \(verdict.direction == .atMost ? "up to" : "down to") \(Self.objectiveNumber(bound, unit: verdict.unit)),"
                }
                return "SLO missed: \(verdict.name) \(value) \(comparison) \(Self.objectiveNumber(verdict.target, unit: verdict.unit)) (\(Self.why(verdict, r)))"
            }
        }
    }

    /// What the requests behind a missed objective did.
    static func why(_ verdict: ObjectiveVerdict, _ r: RunResult) -> String {
        switch verdict.kind {
        case .latency(.overall), .errorRate:
            return outcomeSummary(r.outcomes, r.scenario)
        case let .latency(.group(name)):
            return r.groups.first { $0.name == name }.map { outcomeSummary($0.outcomes, r.scenario) } ?? ""
        case .latency(.operation):
            return "\(count(verdict.samples)) requests counted; all groups: \(outcomeSummary(r.outcomes, r.scenario))"
        case .attainment:
            return "over \(count(verdict.samples)) windows with requests; \(outcomeSummary(r.outcomes, r.scenario))"
        }
    }

    /// "12,345 of 15,000,000 requests completed; 99.92% failed: 98.10% clientTimeout, 1.82% overloaded, …"
    static func outcomeSummary(_ o: OutcomeCounts, _ scenario: Scenario) -> String {
        var text = "\(count(o.completed)) of \(count(o.total)) requests completed"
        if o.errorTotal > 0 {
            let causes = ErrorCause.allCases.filter { o.errors($0) > 0 }.sorted { o.errors($0) > o.errors($1) }
            text += "; \(percent(o.errorTotal, of: o.total)) failed: "
                + causes.map { "\(percent(o.errors($0), of: o.total)) \($0.rawValue)" }.joined(separator: ", ")
            text += "; failed requests count at the \(Units.describe(seconds: scenario.clientTimeout)) client timeout"
        }
        let client = o.rejected + o.throttled
        if client > 0 { text += "; \(percent(client, of: o.total)) rejected or throttled, left out of latency" }
        return text
    }

    /// Under the latency tables when requests failed: how they count there.
    static func failedLatencyNote(_ r: RunResult) -> String? {
        let o = r.outcomes
        guard o.errorTotal > 0 else { return nil }
        return "failed requests (\(count(o.errorTotal)), \(percent(o.errorTotal, of: o.total))) count at the client timeout, "
            + "\(Units.describe(seconds: r.scenario.clientTimeout)); rejected and throttled ones are left out"
    }

    // MARK: Formatting

    /// "2 × s-2vcpu-4gb, 4 workers" for a fixed fleet; the bounds for an autoscaled one.
    static func fleetDescription(_ tier: RunResult.TierSummary, scenario: Scenario) -> String {
        guard let autoscaling = scenario.tier(tier.role)?.autoscaling else {
            return "\(tier.droplets) × \(tier.size), \(tier.workers) worker\(tier.workers == 1 ? "" : "s")"
        }
        return "\(autoscaling.minimum)–\(autoscaling.maximum) × \(tier.size), starting at \(tier.droplets)"
    }

    /// A simulated instant as local wall-clock time, for scale-event logs.
    static func clock(_ seconds: Double, scenario: Scenario) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = scenario.timeZone
        formatter.dateFormat = "EEE HH:mm:ss"
        return formatter.string(from: scenario.start.addingTimeInterval(seconds))
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

    static func share(_ interval: ConfidenceInterval) -> String {
        var text = String(format: "%.1f%%", interval.mean * 100)
        if let half = interval.halfWidth { text += String(format: " ±%.1f", half * 100) }
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

    static func objectiveValue(_ verdict: ObjectiveVerdict) -> String {
        if verdict.status == .noData {
            return verdict.value.isNaN ? "no data (\(verdict.reason ?? ""))"
                : "\(objectiveNumber(verdict.value, unit: verdict.unit)) without data (\(verdict.reason ?? ""))"
        }
        var text = objectiveNumber(verdict.value, unit: verdict.unit)
        if let lower = verdict.interval.lower, let upper = verdict.interval.upper {
            text += " (95% CI \(objectiveNumber(lower, unit: verdict.unit)) – \(objectiveNumber(upper, unit: verdict.unit)))"
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
