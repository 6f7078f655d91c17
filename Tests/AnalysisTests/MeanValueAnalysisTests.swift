import XCTest
@testable import Analysis

/// Exact MVA against closed forms and a hand-worked recursion; Seidmann's multi-server
/// approximation against the exact finite-source model; asymptotic bounds.
final class MeanValueAnalysisTests: XCTestCase {
    typealias Station = MeanValueAnalysis.Station

    /// M/M/1//N (machine repairman; Kleinrock 1975, §3.8): N sources thinking for Exp(mean Z),
    /// one server with Exp(mean D). p(n) ∝ N!/(N − n)! · (D/Z)ⁿ, and X = (1 − p(0)) / D.
    static func machineRepairmanThroughput(population n: Int, demand d: Double, thinkTime z: Double) -> Double {
        var term = 1.0, sum = 1.0
        for k in stride(from: 1, through: n, by: 1) {
            term *= Double(n - k + 1) * d / z
            sum += term
        }
        return (1 - 1 / sum) / d
    }

    /// M/M/c//N by its birth–death chain: births (N − n)/Z, deaths min(n, c)/D.
    static func finiteSourceMultiServerThroughput(population n: Int, servers c: Int, demand d: Double,
                                                  thinkTime z: Double) -> Double {
        var p = [1.0]
        for k in stride(from: 1, through: n, by: 1) {
            p.append(p[k - 1] * (Double(n - k + 1) / z) / (Double(min(k, c)) / d))
        }
        let total = p.reduce(0, +)
        return p.indices.reduce(0) { $0 + p[$1] / total * Double(min($1, c)) / d }
    }

    func testSingleQueueWithThinkTimeMatchesMachineRepairmanClosedForm() {
        for n in 1...40 {
            let mva = MeanValueAnalysis(stations: [Station(kind: .queueing, demand: 0.5)], population: n, thinkTime: 2)
            let x = Self.machineRepairmanThroughput(population: n, demand: 0.5, thinkTime: 2)
            XCTAssertTrue(mva.isExact)
            XCTAssertEqual(mva.throughput, x, accuracy: 1e-12 * x, "N = \(n)")
            XCTAssertEqual(mva.responseTime, Double(n) / x - 2, accuracy: 1e-9, "N = \(n)")
            XCTAssertEqual(mva.perStation[0].utilization, x * 0.5, accuracy: 1e-12, "N = \(n)")
        }
    }

    func testTwoStationNetworkMatchesHandComputedRecursion() {
        // D₁ = 1, D₂ = 0.5, Z = 1 (worked by hand, Lazowska et al. 1984 ch. 6 recursion):
        // n = 1: R = (1, 0.5),        X = 1/2.5 = 0.4,   Q = (0.4, 0.2)
        // n = 2: R = (1.4, 0.6),      X = 2/3,           Q = (14/15, 0.4)
        // n = 3: R = (29/15, 0.7),    X = 3/(1 + 79/30) = 90/109, Q = (174/109, 63/109)
        let mva = MeanValueAnalysis(stations: [Station(kind: .queueing, demand: 1),
                                               Station(kind: .queueing, demand: 0.5)],
                                    population: 3, thinkTime: 1)
        XCTAssertEqual(mva.throughputByPopulation[1], 0.4, accuracy: 1e-15)
        XCTAssertEqual(mva.throughputByPopulation[2], 2.0 / 3.0, accuracy: 1e-15)
        XCTAssertEqual(mva.throughput, 90.0 / 109.0, accuracy: 1e-14)
        XCTAssertEqual(mva.responseTime, 79.0 / 30.0, accuracy: 1e-14)
        XCTAssertEqual(mva.perStation[0].residenceTime, 29.0 / 15.0, accuracy: 1e-14)
        XCTAssertEqual(mva.perStation[1].residenceTime, 0.7, accuracy: 1e-14)
        XCTAssertEqual(mva.perStation[0].queueLength, 174.0 / 109.0, accuracy: 1e-14)
        XCTAssertEqual(mva.perStation[1].queueLength, 63.0 / 109.0, accuracy: 1e-14)
        XCTAssertEqual(mva.perStation[0].utilization, 90.0 / 109.0, accuracy: 1e-14)
        XCTAssertEqual(mva.perStation[1].utilization, 45.0 / 109.0, accuracy: 1e-14)
    }

