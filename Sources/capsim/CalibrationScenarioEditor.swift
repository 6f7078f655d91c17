import Foundation
import Yams

/// Sets fields of `operations.<name>` in a scenario's YAML text, keeping everything else as
/// the user wrote it: comments, blank lines, anchors, key order, flow mappings elsewhere.
///
/// Why text editing and not a Yams round trip: `Yams.serialize` drops every comment and
/// re-flows the layout, and a scenario's comments are its documentation (the baseline's say
/// where each number comes from). So the editor uses Yams only to *locate*: it composes the
/// text, finds the field's key (its line and column; keys, unlike values, are never aliases
/// that would carry their anchor's location), and replaces the value's lines: the rest of
/// the key's line and the following lines indented deeper than the key. A comment at the end
/// of a one-line value is kept. A missing field is added as a new line after the operation's
/// last field, at its fields' indentation. The text is composed again after every edit, so
/// each edit sees the lines as they are.
///
/// What it refuses (a ``CapsimFailure``, exit 2): an operation written as a flow mapping
/// (`listProjects: {complexity: 5, …}`), where a line edit could not keep the layout; the
/// user rewrites it in block style once.
struct CalibrationScenarioEditor {
    /// The text as edited so far.
    private(set) var text: String
    /// Scenario path, for messages.
    let source: String

    init(text: String, source: String) {
        self.text = text
        self.source = source
    }

    /// Sets `operations.<operation>.<field>` to `value` (YAML text, one line).
    mutating func set(operation: String, field: String, value: String) throws {
        let (operationKey, fields) = try locateOperation(operation)
        var lines = text.components(separatedBy: "\n")
        if let key = fields.first(where: { $0.name == field }) {
            let index = key.line - 1
            let line = lines[index]
            let keyStart = line.index(line.startIndex, offsetBy: key.column - 1, limitedBy: line.endIndex) ?? line.endIndex
            guard let colon = line[keyStart...].firstIndex(of: ":") else {
                throw failure(key.line, "operations.\(operation).\(field): cannot find the ':' after the key")
            }
            let rest = line[line.index(after: colon)...]
            let continuation = continuationCount(after: index, keyIndent: key.column - 1, in: lines)
            let (valueText, comment) = Self.splitComment(String(rest))
            let keep = continuation == 0 || valueText.trimmingCharacters(in: .whitespaces).isEmpty ? comment : nil
            lines[index] = String(line[...colon]) + " " + value + (keep.map { "  " + $0 } ?? "")
            lines.removeSubrange((index + 1)..<(index + 1 + continuation))
        } else {
            guard let last = fields.max(by: { $0.line < $1.line }) else {
                throw failure(operationKey.line, "operations.\(operation) has no fields to place \(field) beside")
            }
            let indent = String(repeating: " ", count: fields[0].column - 1)
            let end = last.line - 1 + continuationCount(after: last.line - 1, keyIndent: last.column - 1, in: lines)
            lines.insert(indent + field + ": " + value, at: end + 1)
        }
        text = lines.joined(separator: "\n")
    }

    /// Whether `operations.<operation>` has `field`.
    func has(operation: String, field: String) throws -> Bool {
        try locateOperation(operation).1.contains { $0.name == field }
    }

    /// Adds comment lines at the very top, so that whoever opens the file sees first that it
    /// was fitted, and from what.
    mutating func prependComment(_ lines: [String]) {
        text = lines.map { "# " + $0 }.joined(separator: "\n") + "\n" + text
    }

    struct KeyLocation {
        var name: String
        var line: Int
        var column: Int
    }

    /// The operation's key and the keys of its fields.
    private func locateOperation(_ operation: String) throws -> (KeyLocation, [KeyLocation]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw CapsimFailure(description: "\(source): the scenario is not valid YAML: \(error)", exitCode: .badInput)
        }
        guard let operations = root?.mapping?.first(where: { $0.key.string == "operations" }) else {
            throw CapsimFailure(description: "\(source): the scenario has no operations mapping to calibrate", exitCode: .badInput)
        }
        guard let mapping = operations.value.mapping else {
            throw failure(operations.key.mark?.line ?? 1, "operations must be a mapping")
        }
        guard let entry = mapping.first(where: { $0.key.string == operation }) else {
            let known = mapping.compactMap { $0.key.string }.joined(separator: ", ")
            throw CapsimFailure(
                description: "\(source): operations has no \(operation) (known: \(known))", exitCode: .badInput)
        }
        let key = KeyLocation(name: operation, line: entry.key.mark?.line ?? 1, column: entry.key.mark?.column ?? 1)
        guard let fields = entry.value.mapping else {
            throw failure(key.line, "operations.\(operation) must be a mapping")
        }
        // Yams reports the style of a composed mapping as `.any`, so the text decides: a flow
        // mapping starts with `{` (or `!tag {`) where the value begins.
        if let mark = entry.value.mark, Self.character(at: mark, in: text) == "{" {
            throw failure(
                key.line,
                "operations.\(operation) is written as a flow mapping ({…}); write it as a block mapping, one field per line, for calibrate to edit it")
        }
        let located = fields.compactMap { pair -> KeyLocation? in
            guard let name = pair.key.string, let mark = pair.key.mark else { return nil }
            return KeyLocation(name: name, line: mark.line, column: mark.column)
        }
        return (key, located)
    }

    /// How many lines after `index` belong to the value of the key on it: lines indented
    /// deeper than the key, and blank or comment lines between such lines.
    private func continuationCount(after index: Int, keyIndent: Int, in lines: [String]) -> Int {
        var count = 0
        var pending = 0
        var next = index + 1
        while next < lines.count {
            let line = lines[next]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                pending += 1
            } else if line.prefix(while: { $0 == " " }).count > keyIndent {
                count += pending + 1
                pending = 0
            } else {
                break
            }
            next += 1
        }
        return count
    }

    /// Splits `value  # comment` at the first `#` that follows a space and sits outside
    /// quotes; the comment keeps its `#`.
    static func splitComment(_ text: String) -> (value: String, comment: String?) {
        var quote: Character? = nil
        var previous: Character = " "
        for index in text.indices {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "#" && (previous == " " || previous == "\t") {
                return (String(text[..<index]), String(text[index...]))
            }
            previous = character
        }
        return (text, nil)
    }

    /// The character at a Yams mark (line and column from 1), nil past the end.
    static func character(at mark: Mark, in text: String) -> Character? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let line = lines[mark.line - 1]
        guard let index = line.index(line.startIndex, offsetBy: mark.column - 1, limitedBy: line.endIndex), index < line.endIndex else { return nil }
        return line[index]
    }

    private func failure(_ line: Int, _ message: String) -> CapsimFailure {
        CapsimFailure(description: "\(source):\(line): \(message)", exitCode: .badInput)
    }
}
