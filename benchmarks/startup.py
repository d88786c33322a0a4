"""Start-up benchmark: `sigrbm score` on the bundled example case against `python -c pass`.

Issue target: the score command takes less than twice as long as a bare interpreter start,
measured side by side on the same machine; issue 23: ``--version`` and ``--help`` at most 5×.
Runs the commands interleaved, N times each,
and prints medians and their ratio. Not a test: timings vary between machines.

    python benchmarks/startup.py [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "instruments" / "examples" / "case-rbmk.yaml"


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "sigrbm --version": [sys.executable, "-m", "sigrbm", "--version"],  # issue 23: ≤ 5×
        "sigrbm --help": [sys.executable, "-m", "sigrbm", "--help"],  # issue 23: ≤ 5×
        "sigrbm score (text)": [sys.executable, "-m", "sigrbm", "score", str(CASE)],
        "sigrbm score --format json": [
            sys.executable,
            "-m",
            "sigrbm",
            "score",
            str(CASE),
            "--format",
            "json",
        ],
        "sigrbm validate check-rbmk": [
            sys.executable,
            "-m",
            "sigrbm",
            "validate",
            str(ROOT / "instruments" / "check-rbmk.yaml"),
        ],
    }
    for cmd in commands.values():  # warm the file cache
        _time(cmd)
    samples: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(n):
        for name, cmd in commands.items():
            samples[name].append(_time(cmd))
    base = statistics.median(samples["python -c pass"])
    print(f"{'command':32s} {'median ms':>10s} {'ratio':>7s}   (n={n})")
    for name, xs in samples.items():
        med = statistics.median(xs)
        print(f"{name:32s} {med * 1000:10.1f} {med / base:7.2f}")


if __name__ == "__main__":
    main()
