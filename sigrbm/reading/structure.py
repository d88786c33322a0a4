"""Generic, located conversion between plain data and the frozen attrs values.

:class:`Reader` walks a plain value tree alongside the type hints of an attrs
class and collects every problem it meets (unknown or missing keys, wrong types,
the YAML 1.1 traps, bad ids) as located :class:`~sigrbm.errors.Problem` values.
A value that cannot be built becomes :data:`INVALID`; the caller decides how far
that spreads. :func:`unstructure` is the inverse used by ``to_dict``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import enum
import math
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

import attrs

from sigrbm.errors import Code, Path, Problem
from sigrbm.reading.scalars import ScalarError, check_date, magnitude_problem, parse_date
from sigrbm.reading.source import REJECTED, SourceMap
from sigrbm.reading.text import Text

_TRUE_FALSE = {"true", "false", "True", "False", "TRUE", "FALSE"}


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


def key_of(field: attrs.Attribute[Any]) -> str:
    """The YAML key of an attrs field."""
    return str(field.metadata.get("key", field.name))


@cache
def hints(cls: type) -> dict[str, Any]:
    """Resolved type hints of an attrs class."""
    module = __import__(cls.__module__, fromlist=["*"])
    return typing.get_type_hints(cls, vars(module))


def closest(word: str, choices: typing.Iterable[str]) -> str | None:
    """The closest choice to ``word``, if any is close."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: typing.Iterable[str], lang: str = "en") -> str:
    """``; did you mean 'x'?`` or ``; known: a, b, c`` or an empty string (issue 21: in
    Swedish ``; menade du 'x'?`` or ``; kända: a, b, c``)."""
    options = sorted(set(choices))
    close = closest(word, options)
    sv = lang == "sv"
    if close:
        return f"; menade du '{close}'?" if sv else f"; did you mean '{close}'?"
    if not options:
        return ""
    shown = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
    return f"; kända: {shown}" if sv else f"; known: {shown}"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a date" if hasattr(value, "isoformat") else type(value).__name__


_TYPE_WORDS: dict[Any, str] = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
}


