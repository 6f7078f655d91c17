import DigitalOceanCatalog
import Foundation
import Optimizer
import Scenarios
import YAMLSupport
import Yams

/// A capacity plan file (`capsim.plan/v1`, YAML or JSON) read for `plan show`, `plan check`
/// and `run --plan`, every problem located at its line and field.
enum PlanFile {
    static func load(_ path: String) throws -> CapacityPlan {
        let text = try FileSystemScenarioFiles().text(at: path, what: "plan")
        let tree: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ScenarioError(issues: [ScenarioIssue(source: path, line: 1, column: 1, path: "", message: "the plan is empty")])
            }
            tree = composed
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError(issues: [ScenarioIssue.yamlSyntax(error, source: path)])
        }
        if let schema = tree["schema"]?.string, schema != CapacityPlan.schema {
            throw ScenarioError(issues: [LocatedDecoding.issue(atDottedPath: "schema", in: tree, source: path,
                                                               message: "unknown schema \"\(schema)\"; expected \(CapacityPlan.schema)")])
        }
        return try LocatedDecoding.decode(CapacityPlan.self, from: tree, source: path, what: "capacity plan")
    }

    /// `scenario` under the plan's configuration; a plan that does not fit the scenario (a
    /// tier or operation it lacks, an unknown size) is bad input, each problem at its field.
    static func apply(_ plan: CapacityPlan, from path: String, to scenario: Scenario, catalog: Catalog) throws -> Scenario {
        do {
            return try scenario.applying(plan.configuration, catalog: catalog)
        } catch {
            let text = (try? FileSystemScenarioFiles().text(at: path, what: "plan")) ?? ""
            let tree = (try? Yams.compose(yaml: text)) ?? nil
            let issues = error.problems.map { problem -> ScenarioIssue in
                let field = "configuration." + problem.path
                guard let tree else { return ScenarioIssue(source: path, line: nil, column: nil, path: field, message: problem.message) }
                return LocatedDecoding.issue(atDottedPath: plan.configuration.filePathInPlan(of: problem.path, in: tree), in: tree,
                                             source: path, message: "does not fit the scenario \(scenario.name): \(problem.message)")
            }
            throw ScenarioError(issues: issues)
        }
    }
}

extension Configuration {
    /// A configuration field's path inside a plan file, where it sits under `configuration`.
    func filePathInPlan(of path: String, in tree: Node) -> String {
        guard let inner = tree["configuration"] else { return "configuration." + path }
        return "configuration." + filePath(of: path, in: inner)
    }
}
