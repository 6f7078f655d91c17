import SimCore
import YAMLSupport
import Yams

/// `tiers.<role>.backups` and `response_bytes` on operations and pages.
extension ScenarioBuilder {
    /// `none`, `weekly` or `daily`; none when the field is left out.
    package func backupSchedule(_ node: Node?, path: String) -> BackupSchedule {
        guard let node else { return .none }
        return reader.choice(node, path: path, options: BackupSchedule.allCases.map(\.rawValue), what: "backup schedule")
            .flatMap(BackupSchedule.init(rawValue:)) ?? .none
    }

    /// A size (`12KB`) or a distribution of sizes (`{distribution: lognormal, mean: 40KB, cv: 1}`).
    package func responseBytes(_ node: Node?, path: String) -> Distribution? {
        guard let node else { return nil }
        return reader.distribution(node, path: path, quantity: .bytes)
    }
}
