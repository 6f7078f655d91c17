#!/usr/bin/env bash
# Parallel scaling of replications: wall time of scenarios/baseline.yaml with 1, 2, 4 and 8
# replications (horizon 6h unless given), --jobs left at its default (all cores), release
# build. Prints, per replication count, the wall time (`wallSeconds` of the JSON and the
# process's elapsed time), requests and requests/s, then the speedup of 2 replications
# over 1 in throughput (requests/s). Target: ≥ 1.7× on 2 cores. cpu_s is user + system
# CPU time and cpu_per_wall the cores the run kept busy on average: near 2 with 2 or more
# replications means capsim runs them in parallel, and a speedup far below 2 then means
# the cores were shared with other work (check the load average printed first).
#
#   Benchmarks/scaling.sh                      # horizon 6h from the scenario's start (Monday 00:00)
#   Benchmarks/scaling.sh 6h 2026-11-30T09:00:00   # horizon and start: 6 business hours
#
# Replications have different seeds, so their request counts differ a little; the speedup
# compares requests per second, not wall times.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/capsim-binary.sh
horizon="${1:-6h}"
start="${2:-}"
extra=()
[ -n "$start" ] && extra=(--set "start=$start")
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

echo "cores: $(nproc)   horizon: $horizon   start: ${start:-scenario default}   load average: $(cut -d" " -f1-3 /proc/loadavg)"
out="$(mktemp)"
trap 'rm -f "$out" "$out.time" "$out.rates"' EXIT
printf "%-12s %8s %9s %8s %11s %12s %14s\n" replications wall_s elapsed_s cpu_s cpu_per_wall requests requests_per_s
for replications in 1 2 4 8; do
    /usr/bin/time -f "%e %U %S" -o "$out.time" "$capsim" run scenarios/baseline.yaml \
        --horizon "$horizon" --replications "$replications" "${extra[@]}" --format json --out "$out"
    python3 - "$out" "$replications" $(cat "$out.time") >> "$out.rates" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
total, wall = d["requests"]["total"], d["wallSeconds"]
elapsed, cpu = float(sys.argv[3]), float(sys.argv[4]) + float(sys.argv[5])
print(f"{int(sys.argv[2]):<12d} {wall:8.2f} {elapsed:9.2f} {cpu:8.2f} {cpu / elapsed:11.2f} {total:12,d} {total / wall:14,.0f}")
PY
    tail -1 "$out.rates"
done
python3 - "$out.rates" <<'PY'
import sys
rates = {int(line.split()[0]): float(line.split()[-1].replace(",", "")) for line in open(sys.argv[1])}
speedup = rates[2] / rates[1]
print(f"speedup of 2 replications over 1 (requests/s): {speedup:.2f}x  target >= 1.7x: "
      f"{'met' if speedup >= 1.7 else 'not met'}")
PY