    func testThroughputRespectsAsymptoticBounds() {
        let networks: [([Station], Double)] = [
            ([Station(kind: .queueing, demand: 0.2), Station(kind: .queueing, demand: 0.05),
              Station(kind: .delay, demand: 0.3)], 1.5),
            ([Station(kind: .queueing, demand: 1), Station(kind: .queueing, demand: 1)], 0),
            ([Station(kind: .multiServer(servers: 4), demand: 0.8), Station(kind: .queueing, demand: 0.1)], 3),
        ]
        for (index, (stations, z)) in networks.enumerated() {
            let totalDemand = stations.reduce(0) { $0 + $1.demand }
            let bottleneck = stations.filter { $0.kind != .delay }.map { Double($0.servers) / $0.demand }.min()!
            for n in 1...60 {
                let mva = MeanValueAnalysis(stations: stations, population: n, thinkTime: z)
                let bound = min(Double(n) / (totalDemand + z), bottleneck)
                XCTAssertLessThanOrEqual(mva.throughput, bound * (1 + 1e-12), "network \(index), N = \(n)")
                XCTAssertEqual(mva.throughputUpperBound, bound, accuracy: 1e-12, "network \(index), N = \(n)")
                // Lower bound (Denning & Buzen 1978): N / (N·D + Z) for single-server networks.
                if index < 2 {
                    XCTAssertGreaterThanOrEqual(mva.throughput, Double(n) / (Double(n) * totalDemand + z) * (1 - 1e-12),
                                                "network \(index), N = \(n)")
                }
            }
        }
    }

    func testThroughputApproachesBottleneckRateAtLargePopulation() {
        let mva = MeanValueAnalysis(stations: [Station(kind: .queueing, demand: 0.25),
                                               Station(kind: .queueing, demand: 0.1)],
                                    population: 500, thinkTime: 2)
        XCTAssertEqual(mva.throughput, 4, accuracy: 1e-6)
        XCTAssertEqual(mva.perStation[0].utilization, 1, accuracy: 1e-6)
        // Throughput never falls as customers are added (up to rounding once saturated).
        for n in 1...500 {
            XCTAssertGreaterThanOrEqual(mva.throughputByPopulation[n], mva.throughputByPopulation[n - 1] * (1 - 1e-12),
                                        "N = \(n)")
        }
    }

    func testMultiServerStationIsCloseToExactFiniteSourceModel() {
        // Seidmann's approximation stays within 5% of the exact M/M/c//N throughput here
        // (its largest error in this grid is about 4%, at N = 10, c = 4).
        for (n, c, d, z) in [(10, 4, 1.0, 3.0), (20, 4, 1.0, 3.0), (8, 2, 1.0, 1.0), (30, 8, 2.0, 5.0), (5, 4, 1.0, 3.0)] {
            let mva = MeanValueAnalysis(stations: [Station(kind: .multiServer(servers: c), demand: d)],
                                        population: n, thinkTime: z)
            let exact = Self.finiteSourceMultiServerThroughput(population: n, servers: c, demand: d, thinkTime: z)
            XCTAssertFalse(mva.isExact)
            XCTAssertEqual(mva.throughput, exact, accuracy: 0.05 * exact, "N = \(n), c = \(c)")
            XCTAssertLessThanOrEqual(mva.perStation[0].utilization, 1, "N = \(n), c = \(c)")
        }
    }

    func testMultiServerStationIsExactInSaturation() {
        let mva = MeanValueAnalysis(stations: [Station(kind: .multiServer(servers: 4), demand: 2)],
                                    population: 400, thinkTime: 1)
        XCTAssertEqual(mva.throughput, 2, accuracy: 1e-6)
    }

