// The kernel's hold model under package-benchmark: SimCore's EventCalendar against a bare
// 4-ary heap, 10,000 pending 24-byte events, one million hold steps (pop the earliest,
// schedule one at now + Exp(1)) per iteration. The queues are filled before
// `startMeasurement()`, so the malloc count is the steady state's: it should be 0.
//
//   swift package --package-path Benchmarks benchmark --target Kernel
//   Benchmarks/kernel.sh      # the same, with events/s, the ratio and mallocs per event

import Benchmark
import HoldModel

let benchmarks: @Sendable () -> Void = {
    precondition(calendarEventStride == 24 && bareEventStride == 24, "events must be 24 bytes")

    let configuration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    Benchmark("EventCalendar hold 10k", configuration: configuration) { benchmark in
        var model = CalendarHold(pending: holdPendingEvents, seed: 1)
        benchmark.startMeasurement()
        blackHole(model.run(steps: benchmark.scaledIterations.count))
        benchmark.stopMeasurement()
    }

    Benchmark("Bare 4-ary heap hold 10k", configuration: configuration) { benchmark in
        var model = BareHold(pending: holdPendingEvents, seed: 1)
        benchmark.startMeasurement()
        blackHole(model.run(steps: benchmark.scaledIterations.count))
        benchmark.stopMeasurement()
    }
}
