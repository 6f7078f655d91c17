#!/usr/bin/env python3
"""Derives scenarios/business-hours-history.csv, the history the predictive policy learns
from, from capsim's own traffic of the week before (business-hours-history-exact.csv).

A forecast trained on the simulator's own profile is exact, which makes predictive scaling
look better than it can be. Last week's real traffic differs from this week's, so the
history is perturbed in three stated ways:

- level: last week ran 10% below this one (growth and season), every hour x 0.90;
- holiday: Thursday 2026-11-26 was Thanksgiving (US): each of its hours takes the
  Saturday value of the same hour; the Friday after runs at 60% of an ordinary Friday;
- noise: each hour x exp(N(0, 0.10^2)), independent, seed 20261123.

Run: python3 scripts/perturb-history.py > scenarios/business-hours-history.csv
"""
import math
import random
import sys
from pathlib import Path

LEVEL = 0.90
HOLIDAY_DAY = 3          # Thursday, days from Monday 2026-11-23
FRIDAY_AFTER_FACTOR = 0.60
NOISE_SIGMA = 0.10
SEED = 20261123

source = Path(__file__).resolve().parent.parent / "scenarios" / "business-hours-history-exact.csv"
values = []
for line in source.read_text().splitlines():
    if not line or line.startswith("#") or line.startswith("hour_start"):
        continue
    hour, rate = line.split(",")
    values.append(float(rate))
if len(values) != 168:
    sys.exit(f"expected 168 hourly values in {source}, found {len(values)}")

rng = random.Random(SEED)
out = []
for index, rate in enumerate(values):
    day, hour = divmod(index, 24)
    if day == HOLIDAY_DAY:
        rate = values[5 * 24 + hour]          # Saturday, same hour
    elif day == HOLIDAY_DAY + 1:
        rate *= FRIDAY_AFTER_FACTOR
    rate *= LEVEL * math.exp(rng.gauss(0.0, NOISE_SIGMA))
    out.append(rate)

print("# Hourly requests/s reaching the API tier in the week before scenarios/business-hours.yaml starts")
print("# (Monday 2026-11-23 00:00 to Sunday 2026-11-29 24:00, America/New_York), oldest first.")
print("# Derived by scripts/perturb-history.py from business-hours-history-exact.csv (capsim's own traffic):")
print(f"# level x{LEVEL:.2f}; Thanksgiving Thursday at Saturday's hours, Friday x{FRIDAY_AFTER_FACTOR:.2f};")
print(f"# hourly noise x exp(N(0, {NOISE_SIGMA:.2f}^2)), seed {SEED}.")
print("hour_start,requests_per_second")
for index, rate in enumerate(out):
    print(f"{index},{rate:.4f}")
