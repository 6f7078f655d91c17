import Foundation
import Optimizer
import Store

/// The optimizer's trials in the run history: each written in its own transaction as it
/// finishes, read back when a search resumes.
struct HistoryTrialLog: TrialLog {
    let history: RunHistory
    let optimization: Int64
    let known: [TrialRecordKey: TrialOutcome]

    init(history: RunHistory, optimization: Int64) throws {
        self.history = history
        self.optimization = optimization
        var known: [TrialRecordKey: TrialOutcome] = [:]
        let decoder = JSONDecoder()
        for trial in try HistoryCommand.perform({ () throws(HistoryError) in try history.trials(ofOptimization: optimization) }) {
            guard let outcome = try? decoder.decode(TrialOutcome.self, from: Data(trial.outcome.utf8)) else {
                throw CapsimFailure(description: "cannot read the run history \(history.path): a trial of the optimization does not decode; "
                                        + "start the search again without --resume", exitCode: .badInput)
            }
            known[TrialRecordKey(configurationHash: trial.key.configurationHash, fidelity: trial.key.fidelity,
                                 replication: trial.key.replication, seed: trial.key.seed)] = outcome
        }
        self.known = known
    }

    func recorded() -> [TrialRecordKey: TrialOutcome] { known }

    func record(_ key: TrialRecordKey, outcome: TrialOutcome, wallSeconds: Double) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(outcome), as: UTF8.self)
        try history.recordTrial(StoredTrial(key: TrialKey(configurationHash: key.configurationHash, fidelity: key.fidelity,
                                                          replication: key.replication, seed: key.seed),
                                            requests: outcome.requests, wallSeconds: wallSeconds, outcome: json),
                                optimization: optimization)
    }
}
