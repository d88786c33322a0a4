"""A record given to ``case add EVENT CASE --from FILE``, read and reported in its own file.

An assessment saved from the fillable checklist, a consent or a plan is a mapping in a YAML
or JSON file (or a one-item list, as ``sigrbm plan --format yaml`` prints it). Issue 22: the
file is read through the bounded way in (a FIFO, ``/dev/zero``, a huge or deeply nested file
are located problems), a file that holds no mapping is a located problem (E202), its
``date`` is checked where it is written (E112, E113, E202), and what the one check of the
case file finds in the record is reported at the record's own file, line and column: the
case file is unchanged, so a position in the text that was never written would point at
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs

from sigrbm.errors import Code, Path, Problem
from sigrbm.reading.scalars import ScalarError, parse_date
from sigrbm.reading.source import SourceMap, YamlReadError, read_file, read_text

#: Problems told at a key, not at its value (an unknown key, an unknown item).
_AT_KEY = frozenset([Code.UNKNOWN_KEY, Code.CASE_UNKNOWN_ITEM])


class RecordFileError(Exception):
    """The record file cannot be used; ``problems`` say where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@attrs.frozen
class RecordFile:
    """A record read from a file: the mapping, its source map and where it sits in the file
    (``()`` for a mapping, ``(0,)`` for a one-item list)."""

    path: str
    data: dict[str, Any]
    smap: SourceMap
    prefix: Path


def read_record(path: str) -> RecordFile:
    """The record in ``path``; :class:`RecordFileError` with located problems otherwise."""
    try:
        data, smap, problems = read_file(path)
    except YamlReadError as exc:
        raise RecordFileError(exc.problems) from None
    if problems:
        raise RecordFileError(problems)
    prefix: Path = ()
    if isinstance(data, list) and len(data) == 1:
        data, prefix = data[0], (0,)
    if not isinstance(data, dict):
        raise RecordFileError(
            [
                smap.problem(
                    Code.WRONG_TYPE,
                    prefix,
                    "expected one record (a mapping of keys, as the fillable checklist and "
                    "`sigrbm plan --format yaml` save it)",
                )
            ]
        )
    record = RecordFile(path=path, data=data, smap=smap, prefix=prefix)
    _check_date(record)
    return record


def _check_date(record: RecordFile) -> None:
    """The record's ``date``, if any, is a real date written ``YYYY-MM-DD``."""
    value = record.data.get("date")
    if value is None or isinstance(value, dt.date):
        return
    path = (*record.prefix, "date")
    if not isinstance(value, str):
        problem = record.smap.problem(Code.WRONG_TYPE, path, "expected a date YYYY-MM-DD")
        raise RecordFileError([problem])
    try:
        parse_date(value)
    except ScalarError as exc:
        raise RecordFileError([record.smap.problem(exc.code, path, exc.message)]) from None


def _appended_index(case_text: str, key: str) -> int | None:
    """The index the record takes in the case file's list ``key`` (None if unknown)."""
    try:
        data, _, _ = read_text(case_text)
    except YamlReadError:
        return None
    if not isinstance(data, dict):
        return None
    items = data.get(key)
    return len(items) if isinstance(items, list) else 0


def relocate(
    problems: Sequence[Problem],
    case_text: str,
    case_file: str,
    added: Sequence[tuple[str, Any]],
    record: RecordFile | None,
) -> list[Problem]:
    """``problems`` of a refused edit, a problem in the record from a file told at that
    file's line and column (a problem of the event stays where the event would be appended)."""
    if record is None or not problems:  # nothing to tell elsewhere: no second reading
        return list(problems)
    new: dict[tuple[str, int], Any] = {}
    for key, item in added:
        index = _appended_index(case_text, key)
        if index is not None:
            new[(key, index)] = item
    out = []
    for p in problems:
        head = p.path[:2]
        if p.file != case_file or len(head) != 2 or head not in new:
            out.append(p)
        elif new[head] is record.data:
            path = (*record.prefix, *p.path[2:])
            pos = record.smap.locate(path, key=p.code in _AT_KEY)
            out.append(
                attrs.evolve(
                    p,
                    file=record.path,
                    path=path,
                    line=pos[0] if pos else None,
                    column=pos[1] if pos else None,
                )
            )
        else:
            out.append(p)
    return out
