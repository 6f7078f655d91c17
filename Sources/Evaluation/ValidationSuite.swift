import Analysis
import DigitalOceanCatalog
import Estimate
import Foundation
import Model
import Results
import Scenarios
import SimCore

/// The referee of DESIGN §5: textbook queues written as scenarios, run through the full
/// platform model, and held against their closed forms.
///
/// Each case is generated as scenario text and read by the same loader as any user file, so
/// the check covers parsing, the arrival process, balancing, the event loop and the pool,
/// not a separate toy. A statistic passes when its closed form lies inside the 99% Student-t
/// interval across replications and the interval's half-width is under 3% of the value.
public struct ValidationSuite: Sendable {
    public enum Queue: Sendable, Equatable {
        /// c workers behind one queue (c = 1 is M/M/1 on a single worker).
        case markovian(servers: Int)
        case deterministic
        /// Lognormal service with the given coefficient of variation.
        case lognormal(coefficientOfVariation: Double)
        /// A PgBouncer transaction pool of k connections; exponential query times.
        case pool(connections: Int)
        /// A transaction pool of k connections whose transactions hold them exactly the mean
        /// service time: half `db_cpu`, half `db_wait` (M/D/k).
        case deterministicPool(connections: Int)
        /// A transaction pool of k connections held for a lognormal `db_wait` (M/G/k).
        case lognormalPool(connections: Int, coefficientOfVariation: Double)
        /// Session mode with `clients` persistent clients and `connections` server
        /// connections: the first `connections` are served, the rest time out once and give up.
        case sessionStarvation(connections: Int, clients: Int)
    }

    public struct Case: Sendable {
        public var name: String
        public var queue: Queue
        public var utilization: Double
        /// Customers to simulate in all, split over the replications.
        public var customers: Int
        public var replications: Int
        /// Mean service time, seconds.
        public var meanService: Double = 0.1
        /// Each case has its own seed, so that cases do not share random numbers and their
        /// errors are independent.
        public var seed: UInt64 = 2026

        package var servers: Int {
            switch queue {
            case let .markovian(servers): servers
            case let .pool(connections), let .deterministicPool(connections), let .lognormalPool(connections, _),
                 let .sessionStarvation(connections, _): connections
            case .deterministic, .lognormal: 1
            }
        }
        package var arrivalRate: Double { utilization * Double(servers) / meanService }
    }

    public enum Statistic: String, Sendable, CaseIterable {
        case meanWait, probabilityOfWaiting, p95Wait
        /// Persistent clients holding a server connection at the end, and their timeouts.
        case clientsServed, clientTimeouts
    }

    public struct Check: Sendable {
        public var caseName: String
        public var statistic: Statistic
        public var analytic: Double
        public var simulated: ConfidenceInterval
        /// The relative error the analytic value itself may have: 0 for exact results; an
        /// approximation's known error otherwise (the case documents where it comes from).
        public var tolerance: Double = 0
        public var relativeError: Double { analytic == 0 ? 0 : (simulated.mean - analytic) / analytic }
        public var relativeHalfWidth: Double { analytic == 0 ? 0 : (simulated.halfWidth ?? .infinity) / analytic }
        /// Whether the interval meets the analytic value, widened by `tolerance` on both sides.
        public var inside: Bool {
            guard let lower = simulated.lower, let upper = simulated.upper else { return false }
            let slack = abs(analytic) * tolerance
            return lower <= analytic + slack && analytic - slack <= upper
        }
        public var passed: Bool { inside && relativeHalfWidth < ValidationSuite.maximumRelativeHalfWidth }
    }

    public static let confidence = 0.99
    public static let maximumRelativeHalfWidth = 0.03

    public var cases: [Case]