class Reader:
    """Build typed values from plain data, collecting located problems."""

    def __init__(
        self,
        smap: SourceMap | None = None,
        *,
        forbidden: frozenset[str] = frozenset(),
        redact: Callable[[Path], bool] | None = None,
    ) -> None:
        self.smap = smap or SourceMap()
        self.problems: list[Problem] = []
        #: keys refused with :attr:`Code.CASE_FORBIDDEN_FIELD` (personal data)
        self.forbidden = forbidden
        #: paths whose values must never be quoted back in a message (free text)
        self.redact = redact or (lambda _path: False)

    # ----------------------------------------------------------------- reporting
    def report(
        self, code: Code, path: Path, message: str, *, key: bool = False, sv: str | None = None
    ) -> None:
        """Record one problem at ``path`` (``sv``: the message in Swedish)."""
        self.problems.append(self.smap.problem(code, path, message, key=key, sv=sv))

    def _wrong(self, value: Any, expected: str, path: Path) -> Any:
        scalar = self.smap.scalars.get(path)
        if expected.startswith("text") and scalar and scalar.plain:
            if self.redact(path):  # free text: never quote it back
                shown, quote = "this unquoted value", "quote it"
            else:
                shown, quote = f"unquoted {scalar.text}", f"quote it ('{scalar.text}')"
            if isinstance(value, bool):
                self.report(
                    Code.YAML_BOOLEAN_TRAP,
                    path,
                    f"YAML 1.1 reads {shown} as a true/false value; {quote} if you mean the text",
                )
                return INVALID
            if isinstance(value, int | float):
                self.report(
                    Code.YAML_NUMBER_TRAP,
                    path,
                    f"YAML reads {shown} as "
                    + ("a number" if self.redact(path) else f"the number {value!r}")
                    + f"; {quote} to keep it as written",
                )
                return INVALID
            if hasattr(value, "isoformat"):
                self.report(Code.YAML_DATE_TRAP, path, f"YAML reads {shown} as a date; {quote}")
                return INVALID
        self.report(Code.WRONG_TYPE, path, f"expected {expected}, found {_describe(value)}")
        return INVALID

    # ------------------------------------------------------------------ building
    def build(self, value: Any, tp: Any, path: Path) -> Any:
        """Convert ``value`` to type ``tp``; returns :data:`INVALID` after reporting."""
        if value is REJECTED:
            return INVALID
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            return self._union(value, typing.get_args(tp), path)
        if origin is tuple:
            return self._tuple(value, typing.get_args(tp)[0], path)
        if origin is dict:
            return self._dict(value, typing.get_args(tp)[1], path)
        if tp is _dt.date:
            return self._date(value, path)
        if tp is Text:
            return self._text(value, path)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self._enum(value, tp, path)
        if attrs.has(tp):
            return self.build_class(value, tp, path)
        return self._scalar(value, tp, path)

    def _bounded(self, value: Any, path: Path) -> Any:
        problem = magnitude_problem(value)
        if problem is None:
            return value
        self.report(problem.code, path, problem.message)
        return INVALID

    def _scalar(self, value: Any, tp: Any, path: Path) -> Any:
        if tp is bool:
            scalar = self.smap.scalars.get(path)
            if isinstance(value, bool):
                if scalar and scalar.plain and scalar.text not in _TRUE_FALSE:
                    self.report(
                        Code.YAML_BOOLEAN_TRAP,
                        path,
                        f"write true or false, not {scalar.text} "
                        "(YAML 1.1 spellings are ambiguous)",
                    )
                    return INVALID
                return value
            return self._wrong(value, "true or false", path)
        if tp is str:
            return value if isinstance(value, str) else self._wrong(value, "text", path)
        if tp is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return self._bounded(value, path)
            return self._wrong(value, "a whole number", path)
        if tp is float:
            if isinstance(value, int | float) and not isinstance(value, bool):
                if not math.isfinite(value):
                    self.report(Code.OUT_OF_RANGE, path, "use an ordinary number, not inf or nan")
                    return INVALID
                return self._bounded(value, path)
            return self._wrong(value, "a number", path)
        raise TypeError(f"unsupported type {tp!r}")  # pragma: no cover - programming error

    def _enum(self, value: Any, tp: type[enum.Enum], path: Path) -> Any:
        choices = [str(m.value) for m in tp]
        if not isinstance(value, str):
            return self._wrong(value, "one of " + ", ".join(choices), path)
        try:
            return tp(value)
        except ValueError:
            close = closest(value, choices)
            hint = f"; did you mean '{close}'?" if close else ""
            self.report(
                Code.INVALID_CHOICE,
                path,
                f"'{value}' is not allowed here; use one of {', '.join(choices)}{hint}",
            )
            return INVALID

    def _text(self, value: Any, path: Path) -> Any:
        if not isinstance(value, dict):
            return self._wrong(value, "a mapping of language to text, e.g. {sv: …, en: …}", path)
        ok = True
        pairs: list[tuple[str, str]] = []
        for lang, text in value.items():
            if text is None and not (len(lang) in (2, 3) and lang.isalpha() and lang.islower()):
                self.report(
                    Code.WRONG_TYPE,
                    (*path, lang),
                    "a comma inside {…} ended the text early; put texts that contain commas "
                    "in quotes",
                )
                ok = False
            elif not isinstance(text, str):
                self._wrong(text, "text", (*path, lang))
                ok = False
            else:
                pairs.append((lang, text))
        return Text(tuple(sorted(pairs))) if ok else INVALID

    def _tuple(self, value: Any, inner: Any, path: Path) -> Any:
        if not isinstance(value, list):
            return self._wrong(value, "a list", path)
        out = [self.build(v, inner, (*path, i)) for i, v in enumerate(value)]
        return INVALID if any(v is INVALID for v in out) else tuple(out)

    def _dict(self, value: Any, inner: Any, path: Path) -> Any:
        if not isinstance(value, dict):
            return self._wrong(value, "a mapping", path)
        out = {k: self.build(v, inner, (*path, k)) for k, v in value.items()}
        return INVALID if any(v is INVALID for v in out.values()) else out

    def _date(self, value: Any, path: Path) -> Any:
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            problem = check_date(value)
            if problem is None:
                return value
            self.report(problem.code, path, problem.message)
            return INVALID
        if isinstance(value, str):
            try:
                return parse_date(value)
            except ScalarError as exc:
                self.report(exc.code, path, exc.message)
            return INVALID
        return self._wrong(value, "a date written YYYY-MM-DD", path)

    def _union(self, value: Any, args: tuple[Any, ...], path: Path) -> Any:
        non_none = [a for a in args if a is not type(None)]
        if value is None:
            if len(non_none) < len(args):
                return None
            return self._wrong(value, "a value", path)
        if len(non_none) == 1:
            return self.build(value, non_none[0], path)
        if all(a in _TYPE_WORDS for a in non_none):
            for a in non_none:
                if isinstance(value, a) and not (isinstance(value, bool) and a is not bool):
                    return self._bounded(value, path)
            return self._wrong(value, " or ".join(_TYPE_WORDS[a] for a in non_none), path)
        # a union of attrs classes, told apart by their first key
        by_key = {key_of(attrs.fields(c)[0]): c for c in non_none}
        if isinstance(value, dict):
            present = [k for k in by_key if k in value]
            if len(present) == 1:
                return self.build_class(value, by_key[present[0]], path)
        self.report(
            Code.WRONG_TYPE,
            path,
            "expected a condition with exactly one of the keys " + ", ".join(by_key),
        )
        return INVALID

    def build_class(self, value: Any, cls: type, path: Path) -> Any:
        """Build one attrs instance from a mapping (unknown keys reported, not fatal)."""
        kwargs, ok = self.fields_of(value, cls, path)
        return cls(**kwargs) if ok else INVALID

    def fields_of(self, value: Any, cls: type, path: Path) -> tuple[dict[str, Any], bool]:
        """Field values of ``cls`` read from mapping ``value``, and whether all were valid."""
        fields = [f for f in attrs.fields(cls) if not f.metadata.get("context")]
        if not isinstance(value, dict):
            keys = ", ".join(key_of(f) for f in fields)
            self._wrong(value, f"a mapping with keys {keys}", path)
            return {}, False
        known = {key_of(f): f for f in fields}
        for key in value:
            if key in self.forbidden:
                self.report(
                    Code.CASE_FORBIDDEN_FIELD,
                    (*path, key),
                    f"'{key}' would identify a person; case files hold only a pseudonymous "
                    "case id: remove this field",
                    key=True,
                    sv=f"'{key}' skulle identifiera en person; ärendefiler innehåller bara ett "
                    "pseudonymt ärende-id: ta bort fältet",
                )
            elif key not in known:
                self.report(
                    Code.UNKNOWN_KEY,
                    (*path, key),
                    f"unknown key '{key}'{did_you_mean(key, known)}",
                    key=True,
                )
        kwargs: dict[str, Any] = {}
        ok = True
        hint = hints(cls)
        for f in fields:
            key = key_of(f)
            if key not in value:
                if f.default is attrs.NOTHING:
                    self.report(Code.MISSING_KEY, path, f"required key '{key}' is missing")
                    ok = False
                continue
            built = self.build(value[key], hint[f.name], (*path, key))
            if built is INVALID or not self._checks(f, built, (*path, key)):
                ok = False
                continue
            kwargs[f.name] = built
        return kwargs, ok

    def _checks(self, f: attrs.Attribute[Any], built: Any, path: Path) -> bool:
        """Run a field's value checks; a check returns a message, or (code, message)."""
        check: Check | None = f.metadata.get("check")
        if check is not None and built is not None:
            found = check(built)
            if found:
                code, msg = _coded(check, found)
                self.report(code, path, msg)
                return False
        each: Check | None = f.metadata.get("check_each")
        if each is not None and built:
            good = True
            for i, v in enumerate(built):
                found = each(v)
                if found:
                    code, msg = _coded(each, found)
                    self.report(code, (*path, i), msg)
                    good = False
            return good
        return True


