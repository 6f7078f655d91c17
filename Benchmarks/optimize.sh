#!/usr/bin/env bash
# The optimizer against the exhaustive answer on scenarios/optimize-baseline.yaml (issue 12):
#   1. the search (`capsim optimize`), its wall time and simulated requests;
#   2. every valid configuration at full fidelity (`--exhaustive`), the same;
#   3. the search's plan re-checked with 20 replications and another seed (`plan check`).
# Prints the plan's cost against the exhaustive optimum (target: within 5%), the share of
# the exhaustive search's requests the search used (target: at most 15%), the search's wall
# time on this machine (target: under 2 minutes on 2 cores) and the 20-replication verdict.
#
#   Benchmarks/optimize.sh            # JOBS=2; EXHAUSTIVE=0 skips step 2 (about 15 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/capsim-binary.sh
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
jobs=${JOBS:-2}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
scenario=scenarios/optimize-baseline.yaml
/usr/bin/time -f "%e %U" -o "$scratch/search.time" \
    "$capsim" optimize "$scenario" --no-db --jobs "$jobs" --format json --out "$scratch/plan.yaml" > "$scratch/search.json"
if [ "${EXHAUSTIVE:-1}" = 1 ]; then
    /usr/bin/time -f "%e %U" -o "$scratch/exhaustive.time" \
        "$capsim" optimize "$scenario" --no-db --jobs "$jobs" --format json --exhaustive > "$scratch/exhaustive.json"
fi
"$capsim" plan check "$scratch/plan.yaml" "$scenario" --replications 20 --seed 987654321 --jobs "$jobs" > "$scratch/check.txt" \
    && check_status=0 || check_status=$?
python3 - "$scratch" "$check_status" <<'PY'
import json, os, sys
scratch, check_status = sys.argv[1], int(sys.argv[2])
search = json.load(open(f"{scratch}/search.json"))
wall, user = map(float, open(f"{scratch}/search.time").read().split())
s = search["search"]
print(f"search: {search['label']} at ${search['cost']['monthlyUSD']:.2f}/month, status {search['status']}")
print(f"  {s['trials']} trials, {s['requests']:,} simulated requests, {s['simulatedCandidates']} candidates simulated, "
      f"{s['screenedOut']} screened out, {s['probedOut']} failed the probe, {s['ruledOutByModel']} ruled out by the model")
print(f"  wall {wall:.1f} s (user {user:.1f} s) for the whole command: search, verification, sensitivity, re-plan month")
if os.path.exists(f"{scratch}/exhaustive.json"):
    exhaustive = json.load(open(f"{scratch}/exhaustive.json"))
    ewall, euser = map(float, open(f"{scratch}/exhaustive.time").read().split())
    e = exhaustive["search"]
    print(f"exhaustive: {exhaustive['label']} at ${exhaustive['cost']['monthlyUSD']:.2f}/month")
    print(f"  {e['trials']} trials, {e['requests']:,} simulated requests, wall {ewall:.1f} s (user {euser:.1f} s)")
    excess = search["cost"]["monthlyUSD"] / exhaustive["cost"]["monthlyUSD"] - 1
    share = s["requests"] / e["requests"]
    print(f"plan cost against the exhaustive optimum: {excess * 100:+.2f}% (target within 5%)")
    print(f"search requests / exhaustive requests: {share * 100:.1f}% (target at most 15%)")
print(f"20-replication check with seed 987654321: {'met' if check_status == 0 else 'MISSED (exit %d)' % check_status}")
print(open(f"{scratch}/check.txt").read())
PY
