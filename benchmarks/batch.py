"""Batch benchmark: score_batch against a loop over score() on Check: RBMK.

Prints assessments per second for ``score_batch`` and for a loop over
``sigrbm.scoring.compute`` (the scoring core of ``score()``), and their ratio, for
n = 10^3 … 10^6; and the time to read and score a CSV of 10^5 rows. The scalar loop is
timed on up to 2,000 assessments: its rate does not depend on n, so larger n use that
rate (said in the output). Run as users run it: no BLAS thread pinning (the kernel uses
no BLAS, see benchmarks/kernel_products.py).

    python benchmarks/batch.py
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
import time

import numpy as np

from sigrbm import load_instrument
from sigrbm.batch.bands import applies
from sigrbm.batch.compile import UNANSWERED, compile_instrument
from sigrbm.batch.kernel import score_batch
from sigrbm.batch.read import read_csv
from sigrbm.case.model import Assessment
from sigrbm.scoring.score import compute


def synthetic(compiled, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """Random valid answers (5 % missing) and ages 12–24."""
    m = len(compiled.item_ids)
    a = np.empty((n, m), dtype=np.int8)
    for k in range(m):
        options = int(np.sum(~np.isnan(compiled.values[k])))
        a[:, k] = rng.integers(0, 6 if compiled.is_count[k] else options, size=n)
    a[rng.random((n, m)) < 0.05] = -1
    ages = rng.integers(12, 25, size=n).astype(float)
    for k, conds in compiled.applies_when.items():  # leave out what does not apply
        a[applies(conds, {"age": ages}, n) == 0, k] = UNANSWERED
    return a, ages


def decode(compiled, row: np.ndarray) -> dict[str, str | int]:  # type: ignore[no-untyped-def]
    out: dict[str, str | int] = {}
    for k, v in enumerate(row):
        if v == UNANSWERED:
            continue
        if compiled.is_count[k] and v >= 0:
            out[compiled.item_ids[k]] = int(v)
        else:
            out[compiled.item_ids[k]] = next(c for c, e in compiled.codes[k].items() if e == v)
    return out


def main() -> None:
    inst = load_instrument("check-rbmk")
    compiled = compile_instrument(inst)
    rng = np.random.default_rng(2026)
    loop_n = 2000
    a, ages = synthetic(compiled, loop_n, rng)
    assessments = [
        Assessment(
            instrument=inst.id,
            version=inst.version,
            date=dt.date(2026, 1, 1),
            assessor="bench",
            age=int(ages[i]),
            answers=decode(compiled, a[i]),
        )
        for i in range(loop_n)
    ]
    start = time.perf_counter()
    for x in assessments:
        compute(inst, x)
    loop_rate = loop_n / (time.perf_counter() - start)
    print(f"loop over score() (compute), {loop_n} assessments: {loop_rate:,.0f} per second")
    print(f"{'n':>9}  {'score_batch /s':>15}  {'loop /s':>10}  {'ratio':>7}")
    for n in (10**3, 10**4, 10**5, 10**6):
        a, ages = synthetic(compiled, n, rng)
        best = 0.0
        for _ in range(3):
            start = time.perf_counter()
            score_batch(compiled, a, {"age": ages})
            best = max(best, n / (time.perf_counter() - start))
        note = "" if n <= loop_n else " (loop rate measured at 2,000)"
        print(f"{n:>9,}  {best:>15,.0f}  {loop_rate:>10,.0f}  {best / loop_rate:>7.0f}{note}")
    n = 10**5
    a, ages = synthetic(compiled, n, rng)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rbmk.csv")
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["case_id", "date", "age", *compiled.item_ids])
            lookup = [
                {v: c for c, v in compiled.codes[k].items()} for k in range(len(compiled.item_ids))
            ]
            for i in range(n):
                cells = [
                    ""
                    if v == UNANSWERED
                    else (str(int(v)) if compiled.is_count[k] and v >= 0 else lookup[k][int(v)])
                    for k, v in enumerate(a[i])
                ]
                w.writerow([f"c{i}", "2026-01-01", int(ages[i]), *cells])
        start = time.perf_counter()
        data, problems, _ = read_csv(path, compiled)
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        score_batch(compiled, data.answers, data.attributes)
        score_s = time.perf_counter() - start
    assert not problems, problems[:3]
    print(f"CSV of {n:,} rows: read {read_s:.2f} s, scored {score_s:.2f} s")


if __name__ == "__main__":
    main()
