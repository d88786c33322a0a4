"""Checks of a case history that need no program profile (C700–C711).

Each check is a guard of the case flow: an event dated before the one it depends on, a plan
before consent for its actors, a plan entry without a short-term goal, a closure without a
reason or "goals met" with a goal not met, events after closure, a birth month after an
assessment, an assessment far beyond the newest event. Messages name paths and ids, never
free text.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Protocol

import attrs

from sigrbm.case.event_words import EVENT_NAMES
from sigrbm.case.history import (
    AFTER_CLOSURE,
    COMMON,
    DEPENDS_ON,
    OPTIONAL,
    REQUIRED,
    ClosureReason,
    Decision,
    Event,
    EventKind,
    GoalStatus,
    present_keys,
)
from sigrbm.case.record import Report, derive, reconcile
from sigrbm.case.records import ActionPlan, Consent, LegalBasis
from sigrbm.errors import Code, Path, Problem
from sigrbm.reading.source import SourceMap


class _Assessment(Protocol):
    @property
    def instrument(self) -> str: ...
    @property
    def date(self) -> _dt.date: ...


class _Subject(Protocol):
    @property
    def birth_year_month(self) -> str | None: ...


class Case(Protocol):
    """What the history checks read of a case (``sigrbm.case.model.Case`` has it)."""

    @property
    def history(self) -> tuple[Event, ...]: ...
    @property
    def consents(self) -> tuple[Consent, ...]: ...
    @property
    def legal_bases(self) -> tuple[LegalBasis, ...]: ...
    @property
    def plans(self) -> tuple[ActionPlan, ...]: ...
    @property
    def assessments(self) -> Sequence[_Assessment]: ...
    @property
    def subject(self) -> _Subject: ...


K = EventKind
_Report = Report
#: Actors who need no consent to take part (the young person, the family, guardians).
NO_CONSENT_NEEDED = frozenset({"familj", "young_person", "guardian"})


@attrs.frozen(kw_only=True)
class EntryProgress:
    """Where one plan entry stands after the follow-up meetings so far."""

    entry: str
    status: str
    goal: GoalStatus | None
    date: _dt.date | None


def current_plan(case: Case, upto: int | None = None) -> tuple[int, ActionPlan] | None:
    """(index in ``case.plans``, plan) of the last plan fixed or revised before ``upto``."""
    found: tuple[int, ActionPlan] | None = None
    for ev in case.history[:upto]:
        if ev.event in (K.PLAN_FIXED, K.PLAN_REVISED) and ev.plan is not None:
            for k, p in enumerate(case.plans):
                if p.id == ev.plan:
                    found = (k, p)
    return found


def progress(case: Case, plan: ActionPlan, upto: int | None = None) -> tuple[EntryProgress, ...]:
    """Each entry of ``plan`` with its latest status and short-term goal from the history."""
    state = {
        e.intervention: EntryProgress(
            entry=e.intervention, status=e.status.value, goal=None, date=None
        )
        for e in plan.entries
    }
    for ev in case.history[:upto]:
        if ev.event is not K.FOLLOW_UP_MEETING or ev.date < plan.date:
            continue
        for r in ev.entries:
            if r.entry in state:
                old = state[r.entry]
                state[r.entry] = EntryProgress(
                    entry=r.entry,
                    status=r.status.value,
                    goal=r.goal if r.goal is not None else old.goal,
                    date=ev.date,
                )
    return tuple(state.values())


def covered(case: Case, actor: str, day: _dt.date) -> bool:
    """A consent valid on ``day`` names ``actor``, or a legal basis lets it take part."""
    if actor in NO_CONSENT_NEEDED:
        return True
    record = derive(case.history, case.consents, case.legal_bases, case.plans, day)
    if any(c.valid_on(day) and actor in c.actors for c in record.consents):
        return True
    return any(b.actor == actor and b.valid_on(day) for b in case.legal_bases)


@attrs.frozen(kw_only=True)
class _Fold:
    """What each event of a history sees before it, computed in one pass (linear in the
    number of events): the plan in force, the closure in force, the event it depends on."""

    plan: list[tuple[int, ActionPlan] | None]
    closed: list[Event | None]
    dependency: list[tuple[int, Event] | None]


def _fold(case: Case) -> _Fold:
    plans = {p.id: (k, p) for k, p in enumerate(case.plans)}
    plan: list[tuple[int, ActionPlan] | None] = []
    closed: list[Event | None] = []
    dependency: list[tuple[int, Event] | None] = []
    cur: tuple[int, ActionPlan] | None = None
    shut: Event | None = None
    last: dict[EventKind, int] = {}
    given: dict[str | None, int] = {}
    for i, ev in enumerate(case.history):
        plan.append(cur)
        closed.append(shut)
        if ev.event is K.CONSENT_WITHDRAWN:
            j = given.get(ev.consent)
        else:
            kinds = DEPENDS_ON.get(ev.event, ())
            if ev.event is K.REASSESSMENT:
                kinds = (*kinds, K.REASSESSMENT)
            j = max((last[k] for k in kinds if k in last), default=None)
        dependency.append((j, case.history[j]) if j is not None else None)
        last[ev.event] = i
        if ev.event is K.CONSENT_GIVEN:
            given[ev.consent] = i
        if ev.event in (K.PLAN_FIXED, K.PLAN_REVISED) and ev.plan in plans:
            cur = plans[ev.plan]
        if ev.event is K.REFERRAL:
            shut = None
        elif ev.event is K.CLOSURE or (
            ev.event in (K.INITIAL_DECISION, K.CASE_DECISION) and ev.decision is Decision.DECLINE
        ):
            shut = ev
    return _Fold(plan=plan, closed=closed, dependency=dependency)


def check_history(case: Case, smap: SourceMap) -> list[Problem]:
    """Every guard that needs no program profile, as located problems."""
    out: list[Problem] = []

    def report(code: Code, path: Path, message: str, sv: str | None = None) -> None:
        out.append(smap.problem(code, path, message, sv=sv))

    _check_subject(case, report)
    reconcile(case.history, case.consents, report)
    _check_plans(case, report)
    _check_unique(case, report)
    fold = _fold(case)
    for i, ev in enumerate(case.history):
        _check_keys(ev, i, report)
        _check_order(case, fold, i, report)
        _check_references(case, fold, i, report)
        _check_closure(case, fold, i, report)
    return out


def _sv(ev: Event) -> str:
    """An event named in Swedish for a message: ``'Avslut' (closure)``."""
    return f"'{EVENT_NAMES[ev.event]['sv']}' ({ev.event.value})"


def _check_dates(case: Case, report: _Report) -> None:
    """C720 for an event dated after today, C721 before the subject's birth month."""
    today = _dt.date.today()
    born = case.subject.birth_year_month
    first = _dt.date(int(born[:4]), int(born[5:7]), 1) if born else None
    if first is not None and any(a.date < first for a in case.assessments):
        first = None  # the birth month after an assessment is reported there (C651)
    for i, ev in enumerate(case.history):
        if ev.date > today:
            report(
                Code.CASE_EVENT_IN_FUTURE,
                ("history", i, "date"),
                f"the event is dated {ev.date}, after today ({today}); record events when they "
                "have happened",
                sv=f"händelsen är daterad {ev.date}, efter i dag ({today}); registrera "
                "händelser när de har skett",
            )
        elif first is not None and ev.date < first:
            report(
                Code.CASE_EVENT_BEFORE_BIRTH,
                ("history", i, "date"),
                f"the event is dated {ev.date}, before the birth month {born}; correct the date "
                "or the birth month",
                sv=f"händelsen är daterad {ev.date}, före födelsemånaden {born}; rätta datumet "
                "eller födelsemånaden",
            )


