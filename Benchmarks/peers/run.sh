#!/usr/bin/env bash
# The M/M/4 peer comparison: the same queue (λ = 3.6/s, μ = 1/s, c = 4, ρ = 0.9, about one
# million customers, seeded) in SimPy, Ciw and capsim, in one go. Prints a table: tool,
# customers, seconds, customers/s, mean wait, the Erlang C value Wq = 1.969383 s, the relative
# error of the mean wait, and capsim's customers/s over the tool's.
#
#   Benchmarks/peers/run.sh              # 1,000,000 customers, seed 36
#   Benchmarks/peers/run.sh 200000 7     # fewer customers (SimPy and Ciw only), another seed
#
# The first run creates Benchmarks/peers/.venv and installs SimPy 4.1.1 and Ciw 3.2.7 into it.
# capsim runs scenarios/validation/mmc-peers.yaml (horizon 3d5h9m38s = 1,000,000 / 3.6 s,
# warm-up 10m, one replication, --jobs 1). Seconds are the simulation's wall time: imports
# and interpreter start excluded for the Python tools, `wallSeconds` of the JSON for capsim.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
customers="${1:-1000000}"
seed="${2:-36}"

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet simpy==4.1.1 ciw==3.2.7 >&2
fi

cd "$root"
source Benchmarks/capsim-binary.sh

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
echo "SimPy: $customers customers..." >&2
"$venv/bin/python" "$here/mmc_simpy.py" "$customers" "$seed" > "$results/simpy.json"
echo "Ciw: $customers customers..." >&2
"$venv/bin/python" "$here/mmc_ciw.py" "$customers" "$seed" > "$results/ciw.json"
echo "capsim: scenarios/validation/mmc-peers.yaml..." >&2
"$capsim" run scenarios/validation/mmc-peers.yaml --seed "$seed" \
    --replications 1 --jobs 1 --format json --out "$results/capsim.json"

"$venv/bin/python" - "$results" <<'PY'
import json, os, sys
folder = sys.argv[1]
ERLANG_C_WQ = 1.969383  # Wq for λ = 3.6, μ = 1, c = 4
d = json.load(open(os.path.join(folder, "capsim.json")))
capsim = {
    "tool": "capsim",
    "customers": d["requests"]["total"],
    "seconds": d["wallSeconds"],
    "meanWait": d["tiers"]["api"]["queueWaitMs"]["mean"] / 1000,
}
capsim["customersPerSecond"] = capsim["customers"] / capsim["seconds"]
rows = [json.load(open(os.path.join(folder, name))) for name in ("simpy.json", "ciw.json")]
rows.append(capsim)
header = ("tool", "customers", "seconds", "customers/s", "mean wait (s)", "Erlang C (s)",
          "rel. error", "capsim ×")
print("| " + " | ".join(header) + " |")
print("| --- | " + " | ".join("---:" for _ in header[1:]) + " |")
for row in rows:
    error = (row["meanWait"] - ERLANG_C_WQ) / ERLANG_C_WQ
    ratio = capsim["customersPerSecond"] / row["customersPerSecond"]
    print(f"| {row['tool']} | {row['customers']:,} | {row['seconds']:.2f} | "
          f"{row['customersPerSecond']:,.0f} | {row['meanWait']:.4f} | {ERLANG_C_WQ:.6f} | "
          f"{error:+.2%} | {ratio:.1f} |")
PY
