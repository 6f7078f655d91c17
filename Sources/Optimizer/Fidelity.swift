import Foundation
import Scenarios

/// Which simulation of a candidate a trial is. Part of every trial's key in the store.
public enum Fidelity: Hashable, Sendable {
    /// The scenario's whole horizon: what the SLO verdicts are judged on.
    case full
    /// The busiest window alone (`PeakProbe`): a sound test of infeasibility.
    case probe
    /// The whole horizon under every group's rate times a factor (sensitivity).
    case load(Double)
    /// The whole horizon under the load `months` months on (the re-plan month).
    case month(Int)

    /// The key written in the store: stable text.
    public var key: String {
        switch self {
        case .full: "full"
        case .probe: "probe"
        case let .load(factor): "load*\(factor)"
        case let .month(months): "month+\(months)"
        }
    }

    /// The scenario this fidelity simulates for a candidate's scenario.
    func scenario(for candidate: Scenario, probe: PeakProbe?) -> Scenario {
        switch self {
        case .full: candidate
        case .probe: probe.map { $0.scenario(for: candidate) } ?? candidate
        case let .load(factor): candidate.scalingLoad(by: factor)
        case let .month(months): candidate.projected(months: months)
        }
    }
}
