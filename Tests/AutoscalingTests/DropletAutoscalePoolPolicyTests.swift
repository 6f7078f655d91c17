import XCTest
@testable import Autoscaling

/// DigitalOcean's documented pool rule (docs.digitalocean.com, products/droplets/concepts/
/// autoscale-pools; FACTS.md "Autoscalers"): desired = ceil(droplets in the pool × average
/// utilization / target), CPU and memory each giving a count and the larger winning, the
/// cooldown between scaling events, and the API's bounds.
final class DropletAutoscalePoolPolicyTests: XCTestCase {
    /// A pool of `droplets`, its averages over every droplet (booting ones idle) in
    /// `poolMetrics`; `serving` is what the processes in rotation averaged (not read by pools).
    private func observe(cpu: Double?, memory: Double? = nil, droplets: Int = 4, ready: Int? = nil, serving: Double? = nil,
                         at time: Double = 0) -> TierObservation {
        var pool = TierMetrics()
        pool[.cpu] = cpu
        pool[.memory] = memory
        var metrics = TierMetrics()
        metrics[.cpu] = serving ?? cpu
        return TierObservation(
            time: time, window: 300, droplets: droplets, ready: ready ?? droplets, minimum: 1, maximum: 20,
            metrics: metrics, arrivalRate: 0, poolMetrics: pool)
    }

    private let configuration = DropletAutoscalePoolConfiguration(cpuTarget: 0.6, cooldown: 600)

