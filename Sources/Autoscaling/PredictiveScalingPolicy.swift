import Foundation
import Analysis
import Linear

/// AWS-style predictive scaling: learn the tier's hourly load, forecast it with a
/// ``SeasonalForecast``, and ask for the capacity the forecast needs one lead time ahead.
///
/// FACTS.md "Autoscalers" records what AWS does and this policy copies: it needs 24 h of
/// history, uses up to 14 days, refits periodically (AWS every 6 h; here `refresh`), and
/// launches capacity ahead by a buffer (here `leadTime`, the droplets' boot and
/// health-check time) so that it is in rotation when the load arrives.
///
/// What it learns, from each observation:
/// - the load: `arrivalRate` over the observation's window, split across the simulation
///   hours the window overlaps. An hour's average rate is its requests over the seconds
///   observed, so overlapping windows (a 60 s window read every 15 s) do not inflate it.
///   Only hours that have ended are fitted, each at its midpoint.
/// - the cost of the load: Σ(cpu × ready × window) / Σ(arrivalRate × window) over windows
///   with a CPU reading and some traffic, the droplet-utilization one request per second
///   costs. Capacity is then `ceil(forecast × loadPerDroplet / targetUtilization)`.
///
/// Scale-out only: ``recommend(for:)`` returns the count the forecast needs, which may be
/// below the current count at night. AWS never scales in on a forecast, and neither may
/// capsim: the combined policy takes the largest of this and a reactive policy's answer
/// (which does scale in), and the platform's controller never scales in on a
/// predictive-only recommendation. A caller using this policy on its own must take
/// max(desired, current) itself.
public struct PredictiveScalingPolicy: ScalingPolicy {
    /// One simulation hour's traffic: requests seen and seconds of it observed.
    private struct HourBucket {
        var requests = 0.0
        var seconds = 0.0
    }

    private let configuration: PredictiveScalingConfiguration
    /// Buckets for simulation hours 0, 1, 2, … as observed.
    private var observed: [HourBucket] = []
    /// Σ cpu × ready × window and Σ arrivalRate × window, where both are known.
    private var busyDropletSeconds = 0.0
    private var requestsWithCPU = 0.0
    private var forecast: SeasonalForecast?
    private var lastFit: Double?
    private var lastFitError: LinearError?
    /// Set once the fitting samples cover the warm-up: their count never falls (observed
    /// hours only gain seconds, history is fixed), so the samples need not be rebuilt on
    /// every wake-up just to learn that.
    private var warm = false
    /// The current forecast's hourly means by clock hour, cleared at each refit. A wake-up
    /// every 15 s asks for the same two hours about 240 times, and each mean costs a dozen
    /// evaluations of the harmonics: cached, predictive scaling adds under 1% to a run
    /// instead of about 3% (Benchmarks/RESULTS.md, issue 13).
    private var hourlyMeans: [Int: Double] = [:]

    public init(configuration: PredictiveScalingConfiguration) {
        self.configuration = configuration
    }

    /// Droplet-utilization per request/second (0.02 means 50 req/s fill one droplet's CPU),
    /// or `nil` before any window with both a CPU reading and traffic.
    public var loadPerDroplet: Double? {
        requestsWithCPU > 0 ? busyDropletSeconds / requestsWithCPU : nil
    }

