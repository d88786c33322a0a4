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

import csv
import datetime as _dt
import gc
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.compile import Compiled
from sigrbm.batch.encoding import (
    UTF8,
    first_undecodable,
    normal_encoding,
    text_encoding,
    undecodable,
)
from sigrbm.batch.input import (
    FIXED_COLUMNS,
    JUDGED_SUFFIXES,
    LINE_CODES,
    BatchInput,
    Judged,
    empty_input,
    further_columns,
    further_scores,
)
from sigrbm.batch.read_csv import read_csv
from sigrbm.errors import Code, Problem
from sigrbm.reading.scalars import ScalarError, magnitude_problem, parse_float
from sigrbm.reading.source import MAX_DEPTH
from sigrbm.reading.structure import did_you_mean


def read_jsonl(
    path: str | os.PathLike[str], compiled: Compiled, *, encoding: str = UTF8
) -> tuple[BatchInput, list[Problem], int]:
    """Read JSON Lines of assessments (see the module docstring)."""
    name = os.fspath(path)
    raw_lines = _text_lines(name, encoding)
    if isinstance(raw_lines, Problem):
        return empty_input(compiled), [raw_lines], 0
    header = [c for c in FIXED_COLUMNS if c != "judgement_date"] + ["judgement_date"]
    attr_ids = [a.id for a in compiled.instrument.attributes if a.id != "age"]
    header += attr_ids + list(compiled.item_ids)
    further = further_columns(compiled.instrument)  # issue 13: further judged scores
    header += further
    known_keys = (*FIXED_COLUMNS, "attributes", "answers", "judgements", *further)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    problems: list[Problem] = []
    line_of: list[int] = []
    for number, line in enumerate(raw_lines, start=1):
        if not line.strip():
            continue
        obj, found = _json_object(line, number, name, known_keys)
        problems += found
        if obj is None:
            continue
        judged = obj.get("judgement")
        if isinstance(judged, dict):  # as in a case file: level, reason, author, date
            obj = {**obj, **{f"judgement_{k}": v for k, v in judged.items() if k != "level"}}
            obj["judgement"] = judged.get("level")
        obj, wrong = _judgements(obj, compiled, number, name)
        problems += wrong
        if wrong:
            continue
        answers = obj.get("answers", {})
        attrs_in = obj.get("attributes", {})
        unknown = (
            [k for k in answers if k not in compiled.item_ids]
            if isinstance(answers, dict)
            else ["answers"]
        )
        for k in unknown:
            problems.append(
                Problem(
                    code=Code.CASE_UNKNOWN_ITEM,
                    path=("rows", number - 1, "answers", k),
                    file=name,
                    line=number,
                    column=None,
                    message=f"no item '{k}'{did_you_mean(k, compiled.item_ids)}",
                )
            )
        if unknown:
            continue
        row = [obj.get(c) or "" for c in header[: len(FIXED_COLUMNS)]]
        row += [attrs_in.get(a, "") if isinstance(attrs_in, dict) else "" for a in attr_ids]
        row += [answers.get(i, "") for i in compiled.item_ids]
        row += [obj.get(c) or "" for c in further]
        writer.writerow(["" if v is None else v for v in row])
        line_of.append(number)
    data, more, bad = read_csv(name, compiled, text=out.getvalue())
    for p in more:  # map the synthetic CSV positions back to JSON lines
        part = p.path[1] if len(p.path) > 1 else None
        at = line_of[part] if isinstance(part, int) and part < len(line_of) else p.line
        problems.append(attrs.evolve(p, line=at, column=None))
    data.lines = [line_of[i] for i in range(len(line_of))][: len(data)]
    skipped = len({p.line for p in problems if p.code in LINE_CODES})
    return data, problems, bad + skipped


def _text_lines(name: str, encoding: str) -> list[str] | Problem:
    """The lines of a text file, or why it cannot be read (B720 located, with a hint)."""
    try:
        return Path(name).read_text(encoding=text_encoding(encoding)).splitlines()
    except UnicodeDecodeError:
        return undecodable(name, encoding, first_undecodable(name, encoding))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Problem(
            code=Code.UNREADABLE, path=(), message=f"cannot read the file: {reason}", file=name
        )


