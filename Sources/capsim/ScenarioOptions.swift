import ArgumentParser
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

/// Options shared by every command that reads a scenario.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "The scenario file (YAML), or - for standard input.", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario field, e.g. --set tiers.api.droplets=6.", valueName: "path=value"))
    var overrides: [String] = []

    @OptionGroup var catalog: CatalogOptions

    /// Loads the catalog and the scenario with the overrides applied; `flags` are the
    /// overrides that a command's own flags stand for (`--seed 5` is `--set seed=5`).
    func load(flags: [FlagOverride] = []) throws -> (Scenario, Catalog) {
        let catalog = try catalog.load(near: scenario)
        let path = scenario
        let loaded: Scenario = try Self.naming(flags) {
            try ScenarioLoader(catalog: catalog, files: FileSystemScenarioFiles()).load(path: path, overrides: try allOverrides(flags))
        }
        return (loaded, catalog)
    }

    /// Runs `body`, and in its scenario errors names the flag a value came from (`--horizon
    /// 9999d`) instead of the `--set` it stands for.
    static func naming<T>(_ flags: [FlagOverride], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as ScenarioError {
            for index in error.issues.indices {
                for flag in flags where error.issues[index].source == "--set \(flag.assignment.prefix { $0 != "=" })" {
                    error.issues[index].source = flag.flag
                }
            }
            throw error
        }
    }

    /// The flags' overrides followed by the `--set` ones, after checking that no two of
    /// them set the same field (or a field and a mapping holding it) to different values:
    /// `--seed 5 --set seed=9` is refused rather than silently taking one.
    func allOverrides(_ flags: [FlagOverride]) throws -> [String] {
        var seen: [(source: String, path: [Substring], value: String)] = []
        let all = flags.map { ($0.flag, $0.assignment) } + overrides.map { ("--set \($0)", $0) }
        for (source, assignment) in all {
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            let path = assignment[..<equals].trimmingCharacters(in: .whitespaces).split(separator: ".")
            let value = String(assignment[assignment.index(after: equals)...])
            for earlier in seen {
                let shorter = min(earlier.path.count, path.count)
                guard earlier.path.prefix(shorter).elementsEqual(path.prefix(shorter)) else { continue }
                if earlier.path == path && earlier.value == value { continue }
                throw CapsimFailure(
                    description: "\(earlier.source) and \(source) both set \(path.count <= earlier.path.count ? path.joined(separator: ".") : earlier.path.joined(separator: ".")); give one of them",
                    exitCode: .badInput)
            }
            seen.append((source, path, value))
        }
        return all.map(\.1)
    }

    /// The files a run reads, which no output may replace: the scenario, the catalog,
    /// the variants' policy files and the histories the scenarios refer to.
    func inputFiles(scenarios: [Scenario], variantSources: [String] = []) throws -> [String] {
        var files = [try catalog.locate(near: scenario)]
        if scenario != "-" { files.append(scenario) }
        files += variantSources.filter { $0 != "-" }
        for scenario in scenarios { files += scenario.referencedFiles }
        return files
    }

    /// Prints the scenario's warnings (legal values that are surely unintended).
    static func warn(about scenarios: [Scenario]) {
        var printed: Set<String> = []
        for warning in scenarios.flatMap(\.warnings) where printed.insert(warning.description).inserted {
            Console.error("warning: \(warning.description)\n")
        }
    }
}

/// A command flag that stands for an override (`--seed 5` is `--set seed=5`).
struct FlagOverride {
    var flag: String
    var assignment: String
}

/// Options of the commands that simulate (`run`, `compare`): what to simulate and how.
struct SimulationOptions: ParsableArguments {
    // `.unconditional` lets a negative number through to the checks below, which say
    // what is allowed, instead of argument-parser's "Missing value".
    @Option(parsing: .unconditional, help: "Random seed, 0 to 9223372036854775807 (overrides the scenario's seed).")
    var seed: String?

    @Option(parsing: .unconditional, help: "Number of independent replications, 1 to 10000 (overrides the scenario's).")
    var replications: String?

    @Option(parsing: .unconditional, help: "Simulated time, e.g. 1d or 7d, at most 366d (overrides the scenario's horizon).")
    var horizon: String?

    @Option(parsing: .unconditional, help: "Replications to run at once, 1 to 4096 (default: all cores). Results do not depend on it.")
    var jobs: String?

    @Flag(help: "Show progress on standard error even when it is not a terminal.")
    var progress = false

    @OptionGroup var limits: WorkLimitOptions

    func validate() throws {
        if let seed, UInt64(seed).map({ $0 > UInt64(Int64.max) }) ?? true {
            throw ValidationError("--seed must be a whole number from 0 to 9223372036854775807, found \"\(seed)\"")
        }
        if let replications, Int(replications).map({ !(1...10_000).contains($0) }) ?? true {
            throw ValidationError("--replications must be a whole number from 1 to 10000, found \"\(replications)\"")
        }
        if let horizon, Units.seconds(from: horizon).map({ $0 <= 0 }) ?? true {
            throw ValidationError("--horizon must be a positive duration such as 6h, 1d or 7d, found \"\(horizon)\"")
        }
        _ = try jobCount()
    }

    func jobCount() throws -> Int {
        guard let jobs else { return ProcessInfo.processInfo.activeProcessorCount }
        guard let count = Int(jobs), (1...4096).contains(count) else {
            throw ValidationError("--jobs must be a whole number from 1 to 4096, found \"\(jobs)\"")
        }
        return count
    }

