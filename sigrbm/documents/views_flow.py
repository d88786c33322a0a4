"""View models for the documents of the case flow: the stored plan, meeting minutes, and the
consent form at referral (before any assessment)."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from sigrbm.case.history import ClosureReason, EventKind, GoalStatus
from sigrbm.case.history_check import current_plan, progress
from sigrbm.case.model import Case
from sigrbm.case.records import ActionPlan
from sigrbm.casework.catalogue import Catalogue
from sigrbm.casework.flow import EVENT_NAMES, case_state
from sigrbm.casework.flow_consent import case_consent
from sigrbm.casework.plan_rules import (
    plan_event,
    plan_participants,
    plan_rule_gaps,
    plan_word,
    police_informed_on,
)
from sigrbm.casework.program import ProgramProfile
from sigrbm.documents.views import RenderError, plan_view, tx
from sigrbm.documents.views_consent import consent_view
from sigrbm.documents.words import MESSAGES, t

View = dict[str, Any]
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_STATUS = {
    "planned": {"sv": "planerad", "en": "planned"},
    "ongoing": {"sv": "pågår", "en": "ongoing"},
    "done": {"sv": "genomförd", "en": "done"},
    "stopped": {"sv": "avbruten", "en": "stopped"},
}
_GOAL = {
    GoalStatus.MET: {"sv": "uppnått", "en": "met"},
    GoalStatus.PARTLY: {"sv": "delvis uppnått", "en": "partly met"},
    GoalStatus.NOT_MET: {"sv": "inte uppnått", "en": "not met"},
}
_CLOSURE = {
    ClosureReason.GOALS_MET: {"sv": "målen uppnådda", "en": "goals met"},
    ClosureReason.CONSENT_WITHDRAWN: {"sv": "samtycket återkallat", "en": "consent withdrawn"},
    ClosureReason.MOVED: {"sv": "flyttat", "en": "moved"},
    ClosureReason.DID_NOT_TAKE_PART: {"sv": "deltog inte", "en": "did not take part"},
    ClosureReason.OTHER: {"sv": "annat skäl", "en": "other reason"},
}
_PEOPLE = {
    "young_person": {"sv": "Den unga", "en": "The young person"},
    "guardian": {"sv": "Vårdnadshavare", "en": "Guardian"},
}


def age_on(case: Case, day: _dt.date) -> int | None:
    """Whole years on ``day`` from the case's birth month (None when not recorded)."""
    m = _YEAR_MONTH.match(case.subject.birth_year_month or "")
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    return day.year - year - (1 if day.month < month else 0)


def _names(catalogue: Catalogue, lang: str) -> dict[str, str]:
    names = {a.id: tx(a.name, lang, f"actors.{a.id}") for a in catalogue.actors.actors}
    names.update({k: v[lang] for k, v in _PEOPLE.items()})
    return names


def _entry_name(catalogue: Catalogue, entry: str, lang: str) -> str:
    try:
        return tx(catalogue.intervention(entry).name, lang, f"interventions.{entry}")
    except KeyError:
        return entry


def stored_plan(case: Case) -> ActionPlan | None:
    """The plan in force (fixed or revised last), else the last plan stored in a file without
    history; None when there is none."""
    cur = current_plan(case)
    if cur is not None:
        return cur[1]
    if not case.history and case.plans:
        return max(case.plans, key=lambda p: p.date)
    return None


