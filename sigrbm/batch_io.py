"""Batch input and output: CSV, JSON Lines or a folder of case files → answer matrix → results.

CSV (one row per assessment, UTF-8, comma-separated, header required)::

    case_id,date,age,judgement,program,<attribute ids…>,<item ids…>
    c-001,2026-02-03,15,,eslov,,ja,3,nej,vet_ej,…

``case_id`` and ``date`` are required; ``age`` (or ``birth_year_month``) when the instrument
needs it; ``judgement`` (the assessor's level), ``program`` and the instrument's attribute
ids are optional; every other column must be an item id. An empty cell is an unanswered
item. JSON Lines: one object per line with ``case_id``, ``date``, ``age`` /
``birth_year_month``, ``attributes``, ``answers``, ``judgement``, ``program``.

Every bad cell is reported with its line and column (``data.csv:12:7: rows[11].rbmk_kam_1:
'jaa' is not an option; …``). Bad rows are skipped only when the caller asks
(``skip_invalid``); the count of skipped rows is returned.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ._structure import did_you_mean
from .batch import UNANSWERED, BatchResult, Compiled
from .errors import Code, Problem
from .model import AttributeType, Instrument

_LINE_CODES = (Code.YAML_SYNTAX, Code.NOT_A_MAPPING, Code.CASE_UNKNOWN_ITEM)
_FIXED = ("case_id", "date", "age", "birth_year_month", "judgement", "program")


@attrs.define(eq=False)
class BatchInput:
    """Rows ready for :func:`sigrbm.batch.score_batch`."""

    case_ids: list[str]
    dates: list[_dt.date]
    answers: npt.NDArray[np.int32]
    attributes: dict[str, npt.NDArray[Any]]
    judgements: list[str | None]
    programs: list[str | None]
    lines: list[int]  # source line (CSV/JSONL) or 0

    def __len__(self) -> int:
        return len(self.case_ids)


@attrs.define
class _Rows:
    """Rows being collected, with their problems."""

    file: str
    problems: list[Problem] = attrs.field(factory=list)
    bad: set[int] = attrs.field(factory=set)
    broken: set[int] = attrs.field(factory=set)  # rows whose cells cannot be read at all

    def add(
        self,
        row: int,
        *,
        line: int,
        column: int | None,
        where: str,
        message: str,
        code: Code = Code.CASE_UNKNOWN_OPTION,
    ) -> None:
        if row in self.broken:
            return
        self.problems.append(
            Problem(
                code=code,
                path=("rows", row, where),
                message=message,
                file=self.file,
                line=line,
                column=column,
            )
        )
        self.bad.add(row)


def _age(birth: str, day: _dt.date) -> int | None:
    try:
        y, m = (int(x) for x in birth.split("-"))
    except ValueError:
        return None
    if not 1 <= m <= 12:
        return None
    return day.year - y - (1 if day.month < m else 0)


def _close(text: str, choices: Iterable[str]) -> str:
    hint = did_you_mean(text, choices)
    return hint if hint.startswith("; did you mean") else ""


def _encode_column(
    compiled: Compiled, k: int, *, cells: list[str], rows: _Rows, col: int, lines: list[int]
) -> npt.NDArray[np.int32]:
    """Encode one item column; unknown codes are reported per cell."""
    item_id = compiled.item_ids[k]
    codes = compiled.codes[k]
    mapping: dict[str, int] = {}
    bad: set[str] = set()
    for cell in set(cells):  # few distinct values: decide each once
        text = cell.strip()
        if text == "":
            mapping[cell] = UNANSWERED
        elif text in codes:
            mapping[cell] = codes[text]
        elif compiled.is_count[k] and text.isdigit():
            mapping[cell] = min(int(text), 30000)
        else:
            mapping[cell] = UNANSWERED
            bad.add(cell)
    encoded = np.fromiter(map(mapping.__getitem__, cells), dtype=np.int32, count=len(cells))
    if bad:
        shown = ", ".join(sorted(codes)) + (" or a whole number" if compiled.is_count[k] else "")
        for r, cell in enumerate(cells):
            if cell not in bad:
                continue
            text = cell.strip()
            echo = (
                f"'{text}'" if text.replace("_", "").isalnum() and len(text) <= 20 else "this cell"
            )
            rows.add(
                r,
                line=lines[r],
                column=col,
                where=item_id,
                message=f"{echo} is not an answer to {item_id}; use {shown}" + _close(text, codes),
            )
    return encoded


def _header(
    header: list[str], compiled: Compiled, name: str
) -> tuple[dict[str, int], list[Problem]]:
    """Column positions by name, and the header's problems (unknown, repeated, missing)."""
    known = set(compiled.item_ids) | set(_FIXED) | {a.id for a in compiled.instrument.attributes}
    problems: list[Problem] = []

    def add(code: Code, j: int, path: tuple[str, ...], message: str) -> None:
        problems.append(
            Problem(code=code, path=path, file=name, line=1, column=j + 1, message=message)
        )

    seen: dict[str, int] = {}
    for j, h in enumerate(header):
        if h not in known:
            add(Code.UNKNOWN_KEY, j, ("header", h), f"unknown column '{h}'{did_you_mean(h, known)}")
        if h in seen:
            add(
                Code.DUPLICATE_KEY,
                j,
                ("header", h),
                f"column '{h}' appears twice (first in column {seen[h] + 1})",
            )
        seen.setdefault(h, j)
    for required in ("case_id", "date"):
        if required not in seen:
            add(Code.MISSING_KEY, 0, ("header",), f"required column '{required}' is missing")
    return seen, problems


