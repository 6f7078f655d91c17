import Autoscaling
import DigitalOceanCatalog
import SimCore
import YAMLSupport
import Yams

/// Where a scenario's text, and the text of the files it names (policy files, a predictive
/// history), comes from.
///
/// Reading a scenario is a pure function of text: only the executable reads the filesystem
/// (DESIGN §2), so the command line passes a source over the disk while tests, generated
/// scenarios and the optimizer serve text from memory with `InMemoryScenarioFiles`.
public protocol ScenarioFileSource: Sendable {
    /// The text of the file at `path`, or an error naming it; `what` (scenario, policy,
    /// history) names the file's role in messages.
    func text(at path: String, what: String) throws(ScenarioError) -> String
    /// Whether `path` names a file, for arguments that take a name or a file.
    func exists(_ path: String) -> Bool
}

extension ScenarioFileSource {
    /// The largest scenario, policy or history file read: generated files with tens of
    /// thousands of tenant groups stay far below it, and `/dev/zero` or a mistyped log file
    /// is refused at once instead of being read until memory runs out.
    public static var maximumFileBytes: Int { 32 << 20 }

    /// The error for a file that cannot be read, in the form every source uses.
    public static func unreadable(_ path: String, what: String, because why: String) -> ScenarioError {
        ScenarioError(issues: [ScenarioIssue(source: path, line: nil, column: nil, path: "",
                                             message: "cannot read the \(what) file (\(why))")])
    }
}

/// Files held in memory, by path: a scenario built in code, or a test's fixture.
public struct InMemoryScenarioFiles: ScenarioFileSource {
    public var texts: [String: String]

    public init(_ texts: [String: String] = [:]) { self.texts = texts }

    public func text(at path: String, what: String) throws(ScenarioError) -> String {
        guard let text = texts[path] else { throw Self.unreadable(path, what: what, because: "no such file") }
        return text
    }

    public func exists(_ path: String) -> Bool { texts[path] != nil }
}

/// Path arithmetic on `/`-separated strings, without asking the filesystem (Foundation's
/// `URL(fileURLWithPath:)` stats the path to decide whether it is a directory).
public enum ScenarioPath {
    /// `name` resolved against the folder of `file`: absolute names stay as they are.
    public static func resolve(_ name: String, besideFile file: String) -> String {
        if name.hasPrefix("/") { return name }
        guard let slash = file.lastIndex(of: "/") else { return name }
        return String(file[...slash]) + name
    }

    /// The last component of `path` without its extension: `scenarios/baseline.yaml` is
    /// `baseline`.
    public static func stem(_ path: String) -> String {
        let last = lastComponent(path)
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }

    /// The last component of `path`.
    public static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
