import ArgumentParser
import ContentHash
import DigitalOceanCatalog
import Foundation
import Optimizer
import Scenarios
import Store
import YAMLSupport

extension Capsim {
    struct OptimizeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "optimize",
            abstract: "Find the cheapest configuration of a search space that meets every SLO, and write it as a capacity plan.",
            discussion: """
                The space is the scenario's search: block, or --space FILE. The search screens the space analytically, \
                races the survivors by simulation with common random numbers (a probe of the busiest window, then \
                replications), models large spaces with a Gaussian process, verifies the answer with more replications \
                and another seed, and measures it at other loads. Every trial is recorded in the run history as it \
                finishes; --resume ID continues a search that was interrupted and gives the same plan.
                """)

        @Argument(help: "The scenario file (YAML); omit with --resume.", completion: .file(extensions: ["yaml", "yml"]))
        var scenario: String?

        @Option(help: ArgumentHelp("The search space, when it is not the scenario's search: block.", valueName: "file"),
                completion: .file(extensions: ["yaml", "yml"]))
        var space: String?

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario field, e.g. --set horizon=1d.", valueName: "path=value"))
        var overrides: [String] = []

        @OptionGroup var catalog: CatalogOptions

        @Option(help: "Random seed (overrides the scenario's).")
        var seed: UInt64?

        @Option(help: "Replications a candidate is judged on, 1 to 100 (default: the scenario's).")
        var replications: Int?

        @Option(help: "Replications of the verification run, with another seed, 2 to 1000.")
        var verifyReplications: Int = 10

        @Flag(help: "Simulate every valid configuration at full fidelity (small spaces; checking the search).")
        var exhaustive = false

        @Option(help: ArgumentHelp("Stop after this many simulated requests (20M, 500k) or this much wall time (90s, 10m).",
                                   valueName: "requests-or-duration"))
        var budget: String?

        @Option(help: "Trials to run at once, 1 to 4096 (default: all cores). The plan does not depend on it.")
        var jobs: Int?

        @Option(help: ArgumentHelp("Continue the optimization with this id (from the run history).", valueName: "id"))
        var resume: String?

        @Option(help: ArgumentHelp("Write the plan to this file: YAML, or JSON when it ends in .json.", valueName: "file"))
        var out: String?

        @Option(help: "Report format on standard output: table or json.")
        var format: PlanFormat = .table

        @Flag(help: "Show progress on standard error even when it is not a terminal.")
        var progress = false

        @OptionGroup var history: HistoryOptions

        func validate() throws {
            if resume == nil && scenario == nil { throw ValidationError("name a scenario, or --resume ID") }
            if resume != nil && (scenario != nil || space != nil || !overrides.isEmpty || seed != nil || replications != nil
                                 || exhaustive || budget != nil) {
                throw ValidationError("--resume continues a search as it was started: give only --resume ID (with --out, --format, --jobs, --db)")
            }
            if resume != nil && history.skipsRecording { throw ValidationError("--resume reads the run history; it cannot go with --no-db") }
            if let replications, !(1...100).contains(replications) { throw ValidationError("--replications must be from 1 to 100") }
            if !(2...1000).contains(verifyReplications) { throw ValidationError("--verify-replications must be from 2 to 1000") }
            if let jobs, !(1...4096).contains(jobs) { throw ValidationError("--jobs must be from 1 to 4096") }
            if let budget { _ = try Budget(budget) }
        }

        func run() throws {
            let started = Date()
            let (setup, history) = resume == nil ? try start(at: started) : try resumed()
            let outputs = try OutputFiles([("--out", out)], inputs: setup.inputs + self.history.protectedFiles())
            let log: any TrialLog = try history.map { try HistoryTrialLog(history: $0.history, optimization: $0.record.number) } ?? NoTrialLog()
            if let history, let plan = history.record.plan {
                // A finished search: its plan as recorded.
                Console.error("optimization \(history.record.id.shortForm) had finished; its plan is printed as recorded\n")
                try emit(planJSON: plan, outputs: outputs)
                return
            }
            let showsProgress = progress || isatty(STDERR_FILENO) == 1
            let reporter: (@Sendable (SearchProgress) -> Void)? = showsProgress ? { @Sendable progress in OptimizeCommand.show(progress) } : nil
            let optimizer = Optimizer(
                scenario: setup.scenario, catalog: setup.catalog, settings: setup.settings,
                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, log: log, progress: reporter)
            let origin = Optimizer.Origin(scenarioName: setup.scenario.name, scenarioSource: setup.source,
                                          scenarioHash: setup.scenarioHash, capsimVersion: Capsim.configuration.version,
                                          optimizationID: history?.record.id.hex)
            let plan = try Self.optimize(optimizer, setup: setup, origin: origin)
            if showsProgress { Console.error("\n") }
            let json = try plan.json()
            if let history {
                try HistoryCommand.perform { () throws(HistoryError) in try history.history.finishOptimization(history.record.number, plan: json) }
            }
            guard plan.status != "infeasible" && plan.status != "undecided" else {
                // The answer, but no plan file: nothing here is fit to provision.
                try Console.output(format == .json ? try plan.json() : plan.text())
                let missed = plan.objectives.filter { !$0.met }.map(\.name)
                if plan.status == "undecided" {
                    Console.error("error: the search stopped at \(plan.search.stoppedBy ?? "its budget") before any configuration was shown "
                                  + "to meet every SLO; raise --budget or resume\(plan.search.id.map { " with --resume \($0.prefix(8))" } ?? "")"
                                  + (out.map { " (no plan written to \($0))" } ?? "") + "\n")
                    throw ExitCode.objectiveMissed
                }
                throw CapsimFailure(
                    description: "no configuration of the space meets every SLO; the closest, \(plan.label), misses "
                        + (missed.isEmpty ? "an SLO" : missed.joined(separator: ", "))
                        + (out.map { " (no plan written to \($0))" } ?? ""),
                    exitCode: .badInput)
            }
            try emit(plan: plan, outputs: outputs)
        }

        /// The search, its configuration problems (none expected: the space checked them) as
        /// bad input.
        static func optimize(_ optimizer: Optimizer, setup: Setup, origin: Optimizer.Origin) throws -> CapacityPlan {
            let result: Result<CapacityPlan, ConfigurationError>
            do {
                result = .success(try optimizer.optimize(configurations: setup.enumeration.valid,
                                                         combinations: setup.enumeration.combinations,
                                                         excluded: setup.enumeration.excludedCount, origin: origin, label: setup.label))
            } catch {
                result = .failure(error)
            }
            switch result {
            case let .success(plan): return plan
            case let .failure(error):
                throw CapsimFailure(description: error.problems.map { "\(setup.source): \($0)" }.joined(separator: "\n"), exitCode: .badInput)
            }
        }

        /// Prints the report and writes the plan file, both or neither.
        func emit(plan: CapacityPlan, outputs: OutputFiles) throws {
            let report = format == .json ? try plan.json() : plan.text()
            if let out, out != "-" {
                let file = out.hasSuffix(".json") ? try plan.json() : try plan.yaml()
                try outputs.write([file])
                try Console.output(report)
            } else {
                try Console.output(report)
            }
        }

        func emit(planJSON: String, outputs: OutputFiles) throws {
            let plan = try JSONDecoder().decode(CapacityPlan.self, from: Data(planJSON.utf8))
            try emit(plan: plan, outputs: outputs)
        }

        @Sendable static func show(_ progress: SearchProgress) {
            let best = progress.bestMonthlyUSD.map { String(format: "$%.2f/month", $0) } ?? "none yet"
            let eta = progress.remainingSeconds.map { "ETA \(Int($0.rounded())) s" } ?? "ETA —"
            Console.error("\roptimize: \(progress.trials) trials · \(progress.candidatesLeft) candidates left · best feasible \(best) · \(eta)   ")
        }

        /// What a search needs, from a fresh start or from the history.
        struct Setup {
            var scenario: Scenario
            var catalog: Catalog
            var source: String
            var scenarioHash: String
            var enumeration: SearchSpaceEnumeration
            var settings: SearchSettings
            var inputs: [String]
            var label: (Configuration) -> String
        }

        func start(at started: Date) throws -> (Setup, (history: RunHistory, record: StoredOptimization)?) {
            guard let path = scenario else { throw ValidationError("name a scenario") }
            let options = try ScenarioOptions.parse([path] + overrides.flatMap { ["--set", $0] } + (catalog.path.map { ["--catalog", $0] } ?? []))
            let (loaded, catalogValue) = try options.load()
            ScenarioOptions.warn(about: [loaded])
            let loader = ScenarioLoader(catalog: catalogValue, files: FileSystemScenarioFiles())
            let spaceValue: SearchSpace
            if let space {
                spaceValue = try loader.searchSpace(fileAt: space, scenario: loaded)
            } else if let inScenario = try loader.searchSpace(inScenarioAt: path, scenario: loaded) {
                spaceValue = inScenario
            } else {
                throw CapsimFailure(description: "\(path): the scenario has no search: block; add one or give --space FILE "
                                        + "(README, \"Search spaces\")", exitCode: .badInput)
            }
            let enumeration = try spaceValue.enumerate(over: loaded, catalog: catalogValue)
            if enumeration.isEmpty { throw enumeration.emptySpaceError(in: spaceValue) }
            let settings = try SearchSettings(
                seed: seed ?? loaded.seed, replications: replications ?? loaded.replications, exhaustive: exhaustive,
                budgetRequests: budget.flatMap { try Budget($0).requests }, budgetSeconds: budget.flatMap { try Budget($0).seconds },
                verifyReplications: verifyReplications)
            let text = ReadTexts.shared.text(at: path) ?? ""
            let setup = Setup(scenario: loaded, catalog: catalogValue, source: path, scenarioHash: TextDigest.sha256(text),
                              enumeration: enumeration, settings: settings,
                              inputs: try options.inputFiles(scenarios: [loaded]) + (space.map { [$0] } ?? []),
                              label: { spaceValue.label($0) })
            guard !history.skipsRecording else { return (setup, nil) }
            let location = try history.file.location()
            let historyFile = try HistoryCommand.perform { () throws(HistoryError) in try location.open() }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let optimizationRecord = OptimizationRecord(
                startedAt: started, capsimVersion: Capsim.configuration.version, scenarioName: loaded.name, scenarioSource: path,
                scenarioText: text, scenarioHash: setup.scenarioHash, spaceSource: space ?? "",
                spaceText: space.flatMap { ReadTexts.shared.text(at: $0) ?? (try? String(contentsOfFile: $0, encoding: .utf8)) } ?? "",
                overrides: overrides, settings: String(decoding: try encoder.encode(settings), as: UTF8.self))
            let record = try HistoryCommand.perform { () throws(HistoryError) in try historyFile.beginOptimization(optimizationRecord) }
            Console.error("optimization \(record.id.shortForm): if it stops, continue with capsim optimize --resume \(record.id.shortForm)\n")
            return (setup, (historyFile, record))
        }

        func resumed() throws -> (Setup, (history: RunHistory, record: StoredOptimization)?) {
            guard let resume else { throw ValidationError("--resume needs an id") }
            let historyFile = try history.file.location().openExisting()
            let record = try HistoryCommand.perform { () throws(HistoryError) in try historyFile.optimization(resume) }
            let stored = record.record
            let catalogValue = try catalog.load(near: stored.scenarioSource)
            let loader = ScenarioLoader(catalog: catalogValue, files: FileSystemScenarioFiles())
            let scenario = try loader.parse(stored.scenarioText, source: stored.scenarioSource, overrides: stored.overrides)
            let spaceValue: SearchSpace
            if stored.spaceSource.isEmpty {
                guard let inScenario = try loader.searchSpace(inScenarioText: stored.scenarioText, source: stored.scenarioSource,
                                                              scenario: scenario) else {
                    throw CapsimFailure(description: "optimization \(record.id.shortForm): its scenario has no search: block", exitCode: .badInput)
                }
                spaceValue = inScenario
            } else {
                spaceValue = try loader.searchSpace(text: stored.spaceText, source: stored.spaceSource, scenario: scenario)
            }
            let enumeration = try spaceValue.enumerate(over: scenario, catalog: catalogValue)
            let settings: SearchSettings
            do {
                settings = try JSONDecoder().decode(SearchSettings.self, from: Data(stored.settings.utf8))
            } catch {
                throw CapsimFailure(description: "optimization \(record.id.shortForm): its settings do not decode (\(error))", exitCode: .badInput)
            }
            Console.error("resuming optimization \(record.id.shortForm) (\(record.trials) trials recorded)\n")
            let setup = Setup(scenario: scenario, catalog: catalogValue, source: stored.scenarioSource, scenarioHash: stored.scenarioHash,
                              enumeration: enumeration, settings: settings, inputs: [], label: { spaceValue.label($0) })
            return (setup, (historyFile, record))
        }
    }

    enum PlanFormat: String, ExpressibleByArgument, CaseIterable { case table, json }
}

/// `--budget`: requests (`20M`, `500k`, `1000000`) or wall time (`90s`, `10m`, `1h`).
struct Budget {
    var requests: Int?
    var seconds: Double?

    init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let multipliers: [(String, Double)] = [("G", 1e9), ("M", 1e6), ("k", 1e3), ("K", 1e3)]
        for (suffix, factor) in multipliers where trimmed.hasSuffix(suffix) {
            if let value = Double(trimmed.dropLast()), value > 0, value * factor < 9e18 {
                requests = Int(value * factor)
                return
            }
        }
        if let value = Int(trimmed), value > 0 {
            requests = value
            return
        }
        if let seconds = Units.seconds(from: trimmed), seconds > 0 {
            self.seconds = seconds
            return
        }
        throw ValidationError("--budget \(text): give simulated requests (20M, 500k, 1000000) or wall time (90s, 10m, 1h)")
    }
}
