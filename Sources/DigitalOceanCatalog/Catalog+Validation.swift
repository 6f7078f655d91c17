import Foundation
import YAMLSupport
import Yams

/// Range checks on a decoded catalog, and readable decoding errors.
///
/// The catalog is data a user can edit (a negotiated price, a new size), and every cost
/// and capacity figure is computed from it: a zero `hours_per_month` divides by zero and a
/// negative price makes the cheapest plan absurd. Each problem names the file, the line
/// and the field, like a scenario's.
extension Catalog {
    /// Every out-of-range value of a decoded catalog file, located in `tree`.
    package static func rangeProblems(of file: File, tree: Node, path: String) -> [String] {
        var problems: [String] = []
        func check(_ value: Double, _ field: [CodingKey], in range: ClosedRange<Double>, excludingLower: Bool = false, what: String = "") {
            let ok = value.isFinite && range.contains(value) && !(excludingLower && value == range.lowerBound)
            guard !ok else { return }
            let bound = excludingLower ? "above \(Units.trim(range.lowerBound))" : "at least \(Units.trim(range.lowerBound))"
            problems.append(Self.located(field, in: tree, path: path)
                + ": must be \(bound) and at most \(Units.trim(range.upperBound))\(what), found \(Units.trim(value))")
        }
        typealias Key = AnyCodingKey
        let money = 0.0...1_000_000
        for (index, size) in file.dropletSizes.enumerated() {
            let at = [Key("droplet_sizes"), Key(index)]
            check(Double(size.vcpus), at + [Key("vcpus")], in: 1...1024)
            check(size.memoryGiB, at + [Key("memory_gib")], in: 0...65_536, excludingLower: true)
            check(size.monthlyUSD, at + [Key("monthly_usd")], in: money)
            check(size.cpuSpeed, at + [Key("cpu_speed")], in: 0.01...100)
        }
        for (index, plan) in file.databasePlans.enumerated() {
            let at = [Key("database_plans"), Key(index)]
            check(Double(plan.vcpus), at + [Key("vcpus")], in: 1...1024)
            check(plan.memoryGiB, at + [Key("memory_gib")], in: 0...65_536, excludingLower: true)
            check(Double(plan.backendConnections), at + [Key("backend_connections")], in: 1...1_000_000)
            check(plan.monthlyUSD, at + [Key("monthly_usd")], in: money)
            check(plan.standbyMonthlyUSD, at + [Key("standby_monthly_usd")], in: money)
        }
        let billing = [Key("droplet_billing")]
        // A month of billed hours: DigitalOcean bills 672 (FACTS.md); a calendar month has at most 744.
        check(file.dropletBilling.hoursPerMonth, billing + [Key("hours_per_month")], in: 0...744, excludingLower: true)
        check(file.dropletBilling.minimumSeconds, billing + [Key("minimum_seconds")], in: 0...2_678_400)
        check(file.dropletBilling.minimumChargeUSD, billing + [Key("minimum_charge_usd")], in: money)
        check(file.bandwidth.outboundUSDPerGiB, [Key("bandwidth"), Key("outbound_usd_per_gib")], in: money)
        let balancer = [Key("load_balancer")]
        check(file.loadBalancer.nodeMonthlyUSD, balancer + [Key("node_monthly_usd")], in: money)
        check(file.loadBalancer.requestsPerSecondPerNode, balancer + [Key("requests_per_second_per_node")], in: 0...1e9, excludingLower: true)
        check(Double(file.loadBalancer.connectionsPerNode), balancer + [Key("connections_per_node")], in: 1...1e9)
        check(file.loadBalancer.newTLSConnectionsPerSecondPerNode, balancer + [Key("new_tls_connections_per_second_per_node")], in: 0...1e9, excludingLower: true)
        check(Double(file.loadBalancer.maxNodes), balancer + [Key("max_nodes")], in: 1...1000)
        check(file.loadBalancer.drainSeconds, balancer + [Key("drain_seconds")], in: 0...86_400)
        let health = balancer + [Key("health_check")]
        check(file.loadBalancer.healthCheck.intervalSeconds, health + [Key("interval_seconds")], in: 0...3600, excludingLower: true)
        check(file.loadBalancer.healthCheck.responseTimeoutSeconds, health + [Key("response_timeout_seconds")], in: 0...3600)
        check(Double(file.loadBalancer.healthCheck.healthyThreshold), health + [Key("healthy_threshold")], in: 1...10)
        check(Double(file.loadBalancer.healthCheck.unhealthyThreshold), health + [Key("unhealthy_threshold")], in: 1...10)
        let creation = [Key("droplet_creation")]
        if file.dropletCreation.secondsToActive.isEmpty {
            problems.append(Self.located(creation + [Key("seconds_to_active")], in: tree, path: path) + ": needs at least one observed time")
        }
        for (index, seconds) in file.dropletCreation.secondsToActive.enumerated() {
            check(seconds, creation + [Key("seconds_to_active"), Key(index)], in: 0...3600)
        }
        check(file.dropletCreation.appStartSeconds, creation + [Key("app_start_seconds")], in: 0...3600)
        let defaults = [Key("pgbouncer_defaults")]
        check(Double(file.pgbouncerDefaults.maxClientConn), defaults + [Key("max_client_conn")], in: 1...1_000_000)
        check(Double(file.pgbouncerDefaults.defaultPoolSize), defaults + [Key("default_pool_size")], in: 1...10_000)
        check(Double(file.pgbouncerDefaults.reservePoolSize), defaults + [Key("reserve_pool_size")], in: 0...10_000)
        check(file.pgbouncerDefaults.reservePoolTimeoutSeconds, defaults + [Key("reserve_pool_timeout_seconds")], in: 0...86_400)
        check(file.pgbouncerDefaults.queryWaitTimeoutSeconds, defaults + [Key("query_wait_timeout_seconds")], in: 0...86_400)
        return problems
    }

    /// `path:line:column: dotted.field` for a coding path, the line found in the YAML tree
    /// (the nearest enclosing node when the field itself is missing).
    package static func located(_ codingPath: [any CodingKey], in tree: Node, path: String) -> String {
        let field = codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        var location = path
        if let mark = tree.node(atDottedPath: field)?.mark { location += ":\(mark.line):\(mark.column)" }
        return field.isEmpty ? location : "\(location): \(field)"
    }

    /// A decoding error as one located sentence instead of Swift's `DecodingError` dump.
    package static func describe(_ error: any Error, tree: Node, path: String) -> String {
        LocatedDecoding.issue(for: error, in: tree, source: path, what: "catalog").description
    }
}
