"""Case files: a pseudonymous case id, subject attributes and dated assessments.

A case file holds one young person's assessments over time (one or several
instruments). It never holds a name or a personnummer: such fields are refused
(:attr:`~sigrbm.errors.Code.CASE_FORBIDDEN_FIELD`), and messages never quote
free-text notes back. The format is documented in ``docs/case-format.md``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Collection
from typing import Any

import attrs

from sigrbm.case.examples import resolve_case_source
from sigrbm.case.history import Event
from sigrbm.case.history_check import check_history
from sigrbm.case.records import ActionPlan, Consent, LegalBasis
from sigrbm.case.screen import check_ages, screen_personal_numbers
from sigrbm.errors import (
    CaseError,
    Code,
    NoAssessmentError,
    NotFoundError,
    Path,
    Problem,
    sort_problems,
)
from sigrbm.reading.source import SourceMap, YamlReadError, read_file, read_stdin, read_text
from sigrbm.reading.structure import INVALID, Reader, unstructure

#: The version of the case *format* this library reads.
CASE_FORMAT_VERSION = 1

_CASE_ID_TEXT = r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}"
_CASE_ID = re.compile(rf"^{_CASE_ID_TEXT}$")
_CASE_IDS = re.compile(rf"{_CASE_ID_TEXT}(?:\n{_CASE_ID_TEXT})*")  # many, one per line
# 6 or 8 digits of a birth date, optional separator, 4 digits: a Swedish personnummer
_PERSONNUMMER = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+]?\d{4}(?!\d)")
_YEAR_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

#: Keys refused anywhere in a case file because they identify a person.
FORBIDDEN_FIELDS = frozenset(
    {
        "name",
        "namn",
        "first_name",
        "last_name",
        "fornamn",
        "förnamn",
        "efternamn",
        "personnummer",
        "personal_number",
        "personal_identity_number",
        "ssn",
        "samordningsnummer",
        "address",
        "adress",
        "phone",
        "telefon",
        "email",
        "epost",
    }
)


def _case_id(value: object) -> tuple[Code, str] | None:
    if isinstance(value, str) and _PERSONNUMMER.search(value):
        return (
            Code.CASE_FORBIDDEN_FIELD,
            "this looks like a personnummer; use a pseudonymous case id",
        )
    if isinstance(value, str) and _CASE_ID.fullmatch(value):  # `$` alone lets 'a\n' in
        return None
    return (
        Code.INVALID_ID,
        "a case id is 1–64 letters, digits, '_', '.', ':' or '-' (a pseudonym, never a name)",
    )


def _case_ids(values: Collection[str]) -> dict[str, tuple[Code, str]]:
    """The problems of many case ids, by id: when every one is fine (the usual case), found
    in two passes of the regular expressions over them all instead of two calls per id."""
    joined = "\n".join(values)
    one_per_line = joined.count("\n") == len(values) - 1  # no id holds a line break itself
    if one_per_line and _CASE_IDS.fullmatch(joined) and not _PERSONNUMMER.search(joined):
        return {}  # a personnummer cannot span ids: it has no line break
    return {v: found for v in values if (found := _case_id(v))}


def _year_month(value: object) -> tuple[Code, str] | None:
    if isinstance(value, str) and _YEAR_MONTH.match(value) and "1900" <= value[:4] <= "2199":
        return None
    return (
        Code.WRONG_TYPE,
        "write the birth year and month as YYYY-MM between 1900 and 2199, e.g. '2010-05'",
    )


def _format(value: object) -> str | None:
    return (
        None
        if value == CASE_FORMAT_VERSION
        else (f"this version of sigrbm reads case format {CASE_FORMAT_VERSION}")
    )


@attrs.frozen(kw_only=True)
class Subject:
    """What the instruments need to know about the young person (no identity)."""

    birth_year_month: str | None = attrs.field(default=None, metadata={"check": _year_month})
    attributes: dict[str, str | int] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class ProfessionalJudgement:
    """The assessor's own level; a different level from the computed one is an override."""

    level: str
    reason: str | None = None
    author: str | None = None
    date: _dt.date | None = None


@attrs.frozen(kw_only=True)
class Assessment:
    """One dated assessment of one case with one instrument version."""

    instrument: str
    version: str
    date: _dt.date
    assessor: str
    age: int | None = None
    answers: dict[str, str | int] = attrs.field(factory=dict)
    notes: dict[str, str] = attrs.field(factory=dict)
    information_sources: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    judgement: ProfessionalJudgement | None = None
    #: issue 13: the assessor's level for each further judged score, by score id
    judgements: dict[str, ProfessionalJudgement] = attrs.field(factory=dict)
    #: issue 21: the content hash of the instrument a fillable checklist was made from
    instrument_hash: str | None = None
    # filled in from the enclosing case, not written inside the assessment
    case_id: str = attrs.field(default="", metadata={"context": True})
    subject: Subject = attrs.field(factory=Subject, metadata={"context": True})

    def attribute_values(self) -> dict[str, str | int]:
        """Subject attributes at the assessment date, with ``age`` when it can be known."""
        values: dict[str, str | int] = dict(self.subject.attributes)
        age = self.age_at_date()
        if age is not None:
            values["age"] = age
        return values

    def age_at_date(self) -> int | None:
        """``age`` if given, else whole years from the birth month (counted from its 1st day)."""
        if self.age is not None:
            return self.age
        if self.subject.birth_year_month is None:
            return None
        m = _YEAR_MONTH.match(self.subject.birth_year_month)
        if m is None:
            return None
        year, month = int(m.group(1)), int(m.group(2))
        return self.date.year - year - (1 if self.date.month < month else 0)


