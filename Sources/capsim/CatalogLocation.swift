import DigitalOceanCatalog
import Estimate
import Evaluation
import Foundation
import Model
import Reports
import Results
import Scenarios
import SimCore
import YAMLSupport

/// Where the shipped catalog is, found by the command line: only the executable reads the
/// environment and searches the filesystem (DESIGN §2).
extension Catalog {
    /// Finds the shipped catalog: `$CAPSIM_CATALOG`, then `datasets/` beside or above the
    /// scenario, the working directory and the executable, so that a built binary works
    /// from anywhere inside a checkout.
    static func locate(near scenarioPath: String?, executablePath: String? = CommandLine.arguments.first)
        -> String?
    {
        let fileManager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["CAPSIM_CATALOG"], !explicit.isEmpty {
            return explicit
        }
        var starts: [URL] = []
        if let scenarioPath { starts.append(URL(fileURLWithPath: scenarioPath).deletingLastPathComponent()) }
        starts.append(URL(fileURLWithPath: fileManager.currentDirectoryPath))
        if let executablePath {
            starts.append(URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for start in starts {
            var directory = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = directory.appendingPathComponent("datasets").appendingPathComponent(fileName).path
                if fileManager.fileExists(atPath: candidate) { return candidate }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }

    /// The catalog file at `path`, read and decoded.
    public static func load(from path: String) throws -> Catalog {
        let text: String
        do {
            text = try FileSystemScenarioFiles().text(at: path, what: "catalog")
        } catch {
            throw CatalogError(path: path, message: error.issues.first?.message ?? "cannot read the catalog")
        }
        return try parse(text, path: path)
    }
}
