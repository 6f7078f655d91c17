#!/usr/bin/env bash
# The kernel's hold model: SimCore's EventCalendar against a bare 4-ary heap, 10,000 pending
# 24-byte events, each step popping the earliest and scheduling one at now + Exp(1)
# (Xoshiro256StarStar). Prints events/s for both (median and best of the samples), the
# ratio calendar / bare heap, and the steady-state mallocs per event.
#
#   Benchmarks/kernel.sh          # package-benchmark (Benchmarks/Benchmarks/Kernel): 20
#                                 # samples of 1,000,000 steps per model, malloc counts
#   Benchmarks/kernel.sh --exe    # the plain release executable kernel-hold (no
#                                 # package-benchmark, no malloc counts): 5 × 20,000,000 steps
#   Benchmarks/kernel.sh --exe 20000000 5 8   # the same with 8 pending events, the size of
#                                 # a platform simulation's calendar (a sorted list there)
#
# The first package-benchmark run builds the benchmark package and its tool (about 3 minutes
# on 2 cores); later runs take about 30 s.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."

if [ "${1:-}" = "--exe" ]; then
    swift build -c release --package-path Benchmarks --product kernel-hold >&2
    out="$(Benchmarks/.build/release/kernel-hold "${2:-20000000}" "${3:-5}" "${4:-10000}")"
    echo "$out" >&2
    python3 - "$out" <<'PY'
import sys
fields = {}
for line in sys.argv[1].splitlines():
    words = line.split()
    for word in words[1:] if "=" not in words[0] else words:
        key, _, value = word.partition("=")
        fields[(words[0] if "=" not in words[0] else "", key)] = value
cal_med = float(fields[("calendar", "median_events_per_s")]); cal_best = float(fields[("calendar", "best_events_per_s")])
bare_med = float(fields[("bare4ary", "median_events_per_s")]); bare_best = float(fields[("bare4ary", "best_events_per_s")])
print(f"{'model':<28} {'median ev/s':>14} {'best ev/s':>14} {'mallocs/event':>14}")
print(f"{'EventCalendar (SimCore)':<28} {cal_med:14,.0f} {cal_best:14,.0f} {'n/a':>14}")
print(f"{'bare 4-ary heap':<28} {bare_med:14,.0f} {bare_best:14,.0f} {'n/a':>14}")
print(f"ratio calendar / bare heap: median {cal_med / bare_med:.3f}, best {cal_best / bare_best:.3f}")
PY
    exit 0
fi

export_dir="$(mktemp -d)"
trap 'rm -rf "$export_dir"' EXIT
swift package --package-path Benchmarks --allow-writing-to-directory "$export_dir" \
    benchmark --target Kernel --no-progress --format jmh --path "$export_dir" >&2
python3 - "$export_dir"/*.jmh.json <<'PY'
import json, statistics, sys
STEPS = 1_000_000  # hold steps per sample (scalingFactor .mega)
rows = {}
for entry in json.load(open(sys.argv[1])):
    name = entry["benchmark"].rsplit(".", 1)[-1]
    wall = entry["secondaryMetrics"]["Time (wall clock)"]
    assert wall["scoreUnit"] == "μs", wall["scoreUnit"]
    samples = wall["rawData"][0]
    mallocs = entry["secondaryMetrics"]["Malloc (total)"]["rawData"][0]
    rows[name] = {
        "median": STEPS / (statistics.median(samples) * 1e-6),
        "best": STEPS / (min(samples) * 1e-6),
        "mallocs": statistics.median(mallocs) / STEPS,
        "samples": len(samples),
    }
cal, bare = rows["EventCalendar_hold_10k"], rows["Bare_4-ary_heap_hold_10k"]
print(f"{'model':<28} {'median ev/s':>14} {'best ev/s':>14} {'mallocs/event':>14} {'samples':>8}")
for label, row in (("EventCalendar (SimCore)", cal), ("bare 4-ary heap", bare)):
    print(f"{label:<28} {row['median']:14,.0f} {row['best']:14,.0f} {row['mallocs']:14.6f} {row['samples']:8d}")
print(f"ratio calendar / bare heap: median {cal['median'] / bare['median']:.3f}, best {cal['best'] / bare['best']:.3f}")
PY