def _check_subject(case: Case, report: _Report) -> None:
    _check_dates(case, report)
    if case.history:
        newest = max(ev.date for ev in case.history)
        for i, a in enumerate(case.assessments):
            if a.date > newest + _dt.timedelta(days=1):
                report(
                    Code.CASE_ASSESSMENT_IN_FUTURE,
                    ("assessments", i, "date"),
                    f"the assessment is dated {a.date}, more than a day after the newest event "
                    f"of the history ({newest}); correct the date or record the assessment "
                    "as an event",
                    sv=f"bedömningen är daterad {a.date}, mer än en dag efter historikens "
                    f"senaste händelse ({newest}); rätta datumet eller registrera bedömningen "
                    "som en händelse",
                )


def _check_unique(case: Case, report: _Report) -> None:
    ids = (("consents", [c.id for c in case.consents]), ("plans", [p.id for p in case.plans]))
    for key, records in ids:
        seen: dict[str, int] = {}
        for k, rid in enumerate(records):
            if rid in seen:
                report(
                    Code.CASE_DUPLICATE_RECORD,
                    (key, k, "id"),
                    f"{key}[{seen[rid]}] has the id '{rid}' already; events name records by "
                    "id, so give this one another id",
                    sv=f"{key}[{seen[rid]}] har redan id:t '{rid}'; händelserna pekar ut poster "
                    "med id, så ge den här ett annat id",
                )
            seen.setdefault(rid, k)


