import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
@testable import Estimate
@testable import Evaluation
import SimCore

/// The controller and the droplet lifecycle inside the simulation: droplets serve only once
/// healthy, scale-ins drain without losing requests, failed boots are replaced, bills follow
/// lifetimes, and every variant of a comparison sees the same arrivals.
final class AutoscalingLoopTests: XCTestCase {
    /// One tenant at 40 requests/s of 20 ms of CPU (two 1-vCPU droplets at 40%), four times
    /// busier from minute 30 to minute 60: the fleet must grow, then shrink.
    static func burstScenario(autoscaling: String, lifecycle: String = "", horizon: String = "2h") -> String {
        """
        name: fleet-test
        seed: 11
        horizon: \(horizon)
        client_timeout: 1h
        tenant_groups:
          clients:
            count: 1
            rate_per_tenant: 40/s
            bursts: [{start: 30m, duration: 30m, factor: 4}]
            mix: {query: 1}
        operations:
          query: {complexity: 0, cpu_base: 20ms, cpu_per_point: 0s, depth: 1, query_time: 1ms}
        tiers:
          api:
            size: s-1vcpu-2gb
            droplets: 2
            autoscaling: \(autoscaling)
        \(lifecycle.isEmpty ? "" : "    lifecycle: \(lifecycle)")
        database: {plan: db-s-4vcpu-8gb, app_pool_size: 5}
        """
    }

    static let tracking = "{policy: target-tracking, min: 2, max: 10, target: 60%}"

    func simulate(_ yaml: String) throws -> (ReplicationResult, [ServedRequest]) {
        let (result, trace) = Fixtures.traced(try Fixtures.scenario(yaml: yaml))
        return (result, trace.assignments)
    }

    func testNoRequestIsServedByADropletBeforeItIsHealthy() throws {
        let (result, served) = try simulate(Self.burstScenario(autoscaling: Self.tracking))
        XCTAssertGreaterThan(result.fleets[0].scaleEvents.count, 2, "the burst must make the fleet move")
        let lateDroplets = served.filter { $0.created > 0 }
        XCTAssertGreaterThan(lateDroplets.count, 1000, "droplets created during the run must serve")
        for record in served {
            XCTAssertEqual(record.state, .inRotation, "served at \(record.time) by droplet \(record.droplet) in state \(record.state)")
            XCTAssertGreaterThanOrEqual(record.time, record.healthySince)
        }
        // Created, then at least 30 s to `active`, 30 s of app start and two more health-check
        // intervals after the first passing check (catalog defaults).
        let earliest = lateDroplets.map { $0.healthySince - $0.created }.min() ?? 0
        XCTAssertGreaterThanOrEqual(earliest, 30 + 30 + 20)
    }

    func testDrainingLosesNoRequest() throws {
        let (result, _) = try simulate(Self.burstScenario(autoscaling: Self.tracking))
        let fleet = result.fleets[0]
        XCTAssertGreaterThan(fleet.drainsWithRequests, 0, "scale-ins must catch droplets with requests in flight")
        XCTAssertEqual(fleet.lostRequests, 0)
        XCTAssertEqual(result.outcomes.errors(.drained), 0)
        XCTAssertEqual(result.outcomes.errorTotal, 0)
        let o = result.outcomes
        XCTAssertEqual(o.total, o.completed + o.rejected + o.throttled + o.errorTotal + o.inFlightAtEnd)
    }

    /// The control: destroying droplets at once, with no shutdown grace, does lose requests, so the
    /// test above could fail.
    func testDestroyingWithoutDrainLosesRequests() throws {
        let (result, _) = try simulate(Self.burstScenario(autoscaling: Self.tracking, lifecycle: "{shutdown_grace: 0s}"))
        XCTAssertGreaterThan(result.fleets[0].lostRequests, 0)
        XCTAssertEqual(result.outcomes.errors(.drained), result.fleets[0].lostRequests)
        let o = result.outcomes
        XCTAssertEqual(o.total, o.completed + o.rejected + o.throttled + o.errorTotal + o.inFlightAtEnd)
    }

    func testFleetStaysWithinItsBoundsAndFollowsTheBurst() throws {
        let (result, _) = try simulate(Self.burstScenario(autoscaling: Self.tracking))
        let series = result.series
        XCTAssertTrue(series.allSatisfy { (2...10).contains($0.apiDroplets) })
        let before = series[20].apiReady, during = series[55].apiReady, after = series[110].apiReady
        XCTAssertEqual(before, 2)
        XCTAssertGreaterThanOrEqual(during, 5, "at 4 × 40% of two droplets the 60% target needs at least 5")
        XCTAssertLessThanOrEqual(after, 3)
        for event in result.fleets[0].scaleEvents {
            XCTAssertTrue((2...10).contains(event.to))
            XCTAssertFalse(event.reason.isEmpty)
        }
    }