    /// The grid of the issue: M/M/1 at three loads, M/M/c for c ∈ {2, 8, 32} at 0.7 and 0.9,
    /// M/D/1, M/G/1 with lognormal service (CV 2), and the pool as M/M/k, M/D/k, low-CV M/G/k
    /// and session-mode starvation (`ValidationSuite+Pools.swift`). `scale`
    /// multiplies every sample size (`capsim validate --scale 4` for tighter intervals).
    public static func standard(scale: Double = 1) -> ValidationSuite {
        func customers(_ millions: Double) -> Int { Int(millions * 1_000_000 * scale) }
        // Sample sizes (millions of customers) were chosen so that every 99% interval is
        // narrower than ±3%: rare, short waits (M/M/32 at 0.7) and heavy traffic (ρ = 0.95)
        // need the most.
        var cases: [Case] = [
            Case(name: "M/M/1 ρ=0.5", queue: .markovian(servers: 1), utilization: 0.5, customers: customers(3), replications: 20),
            Case(name: "M/M/1 ρ=0.8", queue: .markovian(servers: 1), utilization: 0.8, customers: customers(6), replications: 20),
            Case(name: "M/M/1 ρ=0.95", queue: .markovian(servers: 1), utilization: 0.95, customers: customers(50), replications: 20),
        ]
        let multiServer: [(servers: Int, rho: Double, millions: Double)] = [
            (2, 0.7, 4), (2, 0.9, 12), (8, 0.7, 6), (8, 0.9, 18), (32, 0.7, 50), (32, 0.9, 18),
        ]
        for (servers, rho, millions) in multiServer {
            cases.append(Case(name: "M/M/\(servers) ρ=\(rho)", queue: .markovian(servers: servers), utilization: rho,
                              customers: customers(millions), replications: 20))
        }
        cases += [
            Case(name: "M/D/1 ρ=0.8", queue: .deterministic, utilization: 0.8, customers: customers(4), replications: 20),
            Case(name: "M/G/1 lognormal CV 2 ρ=0.8", queue: .lognormal(coefficientOfVariation: 2), utilization: 0.8,
                 customers: customers(20), replications: 20),
            Case(name: "pool M/M/4 ρ=0.8", queue: .pool(connections: 4), utilization: 0.8, customers: customers(6), replications: 20),
        ]
        cases += poolCases(customers: customers)
        for index in cases.indices { cases[index].seed = UInt64(2026 + index) }
        return ValidationSuite(cases: cases)
    }

    public init(cases: [Case]) { self.cases = cases }

    /// The scenario text of one case: the model reduced to the textbook queue.
    public static func scenarioText(for validation: Case) -> String {
        let horizon = Double(validation.customers) / Double(validation.replications) / validation.arrivalRate
        let serviceMs = validation.meanService * 1000
        var complexity = "{distribution: exponential, mean: \(serviceMs)}"
        var tier = "api: {size: s-1vcpu-1gb, droplets: 1, workers: 1}"
        var depth = 0
        var database = "plan: db-s-1vcpu-1gb"
        var cpuPerPoint = "1ms"
        switch validation.queue {
        case let .markovian(servers) where servers > 1:
            tier = "api: {size: s-1vcpu-1gb, droplets: \(servers), workers: 1, in_flight_limit: 1, load_balancer: {algorithm: central_queue}}"
        case .markovian:
            break
        case .deterministic:
            complexity = "\(serviceMs)"
        case let .lognormal(cv):
            complexity = "{distribution: lognormal, mean: \(serviceMs), cv: \(cv)}"
        case let .pool(connections):
            complexity = "0"
            cpuPerPoint = "0s"
            depth = 1
            database = transactionPoolDatabase(connections: connections)
        case .deterministicPool, .lognormalPool, .sessionStarvation:
            return poolScenarioText(for: validation)
        }
        return caseScenario(
            validation, horizon: horizon, warmup: min(600, horizon / 20),
            work: """
            complexity: \(complexity)
                cpu_base: 0s
                cpu_per_point: \(cpuPerPoint)
                depth: \(depth)
                query_time: {distribution: exponential, mean: \(serviceMs)ms}
            """,
            tier: tier, database: database)
    }

