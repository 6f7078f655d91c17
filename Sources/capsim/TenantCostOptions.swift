import ArgumentParser
import Results

extension IdleCostRule: ExpressibleByArgument {}

/// How a run's bill is shared among its tenants (README, "Per-tenant cost").
struct TenantCostOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "How idle and fixed cost (idle droplet time, balancers, unused database cores, standbys) is shared among tenants.",
        valueName: "rule"))
    var idleCost: IdleCostRule = .byUsage

    @Option(help: ArgumentHelp("Tenants listed one by one in the per-tenant cost (the costliest, and as many of the largest losses); the rest are summed per group.",
                               valueName: "n"))
    var topTenants: Int = 10

    func validate() throws {
        guard (0...10_000).contains(topTenants) else {
            throw ValidationError("--top-tenants must be between 0 and 10000, found \(topTenants)")
        }
    }

    var allocation: TenantCostAllocation { TenantCostAllocation(rule: idleCost, shownTenants: topTenants) }
}
