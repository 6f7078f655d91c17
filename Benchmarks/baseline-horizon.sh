#!/usr/bin/env bash
# Speed and memory of `capsim run` on scenarios/baseline.yaml, release build, one
# replication (one core), for a 1-day and a 7-day horizon. Prints one line per horizon:
# wall seconds, simulated requests per second, events, and peak resident memory.
#
#   Benchmarks/baseline-horizon.sh            # 1d and 7d
#   Benchmarks/baseline-horizon.sh 1d 3d 7d   # any horizons
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
swift build -c release --product capsim >&2
horizons=("$@")
[ ${#horizons[@]} -gt 0 ] || horizons=(1d 7d)
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
printf "%-8s %10s %14s %14s %12s %14s\n" horizon wall_s requests requests_per_s events peak_rss_MiB
for horizon in "${horizons[@]}"; do
    out=$(mktemp)
    /usr/bin/time -f "%e %M" -o "$out.time" .build/release/capsim run scenarios/baseline.yaml \
        --horizon "$horizon" --replications 1 --jobs 1 --format json --out "$out"
    read -r wall rss < "$out.time"
    python3 - "$out" "$horizon" "$wall" "$rss" <<'PY'
import json, sys
path, horizon, wall, rss = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
d = json.load(open(path))
total = d["requests"]["total"]
print(f"{horizon:<8} {wall:10.2f} {total:14,d} {total / d['wallSeconds']:14,.0f} {d['events']:12,d} {rss / 1024:14.1f}")
PY
    rm -f "$out" "$out.time"
done
