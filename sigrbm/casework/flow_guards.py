"""Guards of the case flow that need the program profile (C705, C701), on top of the history
checks every case file gets when it is read (``sigrbm.case.history_check``, C700–C711)."""

from __future__ import annotations

from sigrbm.case.event_words import EVENT_NAMES
from sigrbm.case.history import EventKind
from sigrbm.case.history_check import covered
from sigrbm.case.model import Case
from sigrbm.case.record import Record, derive
from sigrbm.casework.catalogue import Catalogue, load_catalogue
from sigrbm.casework.flow_consent import case_consent
from sigrbm.casework.program import ProgramProfile
from sigrbm.errors import Code, Problem
from sigrbm.reading.source import SourceMap


def check_flow(
    case: Case, program: ProgramProfile, smap: SourceMap, catalogue: Catalogue | None = None
) -> list[Problem]:
    """Problems of ``case`` under ``program``: follow-up meetings without the participants the
    program requires (e.g. Skövde: the young person and police always take part), and plans
    fixed while the consent gate (``check_consent``: the parties the program's age rule
    requires, the information kinds ``catalogue`` says an actor needs; default the bundled
    catalogue) does not cover an entry's actor."""
    out: list[Problem] = []
    cat = catalogue if catalogue is not None else load_catalogue()
    out.extend(_missing_steps(case, program, smap))
    record = derive(case.history, case.consents, case.legal_bases, case.plans)  # fold once
    for i, ev in enumerate(case.history):
        if ev.event in (EventKind.PLAN_FIXED, EventKind.PLAN_REVISED):
            out.extend(_plan_gate(case, program, smap, cat, i))
        if ev.event is not EventKind.FOLLOW_UP_MEETING:
            continue
        out.extend(_meeting_gate(case, program, smap, cat, i, record))
        missing = [p for p in program.required_participants if p not in ev.participants]
        if missing:
            out.append(
                smap.problem(
                    Code.CASE_MEETING_PARTICIPANTS,
                    ("history", i, "participants"),
                    f"program {program.id} requires {', '.join(missing)} at every follow-up "
                    "meeting; add them to participants",
                    sv=f"programmet {program.name['sv']} kräver "
                    f"{', '.join(_sv_name(cat, p) for p in missing)} vid varje uppföljningsmöte; "
                    "lägg till dem bland deltagarna (--participants)",
                )
            )
    return out


K = EventKind
#: The steps an event needs recorded before it (step number, the event that records it).
PREREQUISITES: dict[EventKind, tuple[tuple[int, EventKind], ...]] = {
    K.INITIAL_DECISION: ((1, K.SCREENING),),
    K.ASSESSMENT: ((2, K.INITIAL_DECISION),),
    K.CASE_DECISION: ((3, K.ASSESSMENT),),
    K.PARTIES_IDENTIFIED: ((4, K.CASE_DECISION),),
    K.PLAN_FIXED: ((4, K.CASE_DECISION), (5, K.PARTIES_IDENTIFIED)),
}
_STEP_SV = {
    1: "screening",
    2: "samordnarens initiala beslut",
    3: "bedömning",
    4: "beslut om ärendet",
    5: "parter identifierade",
}
#: The people among the participants, in Swedish (the rest are actors of the catalogue).
_PEOPLE_SV = {"young_person": "den unga", "guardian": "vårdnadshavare"}


def _sv_name(cat: Catalogue, actor: str) -> str:
    """A participant or actor named in Swedish (its id when the catalogue lacks it)."""
    if actor in _PEOPLE_SV:
        return _PEOPLE_SV[actor]
    return cat.actor(actor).name["sv"] if cat.has_actor(actor) else f"'{actor}'"


_STEP_WORDS = {
    1: "the screening (screening)",
    2: "the coordinator's initial decision (initial_decision)",
    3: "the assessment (assessment)",
    4: "the decision on the case (case_decision)",
    5: "the parties (parties_identified)",
}