    /// Records the observation, refits when due, and returns the droplets the forecast load
    /// needs at the later of now and now + `leadTime` (the current count while warming up).
    /// - Complexity: O(1) amortized; a refit costs O(n · p²) for n ≤ `maximumHistory` hours
    ///   and p coefficients (see ``SeasonalForecast``), once per `refresh`.
    public mutating func recommend(for observation: TierObservation) -> ScalingRecommendation {
        record(observation)
        let now = observation.time
        if !warm {
            warm = Double(fittingSamples(completeBefore: now).count) * 3600 >= configuration.warmup
        }
        guard warm, let loadPerDroplet else {
            let samples = fittingSamples(completeBefore: now)
            let detail = samples.isEmpty || loadPerDroplet != nil ? "" : ", load per droplet not yet measured"
            return ScalingRecommendation(
                desired: observation.droplets,
                reason: "predictive: warming up (\(samples.count)h of history\(detail))")
        }
        if now - (lastFit ?? -.infinity) >= configuration.refresh {
            refit(fittingSamples(completeBefore: now), at: now)
        }
        guard let forecast else {
            return ScalingRecommendation(
                desired: observation.droplets,
                reason: "predictive: no forecast (\(lastFitError.map { "\($0)" } ?? "fit failed"))")
        }
        // AWS forecasts hourly and sets each hour's capacity from that hour's load, launched
        // one buffer early: so the count covers the hour now and the hour `lead` from now.
        let lead = configuration.leadTime
        let rate = max(cachedHourlyMean(forecast, containing: now), cachedHourlyMean(forecast, containing: now + lead))
        // The small slack keeps a count that is whole up to rounding (7.000000001) whole.
        let needed = Int(clampingDroplets: (rate * loadPerDroplet / configuration.targetUtilization - 1e-9).rounded(.up))
        return ScalingRecommendation(
            desired: max(0, needed),
            reason: "predictive: forecast \(String(format: "%.1f", rate)) req/s for the hour at +\(Self.format(lead))")
    }

    // MARK: - Learning

    private mutating func record(_ observation: TierObservation) {
        let window = max(0, observation.window)
        let rate = observation.arrivalRate
        // Busy droplets over the window: the pool average times the pool (both over the
        // same droplets) where the controller gives it, else the serving average times the
        // droplets in rotation.
        let busyDroplets = observation.poolMetrics[.cpu].map { $0 * Double(observation.droplets) }
            ?? observation.metrics[.cpu].map { $0 * Double(observation.ready) }
        if let busyDroplets, rate > 0, window > 0 {
            busyDropletSeconds += busyDroplets * window
            requestsWithCPU += rate * window
        }
        // Split the window [time − window, time] across the hours it overlaps; time before
        // the scenario start belongs to the supplied history, not to the observations.
        var from = max(0, observation.time - window)
        let to = observation.time
        while from < to {
            let hour = Int((from / 3600).rounded(.down))
            let end = min(to, Double(hour + 1) * 3600)
            if observed.count <= hour {
                observed.append(contentsOf: repeatElement(HourBucket(), count: hour + 1 - observed.count))
            }
            observed[hour].requests += rate * (end - from)
            observed[hour].seconds += end - from
            from = end
        }
    }

    /// (time, rate) of every complete hour, supplied history first, the most recent
    /// `maximumHistory` only. Each sample sits at its hour's midpoint, where an hour's
    /// average best represents the instantaneous rate.
    private func fittingSamples(completeBefore now: Double) -> [(time: Double, value: Double)] {
        let history = configuration.history
        var samples: [(time: Double, value: Double)] = history.enumerated().map { index, rate in
            (time: (Double(index - history.count) + 0.5) * 3600, value: rate)
        }
        let completeHours = min(observed.count, Int((now / 3600).rounded(.down)))
        for hour in 0..<max(0, completeHours) where observed[hour].seconds > 0 {
            samples.append((time: (Double(hour) + 0.5) * 3600, value: observed[hour].requests / observed[hour].seconds))
        }
        let keep = Int((configuration.maximumHistory / 3600).rounded(.down))
        return samples.count > keep ? Array(samples.suffix(keep)) : samples
    }

    private mutating func refit(_ samples: [(time: Double, value: Double)], at now: Double) {
        lastFit = now
        hourlyMeans.removeAll(keepingCapacity: true)
        do {
            forecast = try SeasonalForecast(
                fitting: samples, dailyHarmonics: configuration.dailyHarmonics,
                weeklyHarmonics: configuration.weeklyHarmonics)
            lastFitError = nil
        } catch {
            // Keep the previous forecast, if any: a degenerate window of history should
            // not drop capacity planning that worked an hour ago.
            lastFitError = error
        }
    }

    /// ``SeasonalForecast/hourlyMean(containing:)``, remembered for the current forecast.
    private mutating func cachedHourlyMean(_ forecast: SeasonalForecast, containing time: Double) -> Double {
        let hour = Int((time / 3600).rounded(.down))
        if let mean = hourlyMeans[hour] { return mean }
        let mean = forecast.hourlyMean(containing: time)
        hourlyMeans[hour] = mean
        return mean
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
