import Foundation
import XCTest

/// What a user's environment can do to capsim: closed streams, signals, enormous files,
/// mistakes in a second file. None of it may end in a trap or a stack trace.
final class RobustnessTests: XCTestCase {
    /// Runs `capsim ARGS` through the shell with a redirection, as a user would type it.
    func shell(_ arguments: [String], redirect: String) throws -> (status: Int32, stderr: String) {
        let executable = try CLI.executable().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = ([executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-sh-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: errors) }
        // The shell's own stderr goes to a file so that the child's can be closed alone.
        process.arguments = ["-c", "exec 3>'\(errors.path)'; \(quoted) \(redirect)"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }

    func testClosedStandardOutputIsAnErrorNotATrap() throws {
        let scenario = try TemporaryScenario(MinimalScenario.text)
        let result = try shell(["check", scenario.path], redirect: ">&- 2>&3")
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot write to standard output"), result.stderr)
        let report = try shell(["run", scenario.path, "--horizon", "10m"], redirect: ">&- 2>&3")
        XCTAssertEqual(report.status, 2, report.stderr)
    }

    func testClosedStandardErrorKeepsTheExitCode() throws {
        let bad = try TemporaryScenario(MinimalScenario.replacing("droplets: 2", with: "droplets: two"))
        XCTAssertEqual(try shell(["check", bad.path], redirect: "2>&-").status, 2)
        let good = try TemporaryScenario(MinimalScenario.text)
        XCTAssertEqual(try shell(["check", good.path], redirect: "2>&-").status, 0)
    }

    func testATrapBecomesExitThreeWithOneLine() throws {
        let process = Process()
        process.executableURL = try CLI.executable()
        process.arguments = ["run", CLI.baselinePath, "--replications", "1"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CAPSIM_BACKTRACE")
        process.environment = environment
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        // What a failed precondition does: SIGTRAP or SIGILL on x86-64, SIGABRT from abort().
        kill(process.processIdentifier, SIGABRT)
        process.waitUntilExit()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationReason, .exit, text)
        XCTAssertEqual(process.terminationStatus, 3, text)
        XCTAssertTrue(text.hasPrefix("capsim: internal error:"), text)
        XCTAssertEqual(text.split(separator: "\n").count, 1, "one line, no stack trace: \(text)")
    }

    /// A run estimated at over a minute says so when no progress is shown; the test stops
    /// it once the warning is out.
    func testLongRunWithoutProgressSaysHowLong() throws {
        let process = Process()
        process.executableURL = try CLI.executable()
        process.arguments = ["run", CLI.baselinePath, "--replications", "4", "--horizon", "14d", "--jobs", "1"]
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-long-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && !text.contains("\n") {
            Thread.sleep(forTimeInterval: 0.1)
            text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        }
        process.terminate()
        process.waitUntilExit()
        XCTAssertTrue(text.hasPrefix("capsim: this run will take about "), text)
        XCTAssertTrue(text.contains("--progress shows how far it is"), text)
    }

    func testManyProblemsArePrintedOnceEachUpToALimit() throws {
        var text = MinimalScenario.text
        for index in 0..<200_000 { text += "unknown_\(index): 1\n" }
        let scenario = try TemporaryScenario(text)
        let outcome = try CLI.run(["check", scenario.path], timeout: 60)
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        let lines = outcome.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 51, outcome.summary)
        XCTAssertTrue(lines.last?.hasPrefix("… and 199950 more problems") == true, outcome.summary)
    }

    func testProblemsInAPolicyFilePointAtThatFile() throws {
        let text = MinimalScenario.text.replacingOccurrences(of: "replications: 1", with: "replications: 2")
        let scenario = try TemporaryScenario(text)
        let policy = scenario.directory.appendingPathComponent("policy.yaml")
        try Data("""
            name: bigger
            set:
              tiers.api.droplets: lots

            """.utf8).write(to: policy)
        let outcome = try CLI.run(["compare", scenario.path, "--policy", "baseline", policy.path])
        XCTAssertEqual(outcome.status, 2, outcome.summary)
        XCTAssertTrue(outcome.stderr.contains("\(policy.path):3:"), "the policy file and its line\n\(outcome.summary)")
    }
}
