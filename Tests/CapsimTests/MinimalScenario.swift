import Foundation
import XCTest

/// The smallest valid scenario with the structure of `scenarios/baseline.yaml`: one tenant
/// group, one operation, one page, an api tier and a database. Malformed variants change
/// one line of it, so every expected line number is computed from the text itself.
enum MinimalScenario {
    static let hourlyOnes = Array(repeating: "1", count: 24).joined(separator: ", ")

    static let text = """
        name: minimal
        seed: 1
        replications: 1
        horizon: 1h
        time_zone: UTC
        tenant_groups:
          small:
            count: 5
            rate_per_tenant: 2/s
            hourly: [\(hourlyOnes)]
            mix: {listProjects: 1}
        operations:
          listProjects:
            complexity: 10
            cpu_base: 5ms
            query_time: 1ms
        pages:
          projectPage:
            rendering: ssr
            calls: [listProjects]
        tiers:
          api:
            size: s-2vcpu-4gb
            droplets: 2
        database:
          plan: db-s-1vcpu-2gb
          pgbouncer:
            mode: transaction
            pool_size: 10
        slos:
          latency:
            - {percentile: 95, target: 300ms, group: small}

        """

    /// The minimal scenario with exactly one occurrence of `original` replaced.
    static func replacing(_ original: String, with replacement: String,
                          file: StaticString = #filePath, line: UInt = #line) -> String {
        replacing([(original, replacement)], file: file, line: line)
    }

    /// The minimal scenario with several single-occurrence replacements.
    static func replacing(_ changes: [(String, String)], file: StaticString = #filePath, line: UInt = #line) -> String {
        var result = text
        for (original, replacement) in changes {
            let count = result.components(separatedBy: original).count - 1
            XCTAssertEqual(count, 1, "test bug: \"\(original)\" must occur exactly once in the minimal scenario",
                           file: file, line: line)
            result = result.replacingOccurrences(of: original, with: replacement)
        }
        return result
    }
}
