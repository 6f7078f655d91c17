import Foundation
import XCTest

/// Malformed load shapes and burst ramps: exit 2, at the field's line, with the allowed values.
final class LoadShapeErrorTests: XCTestCase {
    struct Case {
        var name: String
        var original: String
        var replacement: String
        var fragment: String
        var path: String
        var message: String
    }

    static let burst = "{start: 10m, duration: 20m, factor: 3"

    static let cases: [Case] = [
        Case(name: "unknown shape", original: "hourly: [", replacement: "profile_shape: stpe\n    hourly: [",
             fragment: "profile_shape: stpe", path: "tenant_groups.small.profile_shape",
             message: #"unknown profile shape "stpe"; did you mean "step"?"#),
        Case(name: "negative ramp", original: "mix: {listProjects: 1}",
             replacement: "bursts: [\(burst), ramp_up: -5m}]\n    mix: {listProjects: 1}",
             fragment: "bursts: [", path: "tenant_groups.small.bursts.0.ramp_up", message: "-5m"),
        Case(name: "ramp without unit", original: "mix: {listProjects: 1}",
             replacement: "bursts: [\(burst), ramp_down: 300}]\n    mix: {listProjects: 1}",
             fragment: "bursts: [", path: "tenant_groups.small.bursts.0.ramp_down", message: #"a duration needs a unit: "300""#),
        Case(name: "ramps longer than the burst", original: "mix: {listProjects: 1}",
             replacement: "bursts:\n      - \(burst),\n         ramp_up: 15m, ramp_down: 10m}\n    mix: {listProjects: 1}",
             fragment: "ramp_up: 15m", path: "tenant_groups.small.bursts.0.ramp_down",
             message: "the ramps (15m up, 10m down) are longer than the burst's 20m: they lie inside its duration"),
        Case(name: "ramp field misspelt", original: "mix: {listProjects: 1}",
             replacement: "bursts: [\(burst), rampup: 5m}]\n    mix: {listProjects: 1}",
             fragment: "bursts: [", path: "tenant_groups.small.bursts.0.rampup", message: #"did you mean "ramp_up"?"#),
    ]

    func testMalformedShapesAndRampsAreReportedAtTheirField() throws {
        for entry in Self.cases {
            let scenario = try TemporaryScenario(MinimalScenario.replacing(entry.original, with: entry.replacement))
            let expectedLine = scenario.line(of: entry.fragment)
            let outcome = try CLI.run(["check", scenario.path])
            XCTAssertEqual(outcome.status, 2, "\(entry.name): bad input must exit 2\n\(outcome.summary)")
            XCTAssertFalse(outcome.crashed, "\(entry.name)\n\(outcome.summary)")
            let matches = outcome.stderr.split(separator: "\n").contains {
                ErrorMessageTests.issue(String($0), source: scenario.path, line: expectedLine, path: entry.path, message: entry.message)
            }
            XCTAssertTrue(matches, "\(entry.name): expected \(scenario.path):\(expectedLine):COLUMN: \(entry.path): …\(entry.message)…\n\(outcome.summary)")
        }
    }

    /// Both shapes and ramps inside the burst are accepted.
    func testValidShapesAndRampsPass() throws {
        for shape in ["linear", "step"] {
            let text = MinimalScenario.replacing("mix: {listProjects: 1}", with: """
                profile_shape: \(shape)
                    bursts: [\(Self.burst), ramp_up: 5m, ramp_down: 15m}]
                    mix: {listProjects: 1}
                """)
            let scenario = try TemporaryScenario(text)
            let outcome = try CLI.run(["check", scenario.path])
            XCTAssertEqual(outcome.status, 0, outcome.summary)
            XCTAssertTrue(outcome.stdout.contains("load shape: small \(shape), 1 ramped burst"), outcome.summary)
        }
    }
}
