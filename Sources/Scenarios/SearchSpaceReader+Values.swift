import Autoscaling
import DigitalOceanCatalog
import Foundation
import YAMLSupport
import Yams

/// The value forms a search accepts in every dimension: one value, a list, or a range
/// `lower..upper[/step]`, with their problems located.
extension SearchSpaceReader {
    static let emptyList = "the list is empty: give at least one value, or leave the field out to keep the scenario's"

    /// Text values: a list of them or one, each with its node and path.
    func strings(_ node: Node, path: String) -> [(String, Node, String)] {
        if case let .sequence(items) = node {
            if items.isEmpty { reader.report(Self.emptyList, at: node, path: path) }
            return items.enumerated().compactMap { index, item in
                let itemPath = "\(path).\(index)"
                return reader.string(item, path: itemPath).map { ($0, item, itemPath) }
            }
        }
        return reader.string(node, path: path).map { [($0, node, path)] } ?? []
    }

    /// Whole numbers: one, a range `a..b` (with an optional `step s`), or a list of numbers
    /// and ranges; every value within `minimum...maximum`.
    func integers(_ node: Node, path: String, minimum: Int, maximum: Int) -> [Int] {
        switch node {
        case let .sequence(items):
            if items.isEmpty { reader.report(Self.emptyList, at: node, path: path) }
            return items.enumerated().flatMap { index, item in
                integerItem(item, path: "\(path).\(index)", minimum: minimum, maximum: maximum)
            }
        case .scalar:
            return integerItem(node, path: path, minimum: minimum, maximum: maximum)
        default:
            reader.report("expected a whole number, a range such as 2..8 or a list, found \(reader.describe(node))", at: node, path: path)
            return []
        }
    }

    func integerItem(_ node: Node, path: String, minimum: Int, maximum: Int) -> [Int] {
        guard case .scalar = node, let text = node.string, Self.rangeParts(text) != nil else {
            return reader.integer(node, path: path, minimum: minimum, maximum: maximum).map { [$0] } ?? []
        }
        guard let range = integerRange(node, path: path) else { return [] }
        if range.lower < minimum || range.upper > maximum {
            reader.report("must be from \(minimum) to \(maximum), found \(text)", at: node, path: path)
            return []
        }
        return Array(stride(from: range.lower, through: range.upper, by: range.step))
    }

    /// `a..b` or `a..b step s` in whole numbers, non-empty, with a positive step.
    func integerRange(_ node: Node, path: String) -> (lower: Int, upper: Int, step: Int)? {
        let text = node.string ?? ""
        guard let parts = Self.rangeParts(text) else { return nil }
        func whole(_ part: String) -> Int? { Int(part.replacingOccurrences(of: "_", with: "")) }
        guard let lower = whole(parts.lower), let upper = whole(parts.upper) else {
            reader.report("expected a range of whole numbers such as 2..8 or 20..60 step 10, found \"\(text)\"", at: node, path: path)
            return nil
        }
        var step = 1
        if let stepText = parts.step {
            guard let parsed = whole(stepText) else {
                reader.report("expected a whole-number step such as 20..60 step 10, found \"\(text)\"", at: node, path: path)
                return nil
            }
            guard parsed > 0 else {
                reader.report("the step must be at least 1, found \(parsed)", at: node, path: path)
                return nil
            }
            step = parsed
        }
        guard lower <= upper else {
            reader.report("the range \(lower)..\(upper) is empty: its start must not exceed its end", at: node, path: path)
            return nil
        }
        return (lower, upper, step)
    }

    /// The pieces of `a..b` or `a..b step s`, as written; nil when the text is no range.
    /// Both ends start like numbers, so that a path such as `../history.csv` is no range.
    static func rangeParts(_ text: String) -> (lower: String, upper: String, step: String?)? {
        guard let dots = text.range(of: "..") else { return nil }
        let lower = text[..<dots.lowerBound].trimmingCharacters(in: .whitespaces)
        var upper = text[dots.upperBound...].trimmingCharacters(in: .whitespaces)
        var step: String?
        if let keyword = upper.range(of: "step") {
            step = upper[keyword.upperBound...].trimmingCharacters(in: .whitespaces)
            upper = upper[..<keyword.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        func numeric(_ part: String) -> Bool {
            let digits = part.drop { $0 == "-" || $0 == "+" }
            return digits.first.map { $0.isNumber } ?? false
        }
        guard numeric(lower) && numeric(upper) else { return nil }
        return (lower, upper, step)
    }

    /// How many values `stride(from: lower, through: upper, by: step)` holds; `Int.max` when
    /// more than an `Int` counts.
    static func count(_ lower: Int, _ upper: Int, _ step: Int) -> Int {
        let (span, overflow) = upper.subtractingReportingOverflow(lower)
        guard !overflow else { return Int.max }
        let (count, overflowAgain) = (span / step).addingReportingOverflow(1)
        return overflowAgain ? Int.max : count
    }

    /// A filter on a number: one value, a list of values, or a range `a..b` (inclusive;
    /// fractional ends allowed unless `integral`).
    func numberFilter(_ node: Node, path: String, integral: Bool) -> ((Double) -> Bool)? {
        func number(_ item: Node, _ itemPath: String) -> ((Double) -> Bool)? {
            if case .scalar = item, let text = item.string, let parts = Self.rangeParts(text) {
                guard parts.step == nil else {
                    reader.report("a filter's range takes no step, found \"\(text)\"", at: item, path: itemPath)
                    return nil
                }
                let parse: (String) -> Double? = integral ? { Int($0).map(Double.init) } : { Double($0).flatMap { $0.isFinite ? $0 : nil } }
                guard let lower = parse(parts.lower), let upper = parse(parts.upper) else {
                    reader.report("expected a range of \(integral ? "whole numbers" : "numbers") such as \(integral ? "1..8" : "2..16"), found \"\(text)\"",
                                  at: item, path: itemPath)
                    return nil
                }
                guard lower <= upper else {
                    reader.report("the range \(parts.lower)..\(parts.upper) is empty: its start must not exceed its end", at: item, path: itemPath)
                    return nil
                }
                return { lower <= $0 && $0 <= upper }
            }
            if integral {
                return reader.integer(item, path: itemPath, minimum: 0).map { value in { $0 == Double(value) } }
            }
            return reader.number(item, path: itemPath, minimum: 0).map { value in { $0 == value } }
        }
        if case let .sequence(items) = node {
            if items.isEmpty {
                reader.report(Self.emptyList, at: node, path: path)
                return nil
            }
            let tests = items.enumerated().map { number($1, "\(path).\($0)") }
            guard tests.allSatisfy({ $0 != nil }) else { return nil }
            let all = tests.compactMap { $0 }
            return { value in all.contains { $0(value) } }
        }
        return number(node, path)
    }
}
