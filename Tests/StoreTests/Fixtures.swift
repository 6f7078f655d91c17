import Foundation
import Reports
import Results
@testable import Store
import XCTest

/// Summaries to record, without simulating: the end-to-end tests' golden documents (a
/// real `capsim run` and `capsim compare` of 20 minutes), read from the source tree.
enum Fixtures {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CapsimTests/Golden")

    /// The golden text with its wall-clock placeholder given a value.
    static func document(_ name: String) throws -> String {
        let text = try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8)
        return text.replacingOccurrences(of: "<wall time>", with: "1.234")
    }

    /// A 20-minute baseline run, 2 replications.
    static func runSummary() throws -> RunSummary {
        try JSONValueDecoder().decode(RunSummary.self, from: document("run-baseline-20m.json"))
    }

    static func comparisonSummary() throws -> ComparisonSummary {
        try JSONValueDecoder().decode(ComparisonSummary.self, from: document("compare-business-hours-20m.json"))
    }

    /// The run stretched to `minutes` of series with values of the published precision
    /// (2 decimals for latency, 4 for utilizations), varied by a fixed generator so that
    /// the file holds realistic, incompressible numbers.
    static func summary(minutes: Int, name: String? = nil, seed: UInt64 = 20261130, met: Bool? = nil) throws -> RunSummary {
        var summary = try runSummary()
        let template = summary.series.rows[0]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ seed
        func next(_ range: Double) -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * range
        }
        func places(_ value: Double, _ count: Double) -> Double { (value * count).rounded() / count }
        summary.series.rows = (0..<minutes).map { minute in
            var row = template
            row.minute = minute
            row.arrivals = 8000 + Int(next(6000))
            row.completed = row.arrivals - Int(next(20))
            row.rejected = Int(next(15))
            row.throttled = Int(next(3))
            row.p50Milliseconds = places(5 + next(10), 100)
            row.p95Milliseconds = places(40 + next(60), 100)
            row.p99Milliseconds = places(90 + next(120), 100)
            row.apiUtilization = places(next(1), 10_000)
            row.webUtilization = places(next(1), 10_000)
            row.databaseUtilization = places(next(1), 10_000)
            row.poolWaiting = places(next(2), 1000)
            row.inFlight = places(next(10), 1000)
            return row
        }
        summary.setup.horizonSeconds = Double(minutes * 60)
        summary.setup.seed = seed
        if let name { summary.setup.name = name }
        if let met { summary.objectivesMet = met }
        return summary
    }

    static func provenance(startedAt: Date = Date(timeIntervalSince1970: 1_796_000_000), text: String = "name: baseline\n")
        -> Recording.Provenance
    {
        Recording.Provenance(scenarioText: text, scenarioHash: String(repeating: "a", count: 64), overrides: ["horizon=20m"],
                             loadHash: String(repeating: "b", count: 64), capsimVersion: "0.1.0", startedAt: startedAt)
    }

    static func run(_ summary: RunSummary, startedAt: Date = Date(timeIntervalSince1970: 1_796_000_000)) -> Recording {
        Recording(provenance: provenance(startedAt: startedAt),
                  content: .run(summary, configurationHash: String(repeating: "c", count: 64)))
    }

    static func comparison() throws -> Recording {
        let comparison = try comparisonSummary()
        let variants = try comparison.variants.enumerated().map { index, variant in
            Recording.Variant(name: variant.name, summary: try summary(minutes: 20, seed: UInt64(index)),
                              configurationHash: String(repeating: "\(index)", count: 64))
        }
        return Recording(provenance: provenance(), content: .comparison(comparison, variants: variants))
    }
}

/// A folder removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-store-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        chmod(url.path, 0o755)
        try? FileManager.default.removeItem(at: url)
    }
}

extension XCTestCase {
    /// Runs `body` on a history in memory and on one in a file, as GRDB's own tests run
    /// each body on every kind of connection.
    func onEveryHistory(_ body: (RunHistory) throws -> Void, file: StaticString = #filePath, line: UInt = #line) throws {
        try body(try RunHistory.inMemory())
        let folder = try TemporaryFolder()
        try body(try RunHistory.open(at: folder.path("history.sqlite")))
    }
}
