#!/usr/bin/env bash
# What recording a run in the history costs: the release binary on scenarios/baseline.yaml
# over 1 day (one replication, one core), with --no-db and with --db, alternated round by
# round so that this VM's drifting speed hits both alike. Wall time, since recording is
# I/O (a transaction and its fsync) as much as CPU. Prints the median of the paired ratios
# (db / no-db) and the minima; the issue's budget is +3%.
# Then the file's growth for one 7-day run of the same scenario (the budget: 2 MB).
#
#   Benchmarks/store-overhead.sh            # ROUNDS=11, WEEK=1 (WEEK=0 skips the 7-day run)
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/capsim-binary.sh
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
rounds=${ROUNDS:-11}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
arguments=(run scenarios/baseline.yaml --horizon 1d --replications 1 --jobs 1 --set start=2026-11-30T00:00:00)
for round in $(seq "$rounds"); do
    /usr/bin/time -f "%e %U" -o "$scratch/t" "$capsim" "${arguments[@]}" --no-db > /dev/null
    read -r without without_user < "$scratch/t"
    /usr/bin/time -f "%e %U" -o "$scratch/t" "$capsim" "${arguments[@]}" --db "$scratch/history.sqlite" > /dev/null 2>&1
    read -r with with_user < "$scratch/t"
    echo "$without $with $without_user $with_user" >> "$scratch/times"
done
python3 - "$scratch/times" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
a = [r[0] for r in rows]; b = [r[1] for r in rows]
print(f"1-day baseline, {len(rows)} rounds: --no-db wall min {min(a):.2f} s median {statistics.median(a):.2f} s | "
      f"--db wall min {min(b):.2f} s median {statistics.median(b):.2f} s")
print(f"  median paired ratio db/no-db: wall {statistics.median(y / x for x, y, *_ in rows):.3f}, "
      f"user {statistics.median(r[3] / r[2] for r in rows):.3f}; ratio of minima {min(b) / min(a):.3f}")
PY
if [ "${WEEK:-1}" != 0 ]; then
    week="$scratch/week.sqlite"
    "$capsim" run scenarios/baseline.yaml --horizon 1h --replications 1 --db "$week" > /dev/null 2>&1
    before=$(stat -c %s "$week")
    "$capsim" run scenarios/baseline.yaml --horizon 7d --replications 1 --db "$week" > /dev/null 2>&1
    after=$(stat -c %s "$week")
    echo "7-day baseline run: the history grew by $((after - before)) bytes ($before -> $after)"
fi
