import Autoscaling
import DigitalOceanCatalog
import Foundation
import SimCore
import YAMLSupport
import Yams

/// A tier's droplet lifecycle: `tiers.<role>.lifecycle`.
extension ScenarioBuilder {
    package static let lifecycleFields = [
        "boot_time", "app_start", "health_check_interval", "healthy_threshold", "unhealthy_threshold", "failure_probability",
        "replace_after", "deregistration_lag", "shutdown_grace", "mtbf", "mtbf_by_size", "warm_up",
    ]

    /// The longest mean time between failures a scenario may give: a century, in seconds.
    /// Longer is "never" within any horizon; leave the field out instead.
    static let longestMeanTimeBetweenFailures = 100 * 365 * 86_400.0

    /// Defaults from the catalog: boot times observed in Terraform logs plus the app's start
    /// and the balancer's health-check defaults (FACTS.md). A scale-in takes effect at once
    /// (no deregistration lag: an assumption, the operator removes the droplet from the
    /// balancer through the API before shutting it down, and DigitalOcean does not document how
    /// long that takes) and gives requests in flight 60 s, the one shutdown grace DigitalOcean
    /// documents for droplets it scales in (autoscale pools, FACTS.md "Autoscalers"). The
    /// balancer's own one-minute drain is for its *nodes* (FACTS.md "On scale-down each removed
    /// node gets 1 minute to drain"; `load_balancer.resize`, BalancerCapacity.swift), so no
    /// droplet uses it. No failures while serving and no warm-up, so that scenarios that do not
    /// ask for them keep their numbers.
    package func defaultLifecycle() -> DropletLifecycle {
        let creation = catalog.dropletCreation
        let health = catalog.loadBalancer.healthCheck
        return DropletLifecycle(
            bootTime: EmpiricalDistribution(values: creation.secondsToActive).map(Distribution.empirical) ?? .constant(45),
            appStart: creation.appStartSeconds,
            healthCheckInterval: health.intervalSeconds,
            healthyThreshold: health.healthyThreshold,
            unhealthyThreshold: health.unhealthyThreshold,
            failureProbability: 0,
            // Like the 300 s health-check grace period of AWS Auto Scaling groups; DigitalOcean
            // does not document when an autoscale pool replaces a droplet that never serves.
            replaceAfter: 300,
            deregistrationLag: 0,
            shutdownGrace: DropletLifecycle.dropletAutoscalePoolShutdownGrace)
    }

    package func parseLifecycle(_ node: Node?, path: String) -> DropletLifecycle {
        var lifecycle = defaultLifecycle()
        guard let node, let fields = reader.fields(of: node, path: path, allowed: Self.lifecycleFields) else { return lifecycle }
        if let value = fields["boot_time"], let boot = reader.distribution(value, path: fields.path("boot_time"), quantity: .duration) {
            lifecycle.bootTime = boot
        }
        if let value = fields["app_start"], let seconds = reader.duration(value, path: fields.path("app_start")) {
            lifecycle.appStart = seconds
        }
        if let value = fields["health_check_interval"],
           let seconds = reader.duration(value, path: fields.path("health_check_interval"), exclusiveMinimum: true) {
            lifecycle.healthCheckInterval = seconds
        }
        // DigitalOcean's API takes 2–10 for both thresholds; 1 is kept for models of other balancers.
        if let value = fields["healthy_threshold"], let count = reader.integer(value, path: fields.path("healthy_threshold"), minimum: 1, maximum: 10) {
            lifecycle.healthyThreshold = count
        }
        if let value = fields["unhealthy_threshold"], let count = reader.integer(value, path: fields.path("unhealthy_threshold"), minimum: 1, maximum: 10) {
            lifecycle.unhealthyThreshold = count
        }
        if let value = fields["failure_probability"], let p = reader.fraction(value, path: fields.path("failure_probability"), maximum: 0.99) {
            lifecycle.failureProbability = p
        }
        if let value = fields["replace_after"], let seconds = reader.duration(value, path: fields.path("replace_after"), exclusiveMinimum: true) {
            lifecycle.replaceAfter = seconds
        }
        // An hour bounds both: a lag or grace longer than that is a typo for a shorter unit.
        if let value = fields["deregistration_lag"], let seconds = reader.duration(value, path: fields.path("deregistration_lag"), maximum: 3600) {
            lifecycle.deregistrationLag = seconds
        }
        if let value = fields["shutdown_grace"], let seconds = reader.duration(value, path: fields.path("shutdown_grace"), maximum: 3600) {
            lifecycle.shutdownGrace = seconds
        }
        if let value = fields["mtbf"] {
            lifecycle.meanTimeBetweenFailures = meanTimeBetweenFailures(value, path: fields.path("mtbf"))
        }
        if let value = fields["mtbf_by_size"] {
            lifecycle.meanTimeBetweenFailuresBySize = meanTimeBetweenFailuresBySize(value, path: fields.path("mtbf_by_size"))
        }
        if let value = fields["warm_up"] {
            lifecycle.warmUp = warmUp(value, path: fields.path("warm_up"))
        }
        return lifecycle
    }

