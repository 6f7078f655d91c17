import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Results
import Scenarios
import SimCore

/// `capsim validate`: each statistic's closed form beside the simulated interval.
public struct ValidationReport: Sendable {
    public var checks: [ValidationSuite.Check]
    public var wallSeconds: Double

    public init(checks: [ValidationSuite.Check], wallSeconds: Double) {
        self.checks = checks
        self.wallSeconds = wallSeconds
    }

    public var allPassed: Bool { checks.allSatisfy(\.passed) }

    static func label(_ statistic: ValidationSuite.Statistic) -> String {
        switch statistic {
        case .meanWait: "mean wait (ms)"
        case .probabilityOfWaiting: "P(wait)"
        case .p95Wait: "p95 wait (ms)"
        case .clientsServed: "clients served"
        case .clientTimeouts: "client timeouts"
        }
    }

    static func value(_ value: Double, _ statistic: ValidationSuite.Statistic) -> String {
        switch statistic {
        case .probabilityOfWaiting: RunReport.fixed(value, 4)
        case .clientsServed, .clientTimeouts: RunReport.fixed(value, 2)
        case .meanWait, .p95Wait: RunReport.fixed(value * 1000, 2)
        }
    }

    public func table() -> String {
        var rows: [[String]] = []
        for check in checks {
            let interval = check.simulated
            rows.append([
                check.caseName, Self.label(check.statistic), Self.value(check.analytic, check.statistic),
                Self.value(interval.mean, check.statistic),
                "[\(interval.lower.map { Self.value($0, check.statistic) } ?? "—"), \(interval.upper.map { Self.value($0, check.statistic) } ?? "—")]",
                String(format: "%+.2f%%", check.relativeError * 100),
                String(format: "±%.2f%%", check.relativeHalfWidth * 100),
                check.passed ? "pass" : "FAIL",
            ])
        }
        var out = "capsim validate — the platform model against closed forms (99% intervals over replications)\n"
        out += RunReport.grid(rows, header: ["case", "statistic", "analytic", "simulated", "99% CI", "error", "half-width", ""])
        let passed = checks.filter(\.passed).count
        out += "\n\(passed) passed, \(checks.count - passed) failed in \(RunReport.fixed(wallSeconds, 1)) s\n"
        return out
    }

    public func json() -> JSONValue {
        .object([
            ("schema", .string("capsim.validate/v1")),
            ("confidence", .number(ValidationSuite.confidence)),
            ("maximumRelativeHalfWidth", .number(ValidationSuite.maximumRelativeHalfWidth)),
            ("checks", .array(checks.map { check in
                .object([
                    ("case", .string(check.caseName)),
                    ("statistic", .string(check.statistic.rawValue)),
                    ("analytic", .finite(check.analytic)),
                    ("simulated", .finite(check.simulated.mean)),
                    ("lower", .finite(check.simulated.lower)),
                    ("upper", .finite(check.simulated.upper)),
                    ("relativeError", .finite(check.relativeError)),
                    ("relativeHalfWidth", .finite(check.relativeHalfWidth)),
                    ("passed", .bool(check.passed)),
                ])
            })),
            ("allPassed", .bool(allPassed)),
            ("wallSeconds", .rounded(wallSeconds, places: 3)),
        ])
    }

    public func csv() -> String {
        var lines = ["case,statistic,analytic,simulated,lower,upper,relative_error,relative_half_width,passed"]
        for check in checks {
            lines.append([check.caseName, check.statistic.rawValue, "\(check.analytic)", "\(check.simulated.mean)",
                          "\(check.simulated.lower ?? .nan)", "\(check.simulated.upper ?? .nan)", "\(check.relativeError)",
                          "\(check.relativeHalfWidth)", "\(check.passed)"].map(RunReport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
