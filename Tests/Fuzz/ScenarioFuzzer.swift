// libFuzzer harness for capsim's scenario reader and validator. Built and run by scripts/fuzz;
// deliberately not a SwiftPM target (SwiftPM cannot link a libFuzzer executable here).
//
// One input is one plain text file, so that the seed corpus is the repository's scenario files
// and every reproducer in Tests/Fuzz/regressions is a scenario a person can read and run:
//
//   * By default the input is a scenario file. The harness does what `capsim check` does after
//     reading the command line (Sources/capsim/CheckCommand.swift): `loadWithVariants`, then
//     `PlatformModel(scenario:)` and the request estimate from `meanArrivalRate(over:)`, and the
//     one-line summary. It also builds the model of every variant and each tier's autoscaling
//     policy, as `capsim run` and `compare` do before the first event. No simulation runs.
//   * Lines starting `#set ` are YAML comments to the scenario and `--set` overrides to the
//     harness: `#set tiers.api.droplets=6` is `capsim check FILE --set tiers.api.droplets=6`.
//   * Lines starting `#policy ` name variants for `loadVariants(path:policies:)` (the path of
//     `capsim compare --policy NAME`); a line `#policy-file` makes the rest of the input a policy
//     file, passed as a further `--policy` file.
//   * An input whose first line starts with `#catalog` is a catalog file: `Catalog.parse` decodes
//     it and, when it decodes, the scenario in $CAPSIM_FUZZ_SCENARIO (scripts/fuzz passes
//     scenarios/baseline.yaml) is checked against it.
//
// The shipped catalog is read once at start from $CAPSIM_CATALOG (scripts/fuzz sets it).
import Autoscaling
import Foundation
import YAMLSupport
import DigitalOceanCatalog
import Scenarios
import Results
import Model
import Estimate
import Evaluation

private struct Harness {
    let catalog: Catalog
    let baselineScenario: String
    let scenarioPath: String
    let policyPath: String
    /// CAPSIM_FUZZ_VERBOSE=1 prints what `capsim check` would (problems or the summary line),
    /// for reading a reproducer: `CAPSIM_FUZZ_VERBOSE=1 capsim-fuzz FILE`.
    let verbose = ProcessInfo.processInfo.environment["CAPSIM_FUZZ_VERBOSE"] == "1"

