import YAMLSupport
import Yams

/// `faults:` (faults at set times) and the database's failure fields
/// (`database.mean_time_between_failures`, `failover_time`, `standby_rebuild_time`,
/// `replacement_time`).
extension ScenarioBuilder {
    package static let faultFields = ["at", "kind", "tier", "droplets"]
    package static let faultKinds = ["database_failover", "droplet_loss"]
    package static let databaseFailoverFields = ["mean_time_between_failures", "failover_time", "standby_rebuild_time", "replacement_time"]

    /// The database's failure settings from the `database` mapping's fields; defaults for what
    /// is absent.
    package func parseFailoverSettings(_ fields: MappingFields) -> DatabaseFailoverSettings {
        var settings = DatabaseFailoverSettings()
        settings.meanTimeBetweenFailures = fields["mean_time_between_failures"].flatMap {
            reader.duration($0, path: fields.path("mean_time_between_failures"), exclusiveMinimum: true)
        }
        if let value = fields["failover_time"].flatMap({ reader.duration($0, path: fields.path("failover_time"), exclusiveMinimum: true) }) {
            settings.failoverTime = value
        }
        if let value = fields["standby_rebuild_time"].flatMap({ reader.duration($0, path: fields.path("standby_rebuild_time"), exclusiveMinimum: true) }) {
            settings.standbyRebuildTime = value
        }
        if let value = fields["replacement_time"].flatMap({ reader.duration($0, path: fields.path("replacement_time"), exclusiveMinimum: true) }) {
            settings.replacementTime = value
        }
        return settings
    }

    /// `faults:`, a list of `{at, kind, …}`, sorted by time (a stable sort: faults at the same
    /// instant happen in the file's order). A fault past the horizon is a warning and left out:
    /// a shorter `--horizon` for a quick look should not make a scenario invalid. A droplet
    /// loss of more droplets than its tier can ever have is an error.
    package func parseFaults(_ node: Node, horizon: Double, tiers: [ServiceTier]) -> [ScheduledFault] {
        guard let items = reader.sequence(node, path: "faults") else { return [] }
        var result: [ScheduledFault] = []
        for (index, item) in items.enumerated() {
            let path = "faults[\(index)]"
            guard let fields = reader.fields(of: item, path: path, allowed: Self.faultFields) else { continue }
            let at = fields.require("at", reader: reader).flatMap { reader.duration($0, path: fields.path("at")) }
            if let at, at > horizon {
                reader.warn("is past the horizon (\(Units.describe(seconds: horizon))): this run leaves the fault out",
                            at: fields["at"], path: fields.path("at"))
                continue
            }
            let kind = fields.require("kind", reader: reader).flatMap {
                reader.choice($0, path: fields.path("kind"), options: Self.faultKinds, what: "fault kind")
            }
            switch kind {
            case "database_failover":
                for key in ["tier", "droplets"] where fields[key] != nil {
                    reader.report("a database_failover names no \(key)", at: fields[key], path: fields.path(key))
                }
                if let at { result.append(ScheduledFault(at: at, kind: .databaseFailover)) }
            case "droplet_loss":
                if let fault = dropletLoss(fields, tiers: tiers), let at { result.append(ScheduledFault(at: at, kind: fault)) }
            default:
                continue
            }
        }
        return result.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    private func dropletLoss(_ fields: MappingFields, tiers: [ServiceTier]) -> ScheduledFault.Kind? {
        let role = fields.require("tier", reader: reader).flatMap {
            reader.choice($0, path: fields.path("tier"), options: TierRole.allCases.map(\.rawValue), what: "tier")
        }.flatMap(TierRole.init(rawValue:))
        let count = fields.require("droplets", reader: reader).flatMap {
            reader.integer($0, path: fields.path("droplets"), minimum: 1, maximum: 10_000)
        }
        guard let role, let count else { return nil }
        guard let tier = tiers.first(where: { $0.role == role }) else {
            reader.report("the scenario has no \(role.rawValue) tier", at: fields["tier"], path: fields.path("tier"))
            return nil
        }
        let most = max(tier.droplets, tier.autoscaling?.maximum ?? 0)
        if count > most {
            reader.report("the \(role.rawValue) tier never has more than \(most) droplet\(most == 1 ? "" : "s"); cannot lose \(count)",
                          at: fields["droplets"], path: fields.path("droplets"))
            return nil
        }
        return .dropletLoss(tier: role, droplets: count)
    }
}