Check = Callable[[Any], "str | tuple[Code, str] | None"]


def _coded(check: Check, found: str | tuple[Code, str]) -> tuple[Code, str]:
    if isinstance(found, tuple):
        return found
    return _code_for(check), found


def _code_for(check: Check) -> Code:
    name = getattr(check, "__name__", "")
    if name == "is_id":
        return Code.INVALID_ID
    if name == "is_semver":
        return Code.INVALID_VERSION
    return Code.OUT_OF_RANGE


def _is_default(f: attrs.Attribute[Any], v: Any) -> bool:
    if f.default is attrs.NOTHING:
        return False
    factory = getattr(f.default, "factory", None)
    if factory is not None:
        return bool(v == factory())
    return bool(v == f.default)


def unstructure(value: Any, *, omit_defaults: bool = True) -> Any:
    """Plain data (dicts, lists, str, numbers, bools) for a value.

    Fields equal to their default are left out unless ``omit_defaults`` is false (the
    result format writes every field, so consumers never need to know the defaults).
    """
    if isinstance(value, Text):
        return dict(value.items)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [unstructure(v, omit_defaults=omit_defaults) for v in value]
    if isinstance(value, dict):
        return {k: unstructure(v, omit_defaults=omit_defaults) for k, v in value.items()}
    if isinstance(value, _dt.date):
        return value.isoformat()
    if attrs.has(type(value)):
        out: dict[str, Any] = {}
        for f in attrs.fields(type(value)):
            if f.metadata.get("context"):
                continue
            v = getattr(value, f.name)
            if omit_defaults and _is_default(f, v):
                continue
            out[key_of(f)] = unstructure(v, omit_defaults=omit_defaults)
        return out
    return value