    func testMultiServerWithOneServerEqualsQueueingStation() {
        let one = MeanValueAnalysis(stations: [Station(kind: .multiServer(servers: 1), demand: 0.3),
                                               Station(kind: .delay, demand: 0.1)], population: 12, thinkTime: 1)
        let queue = MeanValueAnalysis(stations: [Station(kind: .queueing, demand: 0.3),
                                                 Station(kind: .delay, demand: 0.1)], population: 12, thinkTime: 1)
        XCTAssertEqual(one.throughput, queue.throughput)
        XCTAssertEqual(one.perStation, queue.perStation)
        XCTAssertTrue(one.isExact)
    }

    func testResponseTimeLawAndLittlesLawHoldAtEveryStation() {
        let stations = [Station(kind: .queueing, visitRatio: 6, serviceTime: 0.02),
                        Station(kind: .multiServer(servers: 3), visitRatio: 1, serviceTime: 0.3),
                        Station(kind: .delay, visitRatio: 2, serviceTime: 0.05)]
        let mva = MeanValueAnalysis(stations: stations, population: 25, thinkTime: 4)
        XCTAssertEqual(mva.responseTime, 25 / mva.throughput - 4, accuracy: 1e-10)
        XCTAssertEqual(mva.perStation.reduce(0) { $0 + $1.queueLength } + mva.throughput * 4, 25, accuracy: 1e-9)
        for (k, result) in mva.perStation.enumerated() {
            XCTAssertEqual(result.throughput, mva.throughput * stations[k].visitRatio, accuracy: 1e-12, "station \(k)")
            XCTAssertEqual(result.queueLength, mva.throughput * result.residenceTime, accuracy: 1e-12, "station \(k)")
        }
        XCTAssertEqual(mva.perStation[2].residenceTime, 0.1, accuracy: 1e-15)
        XCTAssertEqual(mva.perStation[1].utilization, mva.throughput * 0.3 / 3, accuracy: 1e-15)
    }

    func testZeroPopulationHasNoThroughput() {
        let mva = MeanValueAnalysis(stations: [Station(kind: .queueing, demand: 0.5)], population: 0, thinkTime: 0)
        XCTAssertTrue(mva.isStable)
        XCTAssertEqual(mva.throughput, 0)
        XCTAssertEqual(mva.responseTime, 0.5)
        XCTAssertEqual(mva.throughputUpperBound, 0)
        XCTAssertEqual(mva.throughputByPopulation, [0])
    }

    func testInvalidNetworksAreReportedUnstable() {
        let cases: [(String, MeanValueAnalysis)] = [
            ("N < 0", MeanValueAnalysis(stations: [Station(kind: .queueing, demand: 1)], population: -1, thinkTime: 1)),
            ("Z < 0", MeanValueAnalysis(stations: [Station(kind: .queueing, demand: 1)], population: 3, thinkTime: -1)),
            ("D < 0", MeanValueAnalysis(stations: [Station(kind: .queueing, demand: -1)], population: 3, thinkTime: 1)),
            ("D NaN", MeanValueAnalysis(stations: [Station(kind: .delay, demand: .nan)], population: 3, thinkTime: 1)),
            ("c = 0", MeanValueAnalysis(stations: [Station(kind: .multiServer(servers: 0), demand: 1)],
                                        population: 3, thinkTime: 1)),
            ("no time anywhere", MeanValueAnalysis(stations: [Station(kind: .queueing, demand: 0)],
                                                   population: 3, thinkTime: 0)),
        ]
        for (label, mva) in cases {
            XCTAssertFalse(mva.isStable, label)
            XCTAssertEqual(mva.throughput, 0, label)
            XCTAssertEqual(mva.responseTime, .infinity, label)
            XCTAssertEqual(mva.throughputUpperBound, 0, label)
        }
    }
}
