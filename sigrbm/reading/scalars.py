"""Numbers and dates read strictly as written, with bounded magnitudes.

YAML 1.1 (PyYAML's resolver) reads ``016`` as 14 (octal), ``0x10`` as 16, ``1:30`` as 90
(base 60) and ``1_000`` as 1000; Python's ``int()`` accepts superscript-free Unicode digits
(``'١٢'``) and ``date.fromisoformat`` accepts ``2026W031``. A silent change of a number or a
date is worse than a refusal, so every reader of sigrbm goes through these functions: plain
decimal digits only, magnitudes within :data:`MAX_ABS_INT` / :data:`MAX_ABS_FLOAT`, dates
exactly ``YYYY-MM-DD`` between :data:`MIN_DATE` and :data:`MAX_DATE`.

They raise :class:`ScalarError` (a ``ValueError`` carrying a stable :class:`Code` and a
message that never quotes the value) so that CSV and JSON Lines readers can locate it
themselves. ``docs/limits.md`` lists the bounds.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from sigrbm.errors import Code

#: The largest magnitude of a whole number in any input (counts, weights, ages, cut-offs).
MAX_ABS_INT = 10**15
#: The largest magnitude of a decimal number in any input.
MAX_ABS_FLOAT = 1e15
#: The range of dates any input may hold; far from the limits of :class:`datetime.date`,
#: so that adding a follow-up interval can never overflow.
MIN_DATE = _dt.date(1900, 1, 1)
MAX_DATE = _dt.date(2199, 12, 31)

_DECIMAL_INT = re.compile(r"-?(0|[1-9][0-9]*)\Z", re.ASCII)
_DECIMAL_FLOAT = re.compile(
    r"-?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]{1,3})?\Z", re.ASCII
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z", re.ASCII)
#: More digits than any bounded number needs: refused before conversion (no digit-limit error).
_MAX_DIGITS = 17


class ScalarError(ValueError):
    """A number or date not written strictly; ``code`` and ``message`` say why."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def int_form_problem(text: str) -> ScalarError | None:
    """Why ``text`` is not a plain, bounded decimal integer (``None`` when it is)."""
    stripped = text.strip()
    if len(stripped) > _MAX_DIGITS + 1 and stripped.lstrip("+-").isdigit():
        return _too_large()
    if not _DECIMAL_INT.match(stripped):
        return ScalarError(Code.NUMBER_FORM, _form_reason(stripped))
    if abs(int(stripped)) > MAX_ABS_INT:
        return _too_large()
    return None


def parse_int(text: str) -> int:
    """A whole number written in plain decimal digits, e.g. ``16`` or ``-3``.

    Refuses leading zeros (``016``), ``+``, hex/octal/binary prefixes, underscores, base-60
    (``1:30``), non-ASCII digits (superscripts, Arabic-Indic) and magnitudes above
    :data:`MAX_ABS_INT`, raising :class:`ScalarError`.
    """
    problem = int_form_problem(text)
    if problem is not None:
        raise problem
    return int(text.strip())


def float_form_problem(text: str) -> ScalarError | None:
    """Why ``text`` is not a plain, bounded decimal number (``None`` when it is)."""
    stripped = text.strip()
    if len(stripped) > 3 * _MAX_DIGITS:
        return _too_large()
    if not _DECIMAL_FLOAT.match(stripped):
        return ScalarError(Code.NUMBER_FORM, _form_reason(stripped))
    value = float(stripped)
    if not math.isfinite(value) or abs(value) > MAX_ABS_FLOAT:
        return _too_large()
    return None


def magnitude_problem(value: object) -> ScalarError | None:
    """Why an in-memory number is out of bounds (``None`` if it is fine or not a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return _too_large() if abs(value) > MAX_ABS_INT else None
    if math.isfinite(value) and abs(value) > MAX_ABS_FLOAT:
        return _too_large()
    return None


def parse_float(text: str) -> float:
    """A decimal number like ``1.5``, ``-2`` or ``1e3`` within :data:`MAX_ABS_FLOAT`."""
    problem = float_form_problem(text)
    if problem is not None:
        raise problem
    return float(text.strip())


def check_date(value: _dt.date) -> ScalarError | None:
    """Why a date lies outside :data:`MIN_DATE` … :data:`MAX_DATE` (``None`` if inside)."""
    if MIN_DATE <= value <= MAX_DATE:
        return None
    return ScalarError(
        Code.DATE_RANGE,
        f"a date must lie between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}; "
        "check the year",
    )


def parse_date(text: str) -> _dt.date:
    """A calendar date written exactly ``YYYY-MM-DD`` within the allowed range.

    Refuses week dates (``2026W031``), ordinal dates, ``20260131``, times, one-digit
    months or days and impossible days (``2026-02-30``), raising :class:`ScalarError`.
    """
    m = _DATE.match(text.strip())
    if m is None:
        raise ScalarError(Code.DATE_FORM, "write the date as YYYY-MM-DD, e.g. 2026-03-01")
    try:
        value = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ScalarError(
            Code.DATE_FORM, "no such day in the calendar; write the date as YYYY-MM-DD"
        ) from None
    problem = check_date(value)
    if problem is not None:
        raise problem
    return value


def _too_large() -> ScalarError:
    return ScalarError(
        Code.NUMBER_TOO_LARGE,
        f"the number is too large; numbers in sigrbm files lie within ±{MAX_ABS_INT:.0e}",
    )


def _form_reason(text: str) -> str:
    body = text.lstrip("+-")
    if text.startswith("+"):
        why = "a leading '+' is not allowed"
    elif body[:2].lower() in ("0x", "0o", "0b"):
        why = "hexadecimal, octal and binary forms are not allowed (YAML 1.1 converts them)"
    elif "_" in body:
        why = "underscores between digits are not allowed (YAML 1.1 drops them)"
    elif ":" in body:
        why = "YAML 1.1 reads digits with ':' as a base-60 number (1:30 is 90)"
    elif len(body) > 1 and body[0] == "0" and body.isdigit() and body.isascii():
        why = "a leading 0 is not allowed"
        if set(body) <= set("01234567"):
            why += f" (YAML 1.1 reads {body} as the octal number {int(body, 8)})"
    elif any(not c.isascii() for c in body):
        why = "only the digits 0-9 are allowed (no superscripts or other scripts)"
    else:
        why = "it is not a plain decimal number"
    return f"write the number in plain decimal digits: {why}; quote it if you mean text"