def _missing_steps(case: Case, program: ProgramProfile, smap: SourceMap) -> list[Problem]:
    """C718 for an event whose prerequisite step is not recorded before it (since the latest
    referral), unless the program's arbetsgång has no such step (``steps_skipped``): in a
    case with history nothing is implied."""
    out: list[Problem] = []
    seen: set[EventKind] = set()
    for i, ev in enumerate(case.history):
        if ev.event is K.REFERRAL:
            seen = set()
        for step, needed in PREREQUISITES.get(ev.event, ()):
            if step in program.steps_skipped or needed in seen:
                continue
            out.append(
                smap.problem(
                    Code.CASE_STEP_MISSING,
                    ("history", i, "event"),
                    f"a '{ev.event.value}' needs {_STEP_WORDS[step]} recorded before it, and "
                    f"program {program.id} has that step; record it first "
                    f"(sigrbm case add {needed.value.replace('_', '-')})",
                    sv=f"händelsen '{EVENT_NAMES[ev.event]['sv']}' kräver att "
                    f"steget '{_STEP_SV[step]}' är registrerat före den, och programmet "
                    f"{program.name['sv']} har det steget; registrera det först "
                    f"(sigrbm case add {needed.value.replace('_', '-')})",
                )
            )
        seen.add(ev.event)
    return out


def _meeting_gate(  # noqa: PLR0917 -- internal, one call site
    case: Case, program: ProgramProfile, smap: SourceMap, cat: Catalogue, i: int, record: Record
) -> list[Problem]:
    """C717 for each participant of the meeting at ``history[i]`` that shares information
    although no consent (from the parties the program's age rule requires) or legal basis
    covers it on the meeting date: a withdrawn consent acts from the date of its event."""
    ev = case.history[i]
    gate = case_consent(case, ev.participants, ev.date, program, cat, record)
    out: list[Problem] = []
    for gap in gate.uncovered:
        j = ev.participants.index(gap.actor)
        why = gap.missing["en"] if gap.missing is not None else "no consent"
        varfor = gap.missing["sv"] if gap.missing is not None else "inget samtycke"
        out.append(
            smap.problem(
                Code.CASE_NOT_COVERED,
                ("history", i, "participants", j),
                f"'{gap.actor}' takes part in the meeting of {ev.date} although nothing covers "
                f"sharing information with it then ({why}); record a new consent or a legal "
                "basis first, or hold the meeting without it",
                sv=f"{_sv_name(cat, gap.actor)} deltar i mötet {ev.date} fast inget omfattar "
                f"att dela uppgifter med den då ({varfor}); registrera ett nytt samtycke eller "
                "ett lagstöd först, eller håll mötet utan den",
            )
        )
    return out


def _plan_gate(
    case: Case, program: ProgramProfile, smap: SourceMap, cat: Catalogue, i: int
) -> list[Problem]:
    """C701 for each entry of the plan fixed at ``history[i]`` whose actor some consent
    names (the reading check covers the others) but the consent gate does not cover."""
    ev = case.history[i]
    out: list[Problem] = []
    for k, plan in enumerate(case.plans):
        if plan.id != ev.plan:
            continue
        gate = case_consent(case, [e.actor for e in plan.entries], ev.date, program, cat)
        gaps = {a.actor: a.missing for a in gate.uncovered}
        for j, e in enumerate(plan.entries):
            gap = gaps.get(e.actor)
            if gap is None or not covered(case, e.actor, ev.date):
                continue
            out.append(
                smap.problem(
                    Code.CASE_PLAN_BEFORE_CONSENT,
                    ("plans", k, "entries", j, "actor"),
                    f"no consent covers actor '{e.actor}' on {ev.date}, when the plan is fixed, "
                    f"as program {program.id} and the actor catalogue require: {gap['en']}; "
                    "record a consent that covers it first",
                    sv=f"inget samtycke omfattar {_sv_name(cat, e.actor)} {ev.date}, när planen "
                    f"fastställs, så som programmet {program.name['sv']} och aktörskatalogen "
                    f"kräver: {gap['sv']}; registrera först ett samtycke som omfattar den",
                )
            )
    return out
