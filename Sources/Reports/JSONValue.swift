import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Results
import Scenarios
import SimCore

/// A JSON document with keys in the order they were written.
///
/// Reports are read by people as much as by programs, so fields appear in a meaningful
/// order (counts before latencies before costs) rather than sorted; and the text is built
/// here, not by `JSONEncoder`, so that the bytes depend only on the values.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// Already serialized JSON text, written as is: long series are rendered straight to
    /// text so that a week of minutes does not build a tree of a hundred thousand values.
    case raw(String)

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// A number, or null when it is not finite (JSON has no infinity).
    public static func finite(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// A number rounded to `places` decimals: keeps long series compact without losing meaning.
    public static func rounded(_ value: Double?, places: Int) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        let scale = pow(10.0, Double(places))
        return .number((value * scale).rounded() / scale)
    }

    public func serialized(pretty: Bool = true) -> String {
        var output = ""
        write(into: &output, indent: 0, pretty: pretty)
        return output
    }

    private func write(into output: inout String, indent: Int, pretty: Bool) {
        switch self {
        case .null: output += "null"
        case let .bool(value): output += value ? "true" : "false"
        case let .integer(value): output += String(value)
        case let .number(value):
            if !value.isFinite {
                output += "null"
            } else if value == value.rounded(), abs(value) < 1e15 {
                output += String(Int(value))
            } else {
                output += "\(value)"
            }
        case let .string(value): Self.writeString(value, into: &output)
        case let .raw(text): output += text
        case let .array(items):
            // Arrays of scalars stay on one line: series rows read as rows.
            let flat = !pretty || items.allSatisfy {
                switch $0 {
                case .array, .object, .raw: return false
                default: return true
                }
            }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += flat ? (pretty ? ", " : ",") : "," }
                if !flat { output += "\n" + String(repeating: "  ", count: indent + 1) }
                item.write(into: &output, indent: indent + 1, pretty: pretty)
            }
            if !flat && !items.isEmpty { output += "\n" + String(repeating: "  ", count: indent) }
            output += "]"
        case let .object(fields):
            output += "{"
            for (index, (key, value)) in fields.enumerated() {
                if index > 0 { output += "," }
                if pretty { output += "\n" + String(repeating: "  ", count: indent + 1) }
                Self.writeString(key, into: &output)
                output += pretty ? ": " : ":"
                value.write(into: &output, indent: indent + 1, pretty: pretty)
            }
            if pretty && !fields.isEmpty { output += "\n" + String(repeating: "  ", count: indent) }
            output += "}"
        }
    }

    private static func writeString(_ value: String, into output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let c where c.value < 0x20: output += String(format: "\\u%04x", c.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
