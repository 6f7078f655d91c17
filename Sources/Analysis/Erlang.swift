/// The Erlang loss and delay formulas: the probability that an arrival finds every one of
/// `c` servers busy, with offered load a = λ / μ (in erlangs).
///
/// Both come from the Erlang B recursion (Kleinrock 1975, *Queueing Systems* Vol. 1, §3.7
/// "M/M/m/m"; Gross, Shortle, Thompson & Harris 2008, *Fundamentals of Queueing Theory*,
/// 4th ed., ch. 2)
///
///     B(0) = 1,   B(k) = a·B(k−1) / (k + a·B(k−1)),
///
/// and the identity C = B / (1 − ρ(1 − B)) with ρ = a / c, which follows from dividing
/// Erlang's C formula (Kleinrock 1975, §3.5 "M/M/m") by the B formula term by term. The textbook factorial sums overflow a `Double` near c = 170 (170! ≈ 7e306); every
/// step of the recursion stays in [0, 1], so it is accurate at c = 10,000 and beyond.
///
/// Inputs that are not a system (NaN or negative load, a negative server count, and for
/// Erlang C fewer than one server or a load of c or more) return 1, the pessimistic
/// probability, following the module's convention: nothing here traps.
public enum Erlang {
    /// Erlang B: the probability that an arrival is lost in M/M/c/c (no waiting room).
    ///
    /// Exact, and insensitive to the service distribution beyond its mean (M/G/c/c; the
    /// insensitivity is Sevastyanov's 1957 theorem, Gross et al. 2008 ch. 2). A load of 0 loses nothing; zero servers lose everything.
    /// - Complexity: O(`servers`), one multiply-add and one division per server.
    public static func b(servers: Int, load: Double) -> Double {
        guard servers >= 0, !load.isNaN, load >= 0, load < .infinity else { return 1 }
        var blocking = 1.0
        if servers == 0 { return blocking }
        for k in 1...servers {
            let carried = load * blocking
            blocking = carried / (Double(k) + carried)
        }
        return blocking
    }

    /// Erlang C: the probability that an arrival waits in M/M/c (infinite waiting room).
    ///
    /// Exact for Poisson arrivals and exponential service. Defined only for a < c, the
    /// condition for a steady state; at a ≥ c every arrival eventually waits and the
    /// result is 1.
    /// - Complexity: O(`servers`), dominated by the Erlang B recursion.
    public static func c(servers: Int, load: Double) -> Double {
        guard servers >= 1, !load.isNaN, load >= 0, load < Double(servers) else { return 1 }
        return delayProbability(blocking: b(servers: servers, load: load), servers: servers, load: load)
    }

    /// C from B without repeating the recursion; shared with the capacity search, which
    /// advances B one server at a time.
    @inline(__always)
    static func delayProbability(blocking: Double, servers: Int, load: Double) -> Double {
        let rho = load / Double(servers)
        return blocking / (1 - rho * (1 - blocking))
    }
}
