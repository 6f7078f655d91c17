// The kernel hold models as a plain release executable: no package-benchmark, timed with
// ContinuousClock. Prints one line per model (best and median events/s over the repeats)
// and the ratio of the calendar to the bare heap.
//
//   swift run -c release --package-path Benchmarks kernel-hold [steps] [repeats] [pending]
//
// Defaults: 20,000,000 steps, 5 repeats, 10,000 pending events (the calendar is a heap
// there); a platform simulation holds about six, where the calendar is a sorted list. Mallocs are not counted here; package-benchmark's
// `mallocCountTotal` (Benchmarks/kernel.sh) gives them.

import HoldModel

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let steps = arguments.first ?? 20_000_000
let repeats = arguments.dropFirst().first ?? 5
let pending = arguments.dropFirst(2).first ?? holdPendingEvents
precondition(calendarEventStride == 24 && bareEventStride == 24, "events must be 24 bytes")

func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
}

/// Times `repeats` runs of `steps` hold steps on fresh queues; returns events/s, sorted.
func measure(_ runOnce: () -> Double) -> [Double] {
    var rates: [Double] = []
    var sink = 0.0
    for _ in 0..<repeats {
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        elapsed = clock.measure { sink += runOnce() }
        rates.append(Double(steps) / seconds(elapsed))
    }
    if sink.isNaN { print("unreachable") }
    return rates.sorted()
}

let calendar = measure {
    var model = CalendarHold(pending: pending, seed: 1)
    return model.run(steps: steps)
}
let bare = measure {
    var model = BareHold(pending: pending, seed: 1)
    return model.run(steps: steps)
}

func line(_ name: String, _ rates: [Double]) -> String {
    let best = rates.last!
    let median = rates[rates.count / 2]
    return "\(name) best_events_per_s=\(Int(best)) median_events_per_s=\(Int(median))"
}
print("steps=\(steps) repeats=\(repeats) pending=\(pending) event_bytes=\(calendarEventStride)")
print(line("calendar", calendar))
print(line("bare4ary", bare))
print("ratio_median=\(calendar[calendar.count / 2] / bare[bare.count / 2])")
