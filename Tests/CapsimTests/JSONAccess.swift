import Foundation
import XCTest

/// Typed access into a `JSONSerialization` tree by dotted path, failing the test with the
/// path when a field is absent or of the wrong kind.
struct JSONAccess {
    let root: Any

    init(data: Data, file: StaticString = #filePath, line: UInt = #line) throws {
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            XCTFail("not JSON: \(error)\n\(String(decoding: data.prefix(2000), as: UTF8.self))", file: file, line: line)
            throw error
        }
    }

    init(text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try self.init(data: Data(text.utf8), file: file, line: line)
    }

    /// The value at `path` (keys and list indexes separated by dots), or nil.
    func value(_ path: String) -> Any? {
        var node: Any? = root
        for key in path.split(separator: ".").map(String.init) {
            if let object = node as? [String: Any] {
                node = object[key]
            } else if let list = node as? [Any], let index = Int(key), list.indices.contains(index) {
                node = list[index]
            } else {
                return nil
            }
        }
        return node
    }

    /// JSONSerialization gives booleans as a distinct NSNumber subclass.
    static func isBool(_ value: Any) -> Bool {
        value is Bool && String(describing: type(of: value)).lowercased().contains("bool")
    }

    @discardableResult
    func number(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> Double? {
        guard let value = value(path) else {
            XCTFail("missing \(path)", file: file, line: line)
            return nil
        }
        guard let number = value as? NSNumber, !Self.isBool(value), number.doubleValue.isFinite else {
            XCTFail("\(path) is not a number: \(value)", file: file, line: line)
            return nil
        }
        return number.doubleValue
    }

    @discardableResult
    func integer(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> Int? {
        guard let number = number(path, file: file, line: line) else { return nil }
        guard number == number.rounded() else {
            XCTFail("\(path) is not a whole number: \(number)", file: file, line: line)
            return nil
        }
        return Int(number)
    }

    @discardableResult
    func bool(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> Bool? {
        guard let value = value(path) else {
            XCTFail("missing \(path)", file: file, line: line)
            return nil
        }
        guard Self.isBool(value), let flag = value as? Bool else {
            XCTFail("\(path) is not true or false: \(value)", file: file, line: line)
            return nil
        }
        return flag
    }

    @discardableResult
    func string(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard let value = value(path) else {
            XCTFail("missing \(path)", file: file, line: line)
            return nil
        }
        guard let text = value as? String else {
            XCTFail("\(path) is not a string: \(value)", file: file, line: line)
            return nil
        }
        return text
    }

    @discardableResult
    func object(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> [String: Any]? {
        guard let value = value(path) else {
            XCTFail("missing \(path)", file: file, line: line)
            return nil
        }
        guard let object = value as? [String: Any] else {
            XCTFail("\(path) is not an object: \(value)", file: file, line: line)
            return nil
        }
        return object
    }

    @discardableResult
    func array(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> [Any]? {
        guard let value = value(path) else {
            XCTFail("missing \(path)", file: file, line: line)
            return nil
        }
        guard let list = value as? [Any] else {
            XCTFail("\(path) is not a list: \(value)", file: file, line: line)
            return nil
        }
        return list
    }
}
