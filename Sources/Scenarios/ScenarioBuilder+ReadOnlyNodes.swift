import DigitalOceanCatalog
import SimCore
import YAMLSupport

/// `database.read_only_nodes`, `read_only_plan`, `replication_lag`, and the operations'
/// `reads` and `max_staleness` (README "Read-only nodes").
extension ScenarioBuilder {
    package static let readOnlyDatabaseFields = ["read_only_nodes", "read_only_plan", "replication_lag"]
    package static let readRoutingOperationFields = ["reads", "max_staleness"]

    /// The read-only nodes of `database`; a node's plan must be at least the primary's size,
    /// as DigitalOcean requires.
    package func parseReadOnlyNodes(_ fields: MappingFields, primary: DatabasePlan?) -> ReadOnlyNodeSettings {
        var settings = ReadOnlyNodeSettings()
        if let countNode = fields["read_only_nodes"] {
            settings.count = reader.integer(countNode, path: fields.path("read_only_nodes"), minimum: 0,
                                            maximum: ReadOnlyNodeSettings.maximumCount) ?? 0
        }
        if let planNode = fields["read_only_plan"], let slug = reader.string(planNode, path: fields.path("read_only_plan")) {
            if let plan = catalog.databasePlan(slug) {
                if let primary, plan.vcpus < primary.vcpus || plan.memoryGiB < primary.memoryGiB {
                    reader.report("a read-only node's plan must be at least the primary's size (\(primary.slug)); \(slug) is smaller",
                                  at: planNode, path: fields.path("read_only_plan"))
                }
                settings.plan = plan
            } else {
                reader.report("unknown database plan \"\(slug)\"\(NameSuggestion.hint(for: slug, among: catalog.databasePlans.map(\.slug)))",
                              at: planNode, path: fields.path("read_only_plan"))
            }
        }
        if let lagNode = fields["replication_lag"],
           let lag = reader.distribution(lagNode, path: fields.path("replication_lag"), quantity: .duration) {
            settings.replicationLag = lag
        }
        return settings
    }

    /// An operation's `reads` and `max_staleness`: a mutation writes, so it cannot read from
    /// a replica, and a staleness bound means nothing for reads that stay on the primary.
    package func parseReadRouting(_ fields: MappingFields, kind: OperationKind) -> (reads: ReadTarget, maxStaleness: Double?) {
        var reads = ReadTarget.primary
        if let readsNode = fields["reads"] {
            reads = reader.choice(readsNode, path: fields.path("reads"), options: ReadTarget.allCases.map(\.rawValue), what: "read target")
                .flatMap(ReadTarget.init(rawValue:)) ?? .primary
            if reads == .replica && kind == .mutation {
                reader.report("a mutation writes, so it always goes to the primary: reads: replica is only for kind: query",
                              at: readsNode, path: fields.path("reads"))
            }
        }
        var maxStaleness: Double?
        if let stalenessNode = fields["max_staleness"] {
            maxStaleness = reader.duration(stalenessNode, path: fields.path("max_staleness"), maximum: 3600)
            if reads != .replica {
                reader.report("max_staleness bounds replica reads: it needs reads: replica", at: stalenessNode,
                              path: fields.path("max_staleness"))
            }
        }
        return (reads, maxStaleness)
    }
}
