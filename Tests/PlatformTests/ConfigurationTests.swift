import Foundation
import XCTest
@testable import Autoscaling
import ContentHash
@testable import DigitalOceanCatalog
@testable import Model
@testable import Scenarios
@testable import YAMLSupport

/// `Configuration`: what a plan decides, as a value with a canonical form and a hash, applied
/// to a scenario without YAML.
final class ConfigurationTests: XCTestCase {
    static let exampleScenarios = ["baseline", "black-friday", "business-hours", "noisy-neighbour"]

    /// Every example scenario and every variant of it.
    func allScenarios() throws -> [(name: String, scenario: Scenario)] {
        var result: [(String, Scenario)] = []
        for name in Self.exampleScenarios {
            let (scenario, variants) = try Fixtures.loader.loadWithVariants(path: Fixtures.path("scenarios/\(name).yaml"))
            result.append((name, scenario))
            result += variants.map { ("\(name)/\($0.name)", $0.scenario) }
        }
        return result
    }

    func testCanonicalFormsReadBackToAnEqualValueForEveryExample() throws {
        let all = try allScenarios()
        XCTAssertGreaterThan(all.count, 10)
        for (name, scenario) in all {
            let configuration = scenario.configuration
            let yaml = configuration.yaml()
            XCTAssertTrue(yaml.hasPrefix("schema: capsim.configuration/v1\n"), name)
            XCTAssertFalse(yaml.contains("e+"), "\(name): numbers in exponent form:\n\(yaml)")
            let read = try Configuration.parse(yaml: yaml, source: "\(name).yaml", catalog: Fixtures.catalog, for: scenario)
            XCTAssertEqual(read, configuration, name)
            XCTAssertEqual(read.contentHash, configuration.contentHash, name)
            let decoded = try JSONDecoder().decode(Configuration.self, from: configuration.canonicalJSON())
            XCTAssertEqual(decoded, configuration, name)
        }
    }

    /// The hash is the key of stored runs and of a search's resume: it must not change
    /// between versions that keep the schema. A change here is a schema change (v2).
    func testContentHashOfTheBaselineIsStable() throws {
        let configuration = try Fixtures.scenario(file: "scenarios/baseline.yaml").configuration
        XCTAssertEqual(configuration.contentHash, "1bbaf6a9009681837d91a68e63d4e9fe39a29448279f8a8f9d462b8749d28549")
        XCTAssertEqual(configuration.contentHash.count, 64)
    }

    func testEqualPlansBuiltInAnyOrderHaveOneHashAndADifferentPlanAnother() throws {
        let api = Configuration.Tier(role: .api, dropletSize: "s-2vcpu-4gb", droplets: 3, workersPerDroplet: 2)
        let web = Configuration.Tier(role: .web, dropletSize: "s-1vcpu-2gb", droplets: 2, workersPerDroplet: 1)
        let database = Configuration.Database(plan: "db-s-2vcpu-4gb", poolMode: .transaction, poolSize: 20, reservePoolSize: 5)
        let caches = [Configuration.ResponseCache(operation: "b", ttlSeconds: 30), Configuration.ResponseCache(operation: "a", ttlSeconds: nil)]
        let one = Configuration(tiers: [api, web], database: database, responseCache: caches)
        let other = Configuration(tiers: [web, api], database: database, responseCache: caches.reversed())
        XCTAssertEqual(one, other)
        XCTAssertEqual(one.hashValue, other.hashValue)
        XCTAssertEqual(one.contentHash, other.contentHash)
        var larger = one
        larger.tiers[0].droplets = 4
        XCTAssertNotEqual(larger.contentHash, one.contentHash)
        XCTAssertEqual(Set([one, other, larger]).count, 2)
    }

    /// A scheduled policy's calendar is the scenario's: the plan carries only its actions,
    /// and applying it gives the scenario's start and zone back.
    func testScheduledPoliciesCarryNoCalendarAndGetTheScenariosBack() throws {
        let variants = try Fixtures.loader.loadVariants(path: Fixtures.path("scenarios/business-hours.yaml"), policies: ["scheduled"])
        let scenario = variants[0].scenario
        let configuration = scenario.configuration
        guard case let .scheduled(planned)? = configuration.tier(.api)?.autoscaling?.policy else {
            return XCTFail("expected a scheduled policy, found \(String(describing: configuration.tier(.api)?.autoscaling?.policy))")
        }
        XCTAssertEqual(planned.start, ScheduledScalingConfiguration.unappliedStart)
        XCTAssertFalse(configuration.yaml().contains("start"))
        let applied = try scenario.applying(configuration, catalog: Fixtures.catalog)
        guard case let .scheduled(back)? = applied.tier(.api)?.autoscaling?.policy else { return XCTFail("policy lost") }
        XCTAssertEqual(back.start, scenario.start)
        XCTAssertEqual(back.timeZone, scenario.timeZone)
        XCTAssertEqual(back.actions, planned.actions)
    }

