import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

final class ArrivalStreamTests: XCTestCase {
    /// Common random numbers: each group draws from its own stream, so changing one group's
    /// rate leaves every other group's arrival times exactly as they were.
    func testChangingOneGroupsRateLeavesOtherGroupsArrivalsUnchanged() throws {
        let base = try Fixtures.scenario(file: "scenarios/baseline.yaml", overrides: ["horizon=30m"])
        let changed = try Fixtures.scenario(file: "scenarios/baseline.yaml",
                                            overrides: ["horizon=30m", "tenant_groups.business.rate_per_tenant=2/s"])
        let before = Fixtures.traced(base).1.arrivalsByGroup
        let after = Fixtures.traced(changed).1.arrivalsByGroup
        let names = base.tenantGroups.map(\.name)
        for (index, name) in names.enumerated() {
            if name == "business" {
                XCTAssertGreaterThan(after[index].count, before[index].count * 2, "business arrivals should grow")
            } else {
                XCTAssertFalse(before[index].isEmpty)
                XCTAssertEqual(before[index], after[index], "arrivals of \(name) changed")
            }
        }
    }

    /// The arrival process follows the profile: a weekday 10:00 hour carries far more load
    /// than 03:00, in the proportion of the hourly factors (a step profile: under a linear one
    /// hour 10 carries 3.25 of the 4, LoadShapeTests checks that shape).
    func testArrivalsFollowTheHourlyProfile() throws {
        let yaml = """
        seed: 3
        horizon: 1d
        start: 2026-12-01T00:00:00
        tenant_groups:
          g:
            count: 1
            rate_per_tenant: 2/s
            hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
            profile_shape: step
            mix: {op: 1}
        operations:
          op: {complexity: 1, depth: 0}
        tiers:
          api: {size: s-8vcpu-16gb, droplets: 2}
        database: {plan: db-s-1vcpu-1gb}
        """
        let trace = Fixtures.traced(try Fixtures.scenario(yaml: yaml)).1
        let hours = Dictionary(grouping: trace.arrivalsByGroup[0], by: { Int($0 / 3600) }).mapValues(\.count)
        let mean = 2.0 * 24 / 27   // factors are normalized to mean 1: 27/24 is the raw mean
        XCTAssertEqual(Double(hours[3] ?? 0), mean * 3600, accuracy: 4 * (mean * 3600).squareRoot())
        XCTAssertEqual(Double(hours[10] ?? 0), 4 * mean * 3600, accuracy: 4 * (4 * mean * 3600).squareRoot())
    }

    /// A tenant's burst adds load to that tenant only, inside its window.
    func testTenantBurstAddsLoadInsideItsWindow() throws {
        let yaml = """
        seed: 5
        horizon: 3h
        tenant_groups:
          g:
            count: 4
            rate_per_tenant: 1/s
            bursts: [{start: 1h, duration: 1h, factor: 5, tenant: 0}]
            mix: {op: 1}
        operations:
          op: {complexity: 1, depth: 0}
        tiers:
          api: {size: s-8vcpu-16gb, droplets: 2}
        database: {plan: db-s-1vcpu-1gb}
        """
        let trace = Fixtures.traced(try Fixtures.scenario(yaml: yaml)).1
        let hours = Dictionary(grouping: trace.arrivalsByGroup[0], by: { Int($0 / 3600) }).mapValues(\.count)
        // Four tenants at 1/s is 3,600/h each; the burst adds 4 × 3,600 for tenant 0.
        XCTAssertEqual(Double(hours[0] ?? 0), 14_400, accuracy: 500)
        XCTAssertEqual(Double(hours[1] ?? 0), 28_800, accuracy: 700)
        XCTAssertEqual(Double(hours[2] ?? 0), 14_400, accuracy: 500)
    }
}
