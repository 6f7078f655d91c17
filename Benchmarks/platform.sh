#!/usr/bin/env bash
# Throughput of `capsim run` on two scenarios, release build, one replication, --jobs 1:
# - scenarios/baseline.yaml over 1 day (the full platform model: web and API tiers,
#   PgBouncer, Postgres);
# - scenarios/validation/mmc-peers.yaml, M/M/4 at ρ = 0.9 (λ = 3.6/s, exponential service
#   of mean 1 s, central queue, 4 workers), about one million requests.
# Prints requests/s and events/s from the JSON (`requests.total`, `events`, `wallSeconds`).
#
#   Benchmarks/platform.sh
#   RUNS=3 Benchmarks/platform.sh     # each scenario 3 times (one line per run)
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/capsim-binary.sh
runs="${RUNS:-1}"

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
printf "%-22s %8s %12s %12s %14s %12s %14s\n" \
    scenario wall_s requests events requests_per_s events_per_req events_per_s
measure() {
    local label="$1"; shift
    "$capsim" run "$@" --replications 1 --jobs 1 --format json --out "$out"
    python3 - "$out" "$label" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
total, events, wall = d["requests"]["total"], d["events"], d["wallSeconds"]
print(f"{sys.argv[2]:<22} {wall:8.2f} {total:12,d} {events:12,d} {total / wall:14,.0f} "
      f"{events / total:12.2f} {events / wall:14,.0f}")
PY
}
for _ in $(seq "$runs"); do
    measure "baseline 1d" scenarios/baseline.yaml --horizon 1d
    measure "mmc-peers (M/M/4)" scenarios/validation/mmc-peers.yaml
done
