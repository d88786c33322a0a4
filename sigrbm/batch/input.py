"""The batch input value and the checks every reader shares: header, cells, attributes, rows."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from sigrbm.batch.bands import applies
from sigrbm.batch.compile import UNANSWERED, Compiled
from sigrbm.batch.kernel import BatchResult
from sigrbm.errors import Code, Problem
from sigrbm.instrument.model import AttributeType, Instrument
from sigrbm.reading.scalars import ScalarError, int_form_problem, parse_int
from sigrbm.reading.structure import did_you_mean

LINE_CODES = (
    Code.YAML_SYNTAX,
    Code.NOT_A_MAPPING,
    Code.CASE_UNKNOWN_ITEM,
    Code.UNKNOWN_KEY,
    Code.DUPLICATE_KEY,
)
FIXED_COLUMNS = (
    "case_id",
    "date",
    "age",
    "birth_year_month",
    "judgement",
    "judgement_reason",
    "judgement_author",
    "judgement_date",
    "program",
)


#: issue 13: the suffixes of a further judged score's input columns (``<score>_judgement``, …)
JUDGED_SUFFIXES = ("_judgement", "_judgement_reason", "_judgement_author", "_judgement_date")


def further_scores(inst: Instrument) -> tuple[str, ...]:
    """The further judged scores (issue 13), whose judgements have columns of their own."""
    return inst.judgement.further_scores if inst.judgement is not None else ()


def further_columns(inst: Instrument) -> list[str]:
    """Input columns of the further judged scores (issue 13)."""
    return [f"{s}{suffix}" for s in further_scores(inst) for suffix in JUDGED_SUFFIXES]


@attrs.define(eq=False)
class Judged:
    """Issue 13: one further judged score's level, reason, author and date per row."""

    levels: list[str | None]
    reasons: list[str | None]
    authors: list[str | None]
    dates: list[_dt.date | None]

    @classmethod
    def empty(cls, n: int) -> Judged:
        return cls([None] * n, [None] * n, [None] * n, [None] * n)

    def take(self, idx: Iterable[int]) -> Judged:
        rows = list(idx)
        return Judged(
            [self.levels[i] for i in rows],
            [self.reasons[i] for i in rows],
            [self.authors[i] for i in rows],
            [self.dates[i] for i in rows],
        )

    @classmethod
    def join(cls, parts: list[Judged]) -> Judged:
        out = cls([], [], [], [])
        for p in parts:
            out.levels += p.levels
            out.reasons += p.reasons
            out.authors += p.authors
            out.dates += p.dates
        return out


@attrs.define(eq=False)
class BatchInput:
    """Rows ready for :func:`sigrbm.batch.score_batch`."""

    case_ids: list[str]
    dates: list[_dt.date]
    answers: npt.NDArray[np.integer[Any]]  # int16 from files, any integer type from callers
    attributes: dict[str, npt.NDArray[Any]]
    judgements: list[str | None]
    programs: list[str | None]
    lines: list[int]  # source line (CSV/JSONL) or 0
    # an override's reason, author and date (judgement_reason/_author/_date columns)
    reasons: list[str | None] = attrs.field(factory=list)
    authors: list[str | None] = attrs.field(factory=list)
    judged_on: list[_dt.date | None] = attrs.field(factory=list)
    #: every row already scored by the override check (None if not, or once rows are dropped)
    scored: BatchResult | None = None
    #: issue 13: each further judged score's judgements, by score id
    further: dict[str, Judged] = attrs.field(factory=dict)

    def judged(self, score: str) -> Judged:
        """A further judged score's judgements (none given when its columns are absent)."""
        return self.further.get(score) or Judged.empty(len(self))

    def __attrs_post_init__(self) -> None:
        for name in ("reasons", "authors", "judged_on"):
            if not getattr(self, name):
                setattr(self, name, [None] * len(self.case_ids))

    def __len__(self) -> int:
        return len(self.case_ids)

    def where(self, row: int) -> str:
        """How a message names another row: its line, or its position."""
        return f"line {self.lines[row]}" if self.lines[row] else f"row {row + 1}"

    def date_texts(self) -> list[str]:
        """The assessment dates as ISO text, one per row."""
        texts = {d: d.isoformat() for d in set(self.dates)}  # few distinct dates
        return list(map(texts.__getitem__, self.dates))


@attrs.define
class Rows:
    """Rows being collected, with their problems."""

    file: str
    problems: list[Problem] = attrs.field(factory=list)
    bad: set[int] = attrs.field(factory=set)
    broken: set[int] = attrs.field(factory=set)  # rows whose cells cannot be read at all
    base: int = 0  # added to the row numbers given to add() (the first row of a chunk)

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
        row += self.base
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


def age_at(birth: str, day: _dt.date) -> int | None:
    try:
        y, m = (int(x) for x in birth.split("-"))
    except ValueError:
        return None
    if not 1 <= m <= 12:
        return None
    return day.year - y - (1 if day.month < m else 0)


def close_matches(text: str, choices: Iterable[str]) -> str:
    hint = did_you_mean(text, choices)
    return hint if hint.startswith("; did you mean") else ""