    func testPool_scalesInProportionWithoutTolerance() {
        let policy = DropletAutoscalePoolPolicy(configuration: configuration)
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.9)).desired, 6)   // ceil(4 × 0.9 / 0.6)
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.3)).desired, 2)   // ceil(4 × 0.3 / 0.6)
        // ceil(4 × 0.63 / 0.6) = ceil(4.2): 5% over target adds a droplet (DigitalOcean
        // documents no tolerance; the HPA would not move).
        let slightlyOver = policy.recommend(for: observe(cpu: 0.63))
        XCTAssertEqual(slightlyOver.desired, 5)
        XCTAssertEqual(slightlyOver.reason, "cpu 0.63 vs target 0.60")
    }

    /// The pool's average is over all its droplets, booting ones included, and multiplies
    /// all of them: 5 droplets, 2 serving at 90% and 3 booting idle average 36%, so
    /// ceil(5 × 0.36 / 0.6) = 3. The serving processes' own average (90%) is not read.
    func testPool_averagesAndCountsEveryDropletInThePool() {
        let policy = DropletAutoscalePoolPolicy(configuration: configuration)
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.36, droplets: 5, ready: 2, serving: 0.9)).desired, 3)
        XCTAssertEqual(policy.recommend(for: observe(cpu: nil, droplets: 5)).reason, "no metrics")
    }

    /// With both targets each metric gives a count and the larger answer wins.
    func testPool_cpuAndMemoryTargetsTakeTheLarger() {
        let both = DropletAutoscalePoolPolicy(configuration: .init(cpuTarget: 0.7, memoryTarget: 0.8))
        // CPU: ceil(4 × 0.35 / 0.7) = 2; memory: ceil(4 × 0.9 / 0.8) = 5.
        let memoryWins = both.recommend(for: observe(cpu: 0.35, memory: 0.9))
        XCTAssertEqual(memoryWins.desired, 5)
        XCTAssertEqual(memoryWins.reason, "memory 0.90 vs target 0.80")
        // CPU: ceil(4 × 1.0 / 0.7) = 6; memory: ceil(4 × 0.4 / 0.8) = 2.
        XCTAssertEqual(both.recommend(for: observe(cpu: 1.0, memory: 0.4)).desired, 6)
        // Both under target: the larger of the two scale-ins, ceil(4 × 0.5 / 0.8) = 3.
        XCTAssertEqual(both.recommend(for: observe(cpu: 0.35, memory: 0.5)).desired, 3)
        // Memory only: the CPU average is not read.
        let memoryOnly = DropletAutoscalePoolPolicy(configuration: .init(cpuTarget: nil, memoryTarget: 0.5))
        XCTAssertEqual(memoryOnly.recommend(for: observe(cpu: 1.0, memory: 0.25)).desired, 2)
    }

    func testPool_cooldownHoldsBothDirections() {
        var policy = DropletAutoscalePoolPolicy(configuration: configuration)
        policy.didScale(from: 4, to: 6, at: 100)
        let up = policy.recommend(for: observe(cpu: 0.9, droplets: 6, at: 699))
        XCTAssertEqual(up.desired, 6)
        XCTAssertEqual(up.reason, "cpu 0.90 vs target 0.60, cooldown until 700 s")
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.3, droplets: 6, at: 400)).desired, 6)
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.3, droplets: 6, at: 700)).desired, 3)
        // A recommendation that changes nothing does not restart the cooldown.
        policy.didScale(from: 3, to: 3, at: 800)
        XCTAssertEqual(policy.recommend(for: observe(cpu: 0.9, droplets: 3, at: 801)).desired, 5)   // ceil(4.5)
    }

    /// The assumed tolerance band: none by default (6 ↔ 7 flips), 10% holds.
    func testPool_toleranceIsAnAssumptionOffByDefault() {
        let none = DropletAutoscalePoolPolicy(configuration: .init(cpuTarget: 0.7))
        // 7 droplets at 65%: ceil(7 × 0.65 / 0.7) = 7; at 58%: ceil(5.8) = 6; at 72%: ceil(7.2) = 8.
        XCTAssertEqual(none.recommend(for: observe(cpu: 0.58, droplets: 7)).desired, 6)
        XCTAssertEqual(none.recommend(for: observe(cpu: 0.72, droplets: 7)).desired, 8)
        let banded = DropletAutoscalePoolPolicy(configuration: .init(cpuTarget: 0.7, tolerance: 0.1))
        XCTAssertEqual(banded.recommend(for: observe(cpu: 0.65, droplets: 7)).desired, 7)   // ratio 0.93
        XCTAssertEqual(banded.recommend(for: observe(cpu: 0.72, droplets: 7)).desired, 7)   // ratio 1.03
        XCTAssertEqual(banded.recommend(for: observe(cpu: 0.8, droplets: 7)).desired, 8)    // ratio 1.14
    }

    func testPool_validConfigurationHasNoProblems() {
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(configuration), [])
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(.init(metric: .memory, target: 0.05, cooldown: 300)), [])
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(.init(cpuTarget: 1.0, memoryTarget: 0.5, cooldown: 1200)), [])
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(minimum: 1, maximum: 1000), [])
    }

    func testPool_validationReportsEveryProblem() {
        let wrong = DropletAutoscalePoolConfiguration(cpuTarget: 1.5, memoryTarget: 0.01, cooldown: 60, tolerance: 1)
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(wrong), [
            "target: cpu 1.5 is outside 0.05…1.0",
            "target: memory 0.01 is outside 0.05…1.0",
            "cooldown: 60 s is outside 300…1200 s (5 to 20 minutes)",
            "tolerance: 1 is outside 0…1 (exclusive)",
        ])
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(.init(cpuTarget: nil)),
                       ["target: a Droplet autoscale pool needs a CPU or a memory target (or both)"])
        // The API's bounds: min_instances 1–500, max_instances 1–1000.
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(minimum: 0, maximum: 1001), [
            "min: 0 is outside 1…500; a Droplet autoscale pool keeps at least one droplet",
            "max: 1001 is outside 1…1000",
        ])
        XCTAssertEqual(DropletAutoscalePoolPolicy.validate(minimum: 501, maximum: 600).count, 1)
    }

    /// Plans and histories written before pools took two targets still decode.
    func testPool_decodesTheOlderSingleTargetForm() throws {
        let old = #"{"metric":"memory","target":0.5,"cooldown_seconds":300}"#
        let decoded = try JSONDecoder().decode(DropletAutoscalePoolConfiguration.self, from: Data(old.utf8))
        XCTAssertEqual(decoded, DropletAutoscalePoolConfiguration(cpuTarget: nil, memoryTarget: 0.5, cooldown: 300))
        let roundTrip = try JSONDecoder().decode(DropletAutoscalePoolConfiguration.self,
                                                 from: JSONEncoder().encode(DropletAutoscalePoolConfiguration(cpuTarget: 0.7, memoryTarget: 0.8, tolerance: 0.05)))
        XCTAssertEqual(roundTrip, DropletAutoscalePoolConfiguration(cpuTarget: 0.7, memoryTarget: 0.8, tolerance: 0.05))
    }
}
