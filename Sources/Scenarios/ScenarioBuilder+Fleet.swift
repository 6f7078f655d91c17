import Autoscaling
import DigitalOceanCatalog
import Foundation
import SimCore
import Traces
import YAMLSupport
import Yams

/// A tier's memory and autoscaling: `tiers.<role>.memory` and `.autoscaling` (the lifecycle
/// is in `ScenarioBuilder+Lifecycle.swift`).
extension ScenarioBuilder {
    /// Resident memory per Node process and per request held: the memory metric's model.
    /// Defaults are assumptions (a Nest.js process idles at a few hundred MiB), not vendor
    /// figures; set them from your own `process.memoryUsage()`.
    package func parseMemory(_ node: Node?, path: String) -> (process: Double, request: Double) {
        var result = (process: 0.25, request: 2.0 / 1024)
        guard let node, let fields = reader.fields(of: node, path: path, allowed: ["per_process", "per_request"]) else { return result }
        if let value = fields["per_process"], let gib = gibibytes(value, path: fields.path("per_process")) { result.process = gib }
        if let value = fields["per_request"], let gib = gibibytes(value, path: fields.path("per_request")) { result.request = gib }
        return result
    }

    /// `256MiB`, `1.5GiB` or `512KiB`.
    package func gibibytes(_ node: Node, path: String) -> Double? {
        guard case let .scalar(scalar) = node else {
            reader.report("expected a size such as 256MiB or 1GiB, found \(reader.describe(node))", at: node, path: path)
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard let gib = Units.bytes(from: text).map({ $0 / 1_073_741_824 }) else {
            reader.report("expected a size such as 256MiB or 1GiB, found \"\(text)\"", at: node, path: path)
            return nil
        }
        // The largest droplet has 256 GiB; a terabyte per process or request is a typo.
        guard gib <= 1024 else {
            reader.report("must be at most 1024GiB, found \"\(text)\"", at: node, path: path)
            return nil
        }
        return gib
    }

    // MARK: Autoscaling

    package static let policyNames = ["static", "target-tracking", "step", "scheduled", "predictive", "do-autoscale-pool", "combined"]
    package static let controllerFields = ["policy", "min", "max", "interval", "window", "behavior"]
    package static let policyFields: [String: [String]] = [
        "static": [],
        "target-tracking": ["metrics", "metric", "target", "tolerance"],
        "step": ["metric", "alarms", "cooldown"],
        "scheduled": ["actions"],
        "predictive": ["target", "warmup", "history", "history_scale", "refresh", "lead_time", "max_history", "daily_harmonics", "weekly_harmonics"],
        "do-autoscale-pool": ["metric", "target", "target_cpu", "target_memory", "cooldown", "tolerance"],
        "combined": ["policies"],
    ]

    package func parseAutoscaling(_ node: Node, path: String, droplets: Int?, lifecycle: DropletLifecycle, start: Date,
                          timeZone: TimeZone) -> AutoscalingConfiguration? {
        let allowed = Self.controllerFields + Set(Self.policyFields.values.flatMap { $0 }).sorted()
        guard let fields = reader.fields(of: node, path: path, allowed: allowed) else { return nil }
        guard let kind = policyKind(fields) else { return nil }
        let isStatic = kind == "static"
        let minimum = fields["min"].flatMap { reader.integer($0, path: fields.path("min"), minimum: 0, maximum: 1000) }
            ?? (isStatic ? droplets : nil)
        let maximum = fields["max"].flatMap { reader.integer($0, path: fields.path("max"), minimum: 0, maximum: 1000) }
            ?? (isStatic ? droplets : nil)
        if !isStatic && kind != "scheduled" {
            if fields["min"] == nil { reader.report("missing required field \"min\"", at: node, path: fields.path("min")) }
            if fields["max"] == nil { reader.report("missing required field \"max\"", at: node, path: fields.path("max")) }
        }
        if let minimum, let maximum, minimum > maximum {
            reader.report("min (\(minimum)) must not exceed max (\(maximum))", at: fields["max"], path: fields.path("max"))
        }
        if isPoolKind(kind), let minimum, !(1...500).contains(minimum) {
            reader.report("a Droplet autoscale pool's min must be from 1 to 500 (the DigitalOcean API's bounds), found \(minimum)",
                          at: fields["min"], path: fields.path("min"))
        }
        // A DigitalOcean pool's evaluation interval and metric window are not documented:
        // assumed 1 min and 5 min (README "DigitalOcean pools: what is assumed").
        let isPool = kind == "do-autoscale-pool"
        let interval = fields["interval"].flatMap { reader.duration($0, path: fields.path("interval"), exclusiveMinimum: true, maximum: 86_400) }
            ?? (isPool ? DropletAutoscalePoolPolicy.assumedInterval : 15)
        let window = fields["window"].flatMap { reader.duration($0, path: fields.path("window"), exclusiveMinimum: true, maximum: 86_400) }
            ?? (isPool ? DropletAutoscalePoolPolicy.assumedWindow : 60)
        if window < interval {
            reader.report("the window (\(Units.describe(seconds: window))) must be at least the interval (\(Units.describe(seconds: interval)))",
                          at: fields["window"], path: fields.path("window"))
        }
        let policy = parsePolicy(fields, kind: kind, droplets: droplets, lifecycle: lifecycle, start: start, timeZone: timeZone)
        let defaultBehavior = policy.map(Self.usesKubernetesBehavior) == true ? ScalingBehavior.kubernetesDefault : .unlimited
        let behavior = fields["behavior"].map { parseBehavior($0, path: fields.path("behavior"), defaults: defaultBehavior) } ?? defaultBehavior
        guard let policy else { return nil }
        // Scheduled policies may leave min and max to their actions.
        let scheduledBounds = kind == "scheduled"
        return AutoscalingConfiguration(
            policy: policy, minimum: minimum ?? (scheduledBounds ? 0 : 1),
            maximum: maximum ?? (scheduledBounds ? max(droplets ?? 1, policy.largestScheduledMaximum) : 1),
            interval: interval, window: window, behavior: behavior)
    }

    /// Whether the policy kind is a DigitalOcean pool, whose bounds the API limits.
    private func isPoolKind(_ kind: String) -> Bool { kind == "do-autoscale-pool" }

    package static func usesKubernetesBehavior(_ policy: PolicyConfiguration) -> Bool {
        switch policy {
        case .targetTracking: true
        case let .combined(members): members.contains(where: usesKubernetesBehavior)
        default: false
        }
    }

    package func policyKind(_ fields: MappingFields) -> String? {
        guard let node = fields.require("policy", reader: reader),
              let kind = reader.choice(node, path: fields.path("policy"), options: Self.policyNames, what: "policy") else { return nil }
        let own = Set(Self.policyFields[kind] ?? [])
        let shared = Set(Self.controllerFields)
        for key in fields.order where !own.contains(key) && !shared.contains(key) {
            reader.report("the \(kind) policy does not take \"\(key)\"\(own.isEmpty ? "" : " (it takes \(own.sorted().joined(separator: ", ")))")",
                          at: fields[key], path: fields.path(key))
        }
        return kind
    }

    package func parsePolicy(_ fields: MappingFields, kind: String, droplets: Int?, lifecycle: DropletLifecycle, start: Date,
                     timeZone: TimeZone) -> PolicyConfiguration? {
        switch kind {
        case "static":
            return .fixed(droplets)
        case "target-tracking":
            return parseTargetTracking(fields).map(PolicyConfiguration.targetTracking)
        case "step":
            return parseStep(fields).map(PolicyConfiguration.step)
        case "scheduled":
            return parseScheduled(fields, start: start, timeZone: timeZone).map(PolicyConfiguration.scheduled)
        case "predictive":
            return parsePredictive(fields, lifecycle: lifecycle).map(PolicyConfiguration.predictive)
        case "do-autoscale-pool":
            return parseDropletPool(fields).map(PolicyConfiguration.dropletAutoscalePool)
        case "combined":
            guard let listNode = fields.require("policies", reader: reader),
                  let items = reader.sequence(listNode, path: fields.path("policies")) else { return nil }
            if items.count < 2 {
                reader.report("a combined policy needs at least two policies", at: listNode, path: fields.path("policies"))
            }
            var members: [PolicyConfiguration] = []
            for (index, item) in items.enumerated() {
                let itemPath = "\(fields.path("policies")).\(index)"
                guard let member = reader.fields(of: item, path: itemPath, allowed: []),
                      let memberKind = policyKind(member) else { continue }
                if memberKind == "combined" {
                    reader.report("combined policies do not nest", at: item, path: itemPath)
                    continue
                }
                for key in ["min", "max", "interval", "window", "behavior"] where member[key] != nil {
                    reader.report("set \(key) on the combined policy, not on one of its members", at: member[key], path: member.path(key))
                }
                if let policy = parsePolicy(member, kind: memberKind, droplets: droplets, lifecycle: lifecycle, start: start, timeZone: timeZone) {
                    members.append(policy)
                }
            }
            return members.count == items.count ? .combined(members) : nil
        default:
            return nil
        }
    }

    /// A metric's value in its own unit: utilizations as fractions, latencies as
    /// durations, request rates as rates, in-flight as plain numbers. `signed` allows
    /// negative offsets (step bounds below a threshold).
    package func metricValue(_ node: Node, path: String, metric: ScalingMetric, signed: Bool = false) -> Double? {
        var target = node
        var sign = 1.0
        if signed, case let .scalar(scalar) = node, scalar.string.hasPrefix("-") {
            target = Node(String(scalar.string.dropFirst()), Tag(.str), .plain)
            sign = -1
        }
        let magnitude: Double?
        switch metric {
        case .cpu, .memory:
            // A target of 0% would ask for infinitely many droplets.
            magnitude = reader.fraction(target, path: path, maximum: 1, exclusiveMinimum: !signed)
        case .p95Latency, .poolWait:
            magnitude = reader.duration(target, path: path, exclusiveMinimum: !signed, maximum: 3600)
        case .requestsPerDroplet:
            magnitude = reader.rate(target, path: path, allowZero: signed, maximum: 1e6)
        case .inFlight:
            magnitude = reader.number(target, path: path, minimum: 0, maximum: 1e6, exclusiveMinimum: !signed)
        }
        return magnitude.map { sign * $0 }
    }

    package func scalingMetric(_ node: Node, path: String) -> ScalingMetric? {
        reader.choice(node, path: path, options: ScalingMetric.allCases.map(\.rawValue), what: "metric")
            .flatMap(ScalingMetric.init(rawValue:))
    }

    package func parseTargetTracking(_ fields: MappingFields) -> TargetTrackingConfiguration? {
        var targets: [MetricTarget] = []
        if let listNode = fields["metrics"] {
            if fields["metric"] != nil || fields["target"] != nil {
                reader.report("give either metrics: [...] or one metric and target, not both", at: fields["metric"] ?? fields["target"], path: fields.path("metric"))
            }
            guard let items = reader.sequence(listNode, path: fields.path("metrics")) else { return nil }
            for (index, item) in items.enumerated() {
                let itemPath = "\(fields.path("metrics")).\(index)"
                guard let entry = reader.fields(of: item, path: itemPath, allowed: ["metric", "target"]),
                      let metricNode = entry.require("metric", reader: reader),
                      let metric = scalingMetric(metricNode, path: entry.path("metric")),
                      let targetNode = entry.require("target", reader: reader),
                      let target = metricValue(targetNode, path: entry.path("target"), metric: metric) else { continue }
                targets.append(MetricTarget(metric: metric, target: target))
            }
            if items.isEmpty { reader.report("needs at least one metric", at: listNode, path: fields.path("metrics")) }
            guard targets.count == items.count, !items.isEmpty else { return nil }
        } else {
            let metric = fields["metric"].flatMap { scalingMetric($0, path: fields.path("metric")) } ?? .cpu
            guard let targetNode = fields.require("target", reader: reader),
                  let target = metricValue(targetNode, path: fields.path("target"), metric: metric) else { return nil }
            targets = [MetricTarget(metric: metric, target: target)]
        }
        let tolerance = fields["tolerance"].flatMap { reader.fraction($0, path: fields.path("tolerance"), maximum: 0.99) } ?? 0.1
        return TargetTrackingConfiguration(targets: targets, tolerance: tolerance)
    }

    package func parseBehavior(_ node: Node, path: String, defaults: ScalingBehavior) -> ScalingBehavior {
        guard let fields = reader.fields(of: node, path: path, allowed: ["scale_up", "scale_down"]) else { return defaults }
        var behavior = defaults
        if let up = fields["scale_up"] { behavior.scaleUp = parseRules(up, path: fields.path("scale_up"), defaults: defaults.scaleUp) }
        if let down = fields["scale_down"] { behavior.scaleDown = parseRules(down, path: fields.path("scale_down"), defaults: defaults.scaleDown) }
        return behavior
    }

    package func parseRules(_ node: Node, path: String, defaults: ScalingRules) -> ScalingRules {
        guard let fields = reader.fields(of: node, path: path, allowed: ["stabilization", "select", "policies"]) else { return defaults }
        var rules = defaults
        if let value = fields["stabilization"], let seconds = reader.duration(value, path: fields.path("stabilization")) {
            rules.stabilizationWindow = seconds
        }
        if let value = fields["select"],
           let name = reader.choice(value, path: fields.path("select"), options: ["max", "min", "disabled"], what: "select policy") {
            rules.select = name == "max" ? .max : name == "min" ? .min : .disabled
        }
        if let listNode = fields["policies"], let items = reader.sequence(listNode, path: fields.path("policies")) {
            rules.policies = []
            for (index, item) in items.enumerated() {
                let itemPath = "\(fields.path("policies")).\(index)"
                guard let entry = reader.fields(of: item, path: itemPath, allowed: ["type", "value", "period"]),
                      let typeNode = entry.require("type", reader: reader),
                      let type = reader.choice(typeNode, path: entry.path("type"), options: ["pods", "percent"], what: "rate policy type"),
                      let valueNode = entry.require("value", reader: reader),
                      let value = reader.integer(valueNode, path: entry.path("value"), minimum: 1, maximum: type == "pods" ? 1000 : 10_000),
                      let periodNode = entry.require("period", reader: reader),
                      let period = reader.duration(periodNode, path: entry.path("period"), exclusiveMinimum: true) else { continue }
                rules.policies.append(RatePolicy(kind: type == "pods" ? .pods : .percent, value: value, period: period))
            }
        }
        return rules
    }

    package static let adjustmentTypes: [String: StepAlarm.AdjustmentType] = [
        "change": .changeInCapacity, "ChangeInCapacity": .changeInCapacity,
        "exact": .exactCapacity, "ExactCapacity": .exactCapacity,
        "percent": .percentChangeInCapacity, "PercentChangeInCapacity": .percentChangeInCapacity,
    ]

    package func parseStep(_ fields: MappingFields) -> StepScalingConfiguration? {
        guard let metricNode = fields.require("metric", reader: reader), let metric = scalingMetric(metricNode, path: fields.path("metric")),
              let alarmsNode = fields.require("alarms", reader: reader),
              let items = reader.sequence(alarmsNode, path: fields.path("alarms")) else { return nil }
        let cooldown = fields["cooldown"].flatMap { reader.duration($0, path: fields.path("cooldown")) } ?? 300
        var alarms: [StepAlarm] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(fields.path("alarms")).\(index)"
            guard let entry = reader.fields(of: item, path: itemPath,
                                            allowed: ["threshold", "comparison", "adjustment_type", "min_adjustment_magnitude", "steps"]),
                  let thresholdNode = entry.require("threshold", reader: reader),
                  let threshold = metricValue(thresholdNode, path: entry.path("threshold"), metric: metric),
                  let comparisonNode = entry.require("comparison", reader: reader),
                  let comparisonName = reader.choice(comparisonNode, path: entry.path("comparison"), options: ["above", "below"], what: "comparison"),
                  let stepsNode = entry.require("steps", reader: reader),
                  let stepItems = reader.sequence(stepsNode, path: entry.path("steps")) else { continue }
            var adjustment = StepAlarm.AdjustmentType.changeInCapacity
            if let typeNode = entry["adjustment_type"],
               let name = reader.choice(typeNode, path: entry.path("adjustment_type"), options: Self.adjustmentTypes.keys.sorted(), what: "adjustment type") {
                adjustment = Self.adjustmentTypes[name]!
            }
            let magnitude = entry["min_adjustment_magnitude"].flatMap { reader.integer($0, path: entry.path("min_adjustment_magnitude"), minimum: 1, maximum: 1000) }
            var steps: [StepAdjustment] = []
            for (stepIndex, stepNode) in stepItems.enumerated() {
                let stepPath = "\(entry.path("steps")).\(stepIndex)"
                guard let step = reader.fields(of: stepNode, path: stepPath, allowed: ["lower", "upper", "adjustment"]) else { continue }
                let lower = step["lower"].flatMap { metricValue($0, path: step.path("lower"), metric: metric, signed: true) }
                let upper = step["upper"].flatMap { metricValue($0, path: step.path("upper"), metric: metric, signed: true) }
                guard let adjustmentNode = step.require("adjustment", reader: reader),
                      let value = reader.number(adjustmentNode, path: step.path("adjustment"), minimum: adjustment == .percentChangeInCapacity ? -100 : -1000,
                                                maximum: adjustment == .percentChangeInCapacity ? 10_000 : 1000) else { continue }
                if adjustment != .percentChangeInCapacity && value != value.rounded() {
                    reader.report("\(adjustment.rawValue) adjusts by whole droplets, found \(Units.trim(value))",
                                  at: adjustmentNode, path: step.path("adjustment"))
                    continue
                }
                steps.append(StepAdjustment(lowerBound: lower, upperBound: upper, adjustment: value))
            }
            let alarm = StepAlarm(threshold: threshold, comparison: comparisonName == "above" ? .above : .below,
                                  adjustmentType: adjustment, minAdjustmentMagnitude: magnitude, steps: steps)
            alarms.append(alarm)
        }
        let configuration = StepScalingConfiguration(metric: metric, alarms: alarms, cooldown: cooldown)
        for problem in StepScalingPolicy.validate(configuration) {
            reader.report(problem, at: alarmsNode, path: fields.path("alarms"))
        }
        return alarms.count == items.count ? configuration : nil
    }

