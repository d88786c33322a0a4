"""Issue 23: what the spreadsheet options cost, end to end through the command line.

At N rows (default 10^6) of the synthetic Check: RBMK CSV (benchmarks/make_csv.py), in fresh
processes: ``batch`` as before (UTF-8, the byte reader, plain CSV out), ``batch --excel-sv``
(';', decimal comma, byte order mark), and ``batch --encoding cp1252`` (the csv module reader,
which every encoding but UTF-8 takes). Prints wall seconds, peak memory and the ratio to the
plain run.

    python benchmarks/spreadsheet.py [N]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent


def run(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed:\n{err[:2000]}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10**6
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        data, out = os.path.join(tmp, "rbmk.csv"), os.path.join(tmp, "out.csv")
        run([py, str(HERE / "make_csv.py"), str(n), data])
        batch = [py, "-m", "sigrbm", "batch", data, "--instrument", "check-rbmk", "--out", out]
        runs = {
            "batch (UTF-8, plain CSV)": batch,
            "batch --excel-sv": [*batch, "--excel-sv"],
            "batch --encoding cp1252": [*batch, "--encoding", "cp1252"],
        }
        base = None
        print(f"{n:,} rows")
        for name, argv in runs.items():
            seconds, mb = run(argv)
            base = base or seconds
            print(f"  {name:<28} {seconds:>7.2f} s {mb:>7.0f} MB  ×{seconds / base:.2f}")


if __name__ == "__main__":
    main()
