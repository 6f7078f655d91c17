import Foundation
import YAMLSupport
import DigitalOceanCatalog
import Scenarios
import Results
import Model
import Estimate
import Evaluation
import XCTest

/// `ScenarioLoader`: defaults filled from the catalog, profiles normalized, `--set`
/// overrides applied to the YAML tree, and every problem collected with its location.
final class ScenarioLoaderTests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let catalog = Result { Fixtures.catalog }

    static let hourly = "[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 2, 1, 1, 1, 0.5, 0.5, 0.5, 0.5]"

    /// One tenant group, one operation, an api tier and a database without a `pgbouncer:` section.
    static let minimal = """
        name: loader
        horizon: 1h
        tenant_groups:
          small:
            count: 5
            rate_per_tenant: 2/s
            hourly: \(hourly)
            mix: {listProjects: 1}
        operations:
          listProjects:
            complexity: 10
        tiers:
          api:
            size: s-2vcpu-4gb
            droplets: 2
        database:
          plan: db-s-1vcpu-1gb
        """

    func loader() throws -> ScenarioLoader { ScenarioLoader(catalog: try Self.catalog.get(), files: DiskFiles()) }

    func parse(_ text: String, overrides: [String] = []) throws -> Scenario {
        try loader().parse(text, source: "inline.yaml", overrides: overrides)
    }

    /// The issues `text` is refused with; fails the test when it is accepted.
    func issues(_ text: String, overrides: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> [ScenarioIssue] {
        let loader = try loader()
        do {
            _ = try loader.parse(text, source: "inline.yaml", overrides: overrides)
        } catch {
            return error.issues
        }
        XCTFail("the scenario was accepted", file: file, line: line)
        return []
    }

    static func line(of fragment: String, in text: String) -> Int? {
        text.components(separatedBy: "\n").firstIndex { $0.contains(fragment) }.map { $0 + 1 }
    }

    // MARK: Defaults

    func testPgBouncerDefaultsComeFromCatalogWhenOmitted() throws {
        let pool = try parse(Self.minimal).database.pgBouncer
        XCTAssertEqual(pool.mode, .session)
        XCTAssertEqual(pool.poolSize, 20)
        XCTAssertEqual(pool.maxClientConnections, 100)
        XCTAssertEqual(pool.queryWaitTimeout, 120)
        XCTAssertEqual(pool.reservePoolSize, 0)
        XCTAssertEqual(pool.reservePoolTimeout, 5)
        XCTAssertEqual(pool, try Self.catalog.get().pgBouncerDefaults)
    }

    func testPgBouncerFieldsNotGivenKeepCatalogDefaults() throws {
        let text = Self.minimal + "\n  pgbouncer: {mode: transaction, pool_size: 15}\n"
        let pool = try parse(text).database.pgBouncer
        XCTAssertEqual(pool.mode, .transaction)
        XCTAssertEqual(pool.poolSize, 15)
        XCTAssertEqual(pool.maxClientConnections, 100)
        XCTAssertEqual(pool.queryWaitTimeout, 120)
        XCTAssertEqual(pool.reservePoolTimeout, 5)
    }

    func testWorkersDefaultToDropletVCPUs() throws {
        let small = try XCTUnwrap(try parse(Self.minimal).tier(.api))
        XCTAssertEqual(small.workersPerDroplet, 2, "s-2vcpu-4gb has 2 vCPUs")
        XCTAssertEqual(small.workers, 4)
        let large = try XCTUnwrap(try parse(Self.minimal, overrides: ["tiers.api.size=s-4vcpu-8gb"]).tier(.api))
        XCTAssertEqual(large.workersPerDroplet, 4, "s-4vcpu-8gb has 4 vCPUs")
        let explicit = try XCTUnwrap(try parse(Self.minimal, overrides: ["tiers.api.workers=3"]).tier(.api))
        XCTAssertEqual(explicit.workersPerDroplet, 3, "an explicit workers count wins")
    }

    func testOmittedTopLevelFieldsTakeDefaults() throws {
        let scenario = try parse(Self.minimal)
        XCTAssertEqual(scenario.seed, 1)
        XCTAssertEqual(scenario.replications, 1)
        XCTAssertEqual(scenario.warmup, 0)
        XCTAssertEqual(scenario.clientTimeout, 30)
        XCTAssertEqual(scenario.horizon, 3600)
        XCTAssertEqual(scenario.tenantGroups.first?.weekdayFactors, Array(repeating: 1, count: 7))
    }

    // MARK: Profiles

    func testHourlyFactorsAreNormalizedToMeanOne() throws {
        let group = try XCTUnwrap(try parse(Self.minimal).tenantGroups.first)
        XCTAssertEqual(group.hourlyFactors.count, 24)
        XCTAssertEqual(group.hourlyFactors.reduce(0, +) / 24, 1, accuracy: 1e-12)
        // The shape is kept: 3 is six times 0.5 before and after normalizing.
        XCTAssertEqual(group.hourlyFactors[8] / group.hourlyFactors[0], 6, accuracy: 1e-12)
        let written = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 2, 1, 1, 1, 0.5, 0.5, 0.5, 0.5]
        let mean = written.reduce(0, +) / 24
        for (index, value) in written.enumerated() {
            XCTAssertEqual(group.hourlyFactors[index], value / mean, accuracy: 1e-12, "hour \(index)")
        }
    }

    // MARK: Overrides

    func testSetCreatesNestedField() throws {
        // No `pgbouncer:` section in the file: the override creates it.
        let scenario = try parse(Self.minimal, overrides: ["database.pgbouncer.pool_size=15"])
        XCTAssertEqual(scenario.database.pgBouncer.poolSize, 15)
        XCTAssertEqual(scenario.database.pgBouncer.mode, .session, "the other pool fields keep their defaults")
        let balanced = try parse(Self.minimal, overrides: ["tiers.api.load_balancer.algorithm=least_connections"])
        XCTAssertEqual(balanced.tier(.api)?.balancing, .leastConnections)
    }

    func testSetReplacesExistingValue() throws {
        let scenario = try parse(Self.minimal, overrides: ["tiers.api.droplets=6", "seed=42"])
        XCTAssertEqual(scenario.tier(.api)?.droplets, 6)
        XCTAssertEqual(scenario.seed, 42)
    }

    func testInvalidSetValueIsReportedAgainstTheFlag() throws {
        let found = try issues(Self.minimal, overrides: ["tiers.api.droplets=abc"])
        XCTAssertEqual(found, [ScenarioIssue(source: "--set tiers.api.droplets", line: nil, column: nil,
                                             path: "tiers.api.droplets", message: "expected a whole number, found \"abc\"")])
    }

    func testSetThroughSingleValueIsRefused() throws {
        let found = try issues(Self.minimal, overrides: ["tiers.api.size.slug=s-2vcpu-4gb"])
        XCTAssertEqual(found.map(\.source), ["--set tiers.api.size.slug"])
        XCTAssertEqual(found.first?.message, "cannot set \"slug\" inside a single value")
    }

    // MARK: YAML features

    func testAnchorsAndAliasesAreResolved() throws {
        let text = """
            horizon: 1h
            tenant_groups:
              big:
                count: 2
                rate_per_tenant: 5/s
                hourly: &office \(Self.hourly)
                mix: &work {listProjects: 3, getProject: 1}
              small:
                count: 10
                rate_per_tenant: 1/s
                hourly: *office
                mix: *work
            operations:
              listProjects: {complexity: 10}
              getProject: {complexity: 5}
            tiers:
              api: &fleet {size: s-2vcpu-4gb, droplets: 3}
              web: *fleet
            database:
              plan: db-s-2vcpu-4gb
            """
        let scenario = try parse(text)
        XCTAssertEqual(scenario.tenantGroups.map(\.name), ["big", "small"])
        let big = scenario.tenantGroups[0], small = scenario.tenantGroups[1]
        XCTAssertEqual(small.hourlyFactors, big.hourlyFactors)
        XCTAssertEqual(small.hourlyFactors.reduce(0, +) / 24, 1, accuracy: 1e-12)
        XCTAssertEqual(small.mix, big.mix)
        XCTAssertEqual(small.mix.map(\.target), ["listProjects", "getProject"])
        XCTAssertEqual(scenario.tier(.web)?.droplets, 3)
        XCTAssertEqual(scenario.tier(.web)?.size.slug, "s-2vcpu-4gb")
    }

    func testBaselineScenarioLoads() throws {
        let scenario = try loader().load(path: Self.repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path)
        XCTAssertEqual(scenario.name, "baseline")
        XCTAssertEqual(scenario.tenantGroups.map(\.name), ["enterprise", "business", "starter"])
        XCTAssertEqual(scenario.tenantGroups.reduce(0) { $0 + $1.count }, 200)
        // `hourly: *office` in the file: the groups share one profile.
        XCTAssertEqual(scenario.tenantGroups[1].hourlyFactors, scenario.tenantGroups[0].hourlyFactors)
        XCTAssertEqual(scenario.timeZone.identifier, "America/New_York")
        XCTAssertEqual(scenario.tenantGroups[2].timeZone.identifier, "Europe/London")
        XCTAssertEqual(scenario.horizon, 7 * 86_400)
        XCTAssertEqual(scenario.database.pgBouncer.mode, .transaction)
        XCTAssertEqual(scenario.database.pgBouncer.poolSize, 40)
        XCTAssertEqual(scenario.operations.first { $0.name == "dashboardStats" }?.cacheTTL, 300, "cache: true takes the response_cache_ttl")
    }

    // MARK: Problems

    func testUnknownDropletSizeIsReportedWithLineColumnAndSuggestion() throws {
        let text = Self.minimal.replacingOccurrences(of: "size: s-2vcpu-4gb", with: "size: s-2vcpu-4b")
        let line = try XCTUnwrap(Self.line(of: "size: s-2vcpu-4b", in: text))
        let column = try XCTUnwrap(text.components(separatedBy: "\n")[line - 1].range(of: "s-2vcpu-4b")).lowerBound.utf16Offset(
            in: text.components(separatedBy: "\n")[line - 1]) + 1
        XCTAssertEqual(try issues(text), [ScenarioIssue(
            source: "inline.yaml", line: line, column: column, path: "tiers.api.size",
            message: "unknown droplet size \"s-2vcpu-4b\"; did you mean \"s-2vcpu-4gb\"?")])
    }

    func testEveryProblemIsCollected() throws {
        let text = Self.minimal
            .replacingOccurrences(of: "count: 5", with: "count: 0")
            .replacingOccurrences(of: "droplets: 2", with: "droplets: -1")
            .replacingOccurrences(of: "plan: db-s-1vcpu-1gb", with: "plan: db-s-1vcpu-1g")
        let found = try issues(text)
        XCTAssertEqual(found.map(\.path), ["tenant_groups.small.count", "tiers.api.droplets", "database.plan"])
        XCTAssertEqual(found.map(\.line), [Self.line(of: "count: 0", in: text), Self.line(of: "droplets: -1", in: text),
                                          Self.line(of: "plan: db-s-1vcpu-1g", in: text)])
    }

    func testEmptyTextIsRefused() throws {
        XCTAssertEqual(try issues(""), [ScenarioIssue(source: "inline.yaml", line: 1, column: 1, path: "", message: "the scenario is empty")])
    }

    func testPoolAboveBackendConnectionsIsRefused() throws {
        let text = Self.minimal + "\n  pgbouncer:\n    pool_size: 30\n"
        let found = try issues(text)
        XCTAssertEqual(found.map(\.path), ["database.pgbouncer.pool_size"])
        XCTAssertEqual(found.first?.line, Self.line(of: "pool_size: 30", in: text))
        XCTAssertEqual(found.first?.message,
                       "pool_size + reserve_pool_size = 30 exceeds the 22 backend connections of db-s-1vcpu-1gb (25 per GiB minus 3)")
    }
}