def _attributes(
    inst: Instrument,
    column: Callable[[str], list[str]],
    *,
    seen: dict[str, int],
    dates: list[_dt.date],
    rows: _Rows,
    lines: list[int],
) -> dict[str, npt.NDArray[Any]]:
    """Subject attributes per row: age (given, or from the birth month) and the others."""
    ages = np.full(len(dates), np.nan)
    for r, (a_text, b_text) in enumerate(
        zip(column("age"), column("birth_year_month"), strict=True)
    ):
        if a_text:
            if a_text.isdigit():
                ages[r] = int(a_text)
            else:
                rows.add(
                    r,
                    line=lines[r],
                    column=seen["age"] + 1,
                    where="age",
                    message="the age must be a whole number",
                    code=Code.WRONG_TYPE,
                )
        elif b_text:
            age = _age(b_text, dates[r])
            if age is None:
                rows.add(
                    r,
                    line=lines[r],
                    column=seen["birth_year_month"] + 1,
                    where="birth_year_month",
                    message="write YYYY-MM",
                    code=Code.WRONG_TYPE,
                )
            else:
                ages[r] = age
    attributes: dict[str, npt.NDArray[Any]] = {"age": ages}
    for a in inst.attributes:
        if a.id == "age" or a.id not in seen:
            continue
        vals = column(a.id)
        if a.type is AttributeType.CATEGORY:
            for r, v in enumerate(vals):
                if v and v not in a.values:
                    rows.add(
                        r,
                        line=lines[r],
                        column=seen[a.id] + 1,
                        where=a.id,
                        message=f"'{v}' is not a value of {a.id}{did_you_mean(v, a.values)}",
                    )
            attributes[a.id] = np.array([v or None for v in vals], dtype=object)
        else:
            attributes[a.id] = np.array(
                [float(v) if v.lstrip("-").isdigit() else np.nan for v in vals]
            )
    return attributes