    static let shared: Harness = {
        guard let catalogPath = ProcessInfo.processInfo.environment["CAPSIM_CATALOG"], !catalogPath.isEmpty else {
            fatalHarness("no catalog: set CAPSIM_CATALOG to datasets/digitalocean-catalog.yaml")
        }
        let catalog: Catalog
        do {
            catalog = try Catalog.parse(String(contentsOfFile: catalogPath, encoding: .utf8), path: catalogPath)
        } catch {
            fatalHarness("the shipped catalog does not load: \(error)")
        }
        let scenarioFile = ProcessInfo.processInfo.environment["CAPSIM_FUZZ_SCENARIO"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: catalogPath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/baseline.yaml").path
        let baseline = (try? String(contentsOfFile: scenarioFile, encoding: .utf8)) ?? ""
        // One pair of files per process: `-fork`/`-jobs` run several harness processes at once.
        let directory = NSTemporaryDirectory()
        let pid = ProcessInfo.processInfo.processIdentifier
        return Harness(catalog: catalog, baselineScenario: baseline,
                       scenarioPath: directory + "/capsim-fuzz-\(pid).yaml",
                       policyPath: directory + "/capsim-fuzz-\(pid)-policy.yaml")
    }()

    static func fatalHarness(_ message: String) -> Never {
        // A harness set-up problem, not a finding: exit without a trap so libFuzzer does not
        // record it as a crash.
        FileHandle.standardError.write(Data("capsim fuzz harness: \(message)\n".utf8))
        exit(2)
    }

    func run(_ data: Data) {
        if data.starts(with: Array("#catalog".utf8)) {
            checkCatalog(data)
            return
        }
        // Directives are found in the bytes as written; the scenario file keeps every byte,
        // including invalid UTF-8, which the loader must reject without trapping.
        var overrides: [String] = []
        var policies: [String] = []
        var scenarioBytes = data
        var policyBytes: Data?
        var lineStart = data.startIndex
        while lineStart < data.endIndex {
            let lineEnd = data[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            let line = data[lineStart..<lineEnd]
            if line.starts(with: Array("#policy-file".utf8)) {
                scenarioBytes = data[data.startIndex..<lineStart]
                policyBytes = lineEnd < data.endIndex ? data[(lineEnd + 1)...] : Data()
                break
            } else if line.starts(with: Array("#set ".utf8)) {
                overrides.append(String(decoding: line.dropFirst(5), as: UTF8.self))
            } else if line.starts(with: Array("#policy ".utf8)) {
                policies.append(String(decoding: line.dropFirst(8), as: UTF8.self))
            }
            lineStart = lineEnd + 1
        }
        write(scenarioBytes, to: scenarioPath)
        if let policyBytes {
            write(policyBytes, to: policyPath)
            policies.append(policyPath)
        }
        let loader = ScenarioLoader(catalog: catalog, files: FileSystemScenarioFiles())
        sink(check(loader, overrides: overrides))
        if !policies.isEmpty {
            do {
                let variants = try loader.loadVariants(path: scenarioPath, policies: policies, overrides: overrides)
                for variant in variants {
                    _ = PlatformModel(scenario: variant.scenario)
                    setUpPolicies(variant.scenario)
                }
                if verbose { report("compare: \(variants.map(\.name).joined(separator: ", "))") }
            } catch {
                if verbose { report("compare: \(error)") }
            }
        }
    }

    /// What `capsim check` computes; keep in step with Sources/capsim/CheckCommand.swift.
    func check(_ loader: ScenarioLoader, overrides: [String]) -> String? {
        let (scenario, variants): (Scenario, [VariantScenario])
        do {
            (scenario, variants) = try loader.loadWithVariants(path: scenarioPath, overrides: overrides)
        } catch {
            if verbose { report("\(error)") }
            return nil
        }
        let model = PlatformModel(scenario: scenario)
        let work = WorkEstimate(models: [model], replications: scenario.replications, jobs: 2)
        var line = "\(scenarioPath): OK — \(scenario.tenantGroups.reduce(0) { $0 + $1.count }) tenants in \(scenario.tenantGroups.count) groups, "
            + "\(scenario.operations.count) operations, \(scenario.pages.count) pages, "
            + "about \(WorkEstimate.describe(count: work.requests)) requests over \(Units.describe(seconds: scenario.horizon)), "
            + "\(WorkEstimate.describe(count: work.events)) events, \(WorkEstimate.describe(bytes: work.peakBytes)), "
            + "\(WorkEstimate.describe(seconds: work.seconds)); over limits: \(WorkLimits(bytes: 16 * 1_073_741_824).excesses(of: work).count)"
        if !variants.isEmpty { line += "; variants: \(variants.map(\.name).joined(separator: ", "))" }
        // `capsim compare` builds every variant's model before it simulates.
        for variant in variants {
            _ = PlatformModel(scenario: variant.scenario)
            setUpPolicies(variant.scenario)
        }
        setUpPolicies(scenario)
        if verbose { report(line) }
        return line
    }

    /// The part of a run's set-up that reads the scenario beyond the model: each tier's slots
    /// and autoscaling policy (Sources/Model/ScalingController.swift, `init`); a scheduled
    /// policy precomputes its firings over the horizon here.
    func setUpPolicies(_ scenario: Scenario) {
        for tier in scenario.tiers {
            _ = tier.dropletCapacity
            _ = tier.autoscaling?.policy.makePolicy(initialDroplets: tier.initialDroplets, horizon: scenario.horizon)
        }
    }

    func checkCatalog(_ data: Data) {
        guard let text = String(data: data, encoding: .utf8),
              let catalog = try? Catalog.parse(text, path: "fuzz-catalog.yaml") else { return }
        write(Data(baselineScenario.utf8), to: scenarioPath)
        sink(check(ScenarioLoader(catalog: catalog, files: FileSystemScenarioFiles()), overrides: []))
    }

    /// To standard error: libFuzzer ends with `_Exit`, which would lose buffered output.
    func report(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    func write(_ bytes: Data, to path: String) {
        guard FileManager.default.createFile(atPath: path, contents: bytes) else {
            Self.fatalHarness("cannot write \(path)")
        }
    }
}

/// Keeps the summary line (and so every conversion that builds it) from being optimised away.
nonisolated(unsafe) private var summaryLength = 0
@inline(never) private func sink(_ line: String?) { summaryLength &+= line?.utf8.count ?? 0 }

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    _ = Harness.shared
    atexit {
        unlink(Harness.shared.scenarioPath)
        unlink(Harness.shared.policyPath)
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    Harness.shared.run(data)
    return 0
}
