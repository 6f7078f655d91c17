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
#   MEASURE=instructions Benchmarks/autoscaling-overhead.sh
#       # instructions counted by valgrind's cachegrind instead, over HORIZON (1d by default,
#       # a simulated Monday), one run each: deterministic, and unmoved by a busy machine,
#       # where user CPU times here vary by several percent between identical runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/capsim-binary.sh
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
scenario=scenarios/business-hours.yaml
rounds=${ROUNDS:-5}
measure=${MEASURE:-time}
horizon=()
if [ "$measure" = instructions ]; then
    command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
    rounds=1
    horizon=(--horizon "${HORIZON:-1d}")
    export OPENBLAS_NUM_THREADS=1
fi
names=(static-peak static-controller current-rule-hpa predictive)
arguments=("--variant static-peak" "--set tiers.api.autoscaling={policy:_static,_interval:_15s}"
           "--variant current-rule-hpa" "--variant predictive+tracking")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ "$measure" = instructions ]; then
    # Valgrind 3.19 cannot read Swift's DWARF 5 debug information (Benchmarks/instructions.sh).
    strip --strip-debug -o "$scratch/capsim" "$capsim"
    capsim="$scratch/capsim"
fi
for round in $(seq "$rounds"); do
    for index in "${!names[@]}"; do
        # Underscores stand for spaces inside the one --set value.
        read -r -a extra <<< "${arguments[$index]}"
        extra=("${extra[@]//_/ }")
        output=(run "$scenario" --replications 1 --jobs 1 --format json --out "$scratch/${names[$index]}.json" "${horizon[@]}" "${extra[@]}")
        if [ "$measure" = instructions ]; then
            valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$capsim" "${output[@]}" \
                2> "$scratch/${names[$index]}.log"
            grep -E "I +refs" "$scratch/${names[$index]}.log" | awk '{print $4}' | tr -d , > "$scratch/${names[$index]}.$round"
        else
            /usr/bin/time -f "%U" -o "$scratch/${names[$index]}.$round" "$capsim" "${output[@]}"
        fi
    done
done
python3 - "$scratch" "$rounds" "$measure" "${names[@]}" <<'PY'
import json, sys
scratch, rounds, measure, names = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
best = {name: min(float(open(f"{scratch}/{name}.{r}").read()) for r in range(1, rounds + 1)) for name in names}
column = "instructions" if measure == "instructions" else "best_user_s"
print(f"{'variant':<18} {column:>15} {'vs static-peak':>15} {'requests':>12} {'events':>13}")
for name in names:
    d = json.load(open(f"{scratch}/{name}.json"))
    value = f"{int(best[name]):15,d}" if measure == "instructions" else f"{best[name]:15.2f}"
    print(f"{name:<18} {value} {100 * (best[name] / best['static-peak'] - 1):+14.1f}% "
          f"{d['requests']['total']:12,d} {d['events']:13,d}")
PY
