"""Time the synthetic authority: simulation alone, and simulation plus loading into SQLite.

    .venv/bin/python bench/synth_speed.py [--population 60000] [--years 5]

Prints seconds for each stage. Not a test: run it on a quiet machine and record the result in
bench/RESULTS.md. Whole-command timings are taken with `farm-bench` (see RESULTS.md).
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from opencsc.synth import simulate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--population", type=int, default=60000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = []
    for seed in range(1, args.repeat + 1):
        t0 = time.perf_counter()
        tables = simulate(args.population, args.years, seed, end_date=date(2026, 3, 31))
        times.append(time.perf_counter() - t0)
    rows = sum(df.height for df in tables.values())
    print(
        f"simulate({args.population}, {args.years}): {min(times):.2f}s min, "
        f"{sorted(times)[len(times) // 2]:.2f}s median over {args.repeat} seeds; {rows:,} rows"
    )


if __name__ == "__main__":
    main()
