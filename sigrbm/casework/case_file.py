"""From a case file to recommendations or a plan: what `match` and `plan` run."""

from __future__ import annotations

import datetime as _dt

import attrs

from sigrbm.case.model import Case
from sigrbm.casework.catalogue import Catalogue, load_catalogue
from sigrbm.casework.consent import ConsentReport
from sigrbm.casework.matching import Recommendations, match
from sigrbm.casework.plans import PlanError, PlanOutcome, plan
from sigrbm.casework.program import ProgramProfile, load_program
from sigrbm.errors import InstrumentError, NotFoundError, Problem
from sigrbm.instrument.model import DomainKind
from sigrbm.scoring.case_file import Scored, score_case_file


@attrs.frozen
class Matched:
    """Recommendations for a case file, or why there are none."""

    problems: list[Problem]
    error: str | None = None
    recommendations: Recommendations | None = None
    catalogue: Catalogue | None = None
    program: ProgramProfile | None = None
    scored: Scored | None = None
    case: Case | None = None


@attrs.frozen
class Planned:
    """A plan for a case file, or why it was refused."""

    problems: list[Problem]
    error: str | None = None
    outcome: PlanOutcome | None = None
    catalogue: Catalogue | None = None
    program: ProgramProfile | None = None
    refused: ConsentReport | None = None


def _assessable(s: Scored) -> bool:
    inst = s.instrument
    return inst.judgement is not None and any(
        d.kind is DomainKind.DYNAMIC and d.bands for d in inst.domains
    )


def matched(
    case_path: str,
    instrument: str | None,
    program_name: str | None,
    requested: tuple[str, ...] = (),
    show_avoid: bool = False,
) -> Matched:
    """Score a case file and match its latest need assessment."""
    scored = score_case_file(case_path, instrument, cache=True)
    if scored.problems:
        return Matched(scored.problems)
    pool = [s for s in scored.items if _assessable(s)]
    if not pool:
        return Matched([], error="the case has no assessment with need levels (e.g. check-rbmk)")
    latest = max(pool, key=lambda s: s.assessment.date)
    try:
        catalogue = load_catalogue()
        program = load_program(program_name, catalogue) if program_name else None
    except InstrumentError as exc:
        return Matched(list(exc.problems))
    except NotFoundError as exc:
        return Matched([], error=str(exc))
    rec = match(
        latest.result,
        catalogue,
        latest.assessment.attribute_values(),
        program,
        requested=requested,
        show_avoid=show_avoid,
    )
    return Matched([], None, rec, catalogue, program, latest, scored.case)


def planned(
    case_path: str,
    instrument: str | None,
    program_name: str,
    day: _dt.date,
    coordinator: str | None = None,
) -> Planned:
    """Match, then build the plan for ``day`` against the case file's consents."""
    got = matched(case_path, instrument, program_name)
    if got.problems or got.error:
        return Planned(got.problems, got.error)
    assert got.recommendations is not None
    assert got.scored is not None
    assert got.case is not None
    assert got.program is not None
    age_then = attrs.evolve(got.scored.assessment, date=day).age_at_date()
    rec = attrs.evolve(
        got.recommendations, age=age_then if age_then is not None else got.recommendations.age
    )
    try:
        outcome = plan(
            rec,
            got.program,
            date=day,
            assessment_date=got.scored.assessment.date,
            consents=got.case.consents,
            legal_bases=got.case.legal_bases,
            coordinator=coordinator,
        )
    except PlanError as exc:
        return Planned(
            [], error=str(exc), catalogue=got.catalogue, program=got.program, refused=exc.report
        )
    return Planned([], None, outcome, got.catalogue, got.program)