def stored_plan_view(
    case: Case,
    plan: ActionPlan,
    program: ProgramProfile,
    catalogue: Catalogue,
    lang: str,
    *,
    day: _dt.date | None = None,
) -> View:
    """The stored plan as the record has it on ``day`` (default today): goals, responsible
    actors, statuses and their history from the follow-up meetings, the next follow-up (as
    ``case_state`` derives it), the closure and long-term follow-up, the program's plan rules
    as recorded facts (or "Ej registrerat"), the consent position, and a signature line for
    the young person, the guardian(s) under 18 on the plan date, the coordinator and every
    participant and responsible actor."""
    day = day or _dt.date.today()
    names = _names(catalogue, lang)
    gate = case_consent(case, plan_participants(case, program, plan), day, program, catalogue)
    view = plan_view(plan, program, catalogue, gate, lang, consents=case.consents)
    if view["consent"] is not None:
        view["consent"]["rule"] = f"{t('flow_consent_on', lang)} {day}: {view['consent']['rule']}"
        for a, row in zip(gate.actors, view["consent"]["actors"], strict=True):
            if a.missing is not None:
                row["missing"] = _without_actor(a.missing[lang], a.actor)
    _entry_histories(view, case, plan, lang)
    view.update(_record_dates(case, plan, program, catalogue, day=day, lang=lang))
    view["rule_facts"] = _rule_facts(case, plan, program, catalogue, lang)
    signatures = [_PEOPLE["young_person"][lang]]
    age = age_on(case, plan.date)
    if age is None or age < 18:
        signatures += [f"{_PEOPLE['guardian'][lang]} 1", f"{_PEOPLE['guardian'][lang]} 2"]
    signatures.append(t("flow_coordinator", lang))
    signatures += [
        names.get(a, a)
        for a in plan_participants(case, program, plan)
        if a not in ("young_person", "guardian")
    ]
    view["signatures"] = list(dict.fromkeys(signatures))
    view["coordinator"] = plan.coordinator or ""
    view["case_id"] = case.case_id
    return view


def _without_actor(text: str, actor: str) -> str:
    """A consent gate message without the actor it is printed beside (the gate names
    consents by party and date, never by id)."""
    for tail in (f" som omfattar {actor}", f" covering {actor}"):
        text = text.replace(tail, "")
    return text


def _entry_histories(view: View, case: Case, plan: ActionPlan, lang: str) -> None:
    reached = {p.entry: p for p in progress(case, plan)}
    long_term = t("flow_long_goal", lang).lower()
    for e, entry in zip(view["entries"], plan.entries, strict=True):
        p = reached.get(entry.intervention)
        if p is not None:
            e["status"] = _STATUS[p.status][lang]
        history = [
            f"{h.date} {_STATUS[h.status.value][lang]}" for h in entry.history
        ]  # statuses stored on the entry (older files)
        for ev in case.history:
            if ev.date < plan.date:
                continue
            if ev.event is EventKind.FOLLOW_UP_MEETING:
                for r in ev.entries:
                    if r.entry == entry.intervention:
                        goal = (
                            f", {t('flow_goal', lang).lower()}: {_GOAL[r.goal][lang]}"
                            if r.goal
                            else ""
                        )
                        history.append(f"{ev.date} {_STATUS[r.status.value][lang]}{goal}")
            elif ev.event is EventKind.LONG_TERM_FOLLOW_UP:
                for o in ev.outcomes:
                    if o.entry == entry.intervention:
                        history.append(f"{ev.date} {long_term}: {_GOAL[o.outcome][lang]}")
        e["history"] = history


def _record_dates(
    case: Case,
    plan: ActionPlan,
    program: ProgramProfile,
    catalogue: Catalogue,
    *,
    day: _dt.date,
    lang: str,
) -> View:
    """The next follow-up, the closure and the long-term follow-up, from the history."""
    state = case_state(case, program, day, catalogue)
    late = f" ({t('flow_overdue', lang)})"
    due = {d.kind: d.date.isoformat() + (late if d.overdue else "") for d in state.due}
    closure = next((ev for ev in reversed(case.history) if ev.event is EventKind.CLOSURE), None)
    closed = ""
    if closure is not None and closure.date >= plan.date:
        why = f" ({_CLOSURE[closure.closure][lang]})" if closure.closure else ""
        closed = f"{closure.date}{why}"
    else:
        closure = None
    long_term = due.get("long_term_follow_up", "")
    if closure is not None:
        held = [
            ev
            for ev in case.history
            if ev.event is EventKind.LONG_TERM_FOLLOW_UP and ev.date >= closure.date
        ]
        if held:
            long_term = f"{t('flow_held', lang)} {held[-1].date}"
    if closure is None and not state.due and not case.history:
        due["follow_up_meeting"] = plan.next_follow_up.isoformat()  # a file without history
    return {
        "next_follow_up": due.get("follow_up_meeting", ""),
        "closed": closed,
        "long_term": long_term,
    }


