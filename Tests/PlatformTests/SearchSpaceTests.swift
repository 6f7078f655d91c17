import Autoscaling
import DigitalOceanCatalog
import Foundation
import Scenarios
import XCTest
import YAMLSupport

/// The optimizer's search space: its syntax (lists, ranges, steps, filters, autoscaling
/// entries expanded through the scenario's own reader, cache TTLs), the enumeration of its
/// candidates over a scenario, the combinations it excludes, and its located errors.
final class SearchSpaceTests: XCTestCase {
    /// An api and a web tier, a cached query, a mutation and a page; the database plan has
    /// 47 backend connections.
    static let scenarioText = """
        name: space-test
        horizon: 1h
        tenant_groups:
          small:
            count: 5
            rate_per_tenant: 2/s
            mix: {listProjects: 3, createComment: 1, projectPage: 1}
        operations:
          listProjects:
            complexity: 10
            cache: 60s
          createComment:
            kind: mutation
            complexity: 5
        pages:
          projectPage:
            rendering: ssr
            calls: [listProjects]
        tiers:
          api:
            size: s-2vcpu-4gb
            droplets: 2
          web:
            size: s-1vcpu-2gb
            droplets: 2
        database:
          plan: db-s-1vcpu-2gb
          pgbouncer:
            mode: transaction
            pool_size: 10

        """

    var catalog: Catalog { Fixtures.catalog }
    var loader: ScenarioLoader { ScenarioLoader(catalog: catalog, files: InMemoryScenarioFiles()) }

    func scenario(_ text: String = SearchSpaceTests.scenarioText) throws -> Scenario {
        try loader.parse(text, source: "scenario.yaml")
    }

    /// A space file's text read against the test scenario.
    func space(_ text: String, scenario: Scenario? = nil) throws -> SearchSpace {
        try loader.searchSpace(text: text, source: "space.yaml", scenario: scenario ?? self.scenario())
    }

    func enumerate(_ text: String, limit: Int = 1_000_000) throws -> SearchSpaceEnumeration {
        let scenario = try scenario()
        return try space(text, scenario: scenario).enumerate(over: scenario, catalog: catalog, limit: limit)
    }

