"""The program's plan rules as recorded facts, and the plan's name in every message (issue 20).

A program profile may say that the young person approves the plan (``young_person_approves``),
that every participant gets a copy (``copy_to_each_participant``) and that the coordinator
informs the police (``police_informed``). These are facts a coordinator records on the
``plan_fixed`` / ``plan_revised`` event (``approved_by_young_person``, ``copies_given_to``,
``police_informed``); :func:`plan_rule_gaps` says which a program requires and the record
lacks, and the printed plan shows both. :func:`plan_word` and :func:`plan_event_name` name the
plan as the program does (åtgärdsplan or genomförandeplan).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection

import attrs

from sigrbm.case.history import Event, EventKind
from sigrbm.case.model import Case
from sigrbm.case.records import ActionPlan
from sigrbm.casework.catalogue import Catalogue
from sigrbm.casework.program import GUARDIAN, YOUNG_PERSON, ProgramProfile
from sigrbm.errors import Code, Problem
from sigrbm.reading.source import SourceMap
from sigrbm.reading.structure import did_you_mean
from sigrbm.reading.text import Text

K = EventKind
_PEOPLE = {
    YOUNG_PERSON: Text.of(sv="den unga", en="the young person"),
    GUARDIAN: Text.of(sv="vårdnadshavare", en="guardian"),
}


def plan_word(program: ProgramProfile | None, lang: str) -> str:
    """The program's name for the plan ("Genomförandeplan", "Åtgärdsplan") in ``lang``;
    "Åtgärdsplan" / "Action plan" when no program is known."""
    if program is None:
        return {"sv": "Åtgärdsplan", "en": "Action plan"}[lang]
    return program.plan_name[lang]


def plan_event_name(kind: EventKind, program: ProgramProfile | None) -> Text | None:
    """ "Genomförandeplan fastställd" / "Åtgärdsplan reviderad" for a plan event (None for
    any other kind): the name ``casework.flow.EVENT_NAMES`` gives, with the program's plan."""
    verbs = {K.PLAN_FIXED: ("fastställd", "fixed"), K.PLAN_REVISED: ("reviderad", "revised")}
    if kind not in verbs:
        return None
    sv, en = verbs[kind]
    return Text.of(sv=f"{plan_word(program, 'sv')} {sv}", en=f"{plan_word(program, 'en')} {en}")


def plan_event(case: Case, plan_id: str | None = None) -> Event | None:
    """The last ``plan_fixed`` / ``plan_revised`` event (naming ``plan_id`` when given)."""
    found: Event | None = None
    for ev in case.history:
        if ev.event in (K.PLAN_FIXED, K.PLAN_REVISED) and (plan_id is None or ev.plan == plan_id):
            found = ev
    return found


def police_informed_on(case: Case, upto: Event | None) -> _dt.date | None:
    """The first date the police were recorded as informed, on plan events up to ``upto``."""
    for ev in case.history:
        if ev.event in (K.PLAN_FIXED, K.PLAN_REVISED) and ev.police_informed is not None:
            return ev.police_informed
        if ev is upto:
            break
    return None


def latest_meeting(case: Case, since: _dt.date | None = None) -> Event | None:
    """The latest follow-up meeting of the history (on or after ``since`` when given)."""
    found = [
        ev
        for ev in case.history
        if ev.event is K.FOLLOW_UP_MEETING and (since is None or ev.date >= since)
    ]
    return found[-1] if found else None


def plan_participants(case: Case, program: ProgramProfile, plan: ActionPlan) -> tuple[str, ...]:
    """Everyone who takes part in ``plan``: its participants, the responsible actors, the
    program's required participants and those of the latest follow-up meeting since the plan
    (e.g. the police in Skövde), in that order, each once."""
    meeting = latest_meeting(case, plan.date)
    return tuple(
        dict.fromkeys(
            (
                *plan.participants,
                *(e.actor for e in plan.entries),
                *program.required_participants,
                *(meeting.participants if meeting is not None else ()),
            )
        )
    )


@attrs.frozen(kw_only=True)
class PlanRuleGap:
    """A fact the program's plan rules require that the record lacks.

    ``rule``: ``young_person_approves``, ``copy_to_each_participant`` or ``police_informed``
    (the profile keys); ``what``: the missing fact as a phrase (printed after "Ej
    registrerat:"); ``message``: the same as a sentence (a blocker); ``actors``: for copies,
    who has none recorded.
    """

    rule: str
    what: Text
    message: Text
    actors: tuple[str, ...] = ()


