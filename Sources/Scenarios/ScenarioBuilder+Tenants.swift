import Autoscaling
import DigitalOceanCatalog
import Foundation
import SimCore
import Traces
import YAMLSupport
import Yams

/// Tenant groups: counts, rates, size spreads, hourly and weekday profiles, bursts, mixes.
extension ScenarioBuilder {
    // MARK: Tenants

    package func tenantGroups(_ node: Node, horizon: Double, start: Date, timeZone: TimeZone) -> [TenantGroup] {
        let allowed = ["count", "rate_per_tenant", "size_spread", "hourly", "weekday", "time_zone", "profile_shape", "bursts",
                       "growth_per_month", "mix", "revenue_per_tenant", "load"]
        var groups: [TenantGroup] = []
        let entries = reader.namedEntries(of: node, path: "tenant_groups")
        if entries.isEmpty, case .mapping = node {
            reader.report("needs at least one tenant group", at: node, path: "tenant_groups")
        }
        for (name, _, value) in entries {
            let path = "tenant_groups.\(name)"
            guard let fields = reader.fields(of: value, path: path, allowed: allowed) else { continue }
            let count = fields.require("count", reader: reader).flatMap { reader.integer($0, path: fields.path("count"), minimum: 1, maximum: 1_000_000) }
            // A trace replaces the hourly profile and its rate (ScenarioBuilder+TraceLoad.swift).
            var traceLoad: TraceLoad?
            if let loadNode = fields["load"] {
                for field in Self.fieldsReplacedByTrace where fields[field] != nil {
                    reader.report("cannot be given with load: {trace: …}: the trace sets the group's load", at: fields[field], path: fields.path(field))
                }
                traceLoad = self.traceLoad(loadNode, path: fields.path("load"), horizon: horizon, tenants: count)
                if traceLoad == nil { continue }
            }
            let rateNode = traceLoad == nil ? fields.require("rate_per_tenant", reader: reader) : nil
            let rate = traceLoad.map { $0.meanRate / Double(max(1, count ?? 1)) } ?? rateNode.flatMap { reader.rate($0, path: fields.path("rate_per_tenant"), maximum: 1e6) }
            if rate == 0 {
                reader.warn("a rate of zero sends no requests: the group only costs memory; remove it or give it a rate",
                            at: rateNode, path: fields.path("rate_per_tenant"))
            }
            let spread = fields["size_spread"].flatMap { sizeSpread($0, path: fields.path("size_spread")) } ?? .equal
            let hourly = fields["hourly"].flatMap { factors($0, path: fields.path("hourly"), count: 24) } ?? Array(repeating: 1, count: 24)
            let weekday = fields["weekday"].flatMap { factors($0, path: fields.path("weekday"), count: 7) } ?? Array(repeating: 1, count: 7)
            let zone = fields["time_zone"].flatMap { self.parseTimeZone($0, path: fields.path("time_zone")) } ?? timeZone
            let shape = fields["profile_shape"].flatMap {
                reader.choice($0, path: fields.path("profile_shape"), options: ProfileShape.allCases.map(\.rawValue), what: "profile shape")
            }.flatMap(ProfileShape.init(rawValue:)) ?? .linear
            let growth = fields["growth_per_month"].flatMap { reader.fraction($0, path: fields.path("growth_per_month"), minimum: -0.99, maximum: 10) } ?? 0
            let bursts = fields["bursts"].map { self.bursts($0, path: fields.path("bursts"), tenants: count ?? Int.max, start: start, timeZone: timeZone) } ?? []
            let mix = fields.require("mix", reader: reader).map { self.mix($0, path: fields.path("mix")) } ?? []
            let revenue = fields["revenue_per_tenant"].flatMap { reader.usdPerMonth($0, path: fields.path("revenue_per_tenant")) }
            guard let count, let rate else { continue }
            groups.append(TenantGroup(
                name: name, count: count, ratePerTenant: rate, sizeSpread: spread,
                hourlyFactors: Self.normalized(hourly), weekdayFactors: Self.normalized(weekday), timeZone: zone,
                bursts: traceLoad == nil ? bursts : [], growthPerMonth: growth, mix: mix, revenuePerTenantMonthlyUSD: revenue, profileShape: shape))
            groups[groups.count - 1].traceLoad = traceLoad
        }
        // The model keeps state per tenant (size, caches, token buckets): a million in all is
        // the documented bound, whatever the number of groups.
        let tenants = groups.reduce(0) { $0 + $1.count }
        if tenants > Self.maximumTenants {
            reader.report("the groups hold \(tenants) tenants in all; at most \(Self.maximumTenants) are modelled", at: node, path: "tenant_groups")
        }
        return groups
    }

    /// The most tenants a scenario may hold, over all its groups.
    package static let maximumTenants = 1_000_000

    /// Profiles are shapes: scaling them to mean 1 keeps `rate_per_tenant` the weekly mean.
    package static func normalized(_ factors: [Double]) -> [Double] {
        let mean = factors.reduce(0, +) / Double(factors.count)
        return mean > 0 ? factors.map { $0 / mean } : factors
    }

