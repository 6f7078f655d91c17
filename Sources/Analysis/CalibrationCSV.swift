/// Why a calibration input could not be read: the line (counted from 1) and the column
/// name, so that the command line can print `file:line: column: message` and exit 2.
public struct CalibrationInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line of the record (its first line when a quoted field spans several); nil for
    /// the file as a whole.
    public var line: Int?
    /// The column (header name) at fault, or "" when the record or file is.
    public var field: String
    public var message: String

    public init(line: Int?, field: String, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        let location = line.map { "\($0): " } ?? " "
        return field.isEmpty ? "\(location)\(message)" : "\(location)\(field): \(message)"
    }
}

/// A CSV table in the RFC 4180 dialect that `psql \copy … csv header` and spreadsheets
/// write: comma-separated, fields in double quotes when they hold commas, quotes (doubled)
/// or line breaks. `pg_stat_statements`' `query` column routinely holds all three.
///
/// Lines starting with `#` before the header are comments (provenance notes in a shipped
/// example); blank lines are skipped. What it deliberately does not do: guess separators or
/// encodings.
public struct CalibrationTable: Sendable {
    /// The header's column names, trimmed and lower-cased.
    public var columns: [String]
    /// The records, each with its starting line (from 1) and one field per column.
    public var records: [(line: Int, fields: [String])]

    /// Parses `text`.
    /// - Throws: ``CalibrationInputError`` for an empty file, an unterminated quote, a
    ///   repeated column name, or a record whose field count differs from the header's.
    /// - Complexity: O(characters).
    public init(text: String) throws(CalibrationInputError) {
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedStartLine = 1
        var atFieldStart = true
        var iterator = Array(text.unicodeScalars)[...]
        // A byte-order mark, as spreadsheets put before UTF-8 CSV, is not part of the header.
        if iterator.first == "\u{FEFF}" { iterator.removeFirst() }
        func endRecord() {
            fields.append(field)
            let isBlank = fields.count == 1 && fields[0].trimmingSpaces.isEmpty
            if !isBlank { rows.append((recordLine, fields)) }
            fields = []
            field = ""
            atFieldStart = true
        }
        while let scalar = iterator.popFirst() {
            if inQuotes {
                if scalar == "\"" {
                    if iterator.first == "\"" {
                        iterator.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart || field.trimmingSpaces.isEmpty:
                inQuotes = true
                quotedStartLine = line
                field = ""
                atFieldStart = false
            case ",":
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                if iterator.first != "\n" { fallthrough }
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
        }
        if inQuotes {
            throw CalibrationInputError(line: quotedStartLine, field: "", message: "a quoted field is never closed (missing \")")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        // Comments before the header.
        while let first = rows.first, first.fields[0].trimmingSpaces.hasPrefix("#") { rows.removeFirst() }
        guard let header = rows.first else {
            throw CalibrationInputError(line: nil, field: "", message: "the file is empty; it needs a header line naming the columns")
        }
        columns = header.fields.map { $0.trimmingSpaces.lowercased() }
        for (index, name) in columns.enumerated() where columns[..<index].contains(name) {
            throw CalibrationInputError(line: header.line, field: name, message: "column \"\(name)\" appears twice in the header")
        }
        records = Array(rows.dropFirst())
        for record in records where record.fields.count != columns.count {
            throw CalibrationInputError(
                line: record.line, field: "",
                message: "\(record.fields.count) field(s) where the header names \(columns.count)")
        }
    }

    /// The index of the first of `names` present in the header.
    public func column(_ names: String...) -> Int? {
        for name in names { if let index = columns.firstIndex(of: name) { return index } }
        return nil
    }

    /// Reads a number from a field: finite, and ≥ 0 unless `allowNegative`.
    /// - Throws: ``CalibrationInputError`` naming the line and column.
    public func number(_ record: (line: Int, fields: [String]), _ index: Int, allowNegative: Bool = false)
        throws(CalibrationInputError) -> Double
    {
        let text = record.fields[index].trimmingSpaces
        guard let value = Double(text), value.isFinite else {
            throw CalibrationInputError(line: record.line, field: columns[index], message: "\"\(text)\" is not a number")
        }
        if !allowNegative && value < 0 {
            throw CalibrationInputError(line: record.line, field: columns[index], message: "\(text) is negative; it must be ≥ 0")
        }
        return value
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs (Foundation-free).
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(scalars[start...end])
    }
}
