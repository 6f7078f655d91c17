#!/usr/bin/env bash
# How `capsim check` scales with the number of tenant groups (issue 9: validation must be
# linear; 16,000 groups used to take over two minutes). Generates scenarios of N groups in
# a temporary folder, times `capsim check` on each (release build, best of ROUNDS), and
# prints the time per group. Linear validation keeps that last column flat.
#
#   Benchmarks/check-groups.sh                 # 2,500, 5,000, 10,000 and 20,000 groups
#   ROUNDS=5 Benchmarks/check-groups.sh 20000  # any sizes
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/capsim-binary.sh
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2500 5000 10000 20000)
rounds=${ROUNDS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf "%-8s %12s %12s %16s\n" groups file_MiB best_s us_per_group
for n in "${sizes[@]}"; do
    python3 - "$work/g$n.yaml" "$n" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("horizon: 1h\ntenant_groups:\n")
    for i in range(n):
        f.write(f"  group{i}: {{count: 2, rate_per_tenant: 1/m, hourly: *h, mix: {{listProjects: 3, getProject: 1}}}}\n"
                if i else
                f"  group{i}: {{count: 2, rate_per_tenant: 1/m, hourly: &h [{', '.join(['1'] * 24)}], mix: {{listProjects: 3, getProject: 1}}}}\n")
    f.write("operations:\n  listProjects: {complexity: 20}\n  getProject: {complexity: 5}\n"
            "tiers:\n  api: {size: s-2vcpu-4gb, droplets: 2}\ndatabase: {plan: db-s-1vcpu-2gb}\n")
PY
    best=""
    for _ in $(seq "$rounds"); do
        start=$(date +%s.%N)
        OPENBLAS_NUM_THREADS=1 "$capsim" check "$work/g$n.yaml" > /dev/null
        end=$(date +%s.%N)
        t=$(python3 -c "print($end - $start)")
        best=$(python3 -c "print(min(float('$t'), float('${best:-inf}')))")
    done
    size=$(python3 -c "import os; print(os.path.getsize('$work/g$n.yaml') / 1048576)")
    python3 -c "print(f'{$n:<8} {$size:12.2f} {$best:12.3f} {$best / $n * 1e6:16.1f}')"
done
