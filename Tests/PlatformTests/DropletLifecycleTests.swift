import XCTest
@testable import YAMLSupport
@testable import DigitalOceanCatalog
@testable import Scenarios
@testable import Results
@testable import Model
import SimCore

/// The droplet lifecycle beyond boot: scale-in (deregistration lag, shutdown grace, what
/// finishes and what is lost), failures while serving (detection by health checks,
/// replacement), cold start, a DigitalOcean autoscale pool's billing, and lifetimes that are
/// never 0 s. The small scenarios are stepped event by event with every invariant checked.
final class DropletLifecycleTests: XCTestCase {
    /// One tenant, an operation of `cpu` CPU and one 1 ms query, on 1-vCPU droplets.
    static func scenario(rate: String = "10/s", cpu: String = "10ms", depth: Int = 1, droplets: Int = 2, horizon: String = "1h",
                         lifecycle: String = "{}", autoscaling: String? = nil, workers: Int = 1) -> String {
        """
        name: lifecycle-test
        seed: 5
        horizon: \(horizon)
        client_timeout: 1h
        tenant_groups:
          clients: {count: 1, rate_per_tenant: \(rate), mix: {query: 1}}
        operations:
          query: {complexity: 0, cpu_base: \(cpu), cpu_per_point: 0s, depth: \(depth), query_time: 1ms}
        tiers:
          api:
            size: s-1vcpu-2gb
            droplets: \(droplets)
            workers: \(workers)
            lifecycle: \(lifecycle)
        \(autoscaling.map { "    autoscaling: \($0)" } ?? "")
        database: {plan: db-s-4vcpu-8gb, app_pool_size: 5}
        """
    }

    /// Steps replication 0 of `yaml` to its horizon, checking the invariants after every
    /// event and handing each event and the simulation to `watch`.
    func stepChecking(_ yaml: String, overrides: [String] = [],
                      watch: (ScheduledEvent<SimulationEvent>, PlatformSimulation<SilentTracer>) -> Void = { _, _ in },
                      file: StaticString = #filePath, line: UInt = #line) throws -> ReplicationResult {
        let scenario = try Fixtures.scenario(yaml: yaml, overrides: overrides)
        var simulation = PlatformSimulation(model: PlatformModel(scenario: scenario), replication: 0)
        while let event = simulation.step() {
            do {
                try simulation.checkInvariants()
            } catch {
                XCTFail("after \(event.payload) at \(event.time) s: \(error)", file: file, line: line)
                throw error
            }
            watch(event, simulation)
        }
        return simulation.result(replication: 0)
    }

    // MARK: Failures while serving

    /// A fixed fleet of two with a 10-minute MTBF over an hour: each failure is detected at
    /// the third failed health check (10 s apart, at the droplet's own phase), so within
    /// (20 s, 30 s]; meanwhile the balancer still sends the droplet requests, which fail; then
    /// a replacement is created at once.
    func testFailedDropletIsDetectedAfterTheUnhealthyThresholdAndReplaced() throws {
        var failedAt: [Int: Double] = [:]
        var delays: [Double] = []
        var replacements = 0
        let yaml = Self.scenario(rate: "20/s", horizon: "1h",
                                 lifecycle: "{mtbf: 10m, health_check_interval: 10s, unhealthy_threshold: 3}")
        let result = try stepChecking(yaml) { event, simulation in
            switch event.payload {
            case let .dropletFailed(droplet, _) where simulation.fleets.states[Int(droplet)] == .crashed:
                failedAt[Int(droplet)] = event.time
            case let .failureDetected(droplet, _):
                guard let start = failedAt.removeValue(forKey: Int(droplet)) else { return }
                delays.append(event.time - start)
                XCTAssertFalse(simulation.balancers.rotation[0].contains(Int32(droplet)), "a detected droplet leaves the rotation")
                if simulation.fleets.created.contains(event.time) && simulation.fleets.byTier[0].counted == 2 { replacements += 1 }
            default:
                break
            }
        }
        let fleet = result.fleets[0]
        XCTAssertGreaterThanOrEqual(delays.count, 3, "two droplets at a 10-minute MTBF over 1 h must fail a few times")
        for delay in delays {
            XCTAssertGreaterThan(delay, 20, "the third failed check comes more than two intervals after the failure")
            XCTAssertLessThanOrEqual(delay, 30 + 1e-9, "and at most interval × unhealthy threshold after it")
        }
        XCTAssertEqual(replacements, delays.count, "a fixed fleet replaces each failed droplet when the failure is detected")
        XCTAssertGreaterThanOrEqual(fleet.crashes, delays.count)
        // About 10 requests/s go to the dead droplet for 20–30 s per failure.
        XCTAssertGreaterThan(fleet.requestsLostToCrash, 150 * delays.count)
        XCTAssertEqual(result.outcomes.errors(.dropletFailed), fleet.requestsLostToCrash)
        XCTAssertEqual(result.outcomes.errorTotal, fleet.requestsLostToCrash)
        // Billed: the two initial droplets until they failed, and each replacement.
        XCTAssertEqual(fleet.lifetimes.count, 2 + replacements)
    }

