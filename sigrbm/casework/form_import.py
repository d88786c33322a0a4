"""An assessment saved from the fillable checklist, added to a case file (issue 21).

``sigrbm handout ID --fillable`` writes a form that saves an assessment file in the case-file
format (instrument id, version, content hash, date, assessor, answers, judgements). This is
what ``sigrbm import form SAVED --case CASE`` runs: the saved assessment is added to the case
file as ``sigrbm case add assessment CASE --from SAVED`` adds it — the record and, in a case
with a history, its event (a screening for Check: IRK, a reassessment when the history already
has an assessment with the instrument, an assessment otherwise) — and the whole resulting file
goes through the one check (:func:`~sigrbm.casework.case_check.check_case_str`). Nothing is
written: the caller gets the new text or the located problems.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any

import attrs

from sigrbm.case.history import EventKind
from sigrbm.casework.case_edit import prepare, read_snapshot
from sigrbm.errors import Code, Problem, sort_problems
from sigrbm.reading.scalars import ScalarError, parse_date
from sigrbm.reading.source import SourceMap, YamlReadError, read_file

#: The instrument whose assessment is the screening (step 1), as in ``casework.flow``.
SCREENING_INSTRUMENT = "check-irk"


@attrs.frozen(kw_only=True)
class FormImport:
    """The case file's new text with the saved assessment, or the problems."""

    text: str | None
    problems: tuple[Problem, ...]


def _is_saved_form(data: object) -> bool:
    return (
        isinstance(data, dict)
        and "resourceType" not in data
        and isinstance(data.get("instrument"), str)
        and isinstance(data.get("answers"), dict)
    )


def _supplied(
    record: dict[str, Any], key: str, option: str | None, smap: SourceMap
) -> list[Problem]:
    """Fill ``record[key]`` from the option when the file has none; a located problem when
    both say something and they differ."""
    given = record.get(key)
    if option is None:
        return []
    if given in (None, ""):
        record[key] = option
        return []
    if str(given) == option:
        return []
    return [
        smap.problem(
            Code.FORM_OPTION_DISAGREES,
            (key,),
            f"the saved form gives {key} '{given}', the command line '{option}'; make them "
            "agree, or leave the option out",
            sv=f"det sparade formuläret anger {key} '{given}', kommandoraden '{option}'; gör "
            "dem lika, eller utelämna flaggan",
        )
    ]


def _day(value: object) -> object:
    """The event's date as a date, as ``case add`` writes it (the one check reports a date
    that is not one, on the assessment)."""
    try:
        return parse_date(str(value))
    except ScalarError:
        return value


def _event_kind(history: object, instrument: str) -> EventKind:
    if instrument == SCREENING_INSTRUMENT:
        return EventKind.SCREENING
    done = isinstance(history, list) and any(
        isinstance(ev, dict)
        and ev.get("event") in ("assessment", "reassessment")
        and ev.get("instrument") == instrument
        for ev in history
    )
    return EventKind.REASSESSMENT if done else EventKind.ASSESSMENT


def import_form(
    path: str | os.PathLike[str],
    case: str | os.PathLike[str],
    *,
    author: str | None = None,
    date: _dt.date | None = None,
) -> FormImport:
    """The case file at ``case`` with the assessment saved from the fillable form at
    ``path`` added (and its event, when the case has a history), checked whole.

    ``author`` and ``date`` supply the assessor and date when the saved file has none; where
    it says something else, that is a located problem (X916). A file that is not a saved form
    is X915. Reading the case file may raise ``OSError`` or ``UnicodeDecodeError``.
    """
    name = os.fspath(path)
    try:
        data, smap, problems = read_file(name)
    except YamlReadError as exc:
        return FormImport(text=None, problems=tuple(exc.problems))
    if problems:
        return FormImport(text=None, problems=tuple(problems))
    if not _is_saved_form(data):
        bad = smap.problem(
            Code.FORM_NOT_SAVED_FORM,
            (),
            "not an assessment saved from the fillable checklist (a mapping with "
            "'instrument' and 'answers'); save the form again, or use import fhir for a "
            "QuestionnaireResponse",
            sv="ingen bedömning sparad från den ifyllbara checklistan (nycklar med "
            "'instrument' och 'answers'); spara formuläret igen, eller använd import fhir för "
            "ett QuestionnaireResponse",
        )
        return FormImport(text=None, problems=(bad,))
    assert isinstance(data, dict)
    record = dict(data)
    found = _supplied(record, "assessor", author, smap)
    found += _supplied(record, "date", date.isoformat() if date is not None else None, smap)
    if found:
        return FormImport(text=None, problems=tuple(sort_problems(found)))
    snapshot = read_snapshot(case)
    try:
        base, _, _ = read_file(os.fspath(case))
    except YamlReadError:
        base = None  # the one check reports it on the resulting file
    history = base.get("history") if isinstance(base, dict) else None
    additions: list[tuple[str, dict[str, Any]]] = [("assessments", record)]
    if history:
        event = {
            "event": _event_kind(history, record["instrument"]).value,
            "date": _day(record.get("date")),
            "author": author or record.get("assessor"),
            "instrument": record["instrument"],
        }
        additions.append(("history", event))
    edit = prepare(snapshot, additions)
    return FormImport(text=edit.text if not edit.problems else None, problems=edit.problems)