def _label(catalogue: Catalogue | None, actor: str, lang: str) -> str:
    if actor in _PEOPLE:
        return _PEOPLE[actor][lang]
    if catalogue is not None and catalogue.has_actor(actor):
        return catalogue.actor(actor).name.get(lang) or actor
    return actor


def plan_rule_gaps(
    case: Case,
    program: ProgramProfile,
    plan_event: Event | None,
    catalogue: Catalogue | None = None,
) -> tuple[PlanRuleGap, ...]:
    """The plan rules of ``program`` not recorded for the plan fixed or revised by
    ``plan_event`` (none without a plan event, or when the plan is not in the file).

    Approval and copies belong to each version of the plan (the event that fixed or last
    revised it); informing the police is done once (any plan event up to this one).
    """
    if plan_event is None or plan_event.plan is None:
        return ()
    plan = next((p for p in case.plans if p.id == plan_event.plan), None)
    if plan is None:
        return ()
    word_sv, word_en = plan_word(program, "sv").lower(), plan_word(program, "en").lower()
    out: list[PlanRuleGap] = []
    if program.young_person_approves and not plan_event.approved_by_young_person:
        out.append(
            PlanRuleGap(
                rule="young_person_approves",
                what=Text.of(
                    sv=f"den ungas godkännande av {word_sv}en",
                    en=f"the young person's approval of the {word_en}",
                ),
                message=Text.of(
                    sv=f"den ungas godkännande av {word_sv}en är inte registrerat",
                    en=f"the young person's approval of the {word_en} is not recorded",
                ),
            )
        )
    if program.copy_to_each_participant:
        given = set(plan_event.copies_given_to)
        lacking = tuple(a for a in plan_participants(case, program, plan) if a not in given)
        if lacking:
            sv = f"kopia av {word_sv}en till " + ", ".join(
                _label(catalogue, a, "sv") for a in lacking
            )
            en = f"a copy of the {word_en} for " + ", ".join(
                _label(catalogue, a, "en") for a in lacking
            )
            out.append(
                PlanRuleGap(
                    rule="copy_to_each_participant",
                    actors=lacking,
                    what=Text.of(sv=sv, en=en),
                    message=Text.of(sv=f"{sv} är inte registrerad", en=f"{en} is not recorded"),
                )
            )
    if program.police_informed and police_informed_on(case, plan_event) is None:
        out.append(
            PlanRuleGap(
                rule="police_informed",
                what=Text.of(
                    sv="att polisen informerats om att personen ingår i SIG",
                    en="that the police were informed the person is in SIG",
                ),
                message=Text.of(
                    sv="att polisen informerats om att personen ingår i SIG är inte registrerat",
                    en="that the police were informed the person is in SIG is not recorded",
                ),
            )
        )
    return tuple(out)


def plan_fact_problems(case: Case, smap: SourceMap, actors: Collection[str]) -> list[Problem]:
    """Located problems of the plan rules' facts on plan events: a copy given to an actor
    not among ``actors`` (the catalogue's ids; ``young_person`` and ``guardian`` always
    count) (C740); ``police_informed`` before the first referral (C741). The date may be
    later than its plan event's: a coordinator records the plan with what followed it."""
    known = {*actors, YOUNG_PERSON, GUARDIAN}
    referral = next((ev.date for ev in case.history if ev.event is K.REFERRAL), None)
    out: list[Problem] = []
    for i, ev in enumerate(case.history):
        if ev.event not in (K.PLAN_FIXED, K.PLAN_REVISED):
            continue
        for k, actor in enumerate(ev.copies_given_to):
            if actor not in known:
                out.append(
                    smap.problem(
                        Code.CASE_PLAN_FACT_ACTOR,
                        ("history", i, "copies_given_to", k),
                        f"unknown actor '{actor}'{did_you_mean(actor, known)}",
                        sv=f"okänd aktör '{actor}'{did_you_mean(actor, known, 'sv')}",
                    )
                )
        told = ev.police_informed
        if told is not None and referral is not None and told < referral:
            out.append(
                smap.problem(
                    Code.CASE_PLAN_FACT_DATE,
                    ("history", i, "police_informed"),
                    f"police_informed {told} is before the referral on {referral}; the police "
                    "are informed that the person is in SIG, so not before the case began",
                    sv=f"polisen informerades (--police-informed) {told}, före aktualiseringen "
                    f"{referral}; polisen informeras om att personen ingår i SIG, alltså inte "
                    "innan ärendet började",
                )
            )
    return out