    /// The control: with no MTBF nothing fails, and the failure stream draws nothing that
    /// could shift another stream (the same seed gives the same outcomes as before).
    func testWithoutMTBFNothingFails() throws {
        let result = try stepChecking(Self.scenario(rate: "20/s", horizon: "10m"))
        XCTAssertEqual(result.fleets[0].crashes, 0)
        XCTAssertEqual(result.outcomes.errorTotal, 0)
        XCTAssertEqual(result.fleets[0].lifetimes.count, 2)
    }

    // MARK: Scale-in

    /// Requests of 20 s of CPU on many processes; at 00:10 a schedule takes the fleet from two
    /// droplets to one. The removed droplet holds several requests: a 5 s grace loses those
    /// that needed longer; a 60 s grace lets every one finish.
    func testScaleInGraceDecidesWhatFinishesAndWhatIsLost() throws {
        func run(grace: String) throws -> FleetMeasurements {
            let schedule = #"{policy: scheduled, min: 1, max: 2, actions: [{cron: "10 0 * * *", desired: 1}]}"#
            let yaml = Self.scenario(rate: "1/s", cpu: "20s", droplets: 2, horizon: "30m", lifecycle: "{shutdown_grace: \(grace)}",
                                     autoscaling: schedule, workers: 64)
            let result = try stepChecking(yaml)
            XCTAssertEqual(result.outcomes.errors(.drained), result.fleets[0].lostRequests)
            return result.fleets[0]
        }
        let short = try run(grace: "5s")
        XCTAssertGreaterThan(short.drainsWithRequests, 0)
        XCTAssertGreaterThan(short.lostRequests, 0, "requests of 20 s cannot all finish within 5 s")
        let long = try run(grace: "60s")
        XCTAssertEqual(long.lostRequests, 0, "every request of 20 s finishes within 60 s")
        XCTAssertGreaterThan(long.finishedDuringGrace, short.finishedDuringGrace)
        XCTAssertEqual(long.finishedDuringGrace, short.finishedDuringGrace + short.lostRequests,
                       "the same requests were on the droplet; only the grace decides")
    }

    /// During the deregistration lag the balancer still sends the droplet requests, and it
    /// serves them: nothing is lost, and the droplet lives longer by the lag.
    func testDeregistrationLagKeepsServingUntilItEnds() throws {
        let schedule = #"{policy: scheduled, min: 1, max: 2, actions: [{cron: "10 0 * * *", desired: 1}]}"#
        var servedWhileDeregistering = 0
        let yaml = Self.scenario(rate: "20/s", horizon: "20m", lifecycle: "{deregistration_lag: 30s}", autoscaling: schedule)
        let result = try stepChecking(yaml) { event, simulation in
            if case .sliceDone = event.payload, simulation.fleets.states.contains(.deregistering) { servedWhileDeregistering += 1 }
        }
        XCTAssertGreaterThan(servedWhileDeregistering, 100)
        XCTAssertEqual(result.outcomes.errorTotal, 0)
        let decision = try XCTUnwrap(result.fleets[0].scaleEvents.first { $0.to < $0.from }).time
        let removed = try XCTUnwrap(result.fleets[0].lifetimes.first { $0.destroyed < 1200 })
        XCTAssertGreaterThanOrEqual(removed.destroyed, decision + 30, "destroyed no sooner than the lag after the decision")
        XCTAssertLessThan(removed.destroyed, decision + 31, "and, with 10 ms requests, at once after it")
    }

    // MARK: DigitalOcean autoscale pools