def _rule_facts(
    case: Case, plan: ActionPlan, program: ProgramProfile, catalogue: Catalogue, lang: str
) -> list[str]:
    """The program's plan rules as recorded facts, and "Ej registrerat: …" for each one the
    program requires and the record lacks."""
    ev = plan_event(case, plan.id)
    if ev is None:
        return []
    names = _names(catalogue, lang)
    out = []
    if ev.approved_by_young_person:
        out.append(f"{t('flow_approved', lang)} {ev.date}")
    if ev.copies_given_to:
        out.append(
            f"{t('flow_copies', lang)}: " + ", ".join(names.get(a, a) for a in ev.copies_given_to)
        )
    police = police_informed_on(case, ev)
    if police is not None:
        out.append(f"{t('flow_police_informed', lang)} {police}")
    for gap in plan_rule_gaps(case, program, ev, catalogue):
        out.append(f"{t('flow_not_recorded', lang)}: {gap.what[lang]}")
    return out


def minutes_view(
    case: Case, meeting: int | None, program: ProgramProfile, catalogue: Catalogue, lang: str
) -> View:
    """Minutes of a follow-up meeting (``meeting``: 1-based among the meetings; default the
    latest): participants by role, per plan entry status, goal and note, the next meeting."""
    meetings = [
        (i, ev) for i, ev in enumerate(case.history) if ev.event is EventKind.FOLLOW_UP_MEETING
    ]
    sv = lang == "sv"  # issue 21: told in the run's language
    if not meetings:
        raise RenderError(
            f"ärende {case.case_id} har inget uppföljningsmöte registrerat"
            if sv
            else f"case {case.case_id} has no follow-up meeting recorded"
        )
    if meeting is not None and not 1 <= meeting <= len(meetings):
        raise RenderError(
            f"ärende {case.case_id} har {len(meetings)} uppföljningsmöte(n)"
            if sv
            else f"case {case.case_id} has {len(meetings)} follow-up meeting(s)"
        )
    index, ev = meetings[(meeting or len(meetings)) - 1]
    cur = current_plan(case, index)
    names = _names(catalogue, lang)
    return {
        "lang": lang,
        "w": {k: MESSAGES[k][lang] for k in MESSAGES},
        "title": t("flow_minutes", lang),
        "program": tx(program.name, lang, f"programs.{program.id}.name"),
        "case_id": case.case_id,
        "date": ev.date.isoformat(),
        "author": ev.author,
        "plan": f"{plan_word(program, lang).lower()} {cur[1].id}" if cur else "",
        "participants": [names.get(p, p) for p in ev.participants],
        "entries": [
            _minutes_entry(r, catalogue, cur[1] if cur else None, lang) for r in ev.entries
        ],
        "next_meeting": ev.next_meeting.isoformat() if ev.next_meeting else "",
        "note": ev.note or "",
        "event": EVENT_NAMES[ev.event][lang],
    }


def _minutes_entry(
    r: Any, catalogue: Catalogue, plan: ActionPlan | None, lang: str
) -> dict[str, str]:
    goal = ""
    if plan is not None:
        for e in plan.entries:
            if e.intervention == r.entry:
                goal = e.short_term_goal or ""
    return {
        "name": _entry_name(catalogue, r.entry, lang),
        "status": _STATUS[r.status.value][lang],
        "goal_text": goal,
        "goal": _GOAL[r.goal][lang] if r.goal else "",
        "note": r.note or "",
    }


def referral_consent_view(
    case: Case, program: ProgramProfile, catalogue: Catalogue, day: _dt.date, lang: str
) -> View:
    """A consent form before any assessment: the program's core actors and the parties
    identified so far, the age rule on ``day``."""
    parties: tuple[str, ...] = ()
    for ev in case.history:
        if ev.event is EventKind.PARTIES_IDENTIFIED:
            parties = ev.actors
    actors = tuple(
        a for a in dict.fromkeys((*program.core_actors, *parties)) if a not in ("familj",)
    )
    return consent_view(
        program,
        catalogue,
        actors=actors,
        age=age_on(case, day),
        case_id=case.case_id,
        lang=lang,
    )
