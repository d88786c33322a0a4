"""What a case file may not hold, and what its ages must agree with.

* :func:`screen_personal_numbers` refuses a personnummer- or samordningsnummer-like value
  (with or without century; ``-``, ``+``, ``_``, ``.``, ``:`` or nothing before the last
  four digits) in *every* key and value of a case file, free text included, and never
  quotes it back: the message names the path only, and the value is taken out of the data
  so that no later check can echo it. Code :attr:`~sigrbm.errors.Code.CASE_FORBIDDEN_FIELD`.
* :func:`check_ages` refuses implausible ages (C650), birth months after an assessment
  (C651) and an ``age`` that disagrees with the birth month at the assessment date (C652).

The bounds are in ``docs/limits.md``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from sigrbm.errors import Code, Path, Problem, looks_like_personnummer
from sigrbm.reading.source import REJECTED, SourceMap

#: The ages sigrbm accepts in a case file: a plausible human age at an assessment. SIG's own
#: ages (10–27, and each program's range) are enforced where they matter — matching and
#: plans refuse a person outside the program's ages (P801) — because an instrument encoded
#: in the format may be an adult one (docs/limits.md).
MIN_AGE = 6
MAX_AGE = 110

_MESSAGE = (
    "this looks like a personnummer or samordningsnummer (not shown); a case file holds "
    "only a pseudonymous case id: remove it"
)
_MESSAGE_SV = (  # issue 21
    "det här liknar ett personnummer eller samordningsnummer (visas inte); en ärendefil "
    "innehåller bara ett pseudonymt ärende-id: ta bort det"
)


def screen_personal_numbers(
    data: Any, smap: SourceMap, forbidden: frozenset[str] = frozenset()
) -> tuple[Any, list[Problem]]:
    """``data`` with personnummer-like keys and values taken out, and one problem for each.

    The value of a ``forbidden`` key (``personnummer: …``) is taken out unseen: the key
    itself is reported by the reader.
    """
    problems: list[Problem] = []

    def walk(value: Any, path: Path) -> Any:
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, child in value.items():
                if looks_like_personnummer(key):
                    problems.append(
                        smap.problem(
                            Code.CASE_FORBIDDEN_FIELD,
                            (*path, key),
                            _MESSAGE,
                            key=True,
                            sv=_MESSAGE_SV,
                        )
                    )
                    continue
                out[key] = REJECTED if key in forbidden else walk(child, (*path, key))
            return out
        if isinstance(value, list):
            return [walk(child, (*path, i)) for i, child in enumerate(value)]
        scalar = smap.scalars.get(path)
        written = scalar.text if scalar is not None else value
        if not isinstance(value, bool) and (
            looks_like_personnummer(written) or looks_like_personnummer(value)
        ):
            problems.append(smap.problem(Code.CASE_FORBIDDEN_FIELD, path, _MESSAGE, sv=_MESSAGE_SV))
            return REJECTED
        return value

    return walk(data, ()), problems


def age_from_birth_month(birth_year_month: str, day: _dt.date) -> int | None:
    """Whole years on ``day`` counted from the 1st of the birth month (``None`` if unreadable)."""
    try:
        year, month = (int(x) for x in birth_year_month.split("-"))
    except ValueError:
        return None
    return day.year - year - (1 if day.month < month else 0)


def _born_after(birth_year_month: str, day: _dt.date) -> bool:
    return birth_year_month > f"{day.year:04d}-{day.month:02d}"


#: Where each problem of :func:`subject_date_problems` lies: a field of the assessment or of
#: the subject.
BIRTH_MONTH = "birth_year_month"
AGE = "age"


def subject_date_problems(
    day: _dt.date, born: str | None, age: int | None, *, month_wrong: bool | None = None
) -> list[tuple[Code, str, str]]:
    """``(code, field, message)`` for one assessment date: a birth month after it (C651), an
    implausible age from the month or as written (C650), an ``age`` that disagrees with the
    month (C652). The one check of every path: case files, ``score`` and the batch readers.

    ``month_wrong`` (default: whether ``born`` is after ``day``) says the birth month is
    after *some* assessment of the case, so that no age is derived from it at all.
    """
    out: list[tuple[Code, str, str]] = []
    after = born is not None and _born_after(born, day)
    if after:
        out.append(
            (
                Code.CASE_BIRTH_MONTH,
                BIRTH_MONTH,
                f"the birth month is after the assessment date {day}; "
                "correct the birth month or the date",
            )
        )
        return out
    wrong = after if month_wrong is None else month_wrong
    from_month = age_from_birth_month(born, day) if born is not None and not wrong else None
    if from_month is not None and not MIN_AGE <= from_month <= MAX_AGE:
        out.append(
            (
                Code.CASE_AGE_RANGE,
                BIRTH_MONTH,
                f"the birth month makes the young person {from_month} on {day}; sigrbm "
                f"accepts ages {MIN_AGE}–{MAX_AGE}: check the month",
            )
        )
    if age is None:
        return out
    if not MIN_AGE <= age <= MAX_AGE:
        out.append(
            (
                Code.CASE_AGE_RANGE,
                AGE,
                f"an age of {age} is not plausible here; sigrbm accepts ages "
                f"{MIN_AGE}–{MAX_AGE}: check the number",
            )
        )
    elif from_month is not None and not _agrees(age, from_month, born, day):
        out.append(
            (
                Code.CASE_AGE_MISMATCH,
                AGE,
                f"age {age} disagrees with the birth month, which gives {from_month} "
                f"on {day}; correct one of them or leave out age",
            )
        )
    return out


def check_ages(case: Any, smap: SourceMap) -> list[Problem]:
    """Plausible ages, birth months before each assessment, ``age`` agreeing with the month."""
    problems: list[Problem] = []
    born = case.subject.birth_year_month
    # A birth month after an assessment is the one problem of the month: no age from it.
    month_wrong = born is not None and any(_born_after(born, a.date) for a in case.assessments)
    for i, a in enumerate(case.assessments):
        for code, field, message in subject_date_problems(
            a.date, born, a.age, month_wrong=month_wrong
        ):
            path: Path = (
                ("subject", BIRTH_MONTH) if field == BIRTH_MONTH else ("assessments", i, AGE)
            )
            problems.append(smap.problem(code, path, message))
    return problems


def _agrees(age: int, from_month: int, born: Any, day: _dt.date) -> bool:
    """In the birth month itself the birthday may not have come yet: one year less is fine."""
    if age == from_month:
        return True
    same_month = isinstance(born, str) and born.endswith(f"-{day.month:02d}")
    return same_month and age == from_month - 1
