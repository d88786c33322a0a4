"""Reading a batch CSV in process, as a ratio to Python's csv module reading the same file.

Times, in one process and run, on a synthetic Check: RBMK file (benchmarks/make_csv.py):

- ``csv``: the csv module reading every row (the baseline);
- ``tokenise``: the reader's own loop without the checks (each chunk's records from the csv
  module, every cell turned into a token id);
- ``read_csv``: :func:`sigrbm.batch.read_csv.read_csv`, the plain-install reader, with every
  check (including the scoring of the override check).

Each is the best of ``--repeat`` runs (the machine is shared; best-of is the least noisy).

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
from sigrbm.instrument.load import load_instrument


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
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

        def full() -> None:
            enabled = gc.isenabled()
            gc.disable()  # as read_input does
            try:
                _, problems, _ = reader.read_csv(path, compiled)
            finally:
                if enabled:
                    gc.enable()
            assert not problems

        base = best(plain, args.repeat)
        tok = best(tokenise, args.repeat)
        whole = best(full, args.repeat)
    print(f"{args.rows:,} rows: csv module {base:.2f} s")
    print(f"  records + tokenise {tok:.2f} s = {tok / base:.2f}× csv module")
    print(f"  read_csv with every check {whole:.2f} s = {whole / base:.2f}× csv module")


if __name__ == "__main__":
    main()
