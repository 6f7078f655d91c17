/// Exact mean value analysis of a closed, single-class, product-form queueing network: N
/// customers cycle between a think (terminal) stage with mean think time Z and a set of
/// stations (Reiser & Lavenberg 1980, "Mean-value analysis of closed multichain queuing
/// networks", *J. ACM* 27(2); Lazowska, Zahorjan, Graham & Sevcik 1984, *Quantitative
/// System Performance*, ch. 6).
///
/// The recursion over the population n = 1...N rests on the arrival theorem (an arrival at
/// a station sees the network in equilibrium with one customer fewer):
///
///     R_k(n) = D_k · (1 + Q_k(n − 1))   queueing station
///     R_k(n) = D_k                       delay station
///     X(n)   = n / (Z + Σ_k R_k(n))     (Little's law on the whole loop)
///     Q_k(n) = X(n) · R_k(n)            (Little's law at station k)
///
/// where D_k = V_k · S_k is the service demand (visits per interaction times time per visit).
/// Assumptions: product form (FCFS stations with exponential service of one rate, or delay
/// stations with any distribution), one customer class, no blocking.
///
/// A multi-server station (c servers) is not product-form-exact in this recursion; it uses
/// the approximation of Seidmann, Schweitzer & Shalev-Oren 1987 ("Computerized closed
/// queueing network models of flexible manufacturing systems", *Large Scale Systems* 12):
/// a single server of demand D/c in series with a delay of D(c − 1)/c. It is exact at
/// light load and in saturation (throughput c/D) and approximate in between; ``isExact``
/// says whether any such station is present.
///
/// Invalid input (negative population, negative or non-finite think time or demand, a
/// multi-server station with fewer than one server, or zero total demand with zero think
/// time) gives ``isStable`` == `false`, zero throughput and infinite response time, the
/// module's convention; a valid closed network always has a steady state.
///
/// What it deliberately does not do: several customer classes, load-dependent stations
/// beyond Seidmann's, or open arrivals; those need other algorithms.
public struct MeanValueAnalysis: Sendable, Hashable {
    /// One station of the network.
    public struct Station: Sendable, Hashable {
        /// How a station serves.
        public enum Kind: Sendable, Hashable {
            /// Infinite servers: a customer is never delayed by others (think stages,
            /// fixed latencies).
            case delay
            /// One first-come-first-served server.
            case queueing
            /// `servers` identical servers sharing one queue (Seidmann approximation).
            case multiServer(servers: Int)
        }

        /// How the station serves.
        /// - Complexity: O(1); a stored value.
        public var kind: Kind
        /// Visits per interaction V, relative to one pass through the think stage.
        /// - Complexity: O(1); a stored value.
        public var visitRatio: Double
        /// Mean service time per visit S.
        /// - Complexity: O(1); a stored value.
        public var serviceTime: Double

        /// A station from visits and time per visit.
        /// - Complexity: O(1).
        public init(kind: Kind, visitRatio: Double, serviceTime: Double) {
            self.kind = kind
            self.visitRatio = visitRatio
            self.serviceTime = serviceTime
        }

        /// A station from its total service demand per interaction (one visit).
        /// - Complexity: O(1).
        public init(kind: Kind, demand: Double) {
            self.init(kind: kind, visitRatio: 1, serviceTime: demand)
        }

        /// Service demand D = V · S, the total service one interaction needs here.
        /// - Complexity: O(1).
        public var demand: Double { visitRatio * serviceTime }

        /// Number of servers: 1 for a queueing station, c for a multi-server one, and
        /// `Int.max` for a delay station (it never saturates).
        /// - Complexity: O(1).
        public var servers: Int {
            switch kind {
            case .delay: Int.max
            case .queueing: 1
            case .multiServer(let c): c
            }
        }
    }

    /// The solution at one station for the full population N.
    public struct StationResult: Sendable, Hashable {
        /// Residence time R_k: time per interaction spent here, over all visits, waiting
        /// plus service.
        /// - Complexity: O(1); a stored value.
        public var residenceTime: Double
        /// Mean number of customers here Q_k, waiting or in service.
        /// - Complexity: O(1); a stored value.
        public var queueLength: Double
        /// Throughput X · V_k, visits completed per unit time.
        /// - Complexity: O(1); a stored value.
        public var throughput: Double
        /// Utilization per server, X · D_k / c. For a delay station it is X · D_k, the mean
        /// number of customers present, and can exceed 1.
        /// - Complexity: O(1); a stored value.
        public var utilization: Double
    }

