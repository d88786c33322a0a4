"""The one check of a case file: the same verdict, with the same codes, on every path.

``validate``, :func:`load_case`, ``case status``, ``case add`` (before it writes: the whole
resulting file), ``score``, ``match``, ``plan``, ``report`` and ``import fhir --case`` all
run :func:`check_case` (or :func:`check_case_value` on a file's text), which checks, in one
pass, and collects every problem:

1. the structure and the history (``sigrbm.case.model``, ``sigrbm.case.history_check``:
   C6xx, C700–C716);
2. the program the file names (``program:`` or its referral; ``program`` given to the call
   overrides it, with a note): unknown → C719 with the closest id;
3. the ids the file names, against the actor and intervention catalogue and the instruments
   of its assessments (C719 with did-you-mean);
4. the consents and legal bases (P802–P804), and the reasons to combine alternatives a
   stored plan records (``sigrbm.casework.alternatives``: P810, P840);
5. every answer against its instrument (C6xx, by scoring: ``sigrbm.scoring.case_file``);
6. the program's guards (``sigrbm.casework.flow_guards``: C701, C705, C717, C718).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import attrs

from sigrbm.case.history import EventKind
from sigrbm.case.history_check import current_plan
from sigrbm.case.model import Case, check_case_file, check_case_text
from sigrbm.casework.alternatives import combine_problems
from sigrbm.casework.catalogue import Catalogue, load_catalogue
from sigrbm.casework.consent_records import consent_problems
from sigrbm.casework.flow_guards import check_flow
from sigrbm.casework.plan_rules import plan_fact_problems
from sigrbm.casework.program import ProgramProfile, bundled_programs, load_program
from sigrbm.errors import (
    CaseError,
    Code,
    NotFoundError,
    Path,
    Problem,
    ValidationError,
    sort_problems,
)
from sigrbm.instrument.model import Instrument
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import did_you_mean
from sigrbm.reading.text import Text
from sigrbm.scoring.case_file import Scored, score_case

#: Why a command that needs a program cannot go on, in both languages (issue 21: the
#: command line tells it in one, :data:`NO_PROGRAM` is both for a caller of the library).
NO_PROGRAM_TEXT = Text.of(
    sv="ärendet anger inget program: ange --program eller registrera det vid aktualiseringen",
    en="the case names no program: give --program or record it at referral",
)
NO_PROGRAM = f"{NO_PROGRAM_TEXT['sv']} ({NO_PROGRAM_TEXT['en']})"
#: Participants that are people, not organisations of the actor catalogue.
PEOPLE = frozenset({"young_person", "guardian"})


@attrs.frozen(kw_only=True)
class CheckedCase:
    """A case file after the one check: the case, where its program came from, every problem."""

    case: Case | None
    smap: SourceMap
    problems: tuple[Problem, ...]
    program: ProgramProfile | None = None
    catalogue: Catalogue | None = None
    scored: tuple[Scored, ...] = ()
    #: a line for the user, e.g. that --program overrides the program the file names
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """No problem was found."""
        return not self.problems and self.case is not None


def program_of(case: Case) -> str | None:
    """The program the case names (its latest referral's, else the top-level ``program``)."""
    named = case.program
    for ev in case.history:
        if ev.event is EventKind.REFERRAL and ev.program:
            named = ev.program
    return named


def _program_path(case: Case) -> Path:
    for i in range(len(case.history) - 1, -1, -1):
        ev = case.history[i]
        if ev.event is EventKind.REFERRAL and ev.program:
            return ("history", i, "program")
    return ("program",)


def check_case(
    source: str | os.PathLike[str],
    *,
    program: str | ProgramProfile | None = None,
    catalogue: Catalogue | None = None,
    instrument: str | os.PathLike[str] | None = None,
    adapt: Callable[[Instrument], Instrument] | None = None,
) -> CheckedCase:
    """Read a case file (``-`` stdin, ``example:NAME`` a bundled example) and check it whole.

    ``program`` (an id, a path or a profile) overrides the program the file names;
    ``instrument`` and ``adapt`` are as for :func:`sigrbm.scoring.case_file.score_case_file`.
    """
    case, smap, problems = check_case_file(source)
    return check_case_value(
        case, smap, problems, program=program, catalogue=catalogue,
        instrument=instrument, adapt=adapt,
    )  # fmt: skip


def check_case_str(
    text: str, filename: str | None = None, *, program: str | ProgramProfile | None = None
) -> CheckedCase:
    """:func:`check_case` of a case file's text (what ``case add`` would write)."""
    case, smap, problems = check_case_text(text, filename)
    return check_case_value(case, smap, problems, program=program)


def check_case_value(
    case: Case | None,
    smap: SourceMap,
    problems: list[Problem],
    *,
    program: str | ProgramProfile | None = None,
    catalogue: Catalogue | None = None,
    instrument: str | os.PathLike[str] | Instrument | None = None,
    adapt: Callable[[Instrument], Instrument] | None = None,
) -> CheckedCase:
    """The one check on a case already read (``problems``: those of reading it)."""
    if case is None:
        return CheckedCase(case=case, smap=smap, problems=tuple(problems))
    found: list[Problem] = list(problems)
    notes: list[str] = []
    try:
        cat = catalogue if catalogue is not None else load_catalogue()
    except ValidationError as exc:
        return CheckedCase(case=case, smap=smap, problems=tuple(exc.problems))
    profile = _resolve_program(case, smap, program, cat, found, notes)
    found += consent_problems(case, cat, smap)
    found += combine_problems(
        case.plans, cat.interventions.alternatives, smap, in_force=_plan_in_force(case)
    )
    read_ok = not problems  # answers and program guards need a case that reads whole
    items: list[Scored] = []
    if read_ok and case.assessments:  # a case at referral has nothing to score yet
        scored = score_case(case, smap, instrument, cache=True, adapt=adapt)
        found += scored.problems
        items = scored.items
    found += list(_unknown_ids(case, cat, smap, [s.instrument for s in items]))
    found += list(_unknown_plan_programs(case, smap, profile))
    found += plan_fact_problems(case, smap, [a.id for a in cat.actors.actors])
    if read_ok and profile is not None:
        found += check_flow(case, profile, smap, cat)
    return CheckedCase(
        case=case,
        smap=smap,
        problems=tuple(sort_problems(found)),
        program=profile,
        catalogue=cat,
        scored=tuple(items),
        notes=tuple(notes),
    )


def _plan_in_force(case: Case) -> int | None:
    """The index of the plan in force: the one the history fixed or revised last (a file
    without history: the latest plan)."""
    if case.history:
        found = current_plan(case)
        return found[0] if found is not None else None
    if not case.plans:
        return None
    return max(range(len(case.plans)), key=lambda k: (case.plans[k].date, k))


def _resolve_program(  # noqa: PLR0917 -- one internal call site, names in order
    case: Case,
    smap: SourceMap,
    given: str | ProgramProfile | None,
    cat: Catalogue,
    found: list[Problem],
    notes: list[str],
) -> ProgramProfile | None:
    named = program_of(case)
    if isinstance(given, ProgramProfile):
        profile: ProgramProfile | None = given
    elif given is not None:
        profile = load_program(given, cat)  # NotFoundError / InstrumentError: the caller's
    else:
        profile = None
    unknown = named is not None and named not in bundled_programs()
    if unknown and (profile is None or profile.id != named):
        found.append(
            smap.problem(
                Code.CASE_UNKNOWN_ID,
                _program_path(case),
                f"no program profile '{named}'{did_you_mean(str(named), bundled_programs())}",
                sv=f"ingen programprofil '{named}'"
                f"{did_you_mean(str(named), bundled_programs(), 'sv')}",
            )
        )
    if profile is not None:
        if named is not None and named != profile.id:
            notes.append(
                f"--program {profile.id} gäller i stället för filens program {named} "
                f"(--program {profile.id} overrides the file's program {named})"
            )
        return profile
    if named is None or named not in bundled_programs():
        return None
    return load_program(named, cat)


def _unknown_ids(
    case: Case, cat: Catalogue, smap: SourceMap, instruments: list[Instrument]
) -> Iterator[Problem]:
    actors = {a.id for a in cat.actors.actors} | PEOPLE
    interventions = {iv.id for iv in cat.interventions.interventions}

    def actor(path: Path, value: str) -> Iterator[Problem]:
        if value not in actors:
            yield smap.problem(
                Code.CASE_UNKNOWN_ID,
                path,
                f"unknown actor '{value}'{did_you_mean(value, actors)}",
                sv=f"okänd aktör '{value}'{did_you_mean(value, actors, 'sv')}",
            )

    for i, c in enumerate(case.consents):
        for j, a in enumerate(c.actors):
            yield from actor(("consents", i, "actors", j), a)
    for i, b in enumerate(case.legal_bases):
        yield from actor(("legal_bases", i, "actor"), b.actor)
    for k, p in enumerate(case.plans):
        for j, a in enumerate(p.participants):
            yield from actor(("plans", k, "participants", j), a)
        for j, e in enumerate(p.entries):
            yield from actor(("plans", k, "entries", j, "actor"), e.actor)
            if e.intervention not in interventions:
                yield smap.problem(
                    Code.CASE_UNKNOWN_ID,
                    ("plans", k, "entries", j, "intervention"),
                    f"unknown intervention '{e.intervention}'"
                    f"{did_you_mean(e.intervention, interventions)}",
                    sv=f"okänd insats '{e.intervention}'"
                    f"{did_you_mean(e.intervention, interventions, 'sv')}",
                )
    for i, ev in enumerate(case.history):
        for j, a in enumerate(ev.actors):
            yield from actor(("history", i, "actors", j), a)
        for j, a in enumerate(ev.participants):
            yield from actor(("history", i, "participants", j), a)
    if instruments:
        read = {"age"} | {a.id for inst in instruments for a in inst.attributes}
        read |= {p.id for inst in instruments for p in inst.parameters}
        for key in case.subject.attributes:
            if key not in read:
                yield smap.problem(
                    Code.CASE_UNKNOWN_ID,
                    ("subject", "attributes", key),
                    f"no instrument of this case reads the attribute '{key}'"
                    f"{did_you_mean(key, read)}",
                    sv=f"inget instrument i ärendet läser egenskapen '{key}'"
                    f"{did_you_mean(key, read, 'sv')}",
                )


def _unknown_plan_programs(
    case: Case, smap: SourceMap, profile: ProgramProfile | None
) -> Iterator[Problem]:
    """C719 for a stored plan naming a program that is neither bundled nor the one in use."""
    known = set(bundled_programs()) | ({profile.id} if profile is not None else set())
    for k, p in enumerate(case.plans):
        if p.program not in known:
            yield smap.problem(
                Code.CASE_UNKNOWN_ID,
                ("plans", k, "program"),
                f"no program profile '{p.program}'{did_you_mean(p.program, known)}",
                sv=f"ingen programprofil '{p.program}'{did_you_mean(p.program, known, 'sv')}",
            )


def load_case(
    source: str | os.PathLike[str], *, program: str | ProgramProfile | None = None
) -> Case:
    """Read a case file and run the one check; raises :class:`CaseError` with every problem
    (the same verdict as ``sigrbm validate`` and every command)."""
    try:
        got = check_case(source, program=program)
    except NotFoundError as exc:
        raise CaseError(
            [Problem(code=Code.CASE_UNKNOWN_ID, path=(), message=str(exc), file=os.fspath(source))]
        ) from None
    if not got.ok or got.case is None:
        raise CaseError(list(got.problems))
    return got.case
