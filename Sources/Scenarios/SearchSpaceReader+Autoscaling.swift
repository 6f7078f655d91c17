import Autoscaling
import DigitalOceanCatalog
import Foundation
import YAMLSupport
import Yams

/// A search's autoscaling entries: ranges and lists inside one policy block expand into
/// every concrete block, each read by the scenario's own autoscaling reader.
extension SearchSpaceReader {
    /// One autoscaling entry or a list of them, each expanded into concrete blocks.
    func readAutoscaling(_ node: Node, path: String, tier: ServiceTier) -> [AutoscalingConfiguration] {
        if case let .sequence(items) = node {
            if items.isEmpty { reader.report(Self.emptyList, at: node, path: path) }
            return items.enumerated().flatMap { expand($1, path: "\(path).\($0)", tier: tier) }
        }
        return expand(node, path: path, tier: tier)
    }

    /// The cartesian product of an entry's list- and range-valued scalars, each combination
    /// read as a scenario's autoscaling block (located at the values it took).
    func expand(_ entry: Node, path: String, tier: ServiceTier) -> [AutoscalingConfiguration] {
        guard case let .mapping(mapping) = entry else {
            reader.report("expected an autoscaling block such as {policy: target-tracking, min: 2, max: 10, metric: cpu, target: 70%}, "
                          + "or a list of them, found \(reader.describe(entry))", at: entry, path: path)
            return []
        }
        var axes: [(key: Node, values: [Node], varied: Bool)] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            let fieldPath = YAMLFieldReader.join(path, name)
            if Self.structuredAutoscalingFields.contains(name) {
                axes.append((key, [value], false))
                continue
            }
            switch value {
            case let .sequence(items):
                if items.isEmpty {
                    reader.report(Self.emptyList, at: value, path: fieldPath)
                    return []
                }
                var values: [Node] = []
                for (index, item) in items.enumerated() {
                    guard let expanded = expandRange(item, path: "\(fieldPath).\(index)") else { return [] }
                    values += expanded
                }
                axes.append((key, values, true))
            case .scalar:
                guard let expanded = expandRange(value, path: fieldPath) else { return [] }
                axes.append((key, expanded, expanded.count > 1 || Self.rangeParts(value.string ?? "") != nil))
            default:
                axes.append((key, [value], false))
            }
        }
        let count = SearchSpace.saturatingProduct(axes.map(\.values.count))
        guard count <= Self.expansionLimit else {
            reader.report("expands to \(count == Int.max ? "too many" : "\(count)") autoscaling blocks, more than \(Self.expansionLimit); narrow its lists and ranges",
                          at: entry, path: path)
            return []
        }
        var result: [AutoscalingConfiguration] = []
        var indices = Array(repeating: 0, count: axes.count)
        for _ in 0..<count {
            var pairs = zip(axes, indices).map { axis, index in (axis.key, axis.values[index]) }
            // A combination whose min exceeds its max (or whose window is shorter than its
            // interval) is a candidate to exclude, not a typo: it is read with a consistent
            // pair and given its own values afterwards, so the enumeration reports it.
            var maximum: Int?
            var window: Double?
            func value(_ name: String) -> (index: Int, node: Node, varied: Bool)? {
                guard let index = pairs.firstIndex(where: { $0.0.string == name }) else { return nil }
                return (index, pairs[index].1, axes[index].varied)
            }
            if let low = value("min"), let high = value("max"), low.varied || high.varied,
               let lower = low.node.string.flatMap({ Int($0) }), let upper = high.node.string.flatMap({ Int($0) }), lower > upper {
                pairs[high.index].1 = Self.scalar(String(lower), like: high.node)
                maximum = upper
            }
            if let interval = value("interval"), let span = value("window"), interval.varied || span.varied,
               let intervalSeconds = interval.node.string.flatMap(Units.seconds(from:)),
               let windowSeconds = span.node.string.flatMap(Units.seconds(from:)), windowSeconds < intervalSeconds {
                pairs[span.index].1 = Self.scalar(interval.node.string ?? "", like: span.node)
                window = windowSeconds
            }
            let block = Node.mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
            // A reader per block: the problems of all blocks are gathered once each.
            let blockReader = YAMLFieldReader(source: source)
            let builder = ScenarioBuilder(reader: blockReader, catalog: catalog, source: source, files: files)
            if var configuration = builder.parseAutoscaling(block, path: path, droplets: tier.droplets, lifecycle: tier.lifecycle,
                                                            start: scenario.start, timeZone: scenario.timeZone),
               blockReader.issues.isEmpty {
                if let maximum { configuration.maximum = maximum }
                if let window { configuration.window = window }
                // As `Scenario.configuration` gives it: the calendar is the scenario's.
                configuration.policy = configuration.policy.withCalendar(
                    start: ScheduledScalingConfiguration.unappliedStart, timeZone: TimeZone(identifier: "UTC")!)
                result.append(configuration)
            }
            for issue in blockReader.issues where seenExpansionIssues.insert(issue.description).inserted {
                expansionIssues.append(issue)
            }
            var axis = axes.count - 1
            while axis >= 0 {
                indices[axis] += 1
                if indices[axis] < axes[axis].values.count { break }
                indices[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// A scalar's values: a range `a..b [step s]` as one scalar per value, located where the
    /// range is; anything else as it is. Nil (with a problem reported) for a bad range.
    func expandRange(_ node: Node, path: String) -> [Node]? {
        guard case .scalar = node, let text = node.string, Self.rangeParts(text) != nil else { return [node] }
        guard let range = integerRange(node, path: path) else { return nil }
        let (lower, upper, step) = range
        let count = Self.count(lower, upper, step)
        guard count <= Self.expansionLimit else {
            reader.report("the range \(text) holds \(count == Int.max ? "too many" : "\(count)") values, more than \(Self.expansionLimit)",
                          at: node, path: path)
            return nil
        }
        return stride(from: lower, through: upper, by: step).map { Self.scalar(String($0), like: node) }
    }

    static func scalar(_ text: String, like node: Node) -> Node {
        let original = node.scalar
        return .scalar(Node.Scalar(text, .implicit, original?.style ?? .plain, node.mark))
    }
}
