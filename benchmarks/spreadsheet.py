"""Issue 23: what the spreadsheet options and JSON Lines cost, end to end on the command line.

At N rows (default 10^6) of the synthetic Check: RBMK CSV (benchmarks/make_csv.py), in fresh
processes: ``batch`` as before (UTF-8, the byte reader, plain CSV out), ``batch --excel-sv``
(';', decimal comma, byte order mark), and ``batch --encoding cp1252`` (the csv module reader,
which every encoding but UTF-8 takes) and ``batch`` on the same rows as JSON Lines. Prints
wall and CPU seconds, peak memory and the ratios to the plain run.

    python benchmarks/spreadsheet.py [N [REPEAT]]

(each run the least of REPEAT runs, default 1). JSON Lines are read by numpy on the bytes
(issue 23); ``JSON Lines, the decoder`` reads the same file with ``--encoding cp1252``, which
sends every line through the JSON decoder as before (the file is ASCII, so it reads the same).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent


def to_jsonl(csv_path: str, out: str) -> None:
    """The same rows as JSON Lines: answers under ``answers``, counts as numbers."""
    import csv
    import json

    fixed = {"case_id", "date", "age", "program", "judgement", "judgement_reason",
             "judgement_author", "judgement_date"}  # fmt: skip
    with open(csv_path, newline="", encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
        for row in csv.DictReader(f):
            obj: dict[str, object] = {k: v for k, v in row.items() if k in fixed and v}
            if "age" in obj:
                obj["age"] = int(row["age"])
            obj["answers"] = {
                k: int(v) if v.isdigit() else v for k, v in row.items() if k not in fixed and v
            }
            o.write(json.dumps(obj, ensure_ascii=False) + "\n")


CPU: list[float] = []


def run(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one fresh process (CPU seconds into CPU)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed:\n{err[:2000]}")
    CPU.append(usage.ru_utime + usage.ru_stime)
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10**6
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        data, out = os.path.join(tmp, "rbmk.csv"), os.path.join(tmp, "out.csv")
        run([py, str(HERE / "make_csv.py"), str(n), data])
        lines = os.path.join(tmp, "rbmk.jsonl")
        to_jsonl(data, lines)
        batch = [py, "-m", "sigrbm", "batch", data, "--instrument", "check-rbmk", "--out", out]
        runs = {
            "batch (UTF-8, plain CSV)": batch,
            "batch --excel-sv": [*batch, "--excel-sv"],
            "batch --encoding cp1252": [*batch, "--encoding", "cp1252"],
            "batch on JSON Lines": [*batch[:4], lines, *batch[5:]],
            # every line through the JSON decoder, as before the byte reader (issue 23)
            "JSON Lines, the decoder": [*batch[:4], lines, *batch[5:], "--encoding", "cp1252"],
        }
        base = cpu_base = None
        print(f"{n:,} rows")
        for name, argv in runs.items():
            CPU.clear()
            seconds, mb = min(run(argv) for _ in range(repeat))  # the least of each
            CPU[:] = [min(CPU)]
            base, cpu_base = base or seconds, cpu_base or CPU[0]
            print(
                f"  {name:<28} {seconds:>7.2f} s (×{seconds / base:.2f})  CPU {CPU[0]:>6.2f} s"
                f" (×{CPU[0] / cpu_base:.2f})  {mb:>6.0f} MB"
            )


if __name__ == "__main__":
    main()