    /// Applying a scenario's own configuration changes nothing the simulation sees.
    func testApplyingTheScenariosOwnConfigurationSimulatesTheSame() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/business-hours.yaml",
                                             overrides: ["horizon=2h", "start=2026-11-30T08:00:00"])
        let applied = try scenario.applying(scenario.configuration, catalog: Fixtures.catalog)
        let before = PlatformModel(scenario: scenario).simulate(replication: 0)
        let after = PlatformModel(scenario: applied).simulate(replication: 0)
        XCTAssertGreaterThan(before.events, 10_000)
        XCTAssertEqual(after.events, before.events)
        XCTAssertEqual(after.outcomes, before.outcomes)
        XCTAssertEqual(after.latency.percentile(99), before.latency.percentile(99))
    }

    /// A plan applied in code is the same scenario as the YAML overrides that say the same.
    func testApplyingAPlanEqualsTheOverridesThatSayTheSame() throws {
        let base = ["horizon=2h", "start=2026-11-30T09:00:00"]
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: base)
        var plan = scenario.configuration
        plan.tiers[0].droplets = 3
        plan.tiers[0].dropletSize = "s-4vcpu-8gb"
        plan.tiers[0].workersPerDroplet = 4
        plan.database.poolSize = 30
        plan.database.plan = "db-s-2vcpu-4gb"
        let cacheIndex = try XCTUnwrap(plan.responseCache.firstIndex { $0.operation == "listProjects" })
        plan.responseCache[cacheIndex].ttlSeconds = 120
        let applied = try scenario.applying(plan, catalog: Fixtures.catalog)
        let overridden = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: base + [
            "tiers.api.droplets=3", "tiers.api.size=s-4vcpu-8gb", "tiers.api.workers=4", "database.pgbouncer.pool_size=30",
            "database.plan=db-s-2vcpu-4gb", "operations.listProjects.cache=120s",
        ])
        XCTAssertEqual(applied.configuration, overridden.configuration)
        XCTAssertEqual(applied.tier(.api)?.cpuSpeed, overridden.tier(.api)?.cpuSpeed)
        let fromPlan = PlatformModel(scenario: applied).simulate(replication: 1)
        let fromYAML = PlatformModel(scenario: overridden).simulate(replication: 1)
        XCTAssertEqual(fromPlan.events, fromYAML.events)
        XCTAssertEqual(fromPlan.outcomes, fromYAML.outcomes)
        XCTAssertEqual(fromPlan.latency.percentile(95), fromYAML.latency.percentile(95))
    }

    func testInvalidPlansAreRefusedWithEveryProblemAtItsField() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml")
        var plan = scenario.configuration
        plan.tiers[0].dropletSize = "s-2vcpu-5gb"
        plan.tiers[1].workersPerDroplet = 0
        plan.database.poolSize = 400
        plan.tiers[0].autoscaling = AutoscalingConfiguration(
            policy: .targetTracking(TargetTrackingConfiguration(targets: [MetricTarget(metric: .cpu, target: 0.7)])),
            minimum: 6, maximum: 3, interval: 15, window: 60, behavior: .kubernetesDefault)
        plan.responseCache.append(Configuration.ResponseCache(operation: "nope", ttlSeconds: 5))
        XCTAssertThrowsError(try scenario.applying(plan, catalog: Fixtures.catalog)) { error in
            let problems = (error as? ConfigurationError)?.problems.map(\.description) ?? []
            XCTAssertEqual(problems.count, 5, "\(problems)")
            XCTAssertTrue(problems.contains { $0.hasPrefix("tiers.0.droplet_size: unknown droplet size \"s-2vcpu-5gb\"; did you mean") }, "\(problems)")
            XCTAssertTrue(problems.contains("tiers.1.workers_per_droplet: must be from 1 to 256, found 0"), "\(problems)")
            XCTAssertTrue(problems.contains("tiers.0.autoscaling.maximum: min (6) must not exceed max (3)"), "\(problems)")
            XCTAssertTrue(problems.contains { $0.hasPrefix("database.pool_size: pool_size + reserve_pool_size = 400 exceeds") }, "\(problems)")
            XCTAssertTrue(problems.contains { $0.hasPrefix("response_cache.6.operation: the scenario has no operation \"nope\"") }, "\(problems)")
        }
    }

    /// A configuration file's problems point at its lines, whatever order its lists are in.
    func testFileProblemsAreLocatedInTheFilesOwnOrder() throws {
        let scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml")
        let text = """
            schema: capsim.configuration/v1
            tiers:
            - role: web
              droplet_size: s-2vcpu-4gb
              droplets: 2
              workers_per_droplet: 2
            - role: api
              droplet_size: s-2vcpu-4gb
              droplets: 2000
              workers_per_droplet: 2
              in_flight_limit: 200
            database:
              plan: db-s-4vcpu-8gb
              pool_mode: transaction
              pool_size: 40
            """
        XCTAssertThrowsError(try Configuration.parse(yaml: text, source: "plan.yaml", catalog: Fixtures.catalog, for: scenario)) { error in
            XCTAssertEqual("\(error)", "plan.yaml:9:13: tiers.1.droplets: must be from 1 to 1000, found 2000")
        }
        let misspelt = text.replacingOccurrences(of: "droplets: 2000", with: "droplets: 2\n  balancer_node: 2")
        XCTAssertThrowsError(try Configuration.parse(yaml: misspelt, source: "plan.yaml", catalog: Fixtures.catalog)) { error in
            XCTAssertEqual("\(error)", "plan.yaml:10:3: tiers.1.balancer_node: unknown field; did you mean \"balancer_nodes\"?")
        }
        let missing = text.replacingOccurrences(of: "  pool_mode: transaction\n", with: "")
        XCTAssertThrowsError(try Configuration.parse(yaml: missing, source: "plan.yaml", catalog: Fixtures.catalog)) { error in
            XCTAssertEqual("\(error)", "plan.yaml:13:3: database.pool_mode: missing required field")
        }
        let wrongSchema = text.replacingOccurrences(of: "/v1", with: "/v9")
        XCTAssertThrowsError(try Configuration.parse(yaml: wrongSchema, source: "plan.yaml", catalog: Fixtures.catalog)) { error in
            XCTAssertEqual("\(error)", "plan.yaml:1:9: schema: unknown schema \"capsim.configuration/v9\"; expected capsim.configuration/v1")
        }
        let fixed = text.replacingOccurrences(of: "droplets: 2000", with: "droplets: 4")
        let plan = try Configuration.parse(yaml: fixed, source: "plan.yaml", catalog: Fixtures.catalog, for: scenario)
        XCTAssertEqual(plan.tiers.map(\.role), [.api, .web])
        XCTAssertEqual(plan.tier(.api)?.droplets, 4)
        XCTAssertEqual(plan.tier(.web)?.balancerNodes, 1)
        XCTAssertEqual(plan.database.standbyNodes, 0)
    }

    /// Variants that change only plan fields are configurations of the scenario.
    func testVariantsThatChangeOnlyThePlanAreConfigurations() throws {
        let variants = try Fixtures.loader.loadVariants(path: Fixtures.path("scenarios/business-hours.yaml"), policies: [])
        XCTAssertGreaterThan(variants.count, 3)
        for variant in variants {
            let configuration = try XCTUnwrap(variant.configuration, variant.name)
            XCTAssertEqual(configuration, variant.scenario.configuration)
        }
        let changedLoad = try Fixtures.loader.loadVariants(
            path: Fixtures.path("scenarios/business-hours.yaml"), policies: ["static-peak"],
            overrides: ["variants.0.set.horizon=2h"])
        XCTAssertNil(changedLoad[0].configuration)
    }
}

