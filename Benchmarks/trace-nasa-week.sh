#!/usr/bin/env bash
# The NASA example (scenarios/nasa-week.yaml): a week of real per-minute load, scaled ×40,
# run in a release build on one core (one replication, --jobs 1). Prints wall and user CPU
# seconds, requests, events and peak resident memory; ROUNDS=3 repeats it (this VM's times
# drift by 20–30% between identical runs: report the best).
#
#   CAPSIM_DB=/tmp/x.sqlite Benchmarks/trace-nasa-week.sh
#   CAPSIM=/path/to/capsim ROUNDS=3 Benchmarks/trace-nasa-week.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/capsim-binary.sh
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1
rounds="${ROUNDS:-1}"
printf "%-6s %8s %8s %14s %14s %12s\n" round wall_s user_s requests events peak_rss_MiB
for round in $(seq 1 "$rounds"); do
    out=$(mktemp)
    /usr/bin/time -f "%e %U %M" -o "$out.time" "$capsim" run scenarios/nasa-week.yaml \
        --replications 1 --jobs 1 --format json --out "$out"
    read -r wall user rss < "$out.time"
    python3 - "$out" "$round" "$wall" "$user" "$rss" <<'PY'
import json, sys
path, round_, wall, user, rss = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
d = json.load(open(path))
print(f"{round_:<6} {wall:8.2f} {user:8.2f} {d['requests']['total']:14,d} {d['events']:14,d} {rss / 1024:12.1f}")
PY
    rm -f "$out" "$out.time"
done