    /// The flags as the `--set` overrides they stand for (`--seed` is `--set seed=…`).
    var overrides: [FlagOverride] {
        var result: [FlagOverride] = []
        if let seed { result.append(FlagOverride(flag: "--seed \(seed)", assignment: "seed=\(seed)")) }
        if let replications { result.append(FlagOverride(flag: "--replications \(replications)", assignment: "replications=\(replications)")) }
        if let horizon { result.append(FlagOverride(flag: "--horizon \(horizon)", assignment: "horizon=\(horizon)")) }
        return result
    }

    var runner: ReplicationRunner { ReplicationRunner(jobs: (try? jobCount()) ?? 1) }

    /// Whether progress is shown: on a terminal, or always with `--progress`.
    var showsProgress: Bool { progress || isatty(STDERR_FILENO) == 1 }

    /// Progress goes to standard error when it is a terminal, or always with `--progress`.
    var progressReporter: (@Sendable (Int, Int) -> Void)? {
        showsProgress ? Self.showProgress : nil
    }

    @Sendable static func showProgress(finished: Int, total: Int) {
        let text = "\rcapsim: \(finished)/\(total) replication\(total == 1 ? "" : "s") done"
        Console.error(finished == total ? text + "\n" : text)
    }

    /// Estimates the work of `models`, refuses it beyond the limits unless `--force`, and
    /// warns when it will take over a minute with no progress shown.
    func admit(_ models: [PlatformModel], replications: Int) throws {
        let estimate = WorkEstimate(models: models, replications: replications, jobs: (try? jobCount()) ?? 1)
        let excesses = try limits.limits().excesses(of: estimate)
        if !excesses.isEmpty && !limits.force {
            throw CapsimFailure(
                description: "this run would need \(excesses.joined(separator: " and ")); "
                    + "estimated \(WorkEstimate.describe(seconds: estimate.seconds)) of wall time. "
                    + "Shorten --horizon, lower the load or --replications, or raise the limit (or pass --force) if you mean it",
                exitCode: .badInput)
        }
        if estimate.seconds > 60 && !showsProgress {
            Console.error("capsim: this run will take about \(WorkEstimate.describe(seconds: estimate.seconds)); --progress shows how far it is\n")
        }
    }
}

/// How much work `run` and `compare` accept before they refuse (README, "Work limits").
struct WorkLimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Refuse runs estimated above this many simulated requests (default 2e9).", valueName: "count"))
    var maxRequests: String?

    @Option(help: ArgumentHelp("Refuse runs estimated above this much memory, e.g. 8GiB (default: 75% of this machine's).", valueName: "size"))
    var maxMemory: String?

    @Flag(help: "Run even when the estimate exceeds the limits.")
    var force = false

    func limits() throws -> WorkLimits {
        var limits = WorkLimits.forThisMachine
        if let maxRequests {
            guard let value = Double(maxRequests.replacingOccurrences(of: "_", with: "")), value.isFinite, value > 0 else {
                throw ValidationError("--max-requests must be a positive number such as 5e9, found \"\(maxRequests)\"")
            }
            limits.requests = value
        }
        if let maxMemory {
            guard let bytes = Units.bytes(from: maxMemory), bytes > 0 else {
                throw ValidationError("--max-memory must be a size such as 512MiB or 8GiB, found \"\(maxMemory)\"")
            }
            limits.bytes = bytes
        }
        return limits
    }
}

/// Where the DigitalOcean catalog comes from.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("catalog"),
            help: "The DigitalOcean catalog (default: datasets/digitalocean-catalog.yaml of this checkout).")
    var path: String?

    func locate(near scenario: String?) throws -> String {
        guard let found = path ?? Catalog.locate(near: scenario == "-" ? nil : scenario) else {
            throw CapsimFailure(
                description: "cannot find datasets/\(Catalog.fileName); pass --catalog PATH or set CAPSIM_CATALOG",
                exitCode: .badInput)
        }
        return found
    }

    func load(near scenario: String?) throws -> Catalog {
        try Catalog.load(from: locate(near: scenario))
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown, csv
}

/// The format of a command's report and where it goes.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, json, markdown or csv.")
    var format: OutputFormat = .table

    @Option(help: "Write the report to this file (replaced atomically; - for standard output).")
    var out: String?

    /// Renders `report` in the chosen format.
    func render(_ report: some FormattableReport) throws -> String {
        switch format {
        case .table: report.table()
        case .json: try report.json().serialized() + "\n"
        case .markdown: report.markdown()
        case .csv: report.csv()
        }
    }
}

/// A report that every `--format` can render.
protocol FormattableReport {
    func table() -> String
    /// Throws only if a summary's encoding does (see `JSONValueEncoder`).
    func json() throws -> JSONValue
    func markdown() -> String
    func csv() -> String
}

extension RunReport: FormattableReport {}
extension ComparisonReport: FormattableReport {}
extension CatalogListing: FormattableReport {}

extension WorkLimits {
    /// The default limits on this machine: 2e9 requests, 75% of its memory.
    static var forThisMachine: WorkLimits {
        WorkLimits(bytes: Double(ProcessInfo.processInfo.physicalMemory) * WorkLimits.defaultMemoryShare)
    }
}
