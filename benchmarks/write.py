"""Writing batch results (issue 23, round 2): CPU seconds of ``write_columns`` in one process.

Reads and scores N rows of the synthetic Check: RBMK CSV (benchmarks/make_csv.py) once, then
times, as the least CPU time of ``--repeat`` runs (the machine is shared: CPU time is what
another process's load disturbs least), writing the results as plain CSV, as CSV for Swedish
spreadsheet programs (``--excel-sv``) and as JSON Lines, and building the result columns
alone (what every writer needs before any text is made).

    python benchmarks/write.py 1000000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_csv import write

from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.encoding import EXCEL_SV, PLAIN_CSV, CsvStyle
from sigrbm.batch.kernel import score_batch
from sigrbm.batch.read import read_input
from sigrbm.batch.write import BLOCK, ResultColumns, result_columns, write_columns
from sigrbm.instrument.load import load_instrument


def best(fn: Callable[[], object], repeat: int) -> float:
    """The least CPU seconds of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("rows", type=int, nargs="?", default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    compiled = compile_instrument(load_instrument("check-rbmk"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rbmk.csv")
        write(args.rows, path)
        data, problems, _ = read_input(path, compiled)
        assert not problems, problems[:3]
        cols = result_columns(data, score_batch(compiled, data.answers, data.attributes))

        def to(fmt: str, style: CsvStyle) -> Callable[[], None]:
            def run() -> None:
                with open(os.path.join(tmp, "out"), "w", encoding="utf-8", newline="") as fh:
                    write_columns(cols, fmt, fh, style=style)

            return run

        def columns(c: ResultColumns = cols) -> None:
            for s in range(0, len(c), BLOCK):
                c.parts(s, s + BLOCK)

        print(f"{args.rows:,} results, CPU seconds (least of {args.repeat}):")
        for label, fn in (
            ("result columns alone", columns),
            ("CSV", to("csv", PLAIN_CSV)),
            ("CSV --excel-sv", to("csv", EXCEL_SV)),
            ("JSON Lines", to("jsonl", PLAIN_CSV)),
        ):
            print(f"  {label:<22} {best(fn, args.repeat):6.2f} s")


if __name__ == "__main__":
    main()
