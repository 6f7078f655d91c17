import Analysis

/// The pool cases of the validation grid that need `db_wait`, the client-side latency or
/// persistent clients: M/D/k, a low-variability M/G/k, and session-mode starvation.
extension ValidationSuite {
    /// The starvation case's `query_wait_timeout` and horizon, seconds: the horizon is not
    /// a multiple of the timeout, so no timer falls on the last instant.
    static let starvationTimeout = 30.0
    static let starvationHorizon = 250.0

    /// Allen–Cunneen's relative error allowed in the low-CV M/G/k case. Its error for M/G/c
    /// lies between its error at cs = 0 (M/D/c, where it halves M/M/c: −3.5% at c = 4,
    /// ρ = 0.8 against Crommelin's exact value) and 0 at cs = 1; a separate FCFS simulation
    /// of M/LN/4 with CV 0.3 at ρ = 0.8 (3 million customers) put it at −3.8%, the known
    /// underestimate of two-moment approximations at low variability (Erlang C overstates
    /// the chance of waiting). 6% covers that with room for the interval's own noise, and
    /// still fails anything that lost the low variability (exponential holding times would
    /// be +83%).
    public static let allenCunneenTolerance = 0.06

    static func poolCases(customers: (Double) -> Int) -> [Case] {
        [
            Case(name: "pool M/D/4 ρ=0.8", queue: .deterministicPool(connections: 4), utilization: 0.8,
                 customers: customers(4), replications: 20),
            Case(name: "pool M/G/4 lognormal CV 0.3 ρ=0.8", queue: .lognormalPool(connections: 4, coefficientOfVariation: 0.3),
                 utilization: 0.8, customers: customers(4), replications: 20),
            Case(name: "session starvation 5 of 12 clients", queue: .sessionStarvation(connections: 5, clients: 12),
                 utilization: 0.1, customers: 100, replications: 5),
        ]
    }

    static func poolScenarioText(for validation: Case) -> String {
        let serviceMs = validation.meanService * 1000
        var horizon = Double(validation.customers) / Double(validation.replications) / validation.arrivalRate
        var warmup = min(600, horizon / 20)
        var depth = 1
        var operation = ""
        var database = ""
        switch validation.queue {
        case let .deterministicPool(connections):
            // The connection is held for db_cpu + db_wait = D exactly: k ≤ 8 cores, so the
            // CPU is never shared, and the network time is on the client side, after the
            // release, where it must not lengthen the hold.
            operation = "db_cpu: \(serviceMs / 2)ms\n    db_wait: \(serviceMs / 2)ms"
            database = """
            plan: db-s-8vcpu-32gb
              contention: 0
              round_trip_latency: {distribution: exponential, mean: 5ms}
              latency_side: client
              pgbouncer: {mode: transaction, pool_size: \(connections), query_wait_timeout: 0s, max_client_conn: 1000000}
            """
        case let .lognormalPool(connections, cv):
            operation = "db_cpu: 0s\n    db_wait: {distribution: lognormal, mean: \(serviceMs)ms, cv: \(cv)}"
            database = transactionPoolDatabase(connections: connections)
        case let .sessionStarvation(connections, clients):
            // The clients connect at 0 and never release: the first `connections` hold the
            // pool; the others wait `query_wait_timeout`, time out and give up.
            horizon = starvationHorizon
            warmup = 0
            depth = 0
            operation = "db_cpu: 1ms"
            database = """
            plan: db-s-8vcpu-32gb
              pgbouncer: {mode: session, pool_size: \(connections), query_wait_timeout: \(Int(starvationTimeout))s, clients: \(clients), on_timeout: give_up}
            """
        default:
            return scenarioText(for: validation)
        }
        return caseScenario(
            validation, horizon: horizon, warmup: warmup,
            work: "complexity: 0\n    cpu_base: 0s\n    cpu_per_point: 0s\n    depth: \(depth)\n    \(operation)",
            database: database)
    }

    static func poolAnalytic(_ validation: Case) -> [Statistic: Double] {
        let lambda = validation.arrivalRate, mean = validation.meanService
        switch validation.queue {
        case let .deterministicPool(connections):
            return [.meanWait: MDc(arrivalRate: lambda, serviceTime: mean, servers: connections).meanWait]
        case let .lognormalPool(connections, cv):
            let queue = MGc(arrivalRate: lambda, meanService: mean, servers: connections, serviceCoefficientOfVariation: cv)
            return [.meanWait: queue.meanWait]
        case let .sessionStarvation(connections, clients):
            return [.clientsServed: Double(min(connections, clients)), .clientTimeouts: Double(max(0, clients - connections))]
        default:
            return [:]
        }
    }

    /// The relative error of the analytic value: Allen–Cunneen's for the low-CV M/G/k mean
    /// wait, 0 for exact results.
    static func analyticTolerance(_ validation: Case, _ statistic: Statistic) -> Double {
        if case .lognormalPool = validation.queue, statistic == .meanWait { return allenCunneenTolerance }
        return 0
    }
}
