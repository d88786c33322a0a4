"""Which kind of sigrbm file a document is, and its full check (what ``validate`` runs).

The kind comes from the shape of the top-level mapping: ``assessments``/``case_id`` make a
case file, ``interventions`` an intervention catalogue, ``actors`` an actor catalogue,
``core_actors``/``age_ranges`` a program profile; anything else is checked as an instrument.
"""

from __future__ import annotations

import os

import attrs

from sigrbm.casework.case_check import check_case
from sigrbm.casework.catalogue import load_catalogue
from sigrbm.casework.program import load_program
from sigrbm.errors import InstrumentError, NotFoundError, Problem, SigrbmError
from sigrbm.instrument.load import check_file
from sigrbm.reading.source import YamlReadError, read_file

KINDS = ("instrument", "case", "interventions", "actors", "program")


@attrs.frozen(kw_only=True)
class Checked:
    """The outcome of checking one file: its kind, a one-line summary when valid, problems."""

    kind: str
    summary: str | None
    problems: tuple[Problem, ...]
    #: issue 21: the summary in Swedish
    summary_sv: str | None = None


def detect_kind(path: str | os.PathLike[str]) -> str:
    """The kind of the file at ``path`` (``instrument`` when it cannot be read or told)."""
    try:
        data, _, _ = read_file(os.fspath(path))
    except (YamlReadError, OSError):
        return "instrument"
    if not isinstance(data, dict):
        return "instrument"
    keys = set(data)
    if "items" in keys:
        return "instrument"
    if keys & {"assessments", "case_id"}:
        return "case"
    if "interventions" in keys:
        return "interventions"
    if "actors" in keys:
        return "actors"
    if keys & {"core_actors", "age_ranges", "required_participants"}:
        return "program"
    return "instrument"


def check_any(path: str | os.PathLike[str], display: str | None = None) -> Checked:
    """Check a file of any kind the way its own command would; every problem is returned."""
    kind = detect_kind(path)
    if kind == "case":
        try:
            got = check_case(path)
        except SigrbmError as exc:  # the program the file names cannot be read
            return Checked(kind=kind, summary=None, problems=tuple(getattr(exc, "problems", ())))
        if got.problems or got.case is None:
            return Checked(kind=kind, summary=None, problems=got.problems)
        n = len(got.case.assessments)
        return Checked(
            kind=kind,
            summary=f"case {got.case.case_id}, {n} assessment{'s' if n != 1 else ''} "
            "checked against their instruments (sigrbm score scores them)",
            summary_sv=f"ärende {got.case.case_id}, {n} bedömning{'ar' if n != 1 else ''} "
            "kontrollerade mot sina instrument (sigrbm score poängsätter dem)",
            problems=(),
        )
    if kind in ("interventions", "actors", "program"):
        try:
            if kind == "program":
                prof = load_program(path, load_catalogue())
                summary = f"program profile {prof.id} {prof.version}"
                summary_sv = f"programprofil {prof.id} {prof.version}"
            else:
                cat = load_catalogue(**{kind: path})
                part = cat.interventions if kind == "interventions" else cat.actors
                summary = f"{kind} catalogue {part.id} {part.version}"
                what = "insatskatalog" if kind == "interventions" else "aktörskatalog"
                summary_sv = f"{what} {part.id} {part.version}"
        except InstrumentError as exc:
            return Checked(kind=kind, summary=None, problems=exc.problems)
        except NotFoundError as exc:
            raise AssertionError("a file that was read cannot be missing") from exc
        return Checked(kind=kind, summary=summary, summary_sv=summary_sv, problems=())
    inst, problems = check_file(path, display)
    if problems or inst is None:
        return Checked(kind=kind, summary=None, problems=tuple(problems))
    stamp = f"{inst.id} {inst.version} {inst.content_hash[:19]}"
    return Checked(
        kind=kind,
        summary=f"{stamp} ({len(inst.items)} items)",
        summary_sv=f"{stamp} ({len(inst.items)} frågor)",
        problems=(),
    )