def read_csv(
    path: str | os.PathLike[str], compiled: Compiled, *, text: str | None = None
) -> tuple[BatchInput, list[Problem], int]:
    """Read a CSV of assessments: the valid rows, every problem, and the number of bad rows."""
    name = os.fspath(path)
    rows = _Rows(name)
    try:
        content = text if text is not None else Path(name).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
        return (
            _empty(compiled),
            [
                Problem(
                    code=Code.UNREADABLE,
                    path=(),
                    message=f"cannot read the file: {reason}",
                    file=name,
                )
            ],
            0,
        )
    try:
        records = list(csv.reader(io.StringIO(content)))
    except csv.Error as exc:
        return (
            _empty(compiled),
            [Problem(code=Code.YAML_SYNTAX, path=(), message=f"not valid CSV: {exc}", file=name)],
            0,
        )
    if not records:
        return (
            _empty(compiled),
            [
                Problem(
                    code=Code.EMPTY_DOCUMENT,
                    path=(),
                    message="the file is empty; it needs a header row",
                    file=name,
                    line=1,
                    column=1,
                )
            ],
            0,
        )
    header, body = [h.strip() for h in records[0]], records[1:]
    lines = list(range(2, len(body) + 2))
    inst = compiled.instrument
    seen, header_problems = _header(header, compiled, name)
    if header_problems:
        return _empty(compiled), header_problems, len(body)
    width = len(header)
    for r, rec in enumerate(body):
        if len(rec) != width:
            rows.add(
                r,
                line=lines[r],
                column=None,
                where="$",
                message=f"this row has {len(rec)} cells; the header has {width}",
                code=Code.WRONG_TYPE,
            )
            rows.broken.add(r)
    body = [rec if len(rec) == width else [""] * width for rec in body]
    columns = list(zip(*body, strict=True)) if body else [() for _ in header]

    def column(name_: str) -> list[str]:
        return [str(x).strip() for x in columns[seen[name_]]] if name_ in seen else [""] * len(body)

    case_ids = column("case_id")
    dates: list[_dt.date] = []
    for r, d in enumerate(column("date")):
        try:
            dates.append(_dt.date.fromisoformat(d))
        except ValueError:
            dates.append(_dt.date(1900, 1, 1))
            rows.add(
                r,
                line=lines[r],
                column=seen["date"] + 1,
                where="date",
                message="write the date as YYYY-MM-DD",
                code=Code.WRONG_TYPE,
            )
    for r, cid in enumerate(case_ids):
        if not cid:
            rows.add(
                r,
                line=lines[r],
                column=seen["case_id"] + 1,
                where="case_id",
                message="the case id is empty",
                code=Code.MISSING_KEY,
            )
    attributes = _attributes(inst, column, seen=seen, dates=dates, rows=rows, lines=lines)
    answers = np.full((len(body), len(compiled.item_ids)), UNANSWERED, dtype=np.int32)
    for k, item_id in enumerate(compiled.item_ids):
        if item_id in seen:
            answers[:, k] = _encode_column(
                compiled,
                k,
                cells=list(columns[seen[item_id]]),
                rows=rows,
                col=seen[item_id] + 1,
                lines=lines,
            )
    _check_applicability(
        compiled, answers, attributes=attributes, rows=rows, lines=lines, seen=seen
    )
    judgements = [j or None for j in column("judgement")]
    levels = _judgement_levels(inst)
    for r, judged in enumerate(judgements):
        if judged is not None and judged not in levels:
            rows.add(
                r,
                line=lines[r],
                column=seen["judgement"] + 1,
                where="judgement",
                message=f"'{judged}' is not a level; use {', '.join(levels)}",
            )
    programs = [p or None for p in column("program")]
    data = BatchInput(case_ids, dates, answers, attributes, judgements, programs, lines)
    return _keep(data, rows)


def _judgement_levels(inst: Instrument) -> tuple[str, ...]:
    if inst.judgement is None:
        return ()
    target = inst.judgement.score
    table = (
        inst.score(target).bands
        if target in {s.id for s in inst.scores}
        else inst.domain(target).bands
    ) or ""
    return tuple(lv.id for lv in inst.level_set(inst.band_table(table).level_set).levels)


def _check_applicability(
    compiled: Compiled,
    answers: npt.NDArray[np.int32],
    *,
    attributes: dict[str, npt.NDArray[Any]],
    rows: _Rows,
    lines: list[int],
    seen: dict[str, int],
) -> None:
    from .batch import _applies

    n = len(answers)
    for k, conds in compiled.applies_when.items():
        na = _applies(conds, attributes, n) == 0
        answered = answers[:, k] != UNANSWERED
        item_id = compiled.item_ids[k]
        for r in np.flatnonzero(na & answered):
            rows.add(
                int(r),
                line=lines[int(r)],
                column=seen.get(item_id, -1) + 1,
                where=item_id,
                message=f"'{item_id}' does not apply to this subject (age); leave the cell empty",
                code=Code.CASE_NOT_APPLICABLE,
            )


def _keep(data: BatchInput, rows: _Rows) -> tuple[BatchInput, list[Problem], int]:
    if not rows.bad:
        return data, rows.problems, 0
    keep = np.array([r not in rows.bad for r in range(len(data))], dtype=bool)
    idx = np.flatnonzero(keep)
    kept = BatchInput(
        [data.case_ids[i] for i in idx],
        [data.dates[i] for i in idx],
        data.answers[keep],
        {k: v[keep] for k, v in data.attributes.items()},
        [data.judgements[i] for i in idx],
        [data.programs[i] for i in idx],
        [data.lines[i] for i in idx],
    )
    return kept, rows.problems, len(rows.bad)


def _empty(compiled: Compiled) -> BatchInput:
    return BatchInput(
        [],
        [],
        np.zeros((0, len(compiled.item_ids)), dtype=np.int32),
        {"age": np.zeros(0)},
        [],
        [],
        [],
    )