    /// An autoscale pool sends a scaled-in droplet a shutdown, gives it 60 s and destroys it
    /// (FACTS.md "Autoscalers"): every droplet a scale-in took from the rotation is billed until
    /// exactly 60 s after the decision, even when it was empty long before. A target-tracking
    /// tier destroys it as soon as it is empty instead.
    func testAutoscalePoolBillsAScaledInDropletUntilSixtySecondsAfterShutdown() throws {
        let pool = "{policy: do-autoscale-pool, min: 2, max: 10, target: 60%, cooldown: 5m}"
        let result = Fixtures.run(try Fixtures.scenario(yaml: AutoscalingLoopTests.burstScenario(autoscaling: pool, horizon: "3h")))[0]
        let fleet = result.fleets[0]
        let scaleIns = fleet.scaleEvents.filter { $0.to < $0.from }.map(\.time)
        XCTAssertFalse(scaleIns.isEmpty, "the pool must scale in after the burst")
        let ended = fleet.lifetimes.map(\.destroyed).filter { $0 < 3 * 3600 }
        XCTAssertFalse(ended.isEmpty)
        // A scale-in removes a droplet still booting at once (it never served); one in rotation
        // lives exactly 60 s more.
        for end in ended {
            XCTAssertTrue(scaleIns.contains { abs(end - ($0 + 60)) < 1e-9 || end == $0 }, "a droplet destroyed at \(end) s, not 60 s after a scale-in")
        }
        XCTAssertTrue(ended.contains { end in scaleIns.contains { abs(end - ($0 + 60)) < 1e-9 } })
        let tracking = Fixtures.run(try Fixtures.scenario(yaml: AutoscalingLoopTests.burstScenario(autoscaling: AutoscalingLoopTests.tracking)))[0]
        let trackingScaleIns = tracking.fleets[0].scaleEvents.filter { $0.to < $0.from }.map(\.time)
        XCTAssertTrue(tracking.fleets[0].lifetimes.contains { lifetime in
            lifetime.destroyed < 7200 && !trackingScaleIns.contains { abs(lifetime.destroyed - ($0 + 60)) < 1e-9 }
        }, "other tiers are destroyed when empty, before their grace ends")
    }

    // MARK: Cold start

    /// One droplet, a second joins after 00:10; a request is one CPU slice (depth 0) at low
    /// load, so its latency is its slice. On the fresh droplet, over its first two minutes,
    /// slices take 3 → 2.2 times their demand; on the warm one, their demand.
    func testFreshDropletServesSlowerUntilWarm() throws {
        func latencies(warmUp: String) throws -> (fresh: Double, warm: Double) {
            let schedule = #"{policy: scheduled, min: 1, max: 2, actions: [{cron: "10 0 * * *", desired: 2}]}"#
            var fresh: [Double] = [], warm: [Double] = []
            let yaml = Self.scenario(rate: "10/s", cpu: "10ms", depth: 0, droplets: 1, horizon: "30m",
                                     lifecycle: "{warm_up: \(warmUp)}", autoscaling: schedule)
            _ = try stepChecking(yaml) { event, simulation in
                guard case let .sliceDone(request) = event.payload else { return }
                let served = simulation.requests[Int(request)]
                let droplet = simulation.layout.droplet(ofWorker: Int(served.worker), tier: 0)
                // The droplet created during the run, in its first two minutes of service.
                guard let joined = simulation.fleets.healthySince.max(), joined > 0, event.time - joined < 120 else { return }
                let latency = event.time - served.arrival
                if simulation.fleets.healthySince[droplet] == joined { fresh.append(latency) } else { warm.append(latency) }
            }
            XCTAssertGreaterThan(fresh.count, 200)
            XCTAssertGreaterThan(warm.count, 200)
            return (fresh.reduce(0, +) / Double(fresh.count), warm.reduce(0, +) / Double(warm.count))
        }
        let cold = try latencies(warmUp: "{duration: 5m, slowdown: 3}")
        XCTAssertGreaterThan(cold.fresh, 2 * cold.warm, "a fresh droplet's first two minutes run at 2.2–3 times the demand")
        let control = try latencies(warmUp: "{duration: 5m, slowdown: 1}")
        XCTAssertEqual(control.fresh / control.warm, 1, accuracy: 0.2, "without a slowdown both droplets serve alike")
    }

    // MARK: Lifetimes

    /// A week of a fleet that scales every few minutes, with half its new droplets failing to
    /// boot and replaced 3 minutes (a multiple of the controller's 15 s) after their creation:
    /// replacements and ticks fall on the same instants, and no droplet is ever billed a
    /// lifetime of 0 s.
    func testNoZeroLengthLifetimeInAWeekOfFrequentScaling() throws {
        let yaml = AutoscalingLoopTests.burstScenario(
            autoscaling: "{policy: target-tracking, min: 1, max: 10, target: 40%, tolerance: 0, behavior: {scale_down: {stabilization: 0s}}}",
            lifecycle: "{failure_probability: 50%, replace_after: 3m}", horizon: "7d")
        let scenario = try Fixtures.scenario(yaml: yaml, overrides: ["tenant_groups.clients.rate_per_tenant=4/s",
                                                                     "operations.query.cpu_base=200ms"])
        let result = Fixtures.run(scenario)[0]
        let fleet = result.fleets[0]
        XCTAssertGreaterThan(fleet.scaleEvents.count, 500, "the fleet must move often for ties to happen")
        XCTAssertGreaterThan(fleet.failedDroplets, 100)
        XCTAssertFalse(fleet.lifetimes.contains { $0.seconds <= 0 }, "a 0 s lifetime was billed")
    }
}
