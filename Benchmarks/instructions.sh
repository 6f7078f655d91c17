#!/usr/bin/env bash
# Instructions executed by `capsim run` on a 30-minute peak window of the baseline, counted
# by valgrind's cachegrind: a deterministic measure of work, where this VM's wall and CPU
# times drift by 20–30% between identical runs. Compare two binaries with it before timing
# them; a change that removes instructions but adds mispredicted branches or cache misses
# still needs Benchmarks/compare-binaries.sh.
#
#   Benchmarks/instructions.sh                         # .build/release/capsim
#   Benchmarks/instructions.sh OLD_BINARY NEW_BINARY   # both, and the ratio
#   HORIZON=1h Benchmarks/instructions.sh              # another window length
#
# Needs valgrind (apt-get install valgrind). Valgrind 3.19 cannot read the DWARF 5 debug
# information Swift writes, so the binary is measured from a copy stripped of it; capsim's
# re-execution with OPENBLAS_NUM_THREADS=1 is skipped by setting that variable first.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
binaries=("$@")
if [ ${#binaries[@]} -eq 0 ]; then
    source Benchmarks/capsim-binary.sh
    binaries=("$capsim")
fi
horizon="${HORIZON:-30m}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export OPENBLAS_NUM_THREADS=1
counts=()
for binary in "${binaries[@]}"; do
    strip --strip-debug -o "$scratch/capsim" "$binary"
    valgrind --tool=cachegrind --cache-sim=no --branch-sim=yes --cachegrind-out-file="$scratch/out" \
        "$scratch/capsim" run scenarios/baseline.yaml --horizon "$horizon" --replications 1 --jobs 1 \
        --set start=2026-11-30T08:00:00 --format json --out "$scratch/run.json" 2> "$scratch/log" > /dev/null
    instructions=$(grep -E "I +refs" "$scratch/log" | awk '{print $4}' | tr -d ,)
    mispredicts=$(grep -E "Mispredicts:" "$scratch/log" | awk '{print $3}' | tr -d ,)
    python3 -c "import sys; print(f'{sys.argv[1]:<40} instructions {int(sys.argv[2]):>15,}   simulated mispredicts {int(sys.argv[3]):>12,}')" \
        "$binary" "$instructions" "$mispredicts"
    counts+=("$instructions")
done
if [ ${#counts[@]} -eq 2 ]; then
    python3 -c "import sys; a, b = map(int, sys.argv[1:]); print(f'instructions, second / first: {b / a:.3f}')" "${counts[@]}"
fi
