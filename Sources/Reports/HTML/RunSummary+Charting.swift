import Results
import Scenarios

/// The per-minute columns of a summary as the charts take them: one value per minute
/// since the start, and the quantities the charts derive from the summary alone.
extension RunSummary {
    /// Minutes the series spans: the horizon, or the rows if they reach further.
    var minutesSpanned: Int {
        let rowsEnd = series.rows.last.map { $0.minute + max(1, series.intervalSeconds / 60) } ?? 0
        return max(Int((setup.horizonSeconds / 60).rounded(.up)), rowsEnd)
    }

    /// "per minute", or the row's span when the series is not per minute.
    var perInterval: String {
        series.intervalSeconds == 60 ? "per minute" : "per \(NumberText.duration(seconds: Double(series.intervalSeconds)))"
    }

    /// One value per minute from the rows; a row longer than a minute fills each of its
    /// minutes, and a minute no row covers is nil.
    ///
    /// - Complexity: O(`minutesSpanned`).
    func perMinute(_ value: (Minute) -> Double?) -> [Double?] {
        var values = [Double?](repeating: nil, count: minutesSpanned)
        let span = max(1, series.intervalSeconds / 60)
        for row in series.rows {
            let measured = value(row)
            for minute in row.minute..<(row.minute + span) where minute >= 0 && minute < values.count { values[minute] = measured }
        }
        return values
    }

    /// Whether the platform has a web tier (the series' web columns are zero without one).
    var hasWebTier: Bool { tiers.contains { $0.role == .web } }

    /// Latency of a minute in which something finished; nil for an idle minute, whose
    /// percentiles are written as zero and would otherwise read as "instant".
    func latency(_ percentile: KeyPath<RunSummary.Minute, Double>) -> [Double?] {
        perMinute { $0.completed + $0.errors > 0 ? $0[keyPath: percentile] : nil }
    }

    /// The bill's lines accrued minute by minute, each the cumulative US dollars at the
    /// end of every minute, ending at the line's charge over the horizon.
    ///
    /// The summary keeps each line's total, not its timing, so the timing is derived: a
    /// tier's droplets accrue in proportion to the droplets counted in each minute (what
    /// DigitalOcean bills by the hour, booting droplets included), and every other line
    /// (load balancers, the database) evenly over the horizon. The totals are the bill's;
    /// only the path between is estimated.
    func accruedCost() -> [(name: String, values: [Double])] {
        let minutes = minutesSpanned
        return cost.components.map { line in
            var weights: [Double]
            switch line.name {
            case "droplets.api": weights = perMinute { Double($0.apiDroplets) }.map { $0 ?? 0 }
            case "droplets.web": weights = perMinute { Double($0.webDroplets) }.map { $0 ?? 0 }
            default: weights = []
            }
            let total = weights.reduce(0, +)
            if total <= 0 { weights = [Double](repeating: 1, count: minutes) }
            let scale = line.horizonUSD / weights.reduce(0, +)
            var running = 0.0
            return (line.name, weights.map { weight in
                running += weight * scale
                return running
            })
        }
    }
}
