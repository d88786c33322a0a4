"""View models for the documents of the case flow: the stored plan, meeting minutes, and the
consent form at referral (before any assessment)."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from sigrbm.case.history import Event, EventKind, GoalStatus
from sigrbm.case.history_check import current_plan, progress
from sigrbm.case.model import Case
from sigrbm.case.records import ActionPlan
from sigrbm.casework.catalogue import Catalogue
from sigrbm.casework.flow import EVENT_NAMES
from sigrbm.casework.program import ProgramProfile
from sigrbm.documents.views import RenderError, consent_view, plan_view, tx
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
    case: Case, plan: ActionPlan, program: ProgramProfile, catalogue: Catalogue, lang: str
) -> View:
    """The stored plan: its goals, responsible actors, statuses and their history from the
    follow-up meetings, the coordinator, and signature lines for the young person and, under
    18 on the plan date, the guardian(s)."""
    view = plan_view(plan, program, catalogue, None, lang)
    reached = {p.entry: p for p in progress(case, plan)}
    meetings = [ev for ev in case.history if ev.event is EventKind.FOLLOW_UP_MEETING]
    for e, entry in zip(view["entries"], plan.entries, strict=True):
        p = reached.get(entry.intervention)
        if p is not None:
            e["status"] = _STATUS[p.status][lang]
        history = [
            f"{h.date} {_STATUS[h.status.value][lang]}" for h in entry.history
        ]  # statuses stored on the entry (older files)
        for ev in meetings:
            for r in ev.entries:
                if r.entry == entry.intervention and ev.date >= plan.date:
                    goal = (
                        f", {t('flow_goal', lang).lower()}: {_GOAL[r.goal][lang]}" if r.goal else ""
                    )
                    history.append(f"{ev.date} {_STATUS[r.status.value][lang]}{goal}")
        e["history"] = history
    signatures = [_PEOPLE["young_person"][lang]]
    age = age_on(case, plan.date)
    if age is None or age < 18:
        signatures += [f"{_PEOPLE['guardian'][lang]} 1", f"{_PEOPLE['guardian'][lang]} 2"]
    signatures.append(t("flow_coordinator", lang))
    names = _names(catalogue, lang)
    signatures += [names.get(a, a) for a in dict.fromkeys(e.actor for e in plan.entries)]
    view["signatures"] = list(dict.fromkeys(signatures))
    view["coordinator"] = plan.coordinator or ""
    view["case_id"] = case.case_id
    return view


def minutes_view(
    case: Case, meeting: int | None, program: ProgramProfile, catalogue: Catalogue, lang: str
) -> View:
    """Minutes of a follow-up meeting (``meeting``: 1-based among the meetings; default the
    latest): participants by role, per plan entry status, goal and note, the next meeting."""
    meetings = [
        (i, ev) for i, ev in enumerate(case.history) if ev.event is EventKind.FOLLOW_UP_MEETING
    ]
    if not meetings:
        raise RenderError(f"case {case.case_id} has no follow-up meeting recorded")
    if meeting is not None and not 1 <= meeting <= len(meetings):
        raise RenderError(f"case {case.case_id} has {len(meetings)} follow-up meeting(s)")
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
        "plan": cur[1].id if cur else "",
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
    info = ("skolgang", "brottsmisstankar", "halsa", "socialtjanstens_utredning")
    return consent_view(
        program,
        catalogue,
        actors=actors,
        information=info,
        age=age_on(case, day),
        case_id=case.case_id,
        lang=lang,
    )


def latest_meeting(case: Case) -> Event | None:
    """The latest follow-up meeting of the history, if any."""
    found = [ev for ev in case.history if ev.event is EventKind.FOLLOW_UP_MEETING]
    return found[-1] if found else None
