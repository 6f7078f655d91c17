#!/usr/bin/env bash
# A/B timing of two capsim binaries on the same arguments, interleaved round by round so
# that this VM's drifting speed hits both alike. Prints the minimum and median user CPU
# seconds of each and the median ratio of paired runs.
#
#   Benchmarks/compare-binaries.sh OLD NEW ROUNDS run scenarios/baseline.yaml --horizon 6h \
#       --replications 1 --jobs 1 --set start=2026-11-30T08:00:00
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 4 ] || { echo "usage: $0 BINARY_A BINARY_B ROUNDS CAPSIM_ARGUMENTS..." >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
a=$1; b=$2; rounds=$3; shift 3
scratch=$(mktemp)
trap 'rm -f "$scratch" "$scratch.t"' EXIT
for _ in $(seq "$rounds"); do
    /usr/bin/time -f "%U" -o "$scratch.t" "$a" "$@" > /dev/null; ta=$(cat "$scratch.t")
    /usr/bin/time -f "%U" -o "$scratch.t" "$b" "$@" > /dev/null; tb=$(cat "$scratch.t")
    echo "$ta $tb" >> "$scratch"
done
python3 - "$scratch" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
a = [r[0] for r in rows]; b = [r[1] for r in rows]
print(f"A min {min(a):.2f} median {statistics.median(a):.2f} | B min {min(b):.2f} median {statistics.median(b):.2f} | "
      f"B/A of minima {min(b) / min(a):.3f}, median paired ratio {statistics.median(y / x for x, y in rows):.3f}")
PY
