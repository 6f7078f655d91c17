// swift-tools-version: 6.1
// capsim: a capacity-and-cost simulation engine for multi-tenant SaaS on DigitalOcean.
// The architecture is described in ../shared/DESIGN.md; targets follow its section 2.
import PackageDescription

let package = Package(
    name: "capsim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "capsim", targets: ["capsim"]),
        .library(name: "SimCore", targets: ["SimCore"]),
        .library(name: "Scenarios", targets: ["Scenarios"]),
        .library(name: "Model", targets: ["Model"]),
        .library(name: "Results", targets: ["Results"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "Autoscaling", targets: ["Autoscaling"]),
        .library(name: "Traces", targets: ["Traces"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // The event kernel: calendar, random streams, distributions, streaming statistics.
        // It knows no platform words (DESIGN §2).
        .target(
            name: "SimCore",
            dependencies: [
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // OpenBLAS and LAPACKE from Debian (libopenblas-dev, liblapacke-dev).
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // Matrices over OpenBLAS, which must run single-threaded: the executable arranges it
        // (Sources/capsim/SingleThreadedBLAS.swift), the tests export OPENBLAS_NUM_THREADS=1.
        .target(name: "Linear", dependencies: ["CLapack"]),
        // Queueing formulas over plain numbers, the fast estimate and the simulator's referee,
        // and the fits (the seasonal forecast, calibration) through Linear; Student's t from SimCore.
        .target(name: "Analysis", dependencies: ["Linear", "SimCore"]),
        // Policies as pure decisions: what a policy observed in, a droplet count out. The
        // predictive policy forecasts through Analysis.
        .target(name: "Autoscaling", dependencies: ["Analysis", "Linear"]),
        // YAML with located errors and the unit-carrying quantities every capsim file uses
        // (`250ms`, `15/s`, `2GiB`): shared by the catalog and scenario readers.
        .target(name: "YAMLSupport", dependencies: ["SimCore", .product(name: "Yams", package: "Yams")]),
        // Request traces: imports from logs, series and counts into per-interval counts, their
        // summary statistics, and the load profile file (`capsim trace import`, `load: {trace:}`).
        .target(name: "Traces", dependencies: ["YAMLSupport"]),
        // zlib from Debian (zlib1g-dev), for gzip-compressed access logs.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // DigitalOcean's sizes, plans, prices and PgBouncer's defaults, decoded from text the
        // caller read: no file search here.
        .target(name: "DigitalOceanCatalog", dependencies: ["YAMLSupport", .product(name: "Yams", package: "Yams")]),
        // Scenarios as plain values, their reading from YAML text (files come through a
        // `ScenarioFileSource`), variants and overrides.
        .target(
            name: "Scenarios",
            dependencies: ["DigitalOceanCatalog", "YAMLSupport", "Autoscaling", "SimCore", "Traces", .product(name: "Yams", package: "Yams")]
        ),
        // SHA-256 content hashes of canonical forms (a configuration's), apart so that the
        // reader and the model do not link swift-crypto.
        .target(name: "ContentHash", dependencies: ["Scenarios", .product(name: "Crypto", package: "swift-crypto")]),
        // What a run produced: per-replication results, their aggregate, SLO verdicts, cost.
        .target(name: "Results", dependencies: ["Scenarios", "DigitalOceanCatalog", "YAMLSupport", "SimCore"]),
        // The platform model and its simulation: the hot path.
        .target(
            name: "Model",
            dependencies: [
                "Scenarios", "DigitalOceanCatalog", "YAMLSupport", "Results", "Autoscaling", "SimCore", "Traces",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // A scenario's analytic workload and capacity analysis, from the model's resolved tables.
        .target(name: "Estimate", dependencies: ["Model", "Scenarios", "YAMLSupport", "Analysis"]),
        // Running replications in parallel, work estimates and limits, the validation grid.
        .target(name: "Evaluation", dependencies: ["Model", "Results", "Scenarios", "YAMLSupport", "Estimate", "Analysis", "SimCore"]),
        // Renderers of results: terminal table, JSON, Markdown, CSV.
        .target(
            name: "Reports",
            dependencies: ["Results", "Scenarios", "DigitalOceanCatalog", "YAMLSupport", "Estimate", "Evaluation", "Analysis", "SimCore"]
        ),
        // The run history: every run and comparison in a SQLite file, through GRDB (the
        // system's SQLite, libsqlite3-dev). Plain values in, plain values out; the caller
        // chooses the file. Summaries are stored as JSON through Reports' order-keeping
        // JSON coding (Foundation's decoder loses the order of named members).
        .target(name: "Store", dependencies: ["Results", "Scenarios", "Reports", .product(name: "GRDB", package: "GRDB.swift")]),
        // `capsim optimize`: screen, race and surrogate search over a space of configurations,
        // and the capacity plan. Trials reach the run history through a protocol the command
        // line implements, so the search runs and is tested without a database.
        .target(
            name: "Optimizer",
            dependencies: ["Scenarios", "ContentHash", "Results", "Model", "Estimate", "Analysis", "DigitalOceanCatalog",
                           "Autoscaling", "SimCore", "YAMLSupport", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "capsim",
            dependencies: [
                .product(name: "Yams", package: "Yams"),  // the calibrate command locates fields in scenario text
                "YAMLSupport", "DigitalOceanCatalog", "Scenarios", "ContentHash", "Results", "Model", "Estimate", "Evaluation",
                "Reports", "Analysis", "Autoscaling", "SimCore", "Store", "Optimizer", "Traces", "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "SimCoreTests", dependencies: ["SimCore", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        .testTarget(name: "LinearTests", dependencies: ["Linear"]),
        .testTarget(name: "TracesTests", dependencies: ["Traces", "YAMLSupport", "Scenarios", "DigitalOceanCatalog", "Model", "Results", "SimCore"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Linear"]),
        .testTarget(name: "AutoscalingTests", dependencies: ["Autoscaling", "Linear"]),
        .testTarget(
            name: "PlatformTests",
            dependencies: [
                "YAMLSupport", "DigitalOceanCatalog", "Scenarios", "ContentHash", "Results", "Model", "Estimate", "Evaluation", "SimCore",
            ]
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Results", "Scenarios", "ContentHash", "DigitalOceanCatalog", "Evaluation", "Model", "Autoscaling"]
        ),
        .testTarget(
            name: "OptimizerTests",
            dependencies: ["Optimizer", "Scenarios", "Results", "Model", "Estimate", "DigitalOceanCatalog", "ContentHash", "SimCore",
                           .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Results", "Scenarios", "Reports", .product(name: "GRDB", package: "GRDB.swift")]),
        // Golden/ holds the expected --help and table texts, read from the source tree.
        .testTarget(
            name: "CapsimTests", dependencies: ["capsim", "Results", .product(name: "GRDB", package: "GRDB.swift")], exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
