#!/usr/bin/env bash
# What autoscaling costs in run time, on scenarios/business-hours.yaml (7 days, one
# replication, one core, release build). Four ways to run the same arrivals:
#   static-peak        no controller at all (the fixed fleet of 10 droplets)
#   static-controller  the same fixed fleet with a controller waking every 15 s (policy: static):
#                      the cost of the machinery alone
#   current-rule-hpa   target tracking at 70% CPU: droplets boot, drain and are billed, and
#                      the simulated fleet runs hotter (queues form), which is work too
#   predictive         predictive (least squares through LAPACKE) beside target tracking
# The runs are interleaved round by round and the fastest of each is kept, timed as user
# CPU seconds: this VM's speed drifts by 10-30% with its neighbours' load.
#
#   Benchmarks/autoscaling-overhead.sh          # ROUNDS=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/capsim-binary.sh
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
scenario=scenarios/business-hours.yaml
rounds=${ROUNDS:-5}
names=(static-peak static-controller current-rule-hpa predictive)
arguments=("--variant static-peak" "--set tiers.api.autoscaling={policy:_static,_interval:_15s}"
           "--variant current-rule-hpa" "--variant predictive+tracking")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for round in $(seq "$rounds"); do
    for index in "${!names[@]}"; do
        # Underscores stand for spaces inside the one --set value.
        read -r -a extra <<< "${arguments[$index]}"
        extra=("${extra[@]//_/ }")
        /usr/bin/time -f "%U" -o "$scratch/${names[$index]}.$round" \
            "$capsim" run "$scenario" --replications 1 --jobs 1 --format json --out "$scratch/${names[$index]}.json" "${extra[@]}"
    done
done
python3 - "$scratch" "$rounds" "${names[@]}" <<'PY'
import json, sys
scratch, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
best = {name: min(float(open(f"{scratch}/{name}.{r}").read()) for r in range(1, rounds + 1)) for name in names}
print(f"{'variant':<18} {'best_user_s':>11} {'vs static-peak':>15} {'requests':>12} {'events':>13}")
for name in names:
    d = json.load(open(f"{scratch}/{name}.json"))
    print(f"{name:<18} {best[name]:11.2f} {100 * (best[name] / best['static-peak'] - 1):+14.1f}% "
          f"{d['requests']['total']:12,d} {d['events']:13,d}")
PY