/// A scenario built in code is checked on the typed value, as the YAML reader checks a file.
final class ScenarioValidationTests: XCTestCase {
    func testEveryExampleScenarioHasNoProblems() throws {
        for name in ConfigurationTests.exampleScenarios {
            let scenario = try Fixtures.scenario(file: "scenarios/\(name).yaml")
            XCTAssertEqual(scenario.problems(catalog: Fixtures.catalog), [], name)
        }
    }

    func testAScenarioBuiltInCodeWithMistakesNamesEachField() throws {
        var scenario = try Fixtures.scenario(file: "scenarios/baseline.yaml")
        scenario.tenantGroups[0].mix.append(MixEntry(target: "listProject", weight: 1))
        scenario.pages[0].calls.append("nothing")
        scenario.objectives.latency.append(LatencyObjective(percentile: 99, target: 0.3, scope: .group("nobody")))
        scenario.warmup = scenario.horizon
        scenario.database.pgBouncer.poolSize = 1000
        let problems = scenario.problems(catalog: Fixtures.catalog).map(\.description)
        let group = scenario.tenantGroups[0].name
        XCTAssertTrue(problems.contains("tenant_groups.\(group).mix.listProject: unknown operation or page \"listProject\"; did you mean \"listProjects\"?"), "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("pages.\(scenario.pages[0].name).calls.") && $0.contains("unknown operation \"nothing\"") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("slos.latency.\(scenario.objectives.latency.count - 1).group: unknown tenant group \"nobody\"") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("warmup: must be at least 0 and below the horizon") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("database.pool_size: pool_size + reserve_pool_size = 1000 exceeds") }, "\(problems)")
        XCTAssertEqual(problems.count, 5, "\(problems)")
    }
}
