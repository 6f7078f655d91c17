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
        .library(name: "Platform", targets: ["Platform"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "Autoscaling", targets: ["Autoscaling"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
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
        // and the fits (the seasonal forecast) through Linear.
        .target(name: "Analysis", dependencies: ["Linear"]),
        // Policies as pure decisions: what a policy observed in, a droplet count out. The
        // predictive policy forecasts through Analysis.
        .target(name: "Autoscaling", dependencies: ["Analysis", "Linear"]),
        // Scenario types, validation, the DigitalOcean catalog and the platform model.
        .target(
            name: "Platform",
            dependencies: [
                "SimCore", "Analysis", "Autoscaling",
                .product(name: "Yams", package: "Yams"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // Renderers of results: terminal table, JSON, Markdown, CSV.
        .target(name: "Reports", dependencies: ["Platform", "SimCore"]),
        .executableTarget(
            name: "capsim",
            dependencies: [
                "Platform", "SimCore", "Reports", "Analysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SimCoreTests", dependencies: ["SimCore", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        .testTarget(name: "LinearTests", dependencies: ["Linear"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Linear"]),
        .testTarget(name: "AutoscalingTests", dependencies: ["Autoscaling", "Linear"]),
        .testTarget(name: "PlatformTests", dependencies: ["Platform", "SimCore"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Platform"]),
        // Golden/ holds the expected --help and table texts, read from the source tree.
        .testTarget(name: "CapsimTests", dependencies: ["capsim"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