def _check_plans(case: Case, report: _Report) -> None:
    for k, p in enumerate(case.plans):
        if p.date < p.assessment_date:
            report(
                Code.CASE_EVENT_BEFORE_DEPENDENCY,
                ("plans", k, "date"),
                f"the plan is dated {p.date}, before the assessment it rests on "
                f"({p.assessment_date}); correct the dates",
                sv=f"planen är daterad {p.date}, före bedömningen den bygger på "
                f"({p.assessment_date}); rätta datumen",
            )
        for j, e in enumerate(p.entries):
            for h, change in enumerate(e.history):
                if change.date < p.date:
                    report(
                        Code.CASE_EVENT_BEFORE_DEPENDENCY,
                        ("plans", k, "entries", j, "history", h, "date"),
                        f"a status dated {change.date} is before the plan date {p.date}",
                        sv=f"en status daterad {change.date} ligger före planens datum {p.date}",
                    )


def _check_keys(ev: Event, i: int, report: _Report) -> None:
    keys = present_keys(ev)
    need, may = REQUIRED[ev.event], OPTIONAL[ev.event]
    for key in sorted(need - keys):
        report(
            Code.CASE_EVENT_KEY_MISSING,
            ("history", i),
            f"a '{ev.event.value}' event needs the key '{key}'",
            sv=f"händelsen {_sv(ev)} behöver nyckeln '{key}'",
        )
    for key in sorted(keys - need - may - COMMON):
        report(
            Code.CASE_EVENT_KEY_NOT_ALLOWED,
            ("history", i, key),
            f"'{key}' does not belong to a '{ev.event.value}' event; remove it"
            + (f" (allowed: {', '.join(sorted(need | may))})" if need | may else ""),
            sv=f"'{key}' hör inte till händelsen {_sv(ev)}; ta bort den"
            + (f" (tillåtna: {', '.join(sorted(need | may))})" if need | may else ""),
        )


