"""The command line end to end, as a user runs it, at 10^4, 10^5 and 10^6 rows.

For each size: write a synthetic Check: RBMK CSV (benchmarks/make_csv.py), then time in
fresh processes, with no thread pinning and the environment the user has:

- Python's ``csv`` module reading the same file (the baseline);
- ``sigrbm batch FILE --instrument check-rbmk --out results.csv`` (read, check, score, write);
- ``sigrbm stats FILE --instrument check-rbmk --by program``.

Prints wall seconds, microseconds per row, peak memory (max RSS), CPU seconds (user +
system: what a shared machine's load disturbs least) and the ratios to the csv module in the
same run, then the per-row cost at the largest size over the smallest.

    python benchmarks/cli.py               # 10^4, 10^5, 10^6
    python benchmarks/cli.py --max 100000  # stop at 10^5
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
CSV_ONLY = (
    "import csv, sys\nfor _ in csv.reader(open(sys.argv[1], newline='', encoding='utf-8')): pass"
)


CPU: list[float] = []


def run(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, max RSS) of one fresh process (its CPU seconds are
    appended to CPU)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{err[:2000]}")
    CPU.append(usage.ru_utime + usage.ru_stime)
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--max", type=int, default=10**6)
    args = p.parse_args()
    sizes = [n for n in (10**4, 10**5, 10**6) if n <= args.max]
    py = sys.executable
    per_row: dict[int, float] = {}
    head = (
        f"{'rows':>9} {'csv s':>7} {'batch s':>8} {'µs/row':>7} {'×csv':>5} {'MB':>6}"
        f" {'stats s':>8} {'×csv':>5} {'MB':>6}   CPU s: {'csv':>5} {'batch':>6} {'stats':>6}"
    )
    print(head)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            data = os.path.join(tmp, f"rbmk-{n}.csv")
            out = os.path.join(tmp, f"results-{n}.csv")
            # in a child: Linux carries a parent's peak RSS into the children it starts, so
            # the parent stays small for the peak memory of each command to be its own
            run([py, str(HERE / "make_csv.py"), str(n), data])
            base, _ = run([py, "-c", CSV_ONLY, data])
            CPU.clear()
            run([py, "-c", CSV_ONLY, data])  # again: its CPU seconds
            sigrbm = [py, "-m", "sigrbm"]
            batch, batch_mb = run(
                [*sigrbm, "batch", data, "--instrument", "check-rbmk", "--out", out]
            )
            stats, stats_mb = run(
                [*sigrbm, "stats", data, "--instrument", "check-rbmk", "--by", "program"]
            )
            per_row[n] = batch / n * 1e6
            print(
                f"{n:>9,} {base:>7.2f} {batch:>8.2f} {per_row[n]:>7.1f} {batch / base:>5.1f}"
                f" {batch_mb:>6.0f} {stats:>8.2f} {stats / base:>5.1f} {stats_mb:>6.0f}"
                f"          {CPU[0]:>5.2f} {CPU[1]:>6.2f} {CPU[2]:>6.2f}"
            )
            os.unlink(out)
    if len(per_row) > 1:
        lo, hi = min(per_row), max(per_row)
        print(f"per-row cost of batch at {hi:,} over {lo:,}: {per_row[hi] / per_row[lo]:.2f}")


if __name__ == "__main__":
    main()
