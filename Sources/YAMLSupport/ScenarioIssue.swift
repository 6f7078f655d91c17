import SimCore
import Yams

/// One problem found in a scenario, located precisely enough to fix without searching.
///
/// `capsim check` prints every issue of a file in one pass, so each carries its own
/// location rather than relying on the order in which they were found.
public struct ScenarioIssue: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, or `--set PATH` when the value came from the command line.
    public var source: String
    /// 1-based line and column; `nil` when the problem has no single place (a missing field
    /// is reported at its parent) or comes from `--set`.
    public var line: Int?
    public var column: Int?
    /// The field path in dotted form, e.g. `tiers.api.size`.
    public var path: String
    public var message: String

    public init(source: String, line: Int?, column: Int?, path: String, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        var location = source
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// Every issue found in a scenario; thrown once, after the whole file has been read.
///
/// A file can hold millions of problems (a generated file with the wrong keys), so the
/// message lists the first `printedLimit` and counts the rest: the author fixes the first
/// ones and runs `capsim check` again.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var issues: [ScenarioIssue]
    /// Problems found but not kept, beyond `YAMLFieldReader.keptLimit`.
    public var uncounted: Int

    /// How many problems a message lists before it counts the rest.
    public static let printedLimit = 50

    public init(issues: [ScenarioIssue], uncounted: Int = 0) {
        self.issues = issues
        self.uncounted = uncounted
    }

    public var description: String {
        let shown = issues.prefix(Self.printedLimit).map(\.description)
        let more = issues.count - shown.count + uncounted
        guard more > 0 else { return shown.joined(separator: "\n") }
        return (shown + ["… and \(more) more problem\(more == 1 ? "" : "s") (the first \(shown.count) are listed; fix them and run capsim check again)"])
            .joined(separator: "\n")
    }
}

/// Suggests the nearest valid name for a typo, the way `git` and argument-parser do.
package enum NameSuggestion {
    package static func nearest(to name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let tolerance = max(2, name.count / 3)
        return best.distance <= tolerance ? best.name : nil
    }

    /// Levenshtein distance with one rolling row.
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let above = row[j]
                row[j] = a[i - 1] == b[j - 1] ? diagonal : 1 + min(diagonal, row[j - 1], row[j])
                diagonal = above
            }
        }
        return row[b.count]
    }

    /// "; did you mean "x"?" or, when nothing is close, the list of what is allowed.
    /// `whereListed` says where a long list of valid names can be read.
    package static func hint(for name: String, among candidates: [String], listLimit: Int = 12,
                     whereListed: String = "see `capsim catalog` for the valid names") -> String {
        if let near = nearest(to: name, among: candidates) { return "; did you mean \"\(near)\"?" }
        if candidates.isEmpty { return "" }
        if candidates.count <= listLimit { return "; expected one of: \(candidates.joined(separator: ", "))" }
        return "; \(whereListed)"
    }
}
