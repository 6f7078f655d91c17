// swift-tools-version: 6.1
// capsim's benchmarks: a separate package, so that the root build and CI never compile
// package-benchmark. Run from the repository root:
//
//   swift package --package-path Benchmarks benchmark          # package-benchmark suites
//   swift run -c release --package-path Benchmarks kernel-hold # the same hold models, plain
//
// or through the scripts next to this file (kernel.sh, platform.sh, scaling.sh, peers/run.sh).
import PackageDescription

let package = Package(
    name: "capsim-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "capsim", path: ".."),
        // The MallocInterposer trait keeps out a dependency the package mirror lacks, and
        // gives the malloc counts (mallocCountTotal).
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The hold-model workloads: the event calendar of SimCore and the bare 4-ary heap it
        // is measured against. Shared by the package-benchmark suite and the plain executable
        // so that both measure the same code.
        .target(
            name: "HoldModel",
            dependencies: [.product(name: "SimCore", package: "capsim")]
        ),
        // package-benchmark suite: sources must live under Benchmarks/<Name>/.
        .executableTarget(
            name: "Kernel",
            dependencies: [
                "HoldModel",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Kernel",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The same hold models as a plain release executable, timed with ContinuousClock:
        // a fallback when package-benchmark does not build, and a cross-check of it.
        .executableTarget(
            name: "kernel-hold",
            dependencies: ["HoldModel"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
