"""The checks every batch row gets — the scalar path's own checks, run once per distinct value.

Case ids (:func:`sigrbm.case.check.case_id_problems`), dates
(:func:`sigrbm.case.check.date_problems`), subject attributes
(:func:`sigrbm.case.check.attribute_problems`), the required judgement and overrides
(:func:`sigrbm.scoring.check.override_lacking`), and duplicates (the same case id and date
twice in the input). Each check runs once per distinct value or combination, not per row,
so checking stays linear and cheap; the problems are the scalar path's codes and messages,
located at the row and column.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import numpy.typing as npt

from sigrbm.batch.attribute_rows import attribute_groups
from sigrbm.batch.compile import Compiled
from sigrbm.batch.input import BatchInput, Judged, Rows, judgement_levels
from sigrbm.batch.kernel import score_batch
from sigrbm.case.check import case_id_problems, date_problems
from sigrbm.errors import Code
from sigrbm.instrument.model import JudgementPolicy
from sigrbm.reading.scalars import ScalarError, parse_int
from sigrbm.scoring.check import override_lacking, override_message


def _written_age(text: str) -> int | None:
    """The age as written in its cell, or None (an unreadable one is reported elsewhere)."""
    try:
        return parse_int(text) if text else None
    except ScalarError:
        return None


def _col(seen: dict[str, int], name: str) -> int | None:
    return seen[name] + 1 if name in seen else None


def check_rows(
    compiled: Compiled,
    data: BatchInput,
    rows: Rows,
    *,
    seen: dict[str, int],
    births: list[tuple[str, str]],
    today: _dt.date | None = None,
) -> None:
    """Add every problem of the rows of ``data`` to ``rows`` (see the module docstring)."""
    lines = data.lines
    # each check runs once per distinct value (set() is one C-level pass); rows are
    # visited only when some value is wrong
    bad_ids = case_id_problems(set(data.case_ids) - {""})
    if bad_ids:
        for r, cid in enumerate(data.case_ids):
            if cid in bad_ids:
                code, message = bad_ids[cid]
                rows.add(
                    r,
                    line=lines[r],
                    column=_col(seen, "case_id"),
                    where="case_id",
                    message=message,
                    code=code,
                )
    today = today or _dt.date.today()
    # (date, birth month, written age): an age derived from the month agrees by construction
    # (no list of the keys: at 10^6 rows it would be held while the judgement check scores)
    bad_dates = {
        key: wrong
        for key in set(zip(data.dates, births, strict=True))  # (date, (birth month, age))
        if key[0] != _dt.date.min
        and (wrong := date_problems(key[0], key[1][0] or None, today, _written_age(key[1][1])))
    }
    if bad_dates:
        for r, key in enumerate(zip(data.dates, births, strict=True)):
            for code, field, message in bad_dates.get(key, ()):
                rows.add(
                    r,
                    line=lines[r],
                    column=_col(seen, field),
                    where=field,
                    message=message,
                    code=code,
                )
    _attributes(compiled, data, rows, seen)
    _duplicates(data, rows, seen)
    _judgements(compiled, data, rows, seen)


def _attributes(compiled: Compiled, data: BatchInput, rows: Rows, seen: dict[str, int]) -> None:
    """The shared attribute check, once per distinct combination of attribute values."""
    for group, found in attribute_groups(compiled.instrument, data.attributes, len(data)):
        for r in group:
            for attr, message in found:
                column = _col(seen, attr) if attr else None
                if attr == "age" and column is None:
                    column = _col(seen, "birth_year_month")
                rows.add(
                    r,
                    line=data.lines[r],
                    column=column,
                    where=attr or "$",
                    message=message,
                    code=Code.CASE_ATTRIBUTE,
                )


def _duplicates(data: BatchInput, rows: Rows, seen: dict[str, int]) -> None:
    if not _shared_keys(data):
        return  # no two rows share a case id and date (the usual case: no loop over rows)
    first: dict[tuple[str, _dt.date], int] = {}
    for r, key in enumerate(zip(data.case_ids, data.dates, strict=True)):
        if not key[0] or key[1] == _dt.date.min:
            continue
        if key in first:
            rows.add(
                r,
                line=data.lines[r],
                column=_col(seen, "date"),
                where="date",
                message=f"{data.where(first[key])} already assesses case {key[0]} on {key[1]}; "
                "merge them or correct the date",
                code=Code.CASE_DUPLICATE_ASSESSMENT,
            )
        else:
            first[key] = r


def _shared_keys(data: BatchInput) -> bool:
    """Whether two rows may share a case id and date: each is numbered once (a dict look-up
    per row, no tuple per row) and the pairs of numbers are told apart by numpy."""
    n = len(data)
    if n < 2:
        return False
    ids: dict[str, int] = {}
    days: dict[_dt.date, int] = {}
    case = np.fromiter(map(ids.setdefault, data.case_ids, range(n)), dtype=np.int64, count=n)
    day = np.fromiter(map(days.setdefault, data.dates, range(n)), dtype=np.int64, count=n)
    pairs = np.sort(case * len(days) + day)  # a sort: np.unique's hash table is 30× slower
    return bool((pairs[1:] == pairs[:-1]).any())


def _judgements(compiled: Compiled, data: BatchInput, rows: Rows, seen: dict[str, int]) -> None:
    """The required judgement (C608), its level (C601), and overrides' reasons (C604), for
    the judged score and (issue 13) each further judged score. As in ``score``, overrides
    are checked on the rows without any other problem, for every judged score."""
    inst = compiled.instrument
    j_def = inst.judgement
    primary = Judged(data.judgements, data.reasons, data.authors, data.judged_on)
    if j_def is None:
        _judged(compiled, data, rows, seen, score=None, judged=primary, column="judgement")
        return
    checked = []
    for s in j_def.scores:
        first = s == j_def.score
        judged = primary if first else data.judged(s)
        column = "judgement" if first else f"{s}_judgement"
        given = _judged(compiled, data, rows, seen, score=s, judged=judged, column=column)
        checked.append((s, judged, column, given))
    if not j_def.override_requires_reason:
        return
    bad = set(rows.bad)
    for s, judged, column, given in checked:
        _overrides(
            compiled,
            data,
            rows,
            score=s,
            judged=judged,
            col=_col(seen, column),
            where=column,
            idx=np.array([r for r in given if r not in bad], dtype=np.int64),
        )


def _judged(  # one judged score's columns, with the shared reader state
    compiled: Compiled,
    data: BatchInput,
    rows: Rows,
    seen: dict[str, int],
    *,
    score: str | None,
    judged: Judged,
    column: str,
) -> list[int]:
    """One judged score's required level and level check; the rows with a valid level."""
    inst = compiled.instrument
    j_def = inst.judgement
    col = _col(seen, column)
    levels = judgement_levels(inst, score)
    required = j_def is not None and j_def.policy is JudgementPolicy.REQUIRED
    distinct = set(judged.levels)
    if (
        j_def is not None
        and score is not None
        and distinct <= {*levels, *([] if required else [None])}
    ):
        # every level valid and none missing where one is required: no loop with problems
        return [r for r, level in enumerate(judged.levels) if level is not None]
    given = []
    for r, level in enumerate(judged.levels):
        if j_def is None or score is None:
            if level is not None:
                rows.add(
                    r,
                    line=data.lines[r],
                    column=col,
                    where=column,
                    message=f"{inst.id} has no professional judgement; leave it empty",
                    code=Code.CASE_JUDGEMENT_REQUIRED,
                )
            continue
        if level is None:
            if required:
                rows.add(
                    r,
                    line=data.lines[r],
                    column=col,
                    where=column,
                    message=f"{inst.id} requires the assessor's own level: fill in "
                    f"{column} (the computed level if you agree with it)",
                    code=Code.CASE_JUDGEMENT_REQUIRED,
                )
        elif level not in levels:
            rows.add(
                r,
                line=data.lines[r],
                column=col,
                where=column,
                message=f"'{level}' is not a level; use {', '.join(levels)}",
                code=Code.CASE_UNKNOWN_OPTION,
            )
        else:
            given.append(r)
    return given


