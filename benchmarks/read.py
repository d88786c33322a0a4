"""Reading a batch CSV in process, as a ratio to Python's csv module reading the same file.

Times, in one process and run, on a synthetic Check: RBMK file (benchmarks/make_csv.py):

- ``csv``: the csv module reading every row (the baseline);
- ``tokenise``: the reader's own loop without the checks (each chunk's records from the csv
  module, every cell turned into a token id);
- ``bytes``: :func:`sigrbm.batch.read_bytes.read_csv_bytes`, the plain install's reader (numpy
  on the file's bytes), up to the columns, without the checks that need every row;
- ``read_csv`` / ``read_csv_bytes``: the csv module path and the bytes reader with every
  check (including the scoring of the override check, which ``batch`` and ``stats`` reuse).

Each is the best of ``--repeat`` runs, timed as CPU seconds of this process (the machine is
shared: CPU time is what another process's load disturbs least; wall time is printed too).

    python benchmarks/read.py 100000
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from itertools import chain, islice
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from make_csv import write

from sigrbm.batch import read_csv as reader
from sigrbm.batch.compile import compile_instrument
from sigrbm.batch.kernel import score_batch
from sigrbm.batch.read_bytes import read_csv_bytes
from sigrbm.instrument.load import load_instrument

WALL: dict[str, float] = {}


def best(fn: Callable[[], object], repeat: int, name: str = "") -> float:
    """The least CPU time of ``repeat`` runs (the least wall time kept in WALL[name])."""
    times, walls = [], []
    for _ in range(repeat):
        start, wall = time.process_time(), time.perf_counter()
        fn()
        times.append(time.process_time() - start)
        walls.append(time.perf_counter() - wall)
    WALL[name] = min(walls)
    return min(times)


def quiet(read: Callable[[], object]) -> None:
    """Run a reader as read_input does (the cyclic GC paused); the file must be clean."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        got = read()
    finally:
        if enabled:
            gc.enable()
    assert isinstance(got, tuple)
    assert not got[1], got[1][:3]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("rows", type=int, nargs="?", default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    compiled = compile_instrument(load_instrument("check-rbmk"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rbmk.csv")
        write(args.rows, path)

        def plain() -> None:
            with open(path, newline="", encoding="utf-8") as fh:
                for _ in csv.reader(fh):
                    pass

        def tokenise() -> None:
            enabled = gc.isenabled()
            gc.disable()  # as read_input does
            try:
                with open(path, newline="", encoding="utf-8-sig") as fh:
                    fh.readline()
                    while raw := list(islice(fh, reader.CHUNK_ROWS)):
                        records, _ = reader._records(raw, ",", 2)
                        tokens: defaultdict[str, int] = defaultdict()
                        tokens.default_factory = tokens.__len__
                        cells = chain.from_iterable(records)
                        np.fromiter(map(tokens.__getitem__, cells), dtype=np.int64)
            finally:
                if enabled:
                    gc.enable()

        def plain_bytes() -> None:
            saved = reader.Reading.finish
            reader.Reading.finish = lambda self: (  # type: ignore[method-assign]
                reader.concat(self.parts, self.compiled),
                [],
                0,
            )
            try:
                quiet(lambda: read_csv_bytes(path, compiled))
            finally:
                reader.Reading.finish = saved  # type: ignore[method-assign]

        def full_bytes() -> None:
            quiet(lambda: read_csv_bytes(path, compiled))

        def full() -> None:
            quiet(lambda: reader.read_csv(path, compiled))

        base = best(plain, args.repeat, "csv")
        tok = best(tokenise, args.repeat, "tok")
        raw = best(plain_bytes, args.repeat, "bytes")
        whole = best(full, args.repeat, "full")
        whole_bytes = best(full_bytes, args.repeat, "full_bytes")
        got = read_csv_bytes(path, compiled)
        assert got is not None
        data = got[0]
        scoring = best(
            lambda: score_batch(compiled, data.answers, data.attributes), args.repeat, "score"
        )
    report(
        args.rows,
        {
            "csv": base,
            "tok": tok,
            "bytes": raw,
            "full": whole,
            "full_bytes": whole_bytes,
            "score": scoring,
        },
    )


def report(rows: int, cpu: dict[str, float]) -> None:
    """Print the CPU seconds of each stage as a ratio to the csv module's."""
    base = cpu["csv"]
    print(f"{rows:,} rows, CPU seconds (wall): csv module {base:.2f} s ({WALL['csv']:.2f})")
    for label, key in (
        ("csv module records + tokenise", "tok"),
        ("bytes reader up to the columns", "bytes"),
        ("read_csv (csv module) with every check", "full"),
        ("read_csv_bytes with every check", "full_bytes"),
        ("  of which scoring (batch/stats reuse it)", "score"),
    ):
        t = cpu[key]
        print(f"  {label:<40} {t:6.2f} s = {t / base:.2f}× csv module ({WALL[key]:.2f} s wall)")
    rest = cpu["full_bytes"] - cpu["score"]
    print(f"  {'  the rest: reading and checks':<40} {rest:6.2f} s = {rest / base:.2f}× csv module")


if __name__ == "__main__":
    main()