def _judgements(
    obj: dict[str, Any], compiled: Compiled, number: int, name: str
) -> tuple[dict[str, Any], list[Problem]]:
    """Issue 13: ``judgements: {score: {level, reason, author, date}}`` as in a case file,
    flattened into the further judged scores' columns (``<score>_judgement``, …)."""
    given = obj.get("judgements")
    if given is None:
        return obj, []
    scores = further_scores(compiled.instrument)
    wrong = [k for k in given if k not in scores] if isinstance(given, dict) else ["judgements"]
    if wrong:
        return obj, [
            Problem(
                code=Code.CASE_JUDGEMENT_REQUIRED,
                path=("rows", number - 1, "judgements", k),
                file=name,
                line=number,
                column=None,
                message=f"'{k}' is not a further judged score of {compiled.instrument.id}; "
                f"judged here: {', '.join(scores) or 'none'}",
            )
            for k in wrong
        ]
    out = {k: v for k, v in obj.items() if k != "judgements"}
    for s, j in given.items():
        parts = j if isinstance(j, dict) else {"level": j}
        for key, suffix in zip(("level", "reason", "author", "date"), JUDGED_SUFFIXES, strict=True):
            out[f"{s}{suffix}"] = parts.get(key)
    return out, []


def _json_object(
    line: str, number: int, name: str, known_keys: tuple[str, ...]
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """One JSON Lines line as an object with known, unrepeated keys, or its problems."""
    twice: list[str] = []

    def at(code: Code, path: tuple[str | int, ...], message: str, column: int | None) -> Problem:
        return Problem(code=code, path=path, file=name, line=number, column=column, message=message)

    if line.count("[") + line.count("{") > MAX_DEPTH and _depth(line) > MAX_DEPTH:
        message = f"the line nests deeper than {MAX_DEPTH} levels; an assessment is flat"
        return None, [at(Code.TOO_DEEP, ("rows", number - 1), message, 1)]
    try:
        obj = json.loads(
            line,
            object_pairs_hook=lambda pairs: _no_twice(pairs, twice),
            parse_int=_bounded_int,
            parse_float=_bounded_float,
        )
    except json.JSONDecodeError as exc:
        return None, [
            at(Code.YAML_SYNTAX, ("rows", number - 1), f"not valid JSON: {exc.msg}", exc.colno)
        ]
    except ScalarError as exc:  # a number beyond the bounds (issue 14)
        return None, [at(exc.code, ("rows", number - 1), exc.message, None)]
    except RecursionError:
        message = f"the line nests deeper than {MAX_DEPTH} levels; an assessment is flat"
        return None, [at(Code.TOO_DEEP, ("rows", number - 1), message, 1)]
    if not isinstance(obj, dict):
        return None, [
            at(Code.NOT_A_MAPPING, ("rows", number - 1), "each line must be a JSON object", 1)
        ]
    found = [
        at(Code.DUPLICATE_KEY, ("rows", number - 1, k), f"key '{k}' appears twice", None)
        for k in twice
    ]
    found += [
        at(
            Code.UNKNOWN_KEY,
            ("rows", number - 1, k),
            f"unknown key '{k}'{did_you_mean(k, known_keys)}",
            None,
        )
        for k in obj
        if k not in known_keys
    ]
    return (None if found else obj), found


def _depth(line: str) -> int:
    """The deepest nesting of ``[``/``{`` in a JSON text (brackets inside strings counted too:
    an upper bound, only asked when the line has many brackets)."""
    deepest = depth = 0
    for ch in line:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _bounded_int(text: str) -> int:
    """A JSON integer within the bounds every reader keeps (E111 beyond them)."""
    if len(text.lstrip("-")) > 16:  # beyond ±10^15 whatever the digits (and int()'s limit)
        raise ScalarError(Code.NUMBER_TOO_LARGE, "the number is beyond ±10^15")
    value = int(text)
    problem = magnitude_problem(value)
    if problem is not None:
        raise problem
    return value


def _bounded_float(text: str) -> float:
    """A JSON number with a fraction or exponent, within the bounds (E111 beyond them)."""
    return parse_float(text)


def _no_twice(pairs: list[tuple[str, Any]], twice: list[str]) -> dict[str, Any]:
    """A JSON object that notes its repeated keys (json.loads keeps the last silently)."""
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            twice.append(k)
        out[k] = v
    return out


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
            return read_jsonl(path, compiled, encoding=encoding)
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
        return read_jsonl(p, compiled)
    if p.suffix.lower() == ".xlsx":
        from sigrbm.batch.read_xlsx import read_xlsx

        return read_xlsx(p, compiled)
    from sigrbm.batch.read_bytes import read_csv_bytes

    plain = read_csv_bytes(p, compiled, delimiter=delimiter, on_rows=on_rows)  # numpy on bytes
    if plain is not None:
        return plain
    return read_csv(p, compiled, delimiter=delimiter, on_rows=on_rows)