def _overrides(
    compiled: Compiled,
    data: BatchInput,
    rows: Rows,
    *,
    score: str,
    judged: Judged,
    col: int | None,
    where: str,
    idx: npt.NDArray[np.int64],
) -> None:
    """Overrides of one judged score without reason, author and date (C604)."""
    if not idx.size:
        return
    if data.scored is not None:  # scored once already (a previous judged score)
        result, idx_rows = data.scored, idx
    elif idx.size == len(data):  # every row: score once, and keep it for the caller
        result = score_batch(compiled, data.answers, data.attributes, check=False)
        idx_rows = idx
        data.scored = result
    else:
        result = score_batch(  # rows checked above (their problems are reported)
            compiled,
            data.answers[idx],
            {k: v[idx] for k, v in data.attributes.items()},
            check=False,
        )
        idx_rows = np.arange(idx.size)
    computed = result.level_ids(score)[idx_rows]
    given = np.array(judged.levels, dtype=object)[idx]  # every one a level (rows with one)
    differ = np.flatnonzero(given != computed)  # overrides: the only rows looked at
    rows_ = idx[differ].tolist()
    complete = [  # reason, author and date all given: nothing to say (the usual override)
        bool(judged.reasons[r] and judged.authors[r] and judged.dates[r]) for r in rows_
    ]
    for r, computed_level, done in zip(rows_, computed[differ].tolist(), complete, strict=True):
        if done:
            continue
        level = judged.levels[r]
        lacking = override_lacking(judged.reasons[r], judged.authors[r], judged.dates[r])
        if lacking:
            rows.add(
                r,
                line=data.lines[r],
                column=col,
                where=where,
                message=override_message(level, computed_level or None, lacking),
                code=Code.CASE_OVERRIDE_REASON,
            )
