"""Batch input: CSV (:mod:`sigrbm.batch.read_csv`), JSON Lines or a folder of case files.

CSV (one row per assessment, UTF-8, ``,`` or ``;`` separated, header required)::

    case_id,date,age,judgement,judgement_reason,judgement_author,judgement_date,program,…
    c-001,2026-02-03,15,medel,,,,eslov,,ja,3,nej,vet_ej,…

``case_id`` and ``date`` are required; ``age`` (or ``birth_year_month``) when the instrument
needs it; ``judgement`` (the assessor's level), ``program`` and the instrument's attribute
ids are optional (an override needs the three ``judgement_*`` columns); every other column
must be an item id. An empty cell is an unanswered
item. JSON Lines: one object per line with ``case_id``, ``date``, ``age`` /
``birth_year_month``, ``attributes``, ``answers``, ``judgement``, ``program``.

Every bad cell is reported with its line and column (``data.csv:12:7: rows[11].rbmk_kam_1:
'jaa' is not an option; …``). Bad rows are skipped only when the caller asks
(``skip_invalid``); the count of skipped rows is returned.
"""

from __future__ import annotations

import datetime as _dt
import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from sigrbm.batch.compile import Compiled
from sigrbm.batch.encoding import (
    UTF8,
    normal_encoding,
)
from sigrbm.batch.input import (
    BatchInput,
    Judged,
    further_scores,
)
from sigrbm.batch.read_csv import read_csv
from sigrbm.batch.read_jsonl import read_jsonl
from sigrbm.errors import Code, Problem


def read_case_folder(
    path: str | os.PathLike[str], compiled: Compiled
) -> tuple[BatchInput, list[Problem], int]:
    """Every assessment of the compiled instrument in a folder of case files (YAML/JSON)."""
    from sigrbm.case.model import check_case_file
    from sigrbm.scoring.check import check_and_compute

    inst = compiled.instrument
    files = sorted(p for p in Path(path).iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    bad = 0
    first: dict[tuple[str, _dt.date], str] = {}
    for f in files:
        case, smap, found = check_case_file(f)
        problems += found
        if case is None or found:
            bad += 1
            continue
        for i, a in enumerate(case.assessments):
            if a.instrument != inst.id:
                continue
            # the scalar path's checks, override included, located in the case file
            more, _ = check_and_compute(inst, a, smap, ("assessments", i))
            key = (case.case_id, a.date)
            if key in first:
                more.append(
                    smap.problem(
                        Code.CASE_DUPLICATE_ASSESSMENT,
                        ("assessments", i, "date"),
                        f"{first[key]} already has an assessment of case {case.case_id} with "
                        f"{inst.id} on {a.date}; merge them or correct the date",
                    )
                )
            first.setdefault(key, f.name)
            if more:
                problems += more
                bad += 1
                continue
            values = a.attribute_values()
            rows.append(
                {
                    "case_id": case.case_id,
                    "date": a.date,
                    "answers": a.answers,
                    "attrs": values,
                    "judgement": a.judgement.level if a.judgement else None,
                    "reason": a.judgement.reason if a.judgement else None,
                    "author": a.judgement.author if a.judgement else None,
                    "judged_on": a.judgement.date if a.judgement else None,
                    "further": a.judgements,
                }
            )
    from sigrbm.batch.compile import encode

    answers = (
        encode(compiled, [r["answers"] for r in rows])
        if rows
        else np.zeros((0, len(compiled.item_ids)), np.int32)
    )
    attributes: dict[str, npt.NDArray[Any]] = {
        "age": np.array([float(r["attrs"].get("age", np.nan)) for r in rows])
    }
    for attribute in inst.attributes:
        if attribute.id != "age":
            attributes[attribute.id] = np.array(
                [r["attrs"].get(attribute.id) for r in rows], dtype=object
            )
    data = BatchInput(
        [r["case_id"] for r in rows],
        [r["date"] for r in rows],
        answers,
        attributes,
        [r["judgement"] for r in rows],
        [None] * len(rows),
        [0] * len(rows),
        [r["reason"] for r in rows],
        [r["author"] for r in rows],
        [r["judged_on"] for r in rows],
        further={  # issue 13: each further judged score's judgements
            s: Judged(
                [r["further"][s].level if s in r["further"] else None for r in rows],
                [r["further"][s].reason if s in r["further"] else None for r in rows],
                [r["further"][s].author if s in r["further"] else None for r in rows],
                [r["further"][s].date if s in r["further"] else None for r in rows],
            )
            for s in further_scores(inst)
        },
    )
    return data, problems, bad


def read_input(
    path: str | os.PathLike[str],
    compiled: Compiled,
    *,
    delimiter: str | None = None,
    on_rows: Callable[[int], None] | None = None,
    encoding: str | None = None,
) -> tuple[BatchInput, list[Problem], int]:
    """A folder of case files, a ``.csv``, ``.jsonl`` or ``.xlsx`` file; ``-`` is CSV on standard
    input. ``delimiter`` (``,`` or ``;``) is read off the CSV header when not given;
    ``on_rows`` is called with the number of rows read after each chunk of a CSV;
    ``encoding`` is a CSV or JSON Lines file's text encoding (default UTF-8, issue 23; raises
    LookupError for a name Python does not know).

    Python's cyclic garbage collector is paused while reading: reading makes no reference
    cycles, but its millions of small objects made the collector walk the growing input again
    and again (about a third of the time of ``sigrbm stats`` at 10^6 rows)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_input(
            path, compiled, delimiter=delimiter, on_rows=on_rows, encoding=normal_encoding(encoding)
        )
    finally:
        if enabled:
            gc.enable()


def _read_input(
    path: str | os.PathLike[str],
    compiled: Compiled,
    *,
    delimiter: str | None,
    on_rows: Callable[[int], None] | None,
    encoding: str,
) -> tuple[BatchInput, list[Problem], int]:
    if encoding != UTF8 and not Path(path).is_dir() and Path(path).suffix.lower() != ".xlsx":
        if Path(path).suffix.lower() in (".jsonl", ".ndjson"):
            return read_jsonl(path, compiled, encoding=encoding, on_rows=on_rows)
        # another encoding than UTF-8: the csv module reads it (the byte reader is UTF-8's)
        return read_csv(path, compiled, delimiter=delimiter, on_rows=on_rows, encoding=encoding)
    if os.fspath(path) == "-":
        from sigrbm.batch.read_bytes import read_csv_bytes

        got = read_csv_bytes("-", compiled, delimiter=delimiter, on_rows=on_rows)
        assert got is not None  # standard input is always read there
        return got
    p = Path(path)
    if p.is_dir():
        return read_case_folder(p, compiled)
    if p.suffix.lower() in (".jsonl", ".ndjson"):
        return read_jsonl(p, compiled, on_rows=on_rows)
    if p.suffix.lower() == ".xlsx":
        from sigrbm.batch.read_xlsx import read_xlsx

        return read_xlsx(p, compiled)
    from sigrbm.batch.read_bytes import read_csv_bytes

    plain = read_csv_bytes(p, compiled, delimiter=delimiter, on_rows=on_rows)  # numpy on bytes
    if plain is not None:
        return plain
    return read_csv(p, compiled, delimiter=delimiter, on_rows=on_rows)
