import Foundation
import XCTest

/// Runs the built `capsim` executable as a subprocess, the way a user does.
///
/// Output goes to temporary files rather than pipes so that a large report (the JSON
/// series of a long run) can never fill a pipe buffer and deadlock the test.
enum CLI {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var arguments: [String]

        /// A summary for assertion messages: what ran and what it said.
        var summary: String {
            "capsim \(arguments.joined(separator: " ")) exited \(status)\nstdout:\n\(stdout.prefix(2000))\nstderr:\n\(stderr.prefix(2000))"
        }

        /// True when the process died the way Swift runtime traps do.
        var crashed: Bool {
            stderr.contains("Program crashed") || stderr.contains("Backtracing") || stderr.contains("Fatal error")
                || status > 128 || status < 0
        }
    }

    /// The repository root, from this file's location: `Tests/CapsimTests/CapsimProcess.swift`.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var baselinePath: String { repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path }
    static var catalogPath: String { repositoryRoot.appendingPathComponent("datasets/digitalocean-catalog.yaml").path }

    /// The `capsim` executable beside the test bundle: the products directory holds both.
    static func executable() throws -> URL {
        var starts: [URL] = [Bundle.main.bundleURL, Bundle.main.executableURL].compactMap { $0 }
        if let first = ProcessInfo.processInfo.arguments.first {
            starts.append(URL(fileURLWithPath: first))
        }
        let fileManager = FileManager.default
        var searched: [String] = []
        for start in starts {
            var directory = start.resolvingSymlinksInPath()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("capsim")
                searched.append(directory.path)
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                   fileManager.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw MissingExecutable(
            "cannot find the capsim executable beside the test bundle; searched: \(searched.joined(separator: ", ")). "
                + "Build it first (swift build) so that it sits in the same products directory.")
    }

    /// Fails the test with a readable message: a missing binary is a failure, not a skip.
    struct MissingExecutable: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `capsim arguments…` in the repository root, killing it after `timeout` seconds.
    /// `standardInput`, when given, reaches the process through a pipe, as from `cat x |`.
    ///
    /// Every run records into a run history of its own, in a temporary folder removed
    /// afterwards, never into the user's: `CAPSIM_DB` is set unless `environment` sets it
    /// (`environment` is added to this process's; a value "" removes the variable).
    /// `wrapper` runs capsim through another program, e.g. `setpriv …`.
    static func run(_ arguments: [String], timeout: TimeInterval = 120, standardInput: String? = nil,
                    environment extra: [String: String] = [:], wrapper: [String] = [],
                    file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("capsim-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let process = Process()
        if let program = wrapper.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(wrapper.dropFirst()) + [try executable().path] + arguments
        } else {
            process.executableURL = try executable()
            process.arguments = arguments
        }
        process.currentDirectoryURL = repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CAPSIM_CATALOG")
        environment["CAPSIM_DB"] = scratch.appendingPathComponent("history.sqlite").path
        for (name, value) in extra { environment[name] = value.isEmpty ? nil : value }
        process.environment = environment
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        let input = standardInput.map { _ in Pipe() }
        if let input {
            process.standardInput = input
        } else {
            process.standardInput = FileHandle.nullDevice
        }

        try process.run()
        if let input, let standardInput {
            // Small inputs fit in the pipe's buffer; larger ones would need a writer thread.
            input.fileHandleForWriting.write(Data(standardInput.utf8))
            try input.fileHandleForWriting.close()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        var timedOut = false
        if process.isRunning {
            timedOut = true
            process.terminate()
            let grace = Date().addingTimeInterval(5)
            while process.isRunning && Date() < grace { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        let outcome = Outcome(
            status: process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
            arguments: arguments)
        if timedOut {
            XCTFail("capsim \(arguments.joined(separator: " ")) did not finish within \(Int(timeout)) s", file: file, line: line)
        }
        return outcome
    }
}

/// A scenario file in a fresh temporary directory, removed when the test ends.
final class TemporaryScenario {
    let directory: URL
    let url: URL
    var path: String { url.path }
    let text: String

    init(_ text: String, name: String = "scenario.yaml") throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("capsim-scenario-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        url = directory.appendingPathComponent(name)
        self.text = text
        try Data(text.utf8).write(to: url)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// The 1-based line of the first line containing `fragment`, computed from the text written.
    func line(of fragment: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        let lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.contains(fragment) }) else {
            XCTFail("test bug: \"\(fragment)\" is not in the scenario text", file: file, line: line)
            return -1
        }
        return index + 1
    }
}
