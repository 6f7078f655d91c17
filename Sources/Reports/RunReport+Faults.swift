import Foundation
import Results
import YAMLSupport

extension RunReport {
    /// The faults that happened (`faults:` and random failures of the database's primary),
    /// the first replication's in full and a count of the rest; empty without faults.
    func faultSection() -> String {
        let faults = summary.faults
        guard !faults.isEmpty else { return "" }
        let shown = faults.filter { $0.replication == faults[0].replication }
        var out = "\nFaults (replication \(faults[0].replication + 1)"
        out += shown.count < faults.count ? ", \(faults.count - shown.count) more in the other replications)\n" : ")\n"
        out += Self.grid(shown.map { fault in
            [Self.clock(fault.time, setup: summary.setup), fault.kind.rawValue + (fault.scheduled ? "" : " (random)"), Self.faultDetail(fault)]
        }, header: nil)
        return out
    }

    static func faultDetail(_ fault: FaultRecord) -> String {
        switch fault.kind {
        case .dropletLoss:
            let requested = fault.dropletsRequested ?? 0, lost = fault.dropletsLost ?? 0
            let shortfall = lost < requested ? " (only \(lost) in rotation)" : ""
            return "\(fault.tier ?? "?") tier: \(lost) of \(requested) droplets lost\(shortfall)"
        case .databaseFailover, .databaseOutage:
            let window = fault.unavailableSeconds.map { "unavailable \(Units.describe(seconds: $0))" } ?? "unavailable until the end of the run"
            return "\(window), \(count(fault.transactionsLost)) transactions lost, \(count(fault.requestsFailedFast)) round trips failed fast"
        }
    }
}