def encode_column(
    compiled: Compiled,
    k: int,
    *,
    ids: npt.NDArray[np.integer[Any]],
    texts: npt.NDArray[Any],
    rows: Rows,
    col: int,
    lines: list[int],
) -> npt.NDArray[np.int16]:
    """Encode one item column given as token ids into ``texts`` (stripped cell texts):
    each distinct text is decided once; unknown codes are reported per cell."""
    item_id = compiled.item_ids[k]
    codes = compiled.codes[k]
    lut = np.full(len(texts), UNANSWERED, dtype=np.int16)
    bad: list[int] = []
    used = np.flatnonzero(np.bincount(ids, minlength=len(texts))).tolist()
    if compiled.instrument.item(item_id).derive is not None:  # computed, never answered (E605)
        given = [token for token in used if texts[token] != ""]
        for r in np.flatnonzero(np.isin(ids, given)).tolist():
            rows.add(
                r,
                line=lines[r],
                column=col,
                where=item_id,
                message=f"'{item_id}' is computed from other answers; leave this cell empty",
                code=Code.DERIVED_ANSWERED,
            )
        computed: npt.NDArray[np.int16] = lut[ids]
        return computed
    for token in used:
        text = texts[token]
        if text == "":
            continue
        if text in codes:
            lut[token] = codes[text]
        elif compiled.is_count[k] and int_form_problem(text) is None and not text.startswith("-"):
            lut[token] = min(int(text), 30000)  # plain decimal digits only (issue 14)
        else:
            bad.append(token)
    if bad:
        shown = ", ".join(sorted(codes)) + (" or a whole number" if compiled.is_count[k] else "")
        for r in np.flatnonzero(np.isin(ids, bad)).tolist():
            text = texts[ids[r]]
            echo = (
                f"'{text}'" if text.replace("_", "").isalnum() and len(text) <= 20 else "this cell"
            )
            rows.add(
                r,
                line=lines[r],
                column=col,
                where=item_id,
                message=f"{echo} is not an answer to {item_id}; use {shown}"
                + close_matches(text, codes),
            )
    encoded: npt.NDArray[np.int16] = lut[ids]
    return encoded


def read_header(
    header: list[str], compiled: Compiled, name: str
) -> tuple[dict[str, int], list[Problem]]:
    """Column positions by name, and the header's problems (unknown, repeated, missing)."""
    known = (
        set(compiled.item_ids) | set(FIXED_COLUMNS) | {a.id for a in compiled.instrument.attributes}
    ) | set(further_columns(compiled.instrument))
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


def read_attributes(
    inst: Instrument,
    column: Callable[[str], list[str]],
    *,
    seen: dict[str, int],
    dates: list[_dt.date],
    rows: Rows,
    lines: list[int],
) -> dict[str, npt.NDArray[Any]]:
    """Subject attributes per row: age (given, or from the birth month) and the others."""
    ages = np.full(len(dates), np.nan)
    written = column("age")
    parsed: dict[str, float | ScalarError | None] = {}
    for text in set(written):  # each distinct age text once
        try:  # decimal digits only (issue 14): no `016`, superscripts or huge numbers
            parsed[text] = float(parse_int(text)) if text else None
        except ScalarError as exc:
            parsed[text] = exc
    if all(isinstance(v, float) for v in parsed.values()):  # every age given and readable
        ages[:] = np.fromiter(map(parsed.__getitem__, written), dtype=float, count=len(ages))
        written = []  # nothing left to do per row
    for r, (a_text, b_text) in enumerate(
        zip(written, column("birth_year_month") if written else [], strict=True)
    ):
        if a_text:
            age_or_problem = parsed[a_text]
            if isinstance(age_or_problem, ScalarError):
                rows.add(
                    r,
                    line=lines[r],
                    column=seen["age"] + 1,
                    where="age",
                    message="the age must be a whole number in plain decimal digits, e.g. 15",
                    code=age_or_problem.code,
                )
            else:
                ages[r] = age_or_problem
        elif b_text:
            age = age_at(b_text, dates[r])
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
        if a.type is AttributeType.CATEGORY:  # values checked by batch.checks (C607)
            attributes[a.id] = np.array([v or None for v in vals], dtype=object)
        else:
            for r, v in enumerate(vals):
                if v and not v.lstrip("-").isdigit():
                    rows.add(
                        r,
                        line=lines[r],
                        column=seen[a.id] + 1,
                        where=a.id,
                        message=f"'{a.id}' must be a whole number",
                        code=Code.CASE_ATTRIBUTE,
                    )
            attributes[a.id] = np.array(
                [float(v) if v.lstrip("-").isdigit() else np.nan for v in vals]
            )
    return attributes


def judgement_levels(inst: Instrument, target: str | None = None) -> tuple[str, ...]:
    """The levels of a judged score (the first judged score by default)."""
    if inst.judgement is None:
        return ()
    target = target or inst.judgement.score
    table = (
        inst.score(target).bands
        if target in {s.id for s in inst.scores}
        else inst.domain(target).bands
    ) or ""
    return tuple(lv.id for lv in inst.table_levels(table).levels)  # issue 13


def check_applicability(
    compiled: Compiled,
    answers: npt.NDArray[np.integer[Any]],
    *,
    attributes: dict[str, npt.NDArray[Any]],
    rows: Rows,
    lines: list[int],
    seen: dict[str, int],
) -> None:
    n = len(answers)
    for k, conds in compiled.applies_when.items():
        na = applies(conds, attributes, n) == 0
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


def keep_valid(data: BatchInput, rows: Rows) -> tuple[BatchInput, list[Problem], int]:
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
        [data.reasons[i] for i in idx],
        [data.authors[i] for i in idx],
        [data.judged_on[i] for i in idx],
        further={s: j.take(idx.tolist()) for s, j in data.further.items()},
    )
    return kept, rows.problems, len(rows.bad)


def empty_input(compiled: Compiled) -> BatchInput:
    return BatchInput(
        [],
        [],
        np.zeros((0, len(compiled.item_ids)), dtype=np.int16),
        {"age": np.zeros(0)},
        [],
        [],
        [],
    )
