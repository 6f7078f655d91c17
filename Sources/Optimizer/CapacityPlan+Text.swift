import Foundation
import Scenarios
import Yams

extension CapacityPlan {
    /// The plan for people: `capsim optimize`'s report and `capsim plan show`.
    public func text() -> String {
        var lines: [String] = []
        let money: (Double) -> String = { String(format: "$%.2f", $0) }
        lines.append("capacity plan for \(scenario.name) (\(scenario.source), scenario \(scenario.hash.prefix(12)), seed \(scenario.seed))")
        lines.append("status: \(status) — \(confidence)")
        lines.append("")
        lines.append("\(status == "infeasible" || status == "undecided" ? "closest configuration" : "plan"): \(label)")
        lines.append("  monthly cost: \(money(cost.monthlyUSD))")
        for component in cost.components where component.monthlyUSD > 0 {
            lines.append("    \(component.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(money(component.monthlyUSD).leftPadded(10))  \(component.detail)")
        }
        lines.append("")
        lines.append(verification.replications > 0
            ? "SLOs, verified over \(verification.replications) replications with seed \(verification.seed):"
            : "SLOs, over the search's replications:")
        for objective in objectives {
            let format: (Double) -> String = { value in
                objective.unit == "ms" ? String(format: "%.1f ms", value) : String(format: "%.4f%%", value * 100)
            }
            let interval = objective.lower.flatMap { lower in objective.upper.map { "[\(format(lower)), \(format($0))]" } } ?? "(one replication)"
            let sign = objective.direction == "atMost" ? "≤" : "≥"
            lines.append("  \(objective.met ? "met   " : "MISSED") \(objective.name) \(sign) \(format(objective.target)): "
                + "\(format(objective.value)) \(interval), margin \(String(format: "%+.1f%%", objective.margin * 100))")
        }
        if !verification.failedBefore.isEmpty {
            lines.append("  (failed verification first: \(verification.failedBefore.joined(separator: "; ")))")
        }
        if !runnersUp.isEmpty {
            lines.append("")
            lines.append("runners-up:")
            for runner in runnersUp {
                lines.append("  \(money(runner.monthlyUSD).leftPadded(10))  \(runner.label)  (margin \(String(format: "%+.1f%%", runner.margin * 100)))")
            }
        }
        if !rejectedCheaper.isEmpty {
            lines.append("")
            lines.append("cheaper configurations rejected (closest first):")
            for rejected in rejectedCheaper {
                lines.append("  \(money(rejected.monthlyUSD).leftPadded(10))  \(rejected.label)")
                lines.append("              \(rejected.stage): \(rejected.reason)")
            }
        }
        if !sensitivity.isEmpty {
            lines.append("")
            lines.append("sensitivity to load:")
            for row in sensitivity {
                lines.append("  ×\(String(format: "%.1f", row.loadFactor))  \(row.met ? "meets every SLO" : "misses: " + row.missed.joined(separator: "; "))  (\(money(row.monthlyUSD))/month)")
            }
        }
        if let replanBy {
            lines.append("")
            lines.append("re-plan by: \(replanBy.calendarMonth ?? "—") — \(replanBy.note)")
        }
        lines.append("")
        let ratio = search.exhaustiveRequestsEstimate > 0
            ? String(format: " (%.1f%% of an exhaustive search's ≈%@)", 100 * Double(search.requests) / Double(search.exhaustiveRequestsEstimate),
                     Self.count(search.exhaustiveRequestsEstimate))
            : ""
        lines.append("search: \(search.combinations) combinations, \(search.valid) valid, \(search.screenedOut) screened out, "
            + "\(search.probedOut) failed the peak probe, \(search.ruledOutByModel) ruled out by the model, "
            + "\(search.simulatedCandidates) simulated; \(search.trials) trials, \(Self.count(search.requests)) requests\(ratio)"
            + (search.exhaustive ? " [exhaustive]" : ""))
        if let id = search.id { lines.append("optimization id: \(id.prefix(8)) (capsim optimize --resume \(id.prefix(8)))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan as JSON, members in a stable order.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The plan as YAML (the same members as the JSON).
    /// Numbers are written as the JSON writes them (the shortest text that reads back as
    /// the same value), not in Yams's 15-digit exponent form (`3e+2`).
    public func yaml() throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        let text = try encoder.encode(self)
        var body = text
        if let tree = try Yams.compose(yaml: text), let exact = try Yams.compose(yaml: try json()) {
            body = try Yams.serialize(node: Configuration.exactNumbers(tree, from: exact))
        }
        return "# capsim capacity plan: `capsim plan show` prints it, `capsim run SCENARIO --plan` runs under it\n" + body
    }

    static func count(_ value: Int) -> String {
        switch value {
        case 1_000_000_000...: String(format: "%.2fG", Double(value) / 1e9)
        case 1_000_000...: String(format: "%.1fM", Double(value) / 1e6)
        case 10_000...: String(format: "%.0fk", Double(value) / 1e3)
        default: "\(value)"
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
