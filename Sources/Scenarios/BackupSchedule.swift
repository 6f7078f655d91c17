/// How often DigitalOcean backs up a tier's droplets (`tiers.<role>.backups`).
///
/// DigitalOcean's basic backup plans are weekly or daily and cost a share of the droplet's
/// charge (the catalog's `droplet_backups`); none is the default, as on a new droplet.
public enum BackupSchedule: String, Sendable, CaseIterable {
    case none, weekly, daily
}

extension Scenario {
    /// Whether any operation or page gives `response_bytes`: only then does a run measure
    /// outbound transfer and bill its overage.
    public var measuresTransfer: Bool {
        operations.contains { $0.responseBytes != nil } || pages.contains { $0.responseBytes != nil }
    }
}
