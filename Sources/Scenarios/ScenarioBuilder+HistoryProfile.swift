import Traces
import YAMLSupport
import Yams

/// The predictive policy's `history:` given as a load profile from `capsim trace import`:
/// the real service's traffic instead of a typed-in or simulated week (README, "Forecasts").
extension ScenarioBuilder {
    /// Hourly requests per second of the whole profile, oldest first; the policy keeps the
    /// most recent `max_history` of them.
    ///
    /// The history must be unbroken: its hours stand in for the hours just before the
    /// scenario starts, one after the other, and an hour without data has no value to put
    /// there. A gap is refused with its place, rather than read as a quiet hour that would
    /// teach the forecast a false dip. A last hour the profile does not cover whole is left
    /// out.
    func historyFromProfile(_ text: String, file: String, node: Node, path: String) -> [Double]? {
        let name = ScenarioPath.lastComponent(file)
        let trace: LoadTrace
        do {
            trace = try LoadProfileFile.read(text, file: name)
        } catch {
            let more = error.issues.count - 1 + error.uncounted
            reader.report("the history profile is malformed: \(error.issues.first?.description ?? "")"
                          + (more > 0 ? " (and \(more) more problem\(more == 1 ? "" : "s"))" : ""), at: node, path: path)
            return nil
        }
        let hourly: [Double?]
        do {
            hourly = try trace.hourlyRates()
        } catch {
            reader.report("the history profile \(name): \(error)", at: node, path: path)
            return nil
        }
        if let first = hourly.firstIndex(where: { $0 == nil }) {
            let missing = hourly.filter { $0 == nil }.count
            let at = TraceTime.format(trace.start + Double(first) * 3600, in: trace.timeZone)
            reader.report("the history profile \(name) has \(missing) hour\(missing == 1 ? "" : "s") without data, the first at \(at): "
                          + "a history must be unbroken (import a stretch without gaps with capsim trace import --from and --to)",
                          at: node, path: path)
            return nil
        }
        let rates = hourly.compactMap { $0 }
        if rates.isEmpty {
            reader.report("the history profile \(name) covers no whole hour", at: node, path: path)
            return nil
        }
        return rates
    }
}