def read_jsonl(
    path: str | os.PathLike[str], compiled: Compiled
) -> tuple[BatchInput, list[Problem], int]:
    """Read JSON Lines of assessments (see the module docstring)."""
    name = os.fspath(path)
    try:
        raw_lines = Path(name).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
        return (
            _empty(compiled),
            [
                Problem(
                    code=Code.UNREADABLE,
                    path=(),
                    message=f"cannot read the file: {reason}",
                    file=name,
                )
            ],
            0,
        )
    header = ["case_id", "date", "age", "birth_year_month", "judgement", "program"]
    attr_ids = [a.id for a in compiled.instrument.attributes if a.id != "age"]
    header += attr_ids + list(compiled.item_ids)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    problems: list[Problem] = []
    line_of: list[int] = []
    for number, line in enumerate(raw_lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(
                    code=Code.YAML_SYNTAX,
                    path=("rows", number - 1),
                    file=name,
                    line=number,
                    column=exc.colno,
                    message=f"not valid JSON: {exc.msg}",
                )
            )
            continue
        if not isinstance(obj, dict):
            problems.append(
                Problem(
                    code=Code.NOT_A_MAPPING,
                    path=("rows", number - 1),
                    file=name,
                    line=number,
                    column=1,
                    message="each line must be a JSON object",
                )
            )
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
        row = [
            obj.get("case_id", ""),
            obj.get("date", ""),
            obj.get("age", ""),
            obj.get("birth_year_month", ""),
            obj.get("judgement") or "",
            obj.get("program") or "",
        ]
        row += [attrs_in.get(a, "") if isinstance(attrs_in, dict) else "" for a in attr_ids]
        row += [answers.get(i, "") for i in compiled.item_ids]
        writer.writerow(["" if v is None else v for v in row])
        line_of.append(number)
    data, more, bad = read_csv(name, compiled, text=out.getvalue())
    for p in more:  # map the synthetic CSV positions back to JSON lines
        part = p.path[1] if len(p.path) > 1 else None
        at = line_of[part] if isinstance(part, int) and part < len(line_of) else p.line
        problems.append(attrs.evolve(p, line=at, column=None))
    data.lines = [line_of[i] for i in range(len(line_of))][: len(data)]
    skipped = len({p.line for p in problems if p.code in _LINE_CODES})
    return data, problems, bad + skipped


def read_case_folder(
    path: str | os.PathLike[str], compiled: Compiled
) -> tuple[BatchInput, list[Problem], int]:
    """Every assessment of the compiled instrument in a folder of case files (YAML/JSON)."""
    from ._case_check import check_assessment
    from .case import check_case_file

    inst = compiled.instrument
    files = sorted(p for p in Path(path).iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    bad = 0
    for f in files:
        case, smap, found = check_case_file(f)
        problems += found
        if case is None or found:
            bad += 1
            continue
        for i, a in enumerate(case.assessments):
            if a.instrument != inst.id:
                continue
            more = check_assessment(inst, a, smap, ("assessments", i))  # located in the case file
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
                }
            )
    from .batch import encode

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
    )
    return data, problems, bad


def read_input(
    path: str | os.PathLike[str], compiled: Compiled
) -> tuple[BatchInput, list[Problem], int]:
    """A folder of case files, a ``.csv`` or a ``.jsonl`` file."""
    p = Path(path)
    if p.is_dir():
        return read_case_folder(p, compiled)
    if p.suffix.lower() in (".jsonl", ".ndjson"):
        return read_jsonl(p, compiled)
    return read_csv(p, compiled)


def result_rows(data: BatchInput, result: BatchResult) -> Iterable[dict[str, Any]]:
    """One flat mapping per assessment with the instrument stamp (for CSV and JSON Lines)."""
    c = result.compiled
    inst = c.instrument
    stamp = (inst.id, inst.version, inst.content_hash)
    judged = inst.judgement.score if inst.judgement else None
    words = {0: "no", 1: "unknown", 2: "yes"}
    for i in range(len(data)):
        row: dict[str, Any] = {
            "case_id": data.case_ids[i],
            "date": data.dates[i].isoformat(),
            "instrument_id": stamp[0],
            "version": stamp[1],
            "content_hash": stamp[2],
        }
        if judged is not None:
            computed = result.level_id(i, judged)
            row["overall_computed"] = computed or ""
            row["overall_judgement"] = data.judgements[i] or ""
            row["overall_final"] = data.judgements[i] or computed or ""
        for t, target in enumerate(c.targets):
            row[f"{target}_low"] = float(result.low[i, t])
            row[f"{target}_high"] = float(result.high[i, t])
            row[f"{target}_level"] = result.level_id(i, target) or "" if t in c.level_sets else ""
        for f_i, fl in enumerate(inst.floors):
            row[f"floor_{fl.id}"] = words[int(result.floors[i, f_i])]
        for g_i, fg in enumerate(inst.flags):
            row[f"flag_{fg.id}"] = words[int(result.flags[i, g_i])]
        yield row


def write_results(rows: Iterable[dict[str, Any]], fmt: str) -> str:
    """CSV or JSON Lines text for result rows."""
    rows = list(rows)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()