    /// A mean time between failures: a duration of at least a minute (a droplet failing more
    /// often than it can boot is a typo) and at most a century.
    private func meanTimeBetweenFailures(_ node: Node, path: String) -> Double? {
        reader.duration(node, path: path, minimum: 60, maximum: Self.longestMeanTimeBetweenFailures)
    }

    /// `{s-2vcpu-4gb: 2000h, c-4: 4000h}`: sizes from the catalog.
    private func meanTimeBetweenFailuresBySize(_ node: Node, path: String) -> [String: Double] {
        var result: [String: Double] = [:]
        let slugs = catalog.dropletSizes.map(\.slug)
        for (slug, keyNode, value) in reader.namedEntries(of: node, path: path) {
            guard slugs.contains(slug) else {
                reader.report("unknown droplet size \"\(slug)\"\(NameSuggestion.hint(for: slug, among: slugs))",
                              at: keyNode, path: YAMLFieldReader.join(path, slug))
                continue
            }
            if let seconds = meanTimeBetweenFailures(value, path: YAMLFieldReader.join(path, slug)) { result[slug] = seconds }
        }
        return result
    }

    /// `{duration: 120s, slowdown: 2}`: both required; a slowdown below 1 would be a speed-up.
    private func warmUp(_ node: Node, path: String) -> DropletLifecycle.WarmUp? {
        guard let fields = reader.fields(of: node, path: path, allowed: ["duration", "slowdown"]) else { return nil }
        let duration = fields.require("duration", reader: reader)
            .flatMap { reader.duration($0, path: fields.path("duration"), exclusiveMinimum: true, maximum: 86_400) }
        let slowdown = fields.require("slowdown", reader: reader)
            .flatMap { reader.number($0, path: fields.path("slowdown"), minimum: 1, maximum: 100) }
        guard let duration, let slowdown else { return nil }
        return DropletLifecycle.WarmUp(duration: duration, slowdown: slowdown)
    }

    /// A tier scaled by a DigitalOcean autoscale pool gets DigitalOcean's 60 s shutdown grace:
    /// a `shutdown_grace` written for it would be silently overruled, so it is refused.
    package func checkPoolGrace(lifecycle node: Node?, path: String, autoscaling: AutoscalingConfiguration?) {
        guard autoscaling?.policy.includesDropletAutoscalePool == true, case let .mapping(mapping)? = node,
              let grace = mapping.first(where: { $0.key.string == "shutdown_grace" }) else { return }
        reader.report("a do-autoscale-pool tier's scale-in follows DigitalOcean: shutdown, 60 s, destroy; remove shutdown_grace",
                      at: grace.key, path: YAMLFieldReader.join(path, "shutdown_grace"))
    }
}
