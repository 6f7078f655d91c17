import Foundation
import Scenarios
import YAMLSupport

/// The filesystem, as the scenario reader sees it: the one place scenario, policy and
/// history files are read (only the executable touches the disk, DESIGN §2).
struct FileSystemScenarioFiles: ScenarioFileSource {
    /// The file's text; `-` reads standard input. Directories, unreadable files and files
    /// over `maximumFileBytes` are errors, never traps (`FileHandle` would trap reading a
    /// directory).
    func text(at path: String, what: String) throws(ScenarioError) -> String {
        func failure(_ why: String) -> ScenarioError { Self.unreadable(path, what: what, because: why) }
        let maximumFileBytes = Self.maximumFileBytes
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw failure("no such file") }
            guard !isDirectory.boolValue else { throw failure("it is a directory") }
            // A file handle reads pipes such as /dev/stdin too.
            guard let opened = FileHandle(forReadingAtPath: path) else { throw failure("unreadable") }
            handle = opened
        }
        var data = Data()
        do {
            // Read in pieces up to one byte past the limit: a device that never ends stops here.
            while data.count <= maximumFileBytes {
                guard let piece = try handle.read(upToCount: min(1 << 20, maximumFileBytes + 1 - data.count)), !piece.isEmpty else { break }
                data.append(piece)
            }
        } catch {
            throw failure("unreadable")
        }
        if data.count > maximumFileBytes {
            throw failure("larger than \(maximumFileBytes >> 20) MiB, the limit for \(what) files")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw failure("not UTF-8") }
        if text.contains("\0") { throw failure("it holds NUL bytes: not a text file") }
        if what == "scenario" { ReadTexts.shared.remember(text, at: path) }
        return text
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
