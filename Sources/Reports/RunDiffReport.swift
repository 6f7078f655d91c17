import Foundation
import Results
import Scenarios
import YAMLSupport

/// Two recorded runs side by side (`capsim runs diff A B`): the bill, latency, errors,
/// every objective's verdict and the utilizations, each with its absolute and relative
/// change from the first run to the second.
///
/// The report compares the summaries as recorded; it makes no claim that a change is
/// significant (`capsim compare` pairs replications for that). What it can say is whether
/// the two runs are comparable at all: `warnings` come from the caller, which knows the
/// runs' provenance (different load, different seeds).
public struct RunDiffReport: Sendable {
    /// One run: how it is named in the report, and its summary.
    public struct Side: Sendable {
        public var label: String
        public var summary: RunSummary

        public init(label: String, summary: RunSummary) {
            self.label = label
            self.summary = summary
        }
    }

    /// One compared value. Numbers carry `unit`; text rows (a verdict, a droplet size)
    /// have no change but "changed" or not.
    public struct Line: Sendable, Equatable {
        public enum Value: Sendable, Equatable {
            case number(Double?)
            case text(String)
        }

        /// What is compared, e.g. "monthly cost" or "p95 latency of group enterprise".
        public var name: String
        /// "USD", "ms", "fraction", "droplets", or "" for text.
        public var unit: String
        public var first: Value
        public var second: Value

        /// second − first, in `unit`; nil for text or a missing value.
        public var change: Double? {
            guard case let .number(a?) = first, case let .number(b?) = second else { return nil }
            return b - a
        }

        /// The change as a fraction of the first value; nil when that is 0 or missing.
        public var relativeChange: Double? {
            guard let change, case let .number(a?) = first, a != 0 else { return nil }
            return change / abs(a)
        }
    }

    public var first: Side
    public var second: Side
    /// Said before the numbers, e.g. that the runs ran different loads.
    public var warnings: [String]

    public init(first: Side, second: Side, warnings: [String]) {
        self.first = first
        self.second = second
        self.warnings = warnings
    }

    /// The compared values, in the order the table shows them.
    public var lines: [Line] {
        let a = first.summary, b = second.summary
        var lines: [Line] = [
            Line(name: "scenario", unit: "", first: .text(a.setup.name), second: .text(b.setup.name)),
            Line(name: "seed", unit: "", first: .text(String(a.setup.seed)), second: .text(String(b.setup.seed))),
            Line(name: "replications", unit: "", first: .text(String(a.setup.replications)), second: .text(String(b.setup.replications))),
            Line(name: "horizon", unit: "s", first: .number(a.setup.horizonSeconds), second: .number(b.setup.horizonSeconds)),
        ]
        for role in TierRole.allCases.reversed() {
            let x = a.tiers.first { $0.role == role }, y = b.tiers.first { $0.role == role }
            guard x != nil || y != nil else { continue }
            lines.append(Line(name: "\(role.rawValue) droplets", unit: "droplets",
                              first: .number(x.map { Double($0.droplets) }), second: .number(y.map { Double($0.droplets) })))
            lines.append(Line(name: "\(role.rawValue) size", unit: "", first: .text(x?.size ?? "-"), second: .text(y?.size ?? "-")))
        }
        lines.append(Line(name: "database plan", unit: "", first: .text(a.database.plan), second: .text(b.database.plan)))
        lines += [
            Line(name: "monthly cost", unit: "USD", first: .number(a.cost.monthlyUSD), second: .number(b.cost.monthlyUSD)),
            Line(name: "horizon cost", unit: "USD", first: .number(a.cost.horizonUSD), second: .number(b.cost.horizonUSD)),
            Line(name: "p50 latency", unit: "ms", first: Self.latency(a.latency, \.p50Milliseconds), second: Self.latency(b.latency, \.p50Milliseconds)),
            Line(name: "p95 latency", unit: "ms", first: Self.latency(a.latency, \.p95Milliseconds), second: Self.latency(b.latency, \.p95Milliseconds)),
            Line(name: "p99 latency", unit: "ms", first: Self.latency(a.latency, \.p99Milliseconds), second: Self.latency(b.latency, \.p99Milliseconds)),
            Line(name: "error rate", unit: "fraction", first: .number(Self.errorRate(a)), second: .number(Self.errorRate(b))),
        ]
        var names = a.objectives.map(\.name)
        for objective in b.objectives where !names.contains(objective.name) { names.append(objective.name) }
        for name in names {
            let x = a.objectives.first { $0.name == name }, y = b.objectives.first { $0.name == name }
            lines.append(Line(name: "SLO \(name)", unit: "", first: .text(x.map(Self.verdict) ?? "-"), second: .text(y.map(Self.verdict) ?? "-")))
        }
        for role in TierRole.allCases.reversed() {
            let x = a.tiers.first { $0.role == role }, y = b.tiers.first { $0.role == role }
            guard x != nil || y != nil else { continue }
            lines.append(Line(name: "\(role.rawValue) CPU utilization", unit: "fraction",
                              first: .number(x?.cpuUtilization), second: .number(y?.cpuUtilization)))
        }
        lines.append(Line(name: "database CPU utilization", unit: "fraction",
                          first: .number(a.database.cpuUtilization), second: .number(b.database.cpuUtilization)))
        return lines
    }