def _check_order(case: Case, fold: _Fold, i: int, report: _Report) -> None:
    ev = case.history[i]
    dep = fold.dependency[i]
    if dep is not None and ev.date < dep[1].date:
        j, other = dep
        report(
            Code.CASE_EVENT_BEFORE_DEPENDENCY,
            ("history", i, "date"),
            f"this '{ev.event.value}' is dated {ev.date}, before the '{other.event.value}' it "
            f"follows (history[{j}], {other.date}); correct the date",
            sv=f"händelsen {_sv(ev)} är daterad {ev.date}, före händelsen {_sv(other)} som den "
            f"följer på (history[{j}], {other.date}); rätta datumet",
        )
    if ev.event in (K.PLAN_FIXED, K.PLAN_REVISED):
        plan = next((p for p in case.plans if p.id == ev.plan), None)
        if plan is not None and ev.date < plan.assessment_date:
            report(
                Code.CASE_EVENT_BEFORE_DEPENDENCY,
                ("history", i, "date"),
                f"the plan is fixed on {ev.date}, before its assessment ({plan.assessment_date})",
                sv=f"planen fastställs {ev.date}, före sin bedömning ({plan.assessment_date})",
            )
    if ev.event is K.FOLLOW_UP_MEETING:
        cur = fold.plan[i]
        if cur is not None and ev.date < cur[1].date:
            report(
                Code.CASE_EVENT_BEFORE_DEPENDENCY,
                ("history", i, "date"),
                f"the follow-up is dated {ev.date}, before the plan {cur[1].id} ({cur[1].date})",
                sv=f"uppföljningen är daterad {ev.date}, före planen {cur[1].id} ({cur[1].date})",
            )
    closed = fold.closed[i]
    if closed is not None and ev.event not in AFTER_CLOSURE:
        what = "closure" if closed.event is K.CLOSURE else "declining decision"
        vad = "avslutet" if closed.event is K.CLOSURE else "beslutet att avstå"
        report(
            Code.CASE_EVENT_AFTER_CLOSURE,
            ("history", i, "event"),
            f"a '{ev.event.value}' cannot follow the {what} of {closed.date}; only a long-term "
            "follow-up or a new referral can",
            sv=f"händelsen {_sv(ev)} kan inte följa efter {vad} {closed.date}; bara en "
            "uppföljning av långsiktiga mål eller en ny aktualisering kan det",
        )


def _check_references(case: Case, fold: _Fold, i: int, report: _Report) -> None:
    ev = case.history[i]
    assessed = ev.event in (K.SCREENING, K.ASSESSMENT, K.REASSESSMENT) and ev.instrument
    if assessed and not any(
        a.instrument == ev.instrument and a.date == ev.date for a in case.assessments
    ):
        report(
            Code.CASE_EVENT_UNKNOWN_REFERENCE,
            ("history", i, "instrument"),
            f"no assessment with {ev.instrument} dated {ev.date} in 'assessments'; "
            "add the assessment or correct the date",
            sv=f"ingen bedömning med {ev.instrument} daterad {ev.date} under 'assessments'; "
            "lägg till bedömningen eller rätta datumet",
        )
    if ev.consent is not None and not any(c.id == ev.consent for c in case.consents):
        report(
            Code.CASE_EVENT_UNKNOWN_REFERENCE,
            ("history", i, "consent"),
            f"no consent with id '{ev.consent}' in 'consents'",
            sv=f"inget samtycke med id:t '{ev.consent}' under 'consents'",
        )
    if ev.event in (K.PLAN_FIXED, K.PLAN_REVISED) and ev.plan is not None:
        found = [(k, p) for k, p in enumerate(case.plans) if p.id == ev.plan]
        if not found:
            report(
                Code.CASE_EVENT_UNKNOWN_REFERENCE,
                ("history", i, "plan"),
                f"no plan with id '{ev.plan}' in 'plans'",
                sv=f"ingen plan med id:t '{ev.plan}' under 'plans'",
            )
        for k, p in found:
            _check_plan_fixed(case, ev, k, p, report)
    if ev.event in (K.FOLLOW_UP_MEETING, K.LONG_TERM_FOLLOW_UP):
        cur = fold.plan[i]
        known = {e.intervention for e in cur[1].entries} if cur else set()
        refs = [(r.entry, "entries") for r in ev.entries] + [
            (o.entry, "outcomes") for o in ev.outcomes
        ]
        counts = {"entries": 0, "outcomes": 0}
        for entry, key in refs:
            j = counts[key]
            counts[key] += 1
            if entry not in known:
                report(
                    Code.CASE_EVENT_UNKNOWN_REFERENCE,
                    ("history", i, key, j, "entry"),
                    f"the plan in force has no entry '{entry}'"
                    + (f"; entries: {', '.join(sorted(known))}" if known else "; no plan fixed"),
                    sv=f"gällande plan har ingen insats '{entry}'"
                    + (
                        f"; insatser: {', '.join(sorted(known))}"
                        if known
                        else "; ingen plan är fastställd"
                    ),
                )


