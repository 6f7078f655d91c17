#!/usr/bin/env bash
# What autoscaling costs in wall time, on scenarios/business-hours.yaml (7 days, one
# replication, one core, release build). Three runs of each, the fastest kept:
#   static-peak       no controller at all (the fixed fleet of 10 droplets)
#   static-controller the same fixed fleet with a controller waking every 15 s (policy: static)
#   current-rule      target tracking at 70% CPU: droplets boot, drain and are billed
#   predictive        predictive (least squares through LAPACKE) beside target tracking
#
#   Benchmarks/autoscaling-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/capsim-binary.sh
scenario=scenarios/business-hours.yaml
runs=${RUNS:-3}
printf "%-18s %10s %14s %14s\n" variant best_wall_s requests events
measure() {
    local name=$1; shift
    local best=""
    local out
    out=$(mktemp)
    for _ in $(seq "$runs"); do
        "$capsim" run "$scenario" --replications 1 --jobs 1 --format json --out "$out" "$@"
        wall=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["wallSeconds"])' "$out")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $wall < $best else 1)"; then best=$wall; fi
    done
    python3 - "$out" "$name" "$best" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<18} {float(sys.argv[3]):10.2f} {d['requests']['total']:14,d} {d['events']:14,d}")
PY
    rm -f "$out"
}
measure static-peak --variant static-peak
measure static-controller --set 'tiers.api.autoscaling={policy: static, interval: 15s}'
measure current-rule --variant current-rule
measure predictive --variant predictive+tracking