    static func latency(_ summary: LatencySummary, _ percentile: KeyPath<LatencySummary, Double>) -> Line.Value {
        .number(summary.count > 0 ? summary[keyPath: percentile] : nil)
    }

    static func errorRate(_ summary: RunSummary) -> Double? {
        let outcomes = summary.requests.outcomes
        return outcomes.total > 0 ? Double(outcomes.errorTotal) / Double(outcomes.total) : nil
    }

    /// "met (212 ms)", "missed (0.31%)", "no data".
    static func verdict(_ objective: RunSummary.Objective) -> String {
        let status = switch objective.status {
        case .met: "met"
        case .missed: "missed"
        case .noData: "no data"
        }
        guard let value = objective.value else { return status }
        return "\(status) (\(RunReport.objectiveNumber(value, unit: objective.unit)))"
    }

    // MARK: Rendering

    /// The terminal table: warnings first, then one row per compared value; the change
    /// columns are empty where nothing changed.
    public func table() -> String {
        var out = "capsim runs diff — \(first.label) → \(second.label)\n"
        for warning in warnings { out += "  warning: \(warning)\n" }
        out += "\n"
        let rows = lines.map { line in
            [line.name, Self.format(line.first, unit: line.unit), Self.format(line.second, unit: line.unit),
             Self.formatChange(line), line.relativeChange.flatMap { abs($0) < 0.0005 ? nil : Self.signedPercent($0) } ?? ""]
        }
        out += Self.columns([["", first.label, second.label, "change", "relative"]] + rows, rightAligned: [false, false, false, true, true])
        return out
    }

    /// Columns two spaces apart, each left- or right-aligned as a whole: the values mix
    /// text and numbers, which `RunReport.grid` would align each its own way.
    static func columns(_ rows: [[String]], rightAligned: [Bool]) -> String {
        var widths = Array(repeating: 0, count: rightAligned.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            let cells = row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned[index] ? pad + cell : cell + pad
            }
            return ("  " + cells.joined(separator: "  ")).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }

    /// `capsim.runs-diff/v1`: the same values at full precision, numbers as numbers.
    public func json() -> JSONValue {
        func value(_ value: Line.Value) -> JSONValue {
            switch value {
            case let .number(number): number.map(JSONValue.number) ?? .null
            case let .text(text): .string(text)
            }
        }
        return .object([
            ("schema", .string("capsim.runs-diff/v1")),
            ("runs", .array([.string(first.label), .string(second.label)])),
            ("warnings", .array(warnings.map(JSONValue.string))),
            ("lines", .array(lines.map { line in
                .object([
                    ("name", .string(line.name)), ("unit", .string(line.unit)), ("first", value(line.first)),
                    ("second", value(line.second)), ("change", line.change.map(JSONValue.number) ?? .null),
                    ("relativeChange", line.relativeChange.map(JSONValue.number) ?? .null),
                ])
            })),
        ])
    }

    static func format(_ value: Line.Value, unit: String) -> String {
        switch value {
        case let .text(text): return text
        case .number(nil): return "-"
        case let .number(number?): return formatNumber(number, unit: unit)
        }
    }

    static func formatNumber(_ number: Double, unit: String) -> String {
        switch unit {
        case "USD": return "$" + RunReport.fixed(number, 2)
        case "ms": return RunReport.ms(number) + " ms"
        case "fraction": return RunReport.percent(number)
        case "s": return Units.describe(seconds: number)
        default: return RunReport.fixed(number, number == number.rounded() ? 0 : 2)
        }
    }

    /// "+$12.00", "-3.1 ms", "+0.20 pp" (percentage points for fractions), or nothing when
    /// the change rounds to zero at the digits shown; "changed" for text. An objective's row
    /// changes when its verdict does, not when only its value moves (the value is beside it).
    static func formatChange(_ line: Line) -> String {
        if case let .text(a) = line.first, case let .text(b) = line.second {
            let verdicts = line.name.hasPrefix("SLO ")
            let (x, y) = verdicts ? (a.prefix { $0 != " " }, b.prefix { $0 != " " }) : (Substring(a), Substring(b))
            return x == y ? "" : verdicts ? "\(x) → \(y)" : "changed"
        }
        guard let change = line.change, change != 0 else { return "" }
        let magnitude = abs(change)
        let digits = switch line.unit {
        case "USD": "$" + RunReport.fixed(magnitude, 2)
        case "ms": RunReport.ms(magnitude) + " ms"
        case "fraction": RunReport.fixed(magnitude * 100, 2) + " pp"
        case "s": Units.describe(seconds: magnitude)
        default: RunReport.fixed(magnitude, magnitude == magnitude.rounded() ? 0 : 2)
        }
        guard digits.contains(where: { ("1"..."9").contains($0) }) else { return "" }
        return (change > 0 ? "+" : "-") + digits
    }

    static func signedPercent(_ fraction: Double) -> String {
        (fraction > 0 ? "+" : fraction < 0 ? "-" : "") + String(format: "%.1f%%", abs(fraction) * 100)
    }
}