def _check_plan_fixed(case: Case, ev: Event, k: int, plan: ActionPlan, report: _Report) -> None:
    for j, e in enumerate(plan.entries):
        if not (e.short_term_goal or "").strip():
            report(
                Code.CASE_PLAN_NO_SHORT_TERM_GOAL,
                ("plans", k, "entries", j),
                f"entry {j + 1} ({e.intervention}) has no short-term goal; a fixed plan needs "
                "one per entry (short_term_goal)",
                sv=f"insats {j + 1} ({e.intervention}) saknar kortsiktigt mål; en fastställd plan "
                "behöver ett per insats (--goal INSATS=TEXT, short_term_goal i filen)",
            )
        if not covered(case, e.actor, ev.date) and not _dangling_consent(case):
            report(
                Code.CASE_PLAN_BEFORE_CONSENT,
                ("plans", k, "entries", j, "actor"),
                f"no consent or legal basis covers actor '{e.actor}' on {ev.date}, when the plan "
                "is fixed; record the consent first",
                sv=f"inget samtycke eller lagstöd omfattar aktören '{e.actor}' {ev.date}, när "
                "planen fastställs; registrera samtycket först",
            )


def _dangling_consent(case: Case) -> bool:
    """A consent_given event names a consent the file lacks (C709 says so; the plans it would
    cover are not reported again)."""
    ids = {c.id for c in case.consents}
    return any(ev.event is K.CONSENT_GIVEN and ev.consent not in ids for ev in case.history)


def _check_closure(case: Case, fold: _Fold, i: int, report: _Report) -> None:
    ev = case.history[i]
    if ev.event is not K.CLOSURE:
        return
    if ev.closure is None:
        report(
            Code.CASE_CLOSURE_WITHOUT_REASON,
            ("history", i),
            "a closure needs a reason (closure: goals_met, consent_withdrawn, moved, "
            "did_not_take_part or other)",
            sv="ett avslut behöver ett skäl (--closure mal_uppnadda, samtycke_aterkallat, "
            "flyttat, deltog_inte eller annat)",
        )
        return
    if ev.closure is ClosureReason.OTHER and not (ev.reason or "").strip():
        report(
            Code.CASE_CLOSURE_WITHOUT_REASON,
            ("history", i, "closure"),
            "a closure for another reason needs the reason in words (reason: …)",
            sv="ett avslut av annat skäl behöver skälet i ord (--reason TEXT)",
        )
    if ev.closure is ClosureReason.GOALS_MET:
        cur = fold.plan[i]
        if cur is None:
            report(
                Code.CASE_CLOSURE_GOALS_NOT_MET,
                ("history", i, "closure"),
                "'goals_met' needs a fixed plan whose short-term goals are met",
                sv="avslut med målen uppnådda (mal_uppnadda) kräver en fastställd plan vars "
                "kortsiktiga mål är uppnådda",
            )
            return
        unmet = [
            (n + 1, p.entry)
            for n, p in enumerate(progress(case, cur[1], i))
            if p.goal is not GoalStatus.MET
        ]
        if unmet:
            shown = ", ".join(f"{n} ({entry})" for n, entry in unmet)
            report(
                Code.CASE_CLOSURE_GOALS_NOT_MET,
                ("history", i, "closure"),
                f"the short-term goal of entry {shown} is not recorded as met at a follow-up; "
                "record it, or close for another reason",
                sv=f"det kortsiktiga målet för insats {shown} är inte registrerat som uppnått vid "
                "ett uppföljningsmöte; registrera det, eller avsluta av ett annat skäl",
            )