@attrs.frozen(kw_only=True)
class Case:
    """A case file: pseudonymous id, subject, assessments in date order."""

    format_version: int = attrs.field(default=CASE_FORMAT_VERSION, metadata={"check": _format})
    case_id: str = attrs.field(metadata={"check": _case_id})
    subject: Subject = attrs.field(factory=Subject)
    program: str | None = None
    assessments: tuple[Assessment, ...] = ()
    consents: tuple[Consent, ...] = ()
    legal_bases: tuple[LegalBasis, ...] = ()
    plans: tuple[ActionPlan, ...] = ()
    history: tuple[Event, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the case-file format."""
        out = unstructure(self)
        assert isinstance(out, dict)
        return out

    @classmethod
    def from_dict(cls, data: Any, /) -> Case:
        """Build from plain data; raises :class:`CaseError` listing every problem."""
        case, problems = parse_case(data, None)
        if problems or case is None:
            raise CaseError(problems)
        return case

    def latest(self, instrument: str | None = None) -> Assessment:
        """The most recent assessment (of ``instrument`` if given)."""
        chosen = [a for a in self.assessments if instrument in (None, a.instrument)]
        if not chosen:
            raise NoAssessmentError(f"case {self.case_id} has no assessment with {instrument}")
        return max(chosen, key=lambda a: a.date)


def _redact(path: Path) -> bool:
    return any(part in ("notes", "reason", "note") for part in path if isinstance(part, str))


def parse_case(data: Any, smap: SourceMap | None) -> tuple[Case | None, list[Problem]]:
    """Structure plain data as a :class:`Case`; returns it (or None) and the problems."""
    smap = smap or SourceMap()
    reader = Reader(smap, forbidden=FORBIDDEN_FIELDS, redact=_redact)
    # issue 14: personnummer-like values are taken out before anything can echo them
    data, hidden = screen_personal_numbers(data, smap, FORBIDDEN_FIELDS)
    reader.problems.extend(hidden)
    if not isinstance(data, dict):
        reader.report(
            Code.NOT_A_MAPPING, (), "a case file must be a mapping with case_id and assessments"
        )
        return None, reader.problems
    if not data.get("history"):  # a case without history needs an assessment
        if "assessments" not in data:
            reader.report(Code.MISSING_KEY, (), "required key 'assessments' is missing")
        elif data["assessments"] == []:
            reader.report(
                Code.EMPTY_LIST,
                ("assessments",),
                "list at least one assessment, or record the referral in 'history'",
            )
    case = reader.build_class(data, Case, ())
    if case is INVALID:
        return None, reader.problems
    case = attrs.evolve(
        case,
        assessments=tuple(
            attrs.evolve(a, case_id=case.case_id, subject=case.subject) for a in case.assessments
        ),
    )
    problems = list(reader.problems)
    problems += check_history(case, reader.smap)
    seen: dict[tuple[str, _dt.date], int] = {}
    for i, a in enumerate(case.assessments):
        key = (a.instrument, a.date)
        if key in seen:
            problems.append(
                reader.smap.problem(
                    Code.CASE_DUPLICATE_ASSESSMENT,
                    ("assessments", i, "date"),
                    f"assessment {seen[key]} already answers {a.instrument} on {a.date}; "
                    "merge them or correct the date",
                    sv=f"bedömning {seen[key]} besvarar redan {a.instrument} {a.date}; slå "
                    "ihop dem eller rätta datumet",
                )
            )
        seen[key] = i
    problems.extend(check_ages(case, reader.smap))  # issue 14
    return case, problems


def _merge(read: list[Problem], more: list[Problem]) -> list[Problem]:
    """All problems; a value hidden as a personnummer is reported once, as C605."""
    hidden = {p.path for p in more if p.code is Code.CASE_FORBIDDEN_FIELD}
    return sort_problems([p for p in read if p.path not in hidden] + more)


def check_case_text(
    text: str, filename: str | None = None
) -> tuple[Case | None, SourceMap, list[Problem]]:
    """Read a case from YAML/JSON text: the case (or None), its source map and every problem."""
    try:
        data, smap, problems = read_text(text, filename)
    except YamlReadError as exc:
        return None, SourceMap(file=filename), exc.problems
    case, more = parse_case(data, smap)
    return case, smap, _merge(problems, more)


def check_case_file(path: str | os.PathLike[str]) -> tuple[Case | None, SourceMap, list[Problem]]:
    """Like :func:`check_case_text` for a file; ``-`` reads standard input, ``example:NAME``
    a bundled example case (:func:`sigrbm.case.examples.example_case`)."""
    try:
        name = resolve_case_source(os.fspath(path))
    except NotFoundError as exc:  # example:NAME that is not bundled: a located problem
        source = os.fspath(path)
        return (
            None,
            SourceMap(file=source),
            [
                Problem(
                    code=Code.UNREADABLE,
                    path=(),
                    message=exc.args[0].split(": ", 1)[-1],
                    file=source,
                )
            ],
        )
    if name == "-":
        try:
            data, smap, problems = read_stdin()
        except YamlReadError as exc:
            return None, SourceMap(file="<stdin>"), exc.problems
        case, more = parse_case(data, smap)
        return case, smap, _merge(problems, more)
    try:
        data, smap, problems = read_file(name)
    except YamlReadError as exc:
        return None, SourceMap(file=name), exc.problems
    case, more = parse_case(data, smap)
    return case, smap, _merge(problems, more)