    /// The issues `text` is refused with; fails the test when it is accepted.
    func issues(_ text: String, scenario: Scenario? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> [ScenarioIssue] {
        let scenario = try scenario ?? self.scenario()
        do {
            _ = try loader.searchSpace(text: text, source: "space.yaml", scenario: scenario)
        } catch {
            return error.issues
        }
        XCTFail("the space was accepted", file: file, line: line)
        return []
    }

    /// The one issue `text` is refused with, checked for its line, path and message.
    func assertRefused(_ text: String, at fragment: String, path: String, message: String,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let found = try issues(text, file: file, line: line)
        XCTAssertEqual(found.count, 1, "\(found)", file: file, line: line)
        let issue = try XCTUnwrap(found.first, file: file, line: line)
        XCTAssertEqual(issue.source, "space.yaml", file: file, line: line)
        XCTAssertEqual(issue.line, Self.line(of: fragment, in: text), "\(issue)", file: file, line: line)
        XCTAssertEqual(issue.path, path, "\(issue)", file: file, line: line)
        XCTAssertEqual(issue.message, message, "\(issue)", file: file, line: line)
    }

    static func line(of fragment: String, in text: String) -> Int? {
        text.components(separatedBy: "\n").firstIndex { $0.contains(fragment) }.map { $0 + 1 }
    }

    // MARK: Syntax

    func testListsRangesStepsAndSingleValues() throws {
        let space = try space("""
            tiers:
              api:
                droplets: [2, 4, 6]
                workers: 3
                balancer_nodes: 1..2
              web:
                droplets: [1..2, 5]
                load_balancer: {nodes: [3]}
            database:
              standby_nodes: [0, 1]
              pool_mode: [transaction, session]
              pool_size: 20..45 step 10
              reserve_pool_size: 0..2
            """)
        let api = try XCTUnwrap(space.tier(.api))
        XCTAssertEqual(api.fleets, [.fixed(droplets: 2), .fixed(droplets: 4), .fixed(droplets: 6)])
        XCTAssertEqual(api.workersPerDroplet, [3])
        XCTAssertEqual(api.balancerNodes, [1, 2])
        XCTAssertEqual(api.dropletSizes, [], "not given: the scenario's")
        let web = try XCTUnwrap(space.tier(.web))
        XCTAssertEqual(web.fleets, [.fixed(droplets: 1), .fixed(droplets: 2), .fixed(droplets: 5)])
        XCTAssertEqual(web.balancerNodes, [3])
        XCTAssertEqual(space.database.standbyNodes, [0, 1])
        XCTAssertEqual(space.database.poolModes, [.transaction, .session])
        XCTAssertEqual(space.database.poolSizes, [20, 30, 40], "the step stops at the last value within the range")
        XCTAssertEqual(space.database.reservePoolSizes, [0, 1, 2])
        XCTAssertEqual(space.database.plans, [])
        XCTAssertEqual(space.combinations, 3 * 2 * 3 * 2 * 2 * 3 * 3)
    }

    func testScenarioSpellingsOfThePoolAreAccepted() throws {
        let flat = try space("database: {pool_mode: session, pool_size: [10, 20], reserve_pool_size: 5}")
        let nested = try space("database: {pgbouncer: {mode: session, pool_size: [10, 20], reserve_pool_size: 5}}")
        XCTAssertEqual(flat.database, nested.database)
        XCTAssertEqual(flat.database.poolModes, [.session])
        XCTAssertEqual(flat.database.reservePoolSizes, [5])
    }

    func testSizeAndPlanFilters() throws {
        let sizes = catalog.dropletSizes
        let byFamily = try space("tiers: {api: {size: {family: [s, c], vcpus: 1..8}}}")
        XCTAssertEqual(byFamily.tier(.api)?.dropletSizes,
                       sizes.filter { ($0.slug.hasPrefix("s-") || $0.slug.hasPrefix("c-")) && (1...8).contains($0.vcpus) }.map(\.slug))
        XCTAssertTrue(byFamily.tier(.api)?.dropletSizes.contains("c-8") == true)
        XCTAssertFalse(byFamily.tier(.api)?.dropletSizes.contains("c-16") == true)
        let cheapCPU = try space("tiers: {api: {size: {family: cpu-optimized, max_monthly_usd: 100}}}")
        XCTAssertEqual(cheapCPU.tier(.api)?.dropletSizes, ["c-2", "c-4"])
        let dedicatedTwo = try space("tiers: {api: {size: {dedicated: true, vcpus: 2, memory_gib: 4..8}}}")
        XCTAssertEqual(dedicatedTwo.tier(.api)?.dropletSizes, ["g-2vcpu-8gb", "c-2"])
        let shared = try space("tiers: {api: {size: {dedicated: false, memory_gib: [0.5, 32]}}}")
        XCTAssertEqual(shared.tier(.api)?.dropletSizes,
                       sizes.filter { !$0.dedicatedCPU && ($0.memoryGiB == 0.5 || $0.memoryGiB == 32) }.map(\.slug))
        let plans = try space("database: {plan: {vcpus: 2..4}}")
        XCTAssertEqual(plans.database.plans, ["db-s-2vcpu-4gb", "db-s-4vcpu-8gb"])
        let slugs = try space("database: {plan: db-s-4vcpu-8gb}")
        XCTAssertEqual(slugs.database.plans, ["db-s-4vcpu-8gb"])
    }

    func testAutoscalingEntriesExpandIntoScenarioBlocks() throws {
        let space = try space("""
            tiers:
              api:
                droplets: 3
                autoscaling:
                  - {policy: target-tracking, min: [2, 3], max: 10, metric: cpu, target: [60%, 70%]}
                  - {policy: do-autoscale-pool, min: 1..2, max: 10, target: 70%, cooldown: 5m}
            """)
        let fleets = try XCTUnwrap(space.tier(.api)).fleets
        XCTAssertEqual(fleets.count, 1 + 4 + 2)
        XCTAssertEqual(fleets.first, .fixed(droplets: 3), "fixed counts first, then each entry's blocks")
        let blocks: [AutoscalingConfiguration] = fleets.dropFirst().compactMap {
            if case let .autoscaling(configuration) = $0 { return configuration }
            return nil
        }
        XCTAssertEqual(blocks.map(\.minimum), [2, 2, 3, 3, 1, 2])
        XCTAssertEqual(blocks.map(\.maximum), [10, 10, 10, 10, 10, 10])
        XCTAssertEqual(blocks.prefix(4).map(\.policy), [0.6, 0.7, 0.6, 0.7].map {
            .targetTracking(TargetTrackingConfiguration(targets: [MetricTarget(metric: .cpu, target: $0)]))
        })
        XCTAssertEqual(blocks[0].behavior, .kubernetesDefault, "the scenario reader's defaults")
        XCTAssertEqual(blocks[0].interval, 15)
        XCTAssertEqual(blocks[4].policy, .dropletAutoscalePool(DropletAutoscalePoolConfiguration(metric: .cpu, target: 0.7, cooldown: 300)))

        // The same block written in a scenario reads the same.
        let scenario = try scenario(Self.scenarioText.replacingOccurrences(
            of: "    droplets: 2\n  web:",
            with: "    autoscaling: {policy: target-tracking, min: 2, max: 10, metric: cpu, target: 60%}\n  web:"))
        XCTAssertEqual(scenario.configuration.tier(.api)?.autoscaling, blocks[0])
    }

    func testResponseCacheTTLs() throws {
        let space = try space("response_cache: {listProjects: [null, 30s, 1m, false]}")
        XCTAssertEqual(space.responseCache, [SearchSpace.CacheChoices(operation: "listProjects", ttlSeconds: [nil, 30, 60])])
        let single = try self.space("response_cache: {listProjects: ~}")
        XCTAssertEqual(single.responseCache.first?.ttlSeconds, [nil])
    }

    func testSpaceFileTakesTheBlockOrOneSearchKey() throws {
        let fields = "tiers:\n  api:\n    droplets: 2..3\n"
        let bare = try space(fields)
        let wrapped = try space("search:\n" + fields.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        XCTAssertEqual(bare.tiers, wrapped.tiers)
        XCTAssertEqual(wrapped.line, 1)
    }

    func testScenarioBlockIsReadAndIgnoredByTheScenario() throws {
        let text = Self.scenarioText + "search:\n  tiers:\n    api:\n      droplets: [2, 3]\n"
        let files = InMemoryScenarioFiles(["with.yaml": text, "without.yaml": Self.scenarioText])
        let loader = ScenarioLoader(catalog: catalog, files: files)
        let scenario = try loader.load(path: "with.yaml")
        XCTAssertEqual(scenario.configuration, try self.scenario().configuration, "the scenario ignores its search block")
        let space = try XCTUnwrap(try loader.searchSpace(inScenarioAt: "with.yaml", scenario: scenario))
        XCTAssertEqual(space.tier(.api)?.fleets, [.fixed(droplets: 2), .fixed(droplets: 3)])
        XCTAssertEqual(space.line, Self.line(of: "search:", in: text))
        XCTAssertEqual(space.source, "with.yaml")
        XCTAssertNil(try loader.searchSpace(inScenarioAt: "without.yaml", scenario: scenario))
    }

    // MARK: Enumeration

    func testEnumerationOrderIsNestedLoopsApiWebDatabaseCaches() throws {
        let result = try enumerate("""
            tiers:
              web: {droplets: [1, 2]}
              api: {size: [s-2vcpu-4gb, s-4vcpu-8gb], droplets: [2, 3]}
            database: {pool_size: [10, 20]}
            response_cache: {listProjects: [null, 30s]}
            """)
        XCTAssertEqual(result.combinations, 32)
        XCTAssertEqual(result.valid.count, 32)
        XCTAssertTrue(result.excluded.isEmpty)
        func key(_ configuration: Configuration) -> String {
            let api = configuration.tier(.api)!, web = configuration.tier(.web)!
            let ttl = configuration.responseCache.first { $0.operation == "listProjects" }!.ttlSeconds
            return "\(api.dropletSize) \(api.droplets) \(web.droplets) \(configuration.database.poolSize) \(ttl.map { "\(Int($0))" } ?? "off")"
        }
        XCTAssertEqual(result.valid.prefix(5).map(key), [
            "s-2vcpu-4gb 2 1 10 off", "s-2vcpu-4gb 2 1 10 30", "s-2vcpu-4gb 2 1 20 off", "s-2vcpu-4gb 2 1 20 30",
            "s-2vcpu-4gb 2 2 10 off",
        ])
        XCTAssertEqual(result.valid.last.map(key), "s-4vcpu-8gb 3 2 20 30")
        // Everything the space does not name is the scenario's.
        let base = try scenario().configuration
        for configuration in result.valid {
            XCTAssertEqual(configuration.database.plan, base.database.plan)
            XCTAssertEqual(configuration.tier(.web)?.dropletSize, base.tier(.web)?.dropletSize)
            XCTAssertEqual(configuration.responseCache.count, base.responseCache.count)
        }
        // Workers follow the size: the scenario runs one per vCPU.
        XCTAssertEqual(result.valid.first?.tier(.api)?.workersPerDroplet, 2)
        XCTAssertEqual(result.valid.last?.tier(.api)?.workersPerDroplet, 4)
    }

    func testAnEmptySpaceIsTheScenarioItself() throws {
        let result = try enumerate("{}")
        XCTAssertEqual(result.combinations, 1)
        XCTAssertEqual(result.valid, [try scenario().configuration])
    }

    func testAutoscaledFleetsStartAtTheirMinimum() throws {
        let result = try enumerate("tiers: {api: {autoscaling: {policy: target-tracking, min: [1, 3], max: 6, target: 70%}}}")
        XCTAssertEqual(result.valid.map { $0.tier(.api)!.droplets }, [1, 3])
        XCTAssertEqual(result.valid.map { $0.tier(.api)!.autoscaling?.minimum }, [1, 3])
    }

    func testPoolLargerThanThePlanIsExcluded() throws {
        // db-s-1vcpu-2gb has 47 backend connections, db-s-2vcpu-4gb 97.
        let result = try enumerate("""
            database:
              plan: [db-s-1vcpu-2gb, db-s-2vcpu-4gb]
              pool_size: [40, 60]
              reserve_pool_size: [0, 10]
            """)
        XCTAssertEqual(result.combinations, 8)
        XCTAssertEqual(result.valid.count, 5)
        XCTAssertEqual(result.excluded.count, 1)
        XCTAssertEqual(result.excludedCount, 3)
        let exclusion = try XCTUnwrap(result.excluded.first)
        XCTAssertEqual(exclusion.reason, "database.pool_size: pool_size + reserve_pool_size exceeds the plan's backend connections")
        XCTAssertEqual(exclusion.count, 3)
        XCTAssertEqual(exclusion.example.database.poolSize, 40)
        XCTAssertEqual(exclusion.example.database.reservePoolSize, 10, "the first excluded combination")
        XCTAssertFalse(result.isEmpty)
    }

    func testAutoscalingMinAboveMaxIsExcludedNotRefused() throws {
        let result = try enumerate("tiers: {api: {autoscaling: {policy: target-tracking, min: 2..6 step 2, max: [4, 5], target: 70%}}}")
        XCTAssertEqual(result.combinations, 6)
        XCTAssertEqual(result.valid.map { [$0.tier(.api)!.autoscaling!.minimum, $0.tier(.api)!.autoscaling!.maximum] },
                       [[2, 4], [2, 5], [4, 4], [4, 5]])
        XCTAssertEqual(result.excluded.map(\.reason), ["tiers.api.autoscaling.max: min must not exceed max"])
        XCTAssertEqual(result.excluded.map(\.count), [2])
        XCTAssertEqual(result.excluded.first?.example.tier(.api)?.autoscaling?.minimum, 6)
    }

    func testStandbyOnTheSmallestPlanIsExcluded() throws {
        let result = try enumerate("database: {plan: [db-s-1vcpu-1gb, db-s-1vcpu-2gb], standby_nodes: [0, 1]}")
        XCTAssertEqual(result.valid.count, 3)
        XCTAssertEqual(result.excluded.map(\.reason), ["database.standby_nodes: the db-s-1vcpu-1gb plan cannot have standby nodes"])
    }

    func testEverythingExcludedIsAnEmptySpaceWithItsReasons() throws {
        let scenario = try scenario()
        let space = try space("database: {pool_size: [50, 60]}", scenario: scenario)
        let result = try space.enumerate(over: scenario, catalog: catalog)
        XCTAssertTrue(result.isEmpty)
        let error = result.emptySpaceError(in: space)
        XCTAssertEqual(error.issues.map(\.message), [
            "the search space has no valid configuration: all 2 combinations are excluded",
            "excluded 2: database.pool_size: pool_size + reserve_pool_size exceeds the plan's backend connections "
                + "(e.g. api 2×s-2vcpu-4gb · web 2×s-1vcpu-2gb · db-s-1vcpu-2gb pool 50)",
        ])
        XCTAssertEqual(error.issues.map(\.source), ["space.yaml", "space.yaml"])
        XCTAssertEqual(error.issues.map(\.line), [1, 1])
        XCTAssertEqual(error.issues.map(\.path), ["search", "search"])
    }

    func testRepeatedValuesAreDroppedKeepingTheFirst() throws {
        let result = try enumerate("""
            tiers:
              api:
                size: [s-4vcpu-8gb, s-2vcpu-4gb, s-4vcpu-8gb]
                droplets: [3, 2, 3, 2..3]
                autoscaling:
                  - {policy: target-tracking, min: 2, max: 4, target: 70%}
                  - {policy: target-tracking, min: [2], max: 4, target: [70%, 0.7]}
            """)
        XCTAssertEqual(result.combinations, 2 * 3)
        XCTAssertEqual(result.valid.count, 6)
        XCTAssertEqual(Set(result.valid).count, 6)
        XCTAssertEqual(result.valid.map { $0.tier(.api)!.dropletSize }.first, "s-4vcpu-8gb")
        XCTAssertEqual(result.valid.prefix(3).map { $0.tier(.api)!.droplets }, [3, 2, 2])
        XCTAssertNotNil(result.valid[2].tier(.api)?.autoscaling)
    }

    func testCombinationsSaturateAndTheLimitIsNamed() throws {
        let text = """
            tiers:
              api: {droplets: 1..1000, workers: 1..256, balancer_nodes: 1..100}
              web: {droplets: 1..1000, workers: 1..256, balancer_nodes: 1..100}
            database: {pool_size: 1..10000, reserve_pool_size: 0..10000}
            """
        let scenario = try scenario()
        let huge = try space(text, scenario: scenario)
        XCTAssertEqual(huge.combinations, Int.max, "1000² × 256² × 100² × 10000 × 10001 does not fit an Int")
        XCTAssertThrowsError(try huge.enumerate(over: scenario, catalog: catalog)) { error in
            let issues = (error as? ScenarioError)?.issues ?? []
            XCTAssertEqual(issues.first?.message,
                           "the search space has more than 9223372036854775807 combinations, more than the limit of 1000000; narrow its lists and ranges")
        }
        let small = try space("tiers: {api: {droplets: 1..10, workers: 1..10}}", scenario: scenario)
        XCTAssertEqual(small.combinations, 100)
        XCTAssertThrowsError(try small.enumerate(over: scenario, catalog: catalog, limit: 99)) { error in
            let issues = (error as? ScenarioError)?.issues ?? []
            XCTAssertEqual(issues.map(\.description),
                           ["space.yaml:1:1: search: the search space has 100 combinations, more than the limit of 99; narrow its lists and ranges"])
        }
        XCTAssertEqual(try small.enumerate(over: scenario, catalog: catalog, limit: 100).valid.count, 100)
    }

    func testSameTextGivesTheSameCandidates() throws {
        let text = """
            tiers:
              api:
                size: {family: s, vcpus: 2..4, dedicated: false}
                autoscaling: {policy: target-tracking, min: 1..2, max: [4, 6], target: [50%, 70%]}
              web: {droplets: 1..3}
            database: {plan: {vcpus: 1..2}, pool_size: 10..40 step 15}
            response_cache: {listProjects: [null, 30s]}
            """
        let first = try enumerate(text)
        let second = try enumerate(text)
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.valid.map { $0.canonicalJSON() }, second.valid.map { $0.canonicalJSON() })
        XCTAssertGreaterThan(first.valid.count, 100)
    }

    func testWorkersFollowTheSizeOnlyWhenTheScenarioRunsOnePerVCPU() throws {
        let explicit = try scenario(Self.scenarioText.replacingOccurrences(of: "    droplets: 2\n  web:", with: "    droplets: 2\n    workers: 3\n  web:"))
        let space = try space("tiers: {api: {size: [s-2vcpu-4gb, s-4vcpu-8gb]}}", scenario: explicit)
        XCTAssertEqual(try space.enumerate(over: explicit, catalog: catalog).valid.map { $0.tier(.api)!.workersPerDroplet }, [3, 3])
        let pinned = try self.space("tiers: {api: {size: [s-2vcpu-4gb, s-4vcpu-8gb], workers: [2]}}")
        XCTAssertEqual(try pinned.enumerate(over: scenario(), catalog: catalog).valid.map { $0.tier(.api)!.workersPerDroplet }, [2, 2])
    }

    // MARK: Labels

    func testLabels() throws {
        let base = try scenario().configuration
        XCTAssertEqual(base.label, "api 2×s-2vcpu-4gb · web 2×s-1vcpu-2gb · db-s-1vcpu-2gb pool 10")
        let space = try space("""
            tiers:
              api:
                autoscaling: {policy: target-tracking, min: 2, max: 10, metric: cpu, target: 70%}
                workers: [2, 4]
            database: {pool_mode: [session, transaction], standby_nodes: [0, 1]}
            response_cache: {listProjects: [null, 30s]}
            """)
        let candidate = try XCTUnwrap(try space.enumerate(over: scenario(), catalog: catalog).valid.last)
        XCTAssertEqual(space.label(candidate),
                       "api s-2vcpu-4gb autoscaled 2–10 target-tracking cpu 70% (4 workers) · web 2×s-1vcpu-2gb · "
                           + "db-s-1vcpu-2gb +1 standby transaction pool 10 · listProjects cache 30s")
        XCTAssertEqual(space.dimensionSummary,
                       "api: 1 fleet × 2 worker counts · database: 2 standby counts × 2 pool modes · response cache: listProjects 2 TTLs")
    }

    // MARK: Errors

    func testUnknownFieldsAreLocatedWithASuggestion() throws {
        let text = "tiers:\n  api:\n    sise: [s-2vcpu-4gb]\n"
        try assertRefused(text, at: "sise", path: "search.tiers.api.sise",
                          message: "unknown field \"sise\"; did you mean \"size\"?")
        try assertRefused("tiers:\n  cache:\n    droplets: 2\n", at: "cache:", path: "search.tiers.cache",
                          message: "unknown field \"cache\"; expected one of: api, web")
        try assertRefused("database:\n  pool_sise: 10\n", at: "pool_sise", path: "search.database.pool_sise",
                          message: "unknown field \"pool_sise\"; did you mean \"pool_size\"?")
        try assertRefused("search:\n  tiers: {}\nseed: 3\n", at: "seed", path: "seed",
                          message: "unknown field \"seed\": a space file holds either the search block's fields (tiers, database, response_cache) or one search: key")
    }

    func testTiersAndOperationsMustBeTheScenarios() throws {
        let apiOnly = try scenario(Self.scenarioText
            .replacingOccurrences(of: "  web:\n    size: s-1vcpu-2gb\n    droplets: 2\n", with: "")
            .replacingOccurrences(of: ", projectPage: 1", with: "")
            .replacingOccurrences(of: "pages:\n  projectPage:\n    rendering: ssr\n    calls: [listProjects]\n", with: ""))
        let text = "tiers:\n  web:\n    droplets: 2\n"
        let found = try issues(text, scenario: apiOnly)
        XCTAssertEqual(found.map(\.description), ["space.yaml:2:3: search.tiers.web: the scenario space-test has no web tier (it runs api)"])
        try assertRefused("response_cache:\n  listProject: [30s]\n", at: "listProject", path: "search.response_cache.listProject",
                          message: "the scenario has no operation \"listProject\"; did you mean \"listProjects\"?")
        try assertRefused("response_cache:\n  createComment: [null, 30s]\n", at: "createComment", path: "search.response_cache.createComment.1",
                          message: "mutations are never served from the response cache")
    }

    func testUnknownSlugsAndFiltersMatchingNothing() throws {
        try assertRefused("tiers:\n  api:\n    size:\n      - s-2vcpu-4g\n      - s-2vcpu-4gb\n", at: "- s-2vcpu-4g",
                          path: "search.tiers.api.size.0", message: "unknown droplet size \"s-2vcpu-4g\"; did you mean \"s-2vcpu-4gb\"?")
        try assertRefused("database:\n  plan: [db-s-2vcpu-4g]\n", at: "plan:", path: "search.database.plan.0",
                          message: "unknown database plan \"db-s-2vcpu-4g\"; did you mean \"db-s-2vcpu-4gb\"?")
        try assertRefused("tiers:\n  api:\n    size: {family: c, vcpus: 3}\n", at: "size:", path: "search.tiers.api.size",
                          message: "no droplet size of the catalog matches this filter; see `capsim catalog`")
        try assertRefused("database:\n  plan: {vcpus: 3, memory_gib: 1..2}\n", at: "plan:", path: "search.database.plan",
                          message: "no database plan of the catalog matches this filter; see `capsim catalog`")
        let family = try issues("tiers:\n  api:\n    size: {family: cpu-optimised}\n")
        XCTAssertEqual(family.map(\.path), ["search.tiers.api.size.family"])
        XCTAssertEqual(family.first?.line, 3)
        XCTAssertTrue(family.first?.message.hasPrefix("unknown droplet family \"cpu-optimised\"; did you mean \"cpu-optimized\"?") == true,
                      "\(family)")
    }

    func testBadRangesAndLists() throws {
        try assertRefused("tiers:\n  api:\n    droplets: 8..2\n", at: "droplets", path: "search.tiers.api.droplets",
                          message: "the range 8..2 is empty: its start must not exceed its end")
        try assertRefused("database:\n  pool_size: 20..60 step 0\n", at: "pool_size", path: "search.database.pool_size",
                          message: "the step must be at least 1, found 0")
        try assertRefused("database:\n  pool_size: 20..60 step -5\n", at: "pool_size", path: "search.database.pool_size",
                          message: "the step must be at least 1, found -5")
        try assertRefused("tiers:\n  api:\n    droplets: 1.5..3\n", at: "droplets", path: "search.tiers.api.droplets",
                          message: "expected a range of whole numbers such as 2..8 or 20..60 step 10, found \"1.5..3\"")
        try assertRefused("tiers:\n  api:\n    workers: [2, 2.5]\n", at: "workers", path: "search.tiers.api.workers.1",
                          message: "expected a whole number, found \"2.5\"")
        try assertRefused("tiers:\n  api:\n    droplets: []\n", at: "droplets", path: "search.tiers.api.droplets",
                          message: "the list is empty: give at least one value, or leave the field out to keep the scenario's")
        try assertRefused("tiers:\n  api:\n    droplets: 0..4\n", at: "droplets", path: "search.tiers.api.droplets",
                          message: "must be from 1 to 1000, found 0..4")
        try assertRefused("database:\n  standby_nodes: [0, 3]\n", at: "standby", path: "search.database.standby_nodes.1",
                          message: "must be at most 2, found 3")
        try assertRefused("response_cache:\n  listProjects: [30, 1m]\n", at: "listProjects", path: "search.response_cache.listProjects.0",
                          message: "a duration needs a unit: \"30\"; write it as 250ms, 30s, 5m, 2h or 7d")
    }

    func testErrorsInsideAutoscalingKeepTheirLineAndField() throws {
        let text = """
            tiers:
              api:
                autoscaling:
                  policy: target-tracking
                  min: [1, 2]
                  max: 10
                  target:
                    - 60%
                    - 170%
            """
        try assertRefused(text, at: "170%", path: "search.tiers.api.autoscaling.target", message: "must be at most 1, found 170%")
        let typo = "tiers:\n  api:\n    autoscaling:\n      - {policy: target-tracking, min: 1, max: 4, target: 70%}\n      - {policy: target-tracking, min: 1, max: 4, targt: 70%}\n"
        let found = try issues(typo)
        XCTAssertEqual(Set(found.map(\.path)), ["search.tiers.api.autoscaling.1.targt", "search.tiers.api.autoscaling.1.target"])
        XCTAssertEqual(found.map(\.line), [5, 5])
        XCTAssertTrue(found.contains { $0.message.hasPrefix("unknown field \"targt\"; did you mean \"target\"?") }, "\(found)")
        try assertRefused("tiers:\n  api:\n    autoscaling: {policy: [target-trackng], min: 1, max: 2, target: 70%}\n",
                          at: "autoscaling", path: "search.tiers.api.autoscaling.policy",
                          message: "unknown policy \"target-trackng\"; did you mean \"target-tracking\"?")
        // Fixed min and max are the author's mistake, as in a scenario: refused, not excluded.
        try assertRefused("tiers:\n  api:\n    autoscaling: {policy: target-tracking, min: 5, max: 2, target: 70%}\n",
                          at: "autoscaling", path: "search.tiers.api.autoscaling.max", message: "min (5) must not exceed max (2)")
        try assertRefused("tiers:\n  api:\n    autoscaling: {policy: target-tracking, min: 1..100000, max: 10, target: 70%}\n",
                          at: "autoscaling", path: "search.tiers.api.autoscaling.min",
                          message: "the range 1..100000 holds 100000 values, more than 10000")
    }

    func testSetCannotReachTheSearchSpace() throws {
        let text = Self.scenarioText + "search:\n  tiers:\n    api:\n      droplets: [2, 3]\n"
        XCTAssertThrowsError(try loader.parse(text, source: "scenario.yaml", overrides: ["search.tiers.api.droplets=4"])) { error in
            XCTAssertEqual((error as? ScenarioError)?.issues.map(\.description),
                           ["--set search.tiers.api.droplets: search.tiers.api.droplets: --set cannot change the search space; edit the search: block or pass --space FILE"])
        }
        let variant = text + "variants:\n  - {name: more, set: {search.tiers.api.droplets: 4}}\n"
        let files = InMemoryScenarioFiles(["v.yaml": variant])
        XCTAssertThrowsError(try ScenarioLoader(catalog: catalog, files: files).loadWithVariants(path: "v.yaml")) { error in
            XCTAssertEqual((error as? ScenarioError)?.issues.map(\.path), ["variants.0.set.search.tiers.api.droplets"])
        }
    }

    func testEmptyAndMissingSpaces() throws {
        XCTAssertEqual(try issues("").map(\.description), ["space.yaml:1:1: the search space is empty"])
        let file = try issues("search:\n")
        XCTAssertEqual(file.map(\.path), ["search"])
        XCTAssertEqual(file.first?.line, 1)
        XCTAssertThrowsError(try loader.searchSpace(fileAt: "missing.yaml", scenario: scenario())) { error in
            XCTAssertEqual((error as? ScenarioError)?.issues.map(\.description), ["missing.yaml: cannot read the search space file (no such file)"])
        }
    }
}