    /// The stations, in the order given.
    /// - Complexity: O(1); a stored value.
    public let stations: [Station]
    /// Number of customers N.
    /// - Complexity: O(1); a stored value.
    public let population: Int
    /// Mean think time Z between interactions.
    /// - Complexity: O(1); a stored value.
    public let thinkTime: Double
    /// Whether the inputs describe a network; see the type comment.
    /// - Complexity: O(1).
    public let isStable: Bool
    /// System throughput X(N): interactions completed per unit time.
    /// - Complexity: O(1); solved by the initializer.
    public let throughput: Double
    /// Response time R(N) = Σ R_k, excluding think time; by the response time law it
    /// equals N / X − Z.
    /// - Complexity: O(1); solved by the initializer.
    public let responseTime: Double
    /// Per-station results, parallel to ``stations``.
    /// - Complexity: O(1); solved by the initializer.
    public let perStation: [StationResult]
    /// X(n) for n = 0...N, a by-product of the recursion; element 0 is 0. The knee of this
    /// curve is where adding customers stops adding throughput.
    /// - Complexity: O(1); solved by the initializer.
    public let throughputByPopulation: [Double]

    /// Solves the network for `population` customers.
    /// - Complexity: O(N · K) time and O(N + K) space for N customers and K stations.
    public init(stations: [Station], population: Int, thinkTime: Double) {
        self.stations = stations
        self.population = population
        self.thinkTime = thinkTime

        let valid = population >= 0 && isNonNegativeFinite(thinkTime)
            && stations.allSatisfy { station in
                guard isNonNegativeFinite(station.demand), isNonNegativeFinite(station.visitRatio) else { return false }
                if case .multiServer(let c) = station.kind { return c >= 1 }
                return true
            }
            && (thinkTime > 0 || stations.contains { $0.demand > 0 } || population == 0)
        guard valid else {
            isStable = false
            throughput = 0
            responseTime = .infinity
            perStation = stations.map { _ in
                StationResult(residenceTime: .infinity, queueLength: .infinity, throughput: 0, utilization: .infinity)
            }
            throughputByPopulation = [0]
            return
        }
        isStable = true

        // Seidmann: split each station into a queueing part (demand `queued`, 0 for a delay)
        // and a pure delay part (`fixed`).
        let queued = stations.map { station -> Double in
            switch station.kind {
            case .delay: 0
            case .queueing: station.demand
            case .multiServer(let c): station.demand / Double(c)
            }
        }
        let fixed = stations.indices.map { stations[$0].demand - queued[$0] }

        var waiting = [Double](repeating: 0, count: stations.count)  // Q of the queueing parts
        // With N = 0 the loop does not run and this is what a lone customer would see.
        var residence = stations.map(\.demand)
        var curve = [Double](repeating: 0, count: population + 1)
        var x = 0.0
        for n in stride(from: 1, through: population, by: 1) {
            var total = 0.0
            for k in stations.indices {
                residence[k] = queued[k] * (1 + waiting[k]) + fixed[k]
                total += residence[k]
            }
            x = Double(n) / (thinkTime + total)
            for k in stations.indices { waiting[k] = x * queued[k] * (1 + waiting[k]) }
            curve[n] = x
        }

        throughput = x
        responseTime = residence.reduce(0, +)
        throughputByPopulation = curve
        perStation = stations.indices.map { k in
            let station = stations[k]
            let perServer: Double = switch station.kind {
            case .delay, .queueing: 1
            case .multiServer(let c): Double(c)
            }
            return StationResult(residenceTime: residence[k], queueLength: x * residence[k],
                                 throughput: x * station.visitRatio,
                                 utilization: x * station.demand / perServer)
        }
    }

    /// Whether the solution is exact MVA: true unless a station has more than one server.
    /// - Complexity: O(K).
    public var isExact: Bool {
        stations.allSatisfy { station in
            if case .multiServer(let c) = station.kind { return c <= 1 }
            return true
        }
    }

    /// The asymptotic upper bound on throughput, min(N / (D + Z), min_k c_k / D_k) over
    /// stations that can saturate (Denning & Buzen 1978, "The operational analysis of
    /// queueing network models", *ACM Computing Surveys* 10(3)). Cheaper than solving, so
    /// a screen can discard hopeless configurations first.
    /// - Complexity: O(K).
    public var throughputUpperBound: Double {
        guard isStable, population > 0 else { return 0 }
        let totalDemand = stations.reduce(0) { $0 + $1.demand }
        var bound = Double(population) / (totalDemand + thinkTime)
        for station in stations where station.kind != .delay && station.demand > 0 {
            bound = min(bound, Double(station.servers) / station.demand)
        }
        return bound
    }
}
