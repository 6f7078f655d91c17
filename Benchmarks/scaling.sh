#!/usr/bin/env bash
# Parallel scaling of replications: wall time of scenarios/baseline.yaml with 1, 2, 4 and 8
# replications (horizon 1d unless given), --jobs left at its default (all cores), release
# build. Prints, per replication count, the wall time (`wallSeconds` of the JSON and the
# process's elapsed time), requests and requests/s, then the speedup of 2 replications
# over 1 in throughput (requests/s). Target: ≥ 1.7× on 2 cores. cpu_s is user + system
# CPU time and cpu_per_wall the cores the run kept busy on average: near 2 with 2 or more
# replications means capsim runs them in parallel, and a speedup far below 2 then means
# the cores were shared with other work (check the load average printed first).
#
#   Benchmarks/scaling.sh                      # horizon 1d from the scenario's start (Monday 00:00)
#   Benchmarks/scaling.sh 6h 2026-11-30T09:00:00   # horizon and start: 6 business hours
#
# Replications have different seeds, so their request counts differ a little; the speedup
# compares requests per second, not wall times.
#
# The last line is this machine's ceiling: two independent capsim processes, one replication
# each, started together. They share nothing but the hardware, so their combined throughput
# over one process alone is the most any in-process parallelism could reach here. On a VM
# whose two vCPUs slow each other down (shared core, clock or memory), that ceiling is itself
# below 2x, and the in-process speedup should be read against it.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/capsim-binary.sh
horizon="${1:-1d}"
start="${2:-}"
extra=()
[ -n "$start" ] && extra=(--set "start=$start")
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

rounds="${ROUNDS:-3}"
echo "cores: $(nproc)   horizon: $horizon   start: ${start:-scenario default}   rounds: $rounds   load average: $(cut -d" " -f1-3 /proc/loadavg)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run() { # replications jobs seed -> "wall requests" of one run
    "$capsim" run scenarios/baseline.yaml --horizon "$horizon" --replications "$1" --jobs "$2" --seed "$3" \
        "${extra[@]}" --format json --out "$out/run-$1-$2-$3.json"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["wallSeconds"], d["requests"]["total"])' \
        "$out/run-$1-$2-$3.json"
}
# Rounds are interleaved (every measurement once per round) so that this VM's drifting speed
# reaches all of them alike. The speedup is the median over rounds of a paired ratio: the
# same two replications on one core (--jobs 1) and on two (--jobs 2), run back to back.
for round in $(seq "$rounds"); do
    for replications in 1 2 4 8; do
        echo "$replications $(run "$replications" 2 20261130)" >> "$out/table"
    done
    echo "$(run 2 1 20261130) $(run 2 2 20261130)" >> "$out/speedup"
    # The ceiling: one replication alone, then two independent processes at once.
    alone=$(run 1 1 1)
    run 1 1 1 > "$out/pair1" & run 1 1 2 > "$out/pair2" & wait
    echo "$alone $(cat "$out/pair1") $(cat "$out/pair2")" >> "$out/ceiling"
done
python3 - "$out/table" "$out/speedup" "$out/ceiling" <<'PY'
import statistics, sys
best = {}
for line in open(sys.argv[1]):
    replications, wall, total = line.split()
    if int(replications) not in best or float(wall) < best[int(replications)][0]:
        best[int(replications)] = (float(wall), int(total))
print(f"{'replications':<12} {'best_wall_s':>11} {'requests':>12} {'requests_per_s':>14}")
for replications, (wall, total) in sorted(best.items()):
    print(f"{replications:<12d} {wall:11.2f} {total:12,d} {total / wall:14,.0f}")
pairs = [list(map(float, line.split())) for line in open(sys.argv[2])]
ratios = [serial / parallel for serial, _, parallel, _ in pairs]
speedup = statistics.median(ratios)
print(f"speedup, 2 replications on 2 cores over 1 core (median of {len(ratios)} paired rounds: "
      f"{' '.join(f'{r:.2f}' for r in ratios)}): {speedup:.2f}x  target >= 1.7x: {'met' if speedup >= 1.7 else 'not met'}")
ceilings = []
for line in open(sys.argv[3]):
    alone_wall, alone_total, wall1, total1, wall2, total2 = map(float, line.split())
    ceilings.append((total1 / wall1 + total2 / wall2) / (alone_total / alone_wall))
print(f"ceiling, two independent processes at once over one alone (median): {statistics.median(ceilings):.2f}x "
      f"({' '.join(f'{c:.2f}' for c in ceilings)})")
PY