    package func factors(_ node: Node, path: String, count: Int) -> [Double]? {
        guard let items = reader.sequence(node, path: path) else { return nil }
        guard items.count == count else {
            reader.report("needs exactly \(count) factors (\(count == 24 ? "one per hour, 0–23" : "one per weekday, Monday first")), found \(items.count)",
                          at: node, path: path)
            return nil
        }
        var values: [Double] = []
        for (index, item) in items.enumerated() {
            guard let value = reader.number(item, path: "\(path).\(index)", minimum: 0, maximum: 1e6) else { return nil }
            values.append(value)
        }
        guard values.contains(where: { $0 > 0 }) else {
            reader.report("at least one factor must be above zero", at: node, path: path)
            return nil
        }
        return values
    }

    package func sizeSpread(_ node: Node, path: String) -> TenantSizeSpread? {
        if case let .scalar(scalar) = node {
            if scalar.string == "equal" { return .equal }
            reader.report("expected \"equal\" or {distribution: lognormal, cv: …} or {distribution: zipf, exponent: …}",
                          at: node, path: path)
            return nil
        }
        guard let fields = reader.fields(of: node, path: path, allowed: ["distribution", "cv", "exponent"]),
              let kindNode = fields.require("distribution", reader: reader),
              let kind = reader.choice(kindNode, path: fields.path("distribution"), options: ["equal", "lognormal", "zipf"],
                                       what: "size spread") else { return nil }
        switch kind {
        case "lognormal":
            return fields.require("cv", reader: reader).flatMap { reader.number($0, path: fields.path("cv"), minimum: 0, maximum: 100) }
                .map { .lognormal(coefficientOfVariation: $0) }
        case "zipf":
            return fields.require("exponent", reader: reader).flatMap { reader.number($0, path: fields.path("exponent"), minimum: 0, maximum: 10) }
                .map { .zipf(exponent: $0) }
        default:
            return .equal
        }
    }

    package func bursts(_ node: Node, path: String, tenants: Int, start: Date, timeZone: TimeZone) -> [Burst] {
        guard let items = reader.sequence(node, path: path) else { return [] }
        var result: [Burst] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path).\(index)"
            guard let fields = reader.fields(of: item, path: itemPath,
                                             allowed: ["start", "duration", "factor", "tenant", "ramp_up", "ramp_down"]) else { continue }
            let offset = fields.require("start", reader: reader).flatMap { burstStart($0, path: fields.path("start"), start: start, timeZone: timeZone) }
            let duration = fields.require("duration", reader: reader).flatMap { reader.duration($0, path: fields.path("duration"), exclusiveMinimum: true) }
            let factor = fields.require("factor", reader: reader).flatMap { reader.number($0, path: fields.path("factor"), minimum: 0, maximum: 10_000) }
            let tenant = fields["tenant"].flatMap { reader.integer($0, path: fields.path("tenant"), minimum: 0, maximum: tenants - 1) }
            if fields["tenant"] != nil && tenant == nil { continue }
            if tenant != nil, let factor, factor < 1 {
                reader.report("a single tenant's burst adds load, so its factor must be at least 1, found \(Units.trim(factor))",
                              at: fields["factor"], path: fields.path("factor"))
                continue
            }
            let rampUp = fields["ramp_up"].map { reader.duration($0, path: fields.path("ramp_up")) } ?? 0
            let rampDown = fields["ramp_down"].map { reader.duration($0, path: fields.path("ramp_down")) } ?? 0
            guard let offset, let duration, let factor, let rampUp, let rampDown else { continue }
            if rampUp + rampDown > duration {
                let field = fields["ramp_down"] != nil ? "ramp_down" : "ramp_up"
                reader.report("the ramps (\(Units.describe(seconds: rampUp)) up, \(Units.describe(seconds: rampDown)) down) are longer than the burst's "
                              + "\(Units.describe(seconds: duration)): they lie inside its duration", at: fields[field], path: fields.path(field))
                continue
            }
            result.append(Burst(start: offset, duration: duration, factor: factor, tenant: tenant, rampUp: rampUp, rampDown: rampDown))
        }
        return result
    }

    /// A burst starts at an offset (`2d14h`) or at a local date and time.
    package func burstStart(_ node: Node, path: String, start: Date, timeZone: TimeZone) -> Double? {
        guard let text = reader.string(node, path: path) else { return nil }
        if let offset = Units.seconds(from: text) { return offset }
        if let date = parseLocalDate(text, timeZone: timeZone) {
            let offset = date.timeIntervalSince(start)
            if offset >= 0 { return offset }
            reader.report("is before the scenario start", at: node, path: path)
            return nil
        }
        reader.report("expected an offset from the start (2d14h) or a local date and time (2026-12-01T14:00:00), found \"\(text)\"",
                      at: node, path: path)
        return nil
    }

    package func mix(_ node: Node, path: String) -> [MixEntry] {
        var entries: [MixEntry] = []
        for (name, _, value) in reader.namedEntries(of: node, path: path) {
            guard let weight = reader.number(value, path: "\(path).\(name)", minimum: 0) else { continue }
            entries.append(MixEntry(target: name, weight: weight))
        }
        if !entries.isEmpty && !entries.contains(where: { $0.weight > 0 }) {
            reader.report("at least one weight must be above zero", at: node, path: path)
        }
        return entries
    }
}