    func testDropletsThatNeverTurnHealthyAreReplaced() throws {
        let (result, served) = try simulate(Self.burstScenario(
            autoscaling: Self.tracking, lifecycle: "{failure_probability: 50%, replace_after: 3m}"))
        let fleet = result.fleets[0]
        XCTAssertGreaterThan(fleet.failedDroplets, 0)
        XCTAssertGreaterThanOrEqual(result.series[55].apiReady, 5, "replacements must still bring the fleet up")
        XCTAssertTrue(served.allSatisfy { $0.state == .inRotation })
        // Failed droplets are billed too: more lifetimes than droplets ever in rotation at once.
        XCTAssertGreaterThan(fleet.lifetimes.count, Int(result.series.map(\.apiReady).max() ?? 0))
    }

    func testScheduledZeroFleetAnswersWithoutHealthyDroplet() throws {
        let schedule = """
            {policy: scheduled, min: 0, max: 4, actions: [{cron: "30 0 * * *", min: 0, max: 0, desired: 0}, {cron: "0 1 * * *", min: 2, max: 4, desired: 2}]}
            """
        let (result, _) = try simulate(Self.burstScenario(autoscaling: schedule))
        XCTAssertGreaterThan(result.outcomes.errors(.noHealthyDroplet), 10_000)
        XCTAssertEqual(result.series[45].apiDroplets, 0)
        XCTAssertEqual(result.series[100].apiReady, 2)
        // Half an hour off: 1.5 h of two droplets, less what booting took after 01:00.
        XCTAssertEqual(result.fleets[0].dropletSeconds / 3600, 3, accuracy: 0.1)
    }

    func testBillFollowsLifetimes() throws {
        let (result, _) = try simulate(Self.burstScenario(autoscaling: Self.tracking))
        let scenario = try Fixtures.scenario(yaml: Self.burstScenario(autoscaling: Self.tracking))
        let costs = CostModel(catalog: Fixtures.catalog)
        let bill = costs.bill(scenario, fleets: result.fleets)
        let droplets = try XCTUnwrap(bill.components.first { $0.name == "droplets.api" })
        let expected = result.fleets[0].lifetimes.reduce(0) { $0 + costs.charge(monthlyUSD: 12, seconds: $1.seconds) }
        XCTAssertEqual(droplets.horizonUSD, expected, accuracy: 1e-9)
        // Two droplets ran all along; the rest came and went.
        XCTAssertEqual(result.fleets[0].lifetimes.filter { $0.created == 0 && $0.destroyed == 7200 }.count, 2)
        XCTAssertGreaterThan(droplets.horizonUSD, 2 * costs.charge(monthlyUSD: 12, seconds: 7200))
    }

    /// Common random numbers: every variant of a comparison draws the same arrivals, while
    /// what the fleets do differs.
    func testArrivalStreamIsIdenticalAcrossVariants() throws {
        let variants = try Fixtures.loader.loadVariants(
            path: Fixtures.path("scenarios/business-hours.yaml"), policies: ["static-peak", "current-rule-hpa"],
            overrides: ["horizon=10h", "start=2026-11-30T05:00:00"])
        XCTAssertEqual(variants.map(\.name), ["static-peak", "current-rule-hpa"])
        let traces = variants.map { Fixtures.traced($0.scenario, replication: 1) }
        XCTAssertGreaterThan(traces[0].1.arrivalsByGroup.flatMap { $0 }.count, 100_000)
        XCTAssertTrue(traces[0].1.arrivalsByGroup == traces[1].1.arrivalsByGroup, "the two variants drew different arrivals")
        XCTAssertNotEqual(traces[0].0.fleets[0].dropletSeconds, traces[1].0.fleets[0].dropletSeconds)
    }

    /// The memory metric: each process's resident base plus a share per request held. In
    /// the burst, requests queue on two droplets and memory climbs past the target.
    func testMemoryMetricScalesAPoolWhenRequestsPileUp() throws {
        let pool = "{policy: do-autoscale-pool, min: 2, max: 10, metric: memory, target: 15%, cooldown: 5m}"
        let (result, _) = try simulate(Self.burstScenario(autoscaling: pool))
        let events = result.fleets[0].scaleEvents
        XCTAssertFalse(events.isEmpty)
        XCTAssertTrue(events.allSatisfy { $0.time > 1800 }, "before the burst memory sits at 12.5%, below the target")
        XCTAssertTrue(events[0].reason.contains("memory"), events[0].reason)
        XCTAssertGreaterThan(events[0].to, events[0].from)
    }
}
