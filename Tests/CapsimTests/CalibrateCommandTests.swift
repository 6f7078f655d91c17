import Foundation
import XCTest

/// `capsim calibrate` end to end: the shipped examples, the fitted copy's text, the JSON
/// report, the refusals and the located errors (exit 2).
final class CalibrateCommandTests: XCTestCase {
    let cpuExample = "scenarios/cpu-samples-example.csv"
    let databaseExample = "scenarios/pg_stat_statements-example.csv"

    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-calibrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testShippedExamplesFitAndWriteACommentKeepingCopy() throws {
        let out = scratch.appendingPathComponent("fitted.yaml").path
        let before = try String(contentsOfFile: CLI.baselinePath, encoding: .utf8)
        let outcome = try CLI.run(["calibrate", "scenarios/baseline.yaml", "--from", cpuExample, "--from", databaseExample, "--out", out])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("Verdict: every coefficient is significant; fitted scenario written"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("listProjects: 60 samples, R² 0.9675"), outcome.summary)
        XCTAssertEqual(try String(contentsOfFile: CLI.baselinePath, encoding: .utf8), before, "the input is never modified")
        let fitted = try String(contentsOfFile: out, encoding: .utf8)
        // The synthetic samples were made with listProjects = 6.2 ms + 0.131 ms/point.
        XCTAssertTrue(fitted.contains("    cpu_base: 6.177ms\n    cpu_per_point: 128.5us\n"), fitted)
        XCTAssertTrue(fitted.contains("    query_time: {distribution: lognormal, mean: 779us, cv: 0.859}\n"), fitted)
        XCTAssertTrue(fitted.contains("    cache: 30s                        # Nest.js CacheInterceptor with a short TTL\n    db_wait: {distribution: lognormal, mean: 45.98us, cv: 0.859}\n"), fitted)
        XCTAssertTrue(fitted.hasPrefix("# Calibrated by `capsim calibrate` from \(cpuExample), \(databaseExample).\n"), fitted)
        // Everything but the fitted fields stays as written: comments, anchors, other sections.
        let untouched = before.components(separatedBy: "\n").filter {
            !["cpu_base:", "cpu_per_point:", "query_time:"].contains(where: $0.contains)
        }
        let fittedLines = Set(fitted.components(separatedBy: "\n"))
        for line in untouched { XCTAssertTrue(fittedLines.contains(line), "lost line: \(line)") }
        // The copy, db_wait included, is a scenario the reader accepts.
        let check = try CLI.run(["check", out])
        XCTAssertEqual(check.status, 0, check.summary)
    }

    /// A copy fitted without I/O columns has `query_time` alone, and loads.
    func testFittedCopyWithoutWaitLoadsInTheScenarioReader() throws {
        let export = try file("no-io.csv", """
            query,calls,total_exec_time,mean_exec_time,stddev_exec_time,rows
            "SELECT * FROM projects WHERE tenant_id = $1 /*operation='listProjects'*/",5000,6000,1.2,1.5,20000
            """)
        let out = scratch.appendingPathComponent("fitted.yaml").path
        let outcome = try CLI.run(["calibrate", "scenarios/baseline.yaml", "--from", export, "--out", out])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        XCTAssertTrue(outcome.stderr.isEmpty, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("no blk_*_time columns"), outcome.summary)
        let fitted = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(fitted.contains("    query_time: {distribution: lognormal, mean: 1.2ms, cv: 1.25}\n"), fitted)
        XCTAssertFalse(fitted.contains("db_wait"), fitted)
        let check = try CLI.run(["check", out])
        XCTAssertEqual(check.status, 0, check.summary)
    }