    package func parseScheduled(_ fields: MappingFields, start: Date, timeZone: TimeZone) -> ScheduledScalingConfiguration? {
        guard let listNode = fields.require("actions", reader: reader),
              let items = reader.sequence(listNode, path: fields.path("actions")) else { return nil }
        var actions: [ScheduledAction] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(fields.path("actions")).\(index)"
            guard let entry = reader.fields(of: item, path: itemPath, allowed: ["cron", "min", "max", "desired"]),
                  let cronNode = entry.require("cron", reader: reader),
                  let expression = reader.string(cronNode, path: entry.path("cron")) else { continue }
            let schedule: CronSchedule
            do {
                schedule = try CronSchedule(parsing: expression)
            } catch {
                reader.report("\(error)", at: cronNode, path: entry.path("cron"))
                continue
            }
            guard schedule.canFire else {
                reader.report("\"\(expression)\" never fires: no month has that day", at: cronNode, path: entry.path("cron"))
                continue
            }
            let minimum = entry["min"].flatMap { reader.integer($0, path: entry.path("min"), minimum: 0, maximum: 1000) }
            let maximum = entry["max"].flatMap { reader.integer($0, path: entry.path("max"), minimum: 0, maximum: 1000) }
            let desired = entry["desired"].flatMap { reader.integer($0, path: entry.path("desired"), minimum: 0, maximum: 1000) }
            if minimum == nil && maximum == nil && desired == nil {
                reader.report("an action sets at least one of min, max and desired", at: item, path: itemPath)
                continue
            }
            if let minimum, let maximum, minimum > maximum {
                reader.report("min (\(minimum)) must not exceed max (\(maximum))", at: entry["max"], path: entry.path("max"))
            }
            if let desired, let maximum, desired > maximum {
                reader.report("desired (\(desired)) must not exceed this action's max (\(maximum))", at: entry["desired"], path: entry.path("desired"))
            }
            if let desired, let minimum, desired < minimum {
                reader.report("desired (\(desired)) must not be below this action's min (\(minimum))", at: entry["desired"], path: entry.path("desired"))
            }
            actions.append(ScheduledAction(schedule: schedule, minimum: minimum, maximum: maximum, desired: desired))
        }
        if items.isEmpty { reader.report("needs at least one action", at: listNode, path: fields.path("actions")) }
        guard actions.count == items.count, !items.isEmpty else { return nil }
        return ScheduledScalingConfiguration(actions: actions, start: start, timeZone: timeZone)
    }

    package func parsePredictive(_ fields: MappingFields, lifecycle: DropletLifecycle) -> PredictiveScalingConfiguration? {
        var configuration = PredictiveScalingConfiguration()
        // Capacity must be serving when the load arrives: boot, app start, health checks.
        configuration.leadTime = lifecycle.bootTime.mean + lifecycle.appStart
            + Double(lifecycle.healthyThreshold) * lifecycle.healthCheckInterval
        if let value = fields["target"], let target = reader.fraction(value, path: fields.path("target")) {
            if target <= 0 { reader.report("must be greater than 0", at: value, path: fields.path("target")) } else { configuration.targetUtilization = target }
        }
        if let value = fields["warmup"], let seconds = reader.duration(value, path: fields.path("warmup"), minimum: 3600) {
            configuration.warmup = seconds
        }
        if let value = fields["refresh"], let seconds = reader.duration(value, path: fields.path("refresh"), exclusiveMinimum: true) {
            configuration.refresh = seconds
        }
        if let value = fields["lead_time"], let seconds = reader.duration(value, path: fields.path("lead_time")) {
            configuration.leadTime = seconds
        }
        if let value = fields["max_history"], let seconds = reader.duration(value, path: fields.path("max_history"), minimum: 86_400) {
            configuration.maximumHistory = seconds
        }
        if let value = fields["daily_harmonics"], let count = reader.integer(value, path: fields.path("daily_harmonics"), minimum: 0, maximum: 11) {
            configuration.dailyHarmonics = count
        }
        if let value = fields["weekly_harmonics"], let count = reader.integer(value, path: fields.path("weekly_harmonics"), minimum: 0, maximum: 40) {
            configuration.weeklyHarmonics = count
        }
        if let value = fields["history"], let history = loadHistory(value, path: fields.path("history")) {
            // A history imported from the real service's logs is scaled as the scenario's
            // trace-driven load is (`load: {trace:, scale:}`), so the two stay in step.
            let scale = fields["history_scale"].flatMap { reader.number($0, path: fields.path("history_scale"), minimum: 0, maximum: 1e6, exclusiveMinimum: true) } ?? 1
            configuration.history = history.map { $0 * scale }
        } else if let value = fields["history_scale"] {
            reader.report("history_scale scales a history: give history too", at: value, path: fields.path("history_scale"))
        }
        return configuration
    }

    /// A history trace, relative to the scenario file, oldest first: a CSV file of hourly
    /// requests per second (one value per line, or `timestamp,value` lines), or a load
    /// profile written by `capsim trace import` (``historyFromProfile(_:file:node:path:)``).
    package func loadHistory(_ node: Node, path: String) -> [Double]? {
        guard let name = reader.string(node, path: path) else { return nil }
        let file = ScenarioPath.resolve(name, besideFile: source)
        reader.referencedFiles.append(file)
        let text: String
        do {
            text = try files.text(at: file, what: "history")
        } catch {
            reader.report("cannot read the history file \(file)\(error.issues.first.map { ": " + $0.message } ?? "")", at: node, path: path)
            return nil
        }
        if text.hasPrefix(LoadProfileFile.signature) {
            return historyFromProfile(text, file: file, node: node, path: path)
        }
        var values: [Double] = []
        var sawHeader = false
        // Every line has the shape of the first value line: one column, or timestamp,value.
        var columns: Int?
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let last = fields.last ?? ""
            // One header line before the first value.
            if values.isEmpty && !sawHeader && Double(last) == nil {
                sawHeader = true
                continue
            }
            let where_ = "\(ScenarioPath.lastComponent(file)):\(number + 1)"
            guard fields.count <= 2 else {
                reader.report("\(where_): expected one value per line or timestamp,value; found \(fields.count) columns", at: node, path: path)
                return nil
            }
            if let columns, columns != fields.count {
                reader.report("\(where_): expected \(columns == 1 ? "one column" : "two columns (timestamp,value)") like the lines before; found \(fields.count)",
                              at: node, path: path)
                return nil
            }
            columns = fields.count
            guard let value = Double(last), value >= 0, value.isFinite, value <= YAMLFieldReader.largestRate else {
                reader.report("\(where_): expected requests per second (0 to 1e9), found \"\(trimmed)\"", at: node, path: path)
                return nil
            }
            values.append(value)
        }
        if values.isEmpty { reader.report("the history file \(ScenarioPath.lastComponent(file)) holds no values", at: node, path: path) }
        return values.isEmpty ? nil : values
    }

    /// A pool takes `target_cpu` and/or `target_memory` (DigitalOcean's two targets), or the
    /// older single `metric` and `target`.
    package func parseDropletPool(_ fields: MappingFields) -> DropletAutoscalePoolConfiguration? {
        var cpuTarget = fields["target_cpu"].flatMap { metricValue($0, path: fields.path("target_cpu"), metric: .cpu) }
        var memoryTarget = fields["target_memory"].flatMap { metricValue($0, path: fields.path("target_memory"), metric: .memory) }
        if let targetNode = fields["target"] {
            if fields["target_cpu"] != nil || fields["target_memory"] != nil {
                reader.report("give target_cpu and/or target_memory, or one metric and target, not both", at: targetNode, path: fields.path("target"))
                return nil
            }
            let metric = fields["metric"].flatMap { scalingMetric($0, path: fields.path("metric")) } ?? .cpu
            guard let target = metricValue(targetNode, path: fields.path("target"), metric: metric) else { return nil }
            guard metric.isUtilization else {
                reader.report("a Droplet autoscale pool scales on cpu or memory, found \"\(metric.rawValue)\"", at: fields["metric"], path: fields.path("metric"))
                return nil
            }
            if metric == .memory { memoryTarget = target } else { cpuTarget = target }
        } else if fields["metric"] != nil {
            reader.report("metric needs a target; or give target_cpu and/or target_memory", at: fields["metric"], path: fields.path("metric"))
            return nil
        } else if fields["target_cpu"] == nil && fields["target_memory"] == nil {
            reader.report("missing required field \"target_cpu\" (or target_memory, or both)", at: fields.node, path: fields.path("target_cpu"))
            return nil
        }
        guard cpuTarget != nil || memoryTarget != nil else { return nil }
        let cooldown = fields["cooldown"].flatMap { reader.duration($0, path: fields.path("cooldown")) } ?? 600
        let tolerance = fields["tolerance"].flatMap { reader.fraction($0, path: fields.path("tolerance"), maximum: 0.99) } ?? 0
        let configuration = DropletAutoscalePoolConfiguration(cpuTarget: cpuTarget, memoryTarget: memoryTarget, cooldown: cooldown, tolerance: tolerance)
        let problems = DropletAutoscalePoolPolicy.validate(configuration)
        for problem in problems { reader.report(problem, at: fields.node, path: fields.path) }
        return problems.isEmpty ? configuration : nil
    }
}
