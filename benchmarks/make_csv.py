"""Write a synthetic Check: RBMK batch CSV of N rows (valid, as a user's export would be).

    python benchmarks/make_csv.py N OUT.csv [--delimiter ';']

Rows: ``N // 3`` persons assessed up to three times, ages 12–24, four programs, 5 % "vet ej",
items that do not apply left empty, and the assessor's judgement equal to the computed
level (so that no override needs a reason).
"""

from __future__ import annotations

import argparse
import csv

import numpy as np

from sigrbm.batch.bands import applies
from sigrbm.batch.compile import UNANSWERED, compile_instrument
from sigrbm.batch.kernel import score_batch
from sigrbm.instrument.load import load_instrument

PROGRAMS = ("eslov", "malmo", "stockholm", "umea")


def write(n: int, out: str, delimiter: str = ",", seed: int = 2026) -> None:
    """Write ``n`` rows to ``out``."""
    inst = load_instrument("check-rbmk")
    c = compile_instrument(inst)
    rng = np.random.default_rng(seed)
    m = len(c.item_ids)
    a = np.empty((n, m), dtype=np.int32)
    for k in range(m):
        options = int(np.sum(~np.isnan(c.values[k])))
        a[:, k] = rng.integers(0, 6 if c.is_count[k] else options, size=n)
    a[rng.random((n, m)) < 0.05] = -1
    person = np.arange(n) // 3
    ages = (12 + person % 13).astype(float)
    for k, conds in c.applies_when.items():
        a[applies(conds, {"age": ages}, n) == 0, k] = UNANSWERED
    res = score_batch(c, a, {"age": ages})
    judgement = ""
    if inst.judgement is not None:
        t = c.target(inst.judgement.score)
        order = np.array([*c.level_sets[t], ""], dtype=object)
        lvl = np.where(res.level_low[:, t] == res.level_high[:, t], res.level_low[:, t], -1)
        judgement_col = order[np.where(lvl < 0, 0, lvl)]  # undetermined: the lowest, with reason
        needs_reason = lvl < 0
        judgement = "x"
    cols: list[np.ndarray] = []
    for k in range(m):
        table = {v: code for code, v in c.codes[k].items()}
        top = int(a[:, k].max())
        lut = np.array(
            [
                ""
                if v == UNANSWERED
                else (str(v) if c.is_count[k] and v >= 0 else table.get(v, ""))
                for v in range(UNANSWERED, top + 1)
            ],
            dtype=object,
        )
        cols.append(lut[a[:, k] - UNANSWERED])
    day = np.datetime64("2025-01-01") + (np.arange(n) % 3) * 120 + person % 90
    header = ["case_id", "date", "age", "program", *c.item_ids]
    fixed = [
        np.char.add("p", person.astype(str)).astype(object),
        day.astype(str).astype(object),
        ages.astype(int).astype(str).astype(object),
        np.array(PROGRAMS, dtype=object)[person % len(PROGRAMS)],
    ]
    if judgement:
        header += ["judgement", "judgement_reason", "judgement_author", "judgement_date"]
        fixed_j = [
            judgement_col,
            np.where(needs_reason, "see the case file", ""),
            np.where(needs_reason, "assessor-1", ""),
            np.where(needs_reason, day.astype(str), ""),
        ]
    else:
        fixed_j = []
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header[:4] + header[4 + m :] + list(c.item_ids))
        block = 50_000
        for s in range(0, n, block):
            e = min(n, s + block)
            w.writerows(
                zip(
                    *(col[s:e] for col in fixed),
                    *(col[s:e] for col in fixed_j),
                    *(col[s:e] for col in cols),
                    strict=True,
                )
            )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("n", type=int)
    p.add_argument("out")
    p.add_argument("--delimiter", default=",")
    args = p.parse_args()
    write(args.n, args.out, args.delimiter)


if __name__ == "__main__":
    main()
