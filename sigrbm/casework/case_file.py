"""From a case file to recommendations or a plan: what `match` and `plan` run.

Local data: ``catalogue`` (a folder or an interventions file, see
:func:`~sigrbm.casework.catalogue.catalogue_paths`) replaces the bundled catalogue and
``programs`` (a folder of profiles) is searched before the bundled profiles.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping

import attrs

from sigrbm.case.model import Case
from sigrbm.case.record import derive
from sigrbm.case.records import ActionPlan, Consent
from sigrbm.casework.case_check import NO_PROGRAM, check_case
from sigrbm.casework.catalogue import Catalogue, catalogue_paths, load_catalogue
from sigrbm.casework.consent import ConsentReport
from sigrbm.casework.matching import Recommendations, match
from sigrbm.casework.plans import PlanError, PlanOutcome, ProgramAgeError, plan
from sigrbm.casework.program import ProgramProfile, bundled_programs, load_program
from sigrbm.errors import Code, InstrumentError, NotFoundError, Problem, sort_problems
from sigrbm.instrument.model import DomainKind
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import did_you_mean
from sigrbm.reading.text import Text
from sigrbm.scoring.case_file import Scored

#: A statute names a law: a section sign, a chapter, "lag", an SFS number (2009:400).
_STATUTE = re.compile(r"§|\bkap\b|\bkap\.|\blag\b|\bsfs\b|\d{4}:\d+|\bact\b", re.IGNORECASE)


#: Why ``match`` and ``plan`` cannot go on (issue 21: in both languages, as NO_PROGRAM).
NO_NEED_LEVELS_TEXT = Text.of(
    sv="ärendet har ingen bedömning med behovsnivåer (t.ex. check-rbmk)",
    en="the case has no assessment with need levels (e.g. check-rbmk)",
)
NO_NEED_LEVELS = f"{NO_NEED_LEVELS_TEXT['sv']} ({NO_NEED_LEVELS_TEXT['en']})"


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
    smap: SourceMap | None = None
    #: lines for the user (e.g. that --program overrides the file's program)
    notes: tuple[str, ...] = ()


@attrs.frozen
class Planned:
    """A plan for a case file, or why it was refused."""

    problems: list[Problem]
    error: str | None = None
    outcome: PlanOutcome | None = None
    catalogue: Catalogue | None = None
    program: ProgramProfile | None = None
    refused: ConsentReport | None = None
    refused_age: Text | None = None
    notes: tuple[str, ...] = ()
    consents: tuple[Consent, ...] = ()  # issue 20: the records the consent position names
    refused_code: str = "P801"  # P808 when the age range does not take the risk level

    def refusal(self, lang: str) -> str | None:
        """Why the plan is refused, in ``lang``, naming each actor by its name (never its
        id); None when it is not refused (issue 21)."""
        head = "plan vägras" if lang == "sv" else "plan refused"
        if self.refused_age is not None:
            return f"{head} [{self.refused_code}]: {self.refused_age[lang]}"
        if self.refused is None:
            return None
        lines = [f"{head} ({self.refused.date.isoformat()}):"]
        for a in self.refused.uncovered:
            cat = self.catalogue
            name = cat.actor(a.actor).name[lang] if cat and cat.has_actor(a.actor) else a.actor
            lines.append(f"  {name}: {a.missing[lang] if a.missing is not None else ''}")
        return "\n".join(lines)


def _assessable(s: Scored) -> bool:
    inst = s.instrument
    return inst.judgement is not None and any(
        d.kind is DomainKind.DYNAMIC and d.bands for d in inst.domains
    )


def load_data(
    catalogue: str | None, programs: str | None, program_name: str | None
) -> tuple[Catalogue, ProgramProfile | None]:
    """The catalogue (local or bundled) and the program profile (local folder first).

    Raises :class:`InstrumentError` with located problems, :class:`NotFoundError` with a
    "did you mean" over every profile it could have meant.
    """
    cat = load_catalogue(*catalogue_paths(catalogue)) if catalogue else load_catalogue()
    if program_name is None:
        return cat, None
    if programs is not None and not os.path.isfile(program_name):
        if not os.path.isdir(programs):
            raise NotFoundError(f"--programs '{programs}' is not a folder")
        local = os.path.join(programs, f"{program_name}.yaml")
        if os.path.isfile(local):
            return cat, load_program(local, cat)
        known = {f[:-5] for f in os.listdir(programs) if f.endswith(".yaml")}
        if program_name not in bundled_programs():
            known |= set(bundled_programs())
            raise NotFoundError(
                f"no program profile '{program_name}'{did_you_mean(program_name, known)}"
            )
    return cat, load_program(program_name, cat)


def _level_labels(s: Scored) -> dict[str, Text]:
    return {lv.id: lv.label for ls in s.instrument.level_sets for lv in ls.levels}


def matched(
    case_path: str,
    instrument: str | None,
    program_name: str | None,
    requested: tuple[str, ...] = (),
    show_avoid: bool = False,
    *,
    catalogue: str | None = None,
    programs: str | None = None,
    combine: Mapping[str, str] | None = None,
) -> Matched:
    """Check a case file (the one check, :func:`~sigrbm.casework.case_check.check_case`)
    and match its latest need assessment; the program is ``program_name`` or the file's
    (``combine``: group of alternatives → reason to take more than one of it, given now; the
    reasons the plan in force records apply too, ``combine`` overriding them by group)."""
    try:
        cat, given = load_data(catalogue, programs, program_name)
    except InstrumentError as exc:
        return Matched(list(exc.problems))
    except NotFoundError as exc:
        return Matched([], error=str(exc))
    checked = check_case(case_path, program=given, catalogue=cat, instrument=instrument)
    if checked.problems or checked.case is None:
        return Matched(list(checked.problems))
    if not checked.case.assessments:
        msg = "the case has no assessment yet; record one (sigrbm case add screening)"
        return Matched([checked.smap.problem(Code.EMPTY_LIST, ("assessments",), msg)])
    pool = [s for s in checked.scored if _assessable(s)]
    if not pool:
        return Matched([], error=NO_NEED_LEVELS)
    latest = max(pool, key=lambda s: s.assessment.date)
    program = checked.program
    known = {iv.id for iv in cat.interventions.interventions}
    unknown = [r for r in requested if r not in known]
    if unknown:
        return Matched(
            [],
            error="; ".join(
                f"unknown intervention '{r}'{did_you_mean(r, known)} "
                f"[{Code.UNKNOWN_INTERVENTION.value}]"
                for r in unknown
            ),
        )
    groups = {g.id for g in cat.interventions.alternatives}
    bad = [g for g in combine or {} if g not in groups]
    combine = {**recorded_combine(checked.case, _dt.date.today()), **(combine or {})}
    if bad:
        return Matched(
            [],
            error="; ".join(
                f"unknown group of alternatives '{g}'{did_you_mean(g, groups)} "
                f"[{Code.UNKNOWN_ALTERNATIVES.value}]"
                for g in bad
            ),
        )
    rec = match(
        latest.result,
        cat,
        latest.assessment.attribute_values(),
        program,
        requested=requested,
        show_avoid=show_avoid,
        level_labels=_level_labels(latest),
        combine=combine,
    )
    return Matched([], None, rec, cat, program, latest, checked.case, checked.smap, checked.notes)


def _in_force(case: Case, day: _dt.date) -> ActionPlan | None:
    """The plan in force on ``day``: the one the history names (older files: the latest)."""
    if case.history:
        return derive(case.history, case.consents, case.legal_bases, case.plans, day).plan
    return max((p for p in case.plans if p.date <= day), key=lambda p: p.date, default=None)


def recorded_combine(case: Case, day: _dt.date) -> dict[str, str]:
    """The reasons to combine alternatives that the plan in force on ``day`` records."""
    found = _in_force(case, day)
    return found.combine() if found is not None else {}


def consent_age(
    case: Case, scored: Scored, day: _dt.date, smap: SourceMap
) -> tuple[int | None, list[Problem]]:
    """The age on the plan date, from the birth month; an age recorded only on an assessment
    is refused for consent decisions (P805)."""
    if case.subject.birth_year_month is not None:
        return attrs.evolve(scored.assessment, date=day, age=None).age_at_date(), []
    recorded = scored.assessment.age
    said = (
        f"the case gives only the age {recorded} on the assessment of "
        f"{scored.assessment.date.isoformat()}"
        if recorded is not None
        else "the case gives no age"
    )
    sagt = (
        f"ärendet anger bara åldern {recorded} vid bedömningen {scored.assessment.date.isoformat()}"
        if recorded is not None
        else "ärendet anger ingen ålder"
    )
    return None, [
        smap.problem(
            Code.CONSENT_AGE_UNKNOWN,
            ("subject",),
            f"the age for a consent decision is computed at the plan date from the birth "
            f"month; {said}: add subject.birth_year_month (YYYY-MM)",
            sv="åldern för ett beslut om samtycke räknas vid plandatumet från födelsemånaden; "
            f"{sagt}: ange födelsemånaden (--birth ÅÅÅÅ-MM, subject.birth_year_month i filen)",
        )
    ]


def planned(
    case_path: str,
    instrument: str | None,
    program_name: str | None,
    day: _dt.date,
    coordinator: str | None = None,
    *,
    catalogue: str | None = None,
    programs: str | None = None,
    age_exception: str | None = None,
    combine: Mapping[str, str] | None = None,
) -> Planned:
    """Match, then build the plan for ``day`` against the consents the history records."""
    got = matched(
        case_path, instrument, program_name, catalogue=catalogue, programs=programs, combine=combine
    )
    if got.problems or got.error:
        return Planned(got.problems, got.error)
    assert got.recommendations is not None
    assert got.scored is not None
    assert got.case is not None
    assert got.catalogue is not None
    assert got.smap is not None
    if got.program is None:
        return Planned([], error=NO_PROGRAM)
    age_then, problems = consent_age(got.case, got.scored, day, got.smap)
    if problems:
        return Planned(sort_problems(problems))
    case = got.case
    record = derive(case.history, case.consents, case.legal_bases, case.plans, day)
    # the plan a revision replaces: the one in force on the day (older files: the latest)
    previous = _in_force(case, day)
    # its recorded reasons to combine alternatives are kept; --combine adds or replaces
    combine = {**(previous.combine() if previous is not None else {}), **(combine or {})}
    # match again at the plan date: actors serve ages, and the age may have changed
    rec = match(
        got.scored.result,
        got.catalogue,
        {**got.scored.assessment.attribute_values(), "age": age_then}
        if age_then is not None
        else got.scored.assessment.attribute_values(),
        got.program,
        level_labels=_level_labels(got.scored),
        combine=combine,
    )
    try:
        outcome = plan(
            rec,
            got.program,
            date=day,
            assessment_date=got.scored.assessment.date,
            consents=record.consents,
            legal_bases=record.legal_bases,
            coordinator=coordinator,
            age_exception=age_exception,
            catalogue=got.catalogue,
            previous=previous,
            birth_year_month=case.subject.birth_year_month,
        )
    except ProgramAgeError as exc:
        return Planned(
            [],
            error=str(exc),
            catalogue=got.catalogue,
            program=got.program,
            refused_age=exc.message(),
            refused_code=exc.code.value,
        )
    except PlanError as exc:
        return Planned(
            [], error=str(exc), catalogue=got.catalogue, program=got.program, refused=exc.report
        )
    return Planned(
        [], None, outcome, got.catalogue, got.program, notes=got.notes, consents=record.consents
    )