    func testJSONReportHasSchemaFitsAndVerdict() throws {
        let outcome = try CLI.run(["calibrate", "scenarios/baseline.yaml", "--from", cpuExample, "--from", databaseExample, "--format", "json"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["schema"] as? String, "capsim.calibration/v1")
        XCTAssertEqual(document["written"] as? Bool, false, "no --out: nothing written")
        let cpu = try XCTUnwrap(document["apiCPU"] as? [[String: Any]])
        XCTAssertEqual(cpu.map { $0["operation"] as? String }, ["listProjects", "getProject", "searchTasks", "updateTask", "createComment", "dashboardStats"])
        let coefficients = try XCTUnwrap(cpu[0]["coefficients"] as? [[String: Any]])
        XCTAssertEqual(coefficients[0]["name"] as? String, "cpu_base")
        let lower = try XCTUnwrap(coefficients[0]["lowerMs"] as? Double), upper = try XCTUnwrap(coefficients[0]["upperMs"] as? Double)
        XCTAssertTrue(lower <= 6.2 && 6.2 <= upper, "the truth 6.2 ms lies in [\(lower), \(upper)]")
        XCTAssertNotNil(cpu[0]["rSquared"] as? Double)
        XCTAssertEqual((cpu[0]["largestResiduals"] as? [Any])?.count, 3)
        let database = try XCTUnwrap(document["database"] as? [[String: Any]])
        XCTAssertEqual(database.count, 6)
        XCTAssertEqual(database.last?["operation"] as? String, "dashboardStats")
        XCTAssertEqual(try XCTUnwrap(database.last?["ioShare"] as? Double), 0.41, accuracy: 0.005)
    }

    /// A slope that the data cannot tell from 0 is refused, naming the coefficient and its
    /// interval; `--force` writes it.
    func testInsignificantCoefficientIsRefusedUnlessForced() throws {
        var rows = ["operation,complexity,cpu_ms"]
        for (index, complexity) in [10, 20, 30, 40, 10, 20, 30, 40].enumerated() {
            rows.append("getProject,\(complexity),\([5.1, 4.9, 5.2, 4.8, 4.9, 5.1, 4.8, 5.2][index])")
        }
        let samples = try file("flat.csv", rows.joined(separator: "\n") + "\n")
        let out = scratch.appendingPathComponent("fitted.yaml").path
        let refused = try CLI.run(["calibrate", "scenarios/baseline.yaml", "--from", samples, "--out", out])
        XCTAssertEqual(refused.status, 2, refused.summary)
        XCTAssertTrue(refused.stderr.contains("getProject.cpu_per_point = "), refused.summary)
        XCTAssertTrue(refused.stderr.contains("is not significant: 95% interval ["), refused.summary)
        XCTAssertTrue(refused.stdout.contains("NOT significant"), refused.summary)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing is written")
        let forced = try CLI.run(["calibrate", "scenarios/baseline.yaml", "--from", samples, "--out", out, "--force"])
        XCTAssertEqual(forced.status, 0, forced.summary)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out))
    }

    /// Every sample at one complexity: rank 1 of 2 through dgelsd, reported and refused.
    func testConstantComplexityIsReportedAsRankDeficient() throws {
        let samples = try file("constant.csv", "operation,complexity,cpu_ms\ngetProject,25,8.1\ngetProject,25,7.9\ngetProject,25,8.0\ngetProject,25,8.2\n")
        let outcome = try CLI.run(["calibrate", "scenarios/baseline.yaml", "--from", samples])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("minimum norm (dgelsd), rank 1 of 2"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("every sample has complexity 25"), outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("not identifiable: rank 1 of 2"), outcome.summary)
    }

    /// A fit the scenario reader would reject (cpu_base over its 1 h limit) is not written.
    func testFitOutsideTheScenarioRangesIsNotWritten() throws {
        let samples = try file("huge.csv", "operation,complexity,cpu_ms\ngetProject,1,5000000\ngetProject,2,5000001\ngetProject,3,5000002.1\ngetProject,4,5000002.9\n")
        let out = scratch.appendingPathComponent("huge.yaml").path
        let outcome = try CLI.run(["calibrate", "scenarios/baseline.yaml", "--from", samples, "--out", out])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("the fitted scenario would not load: \(out):"), outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("operations.getProject.cpu_base: must be at most 1h, found 5000s"), outcome.summary)
        XCTAssertTrue(outcome.stdout.contains("Verdict: refused: nothing written"), outcome.summary)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// A negative fitted time is refused even with --force.
    func testNegativeFittedTimeIsRefusedEvenWhenForced() throws {
        let samples = try file("negative.csv", "operation,complexity,cpu_ms\ngetProject,10,0.5\ngetProject,20,5.4\ngetProject,30,10.6\ngetProject,40,15.5\n")
        let outcome = try CLI.run(["calibrate", "scenarios/baseline.yaml", "--from", samples, "--force", "--out", scratch.appendingPathComponent("x.yaml").path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("getProject.cpu_base = -4.550 ms is negative"), outcome.summary)
    }

    /// Bad measurement files and paths: exit 2 with the file, line and field.
    func testBadInputsExitTwoWithLocation() throws {
        let badNumber = try file("bad.csv", "operation,complexity,cpu_ms\ngetProject,25,8\ngetProject,x,8\n")
        let unknown = try file("unknown.csv", "operation,complexity,cpu_ms\ngetProject,25,8\nlistProject,5,1\n")
        let untagged = try file("untagged.csv", "query,calls,total_exec_time,stddev_exec_time\nSELECT 1,10,5,0.1\n")
        let neither = try file("neither.csv", "a,b\n1,2\n")
        let cases: [(arguments: [String], message: String)] = [
            (["--from", badNumber], "\(badNumber):3: complexity: \"x\" is not a number"),
            (["--from", unknown], "\(unknown):3: operation: \"listProject\" is not an operation of scenarios/baseline.yaml"),
            (["--from", untagged], "\(untagged): no statement carries an operation tag"),
            (["--from", neither], "\(neither): unknown measurement file"),
            (["--from", scratch.appendingPathComponent("missing.csv").path], "missing.csv: cannot read the file"),
            (["--from", cpuExample, "--out", "scenarios/baseline.yaml"], "--out scenarios/baseline.yaml: is an input of this run"),
            (["--from", cpuExample, "--out", cpuExample], "is an input of this run"),
            ([], "give at least one --from FILE"),
            (["--from", cpuExample, "--from", cpuExample], "\(cpuExample): listProjects already has cpu_base and cpu_per_point from \(cpuExample)"),
        ]
        for entry in cases {
            let outcome = try CLI.run(["calibrate", "scenarios/baseline.yaml"] + entry.arguments)
            XCTAssertEqual(outcome.status, 2, outcome.summary)
            XCTAssertTrue(outcome.stderr.contains(entry.message), "expected \(entry.message)\n\(outcome.summary)")
            XCTAssertFalse(outcome.crashed, outcome.summary)
        }
    }

    /// A field the operation lacks is added after its last field, at its indentation, and the
    /// copy still loads.
    func testMissingFieldIsInsertedAtTheOperationsIndentation() throws {
        let scenario = try file("minimal.yaml", MinimalScenario.text)
        let samples = try file("samples.csv", "operation,complexity,cpu_ms\nlistProjects,1,1.1\nlistProjects,2,1.2\nlistProjects,3,1.35\nlistProjects,4,1.4\n")
        let out = scratch.appendingPathComponent("out.yaml").path
        let outcome = try CLI.run(["calibrate", scenario, "--from", samples, "--out", out])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let fitted = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(fitted.contains("  listProjects:\n    complexity: 10\n    cpu_base: 1ms\n    query_time: 1ms\n    cpu_per_point: 105us\npages:\n"), fitted)
        XCTAssertEqual(try CLI.run(["check", out]).status, 0)
    }

    /// An operation written as a flow mapping cannot be edited line by line: refused with
    /// its line.
    func testFlowStyleOperationIsRefusedWithItsLine() throws {
        let text = MinimalScenario.replacing(
            "  listProjects:\n    complexity: 10\n    cpu_base: 5ms\n    query_time: 1ms\n",
            with: "  listProjects: {complexity: 10, cpu_base: 5ms, query_time: 1ms}\n")
        let scenario = try file("flow.yaml", text)
        let line = text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  listProjects:") }! + 1
        let samples = try file("samples.csv", "operation,complexity,cpu_ms\nlistProjects,1,1.1\nlistProjects,2,1.2\nlistProjects,3,1.35\nlistProjects,4,1.4\n")
        let outcome = try CLI.run(["calibrate", scenario, "--from", samples, "--out", scratch.appendingPathComponent("out.yaml").path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("flow.yaml:\(line): operations.listProjects is written as a flow mapping"), outcome.summary)
    }

    /// `capsim calibrate --help` against `Golden/help-calibrate.txt` (recorded with
    /// `CAPSIM_RECORD_GOLDEN=1`, as GoldenOutputTests records the other commands').
    func testHelpMatchesGolden() throws {
        let outcome = try CLI.run(["calibrate", "--help"])
        XCTAssertEqual(outcome.status, 0, outcome.summary)
        let url = GoldenOutputTests.directory.appendingPathComponent("help-calibrate.txt")
        if ProcessInfo.processInfo.environment["CAPSIM_RECORD_GOLDEN"] == "1" {
            try Data(outcome.stdout.utf8).write(to: url)
        }
        XCTAssertEqual(outcome.stdout, try String(contentsOf: url, encoding: .utf8))
    }
}