    /// The scenario every case shares: one tenant sending `work`, one API tier and a
    /// database. `work` holds the operation's fields, lines after the first indented by 4.
    static func caseScenario(_ validation: Case, horizon: Double, warmup: Double, work: String,
                             tier: String = "api: {size: s-1vcpu-1gb, droplets: 1, workers: 1}", database: String) -> String {
        """
        name: "\(validation.name)"
        seed: \(validation.seed)
        replications: \(validation.replications)
        horizon: \(Int(horizon.rounded(.up)))s
        warmup: \(Int(warmup))s
        client_timeout: 1d
        tenant_groups:
          clients: {count: 1, rate_per_tenant: \(validation.arrivalRate)/s, mix: {work: 1}}
        operations:
          work:
            \(work)
        tiers:
          \(tier)
        database:
          \(database)
        """
    }

    /// A transaction-mode pool of `connections` whose waits never time out, on a database
    /// with cores to spare and no network time: the pool is the only queue.
    static func transactionPoolDatabase(connections: Int) -> String {
        """
        plan: db-s-8vcpu-32gb
          contention: 0
          round_trip_latency: 0s
          pgbouncer: {mode: transaction, pool_size: \(connections), query_wait_timeout: 0s, max_client_conn: 1000000}
        """
    }

    /// The closed forms of a case's statistics; nil where none exists (p95 of M/D/1, M/G/1).
    public static func analytic(_ validation: Case) -> [Statistic: Double] {
        let lambda = validation.arrivalRate, mean = validation.meanService
        switch validation.queue {
        case .markovian, .pool:
            let queue = MMc(arrivalRate: lambda, serviceRate: 1 / mean, servers: validation.servers)
            return [.meanWait: queue.meanWait, .probabilityOfWaiting: queue.probabilityOfWaiting, .p95Wait: queue.waitPercentile(0.95)]
        case .deterministic:
            let queue = MG1(arrivalRate: lambda, meanService: mean, serviceCoefficientOfVariation: 0)
            return [.meanWait: queue.meanWait, .probabilityOfWaiting: queue.probabilityOfWaiting]
        case let .lognormal(cv):
            let queue = MG1(arrivalRate: lambda, meanService: mean, serviceCoefficientOfVariation: cv)
            return [.meanWait: queue.meanWait, .probabilityOfWaiting: queue.probabilityOfWaiting]
        case .deterministicPool, .lognormalPool, .sessionStarvation:
            return poolAnalytic(validation)
        }
    }

    /// Simulates one case and checks each statistic that has a closed form.
    public static func run(_ validation: Case, catalog: Catalog, runner: ReplicationRunner) throws -> [Check] {
        let scenario = try ScenarioLoader(catalog: catalog, files: InMemoryScenarioFiles()).parse(scenarioText(for: validation), source: validation.name)
        let results = runner.run(PlatformModel(scenario: scenario), count: validation.replications)
        let isPool: Bool
        switch validation.queue {
        case .pool, .deterministicPool, .lognormalPool, .sessionStarvation: isPool = true
        default: isPool = false
        }
        func values(_ statistic: Statistic) -> [Double] {
            results.map { result in
                switch statistic {
                case .clientsServed: return Double(result.database.persistentClientsServed)
                case .clientTimeouts: return Double(result.database.persistentClientTimeouts)
                default: break
                }
                let (tally, histogram, waited): (Tally, LatencyRecorder, Int) = isPool
                    ? (result.database.poolWait, result.database.poolWaitHistogram, result.database.poolWaited)
                    : (result.tiers[0].wait, result.tiers[0].waitHistogram, result.tiers[0].waited)
                switch statistic {
                case .meanWait: return tally.mean
                case .probabilityOfWaiting: return Double(waited) / Double(max(1, tally.count))
                case .p95Wait: return histogram.percentile(95)
                case .clientsServed, .clientTimeouts: return 0
                }
            }
        }
        let closedForms = analytic(validation)
        return Statistic.allCases.compactMap { statistic in
            guard let value = closedForms[statistic] else { return nil }
            return Check(caseName: validation.name, statistic: statistic, analytic: value,
                         simulated: .studentT(values(statistic), level: confidence),
                         tolerance: analyticTolerance(validation, statistic))
        }
    }
}
