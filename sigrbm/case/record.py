"""The case record derived from the history: one fold over the events, one truth.

A case file keeps its records (``consents``, ``plans``) as lists beside the dated events of
its ``history``. The history is the record: a consent is in force from its ``consent_given``
event until its ``consent_withdrawn`` event (or its ``valid_until``); the plan in force is
the one the latest ``plan_fixed`` / ``plan_revised`` event names; the parties are those of
the latest ``parties_identified`` event. :func:`derive` is the one function that reads both
and gives the state every command and the library act on; :func:`reconcile` reports where
the lists of an older or hand-edited file say something the events do not (C716), so that a
disagreement is a located problem, never a silent choice.

A file without history (the older format) keeps its lists as they are: their consents are in
force by their own dates.
"""

from __future__ import annotations

import datetime as _dt
from typing import Protocol

import attrs

from sigrbm.case.history import Event, EventKind
from sigrbm.case.records import ActionPlan, Consent, LegalBasis
from sigrbm.errors import Code, Path

K = EventKind


class Report(Protocol):
    """Where a check reports a problem (issue 21: ``sv``, the message in Swedish)."""

    def __call__(self, code: Code, path: Path, message: str, sv: str | None = None) -> None: ...


@attrs.frozen(kw_only=True)
class Record:
    """What a case's history says is in force (optionally: up to a day)."""

    #: the consents given, each with its withdrawal date from the history
    consents: tuple[Consent, ...]
    legal_bases: tuple[LegalBasis, ...]
    #: the plan in force and the event that fixed or revised it
    plan: ActionPlan | None
    plan_event: Event | None
    #: the actors of the latest ``parties_identified`` event (None: no such event)
    parties: tuple[str, ...] | None
    #: the latest follow-up meeting after the plan in force, if any
    last_meeting: Event | None
    #: ids of consents whose withdrawal is recorded, with the date
    withdrawn: dict[str, _dt.date]

    def consent(self, consent_id: str) -> Consent | None:
        """The consent with this id as the history has it (None: not given)."""
        return next((c for c in self.consents if c.id == consent_id), None)


def _dates(history: tuple[Event, ...], kind: EventKind) -> dict[str, _dt.date]:
    """The first date each consent has an event of ``kind`` (given, withdrawn)."""
    out: dict[str, _dt.date] = {}
    for ev in history:
        if ev.event is kind and ev.consent is not None:
            out.setdefault(ev.consent, ev.date)
    return out


def _given(history: tuple[Event, ...]) -> dict[str, _dt.date]:
    return _dates(history, K.CONSENT_GIVEN)


def derive(
    history: tuple[Event, ...],
    consents: tuple[Consent, ...],
    legal_bases: tuple[LegalBasis, ...],
    plans: tuple[ActionPlan, ...],
    day: _dt.date | None = None,
) -> Record:
    """The record in force after every event (dated on or before ``day``, when given).

    With a history, a consent counts only once a ``consent_given`` event names it, and its
    withdrawal date is the ``consent_withdrawn`` event's; without history, the lists count
    as they are (older files).
    """
    events = history if day is None else tuple(ev for ev in history if ev.date <= day)
    by_id = {p.id: p for p in plans}
    withdrawn = _dates(events, K.CONSENT_WITHDRAWN)
    plan: ActionPlan | None = None
    plan_event: Event | None = None
    parties: tuple[str, ...] | None = None
    last_meeting: Event | None = None
    for ev in events:
        if ev.event in (K.PLAN_FIXED, K.PLAN_REVISED) and ev.plan in by_id:
            plan, plan_event, last_meeting = by_id[ev.plan], ev, None
        elif ev.event is K.PARTIES_IDENTIFIED:
            parties = ev.actors
        elif ev.event is K.FOLLOW_UP_MEETING and plan is not None and ev.date >= plan.date:
            last_meeting = ev
    if history:
        given = _given(events)
        in_force = tuple(
            attrs.evolve(c, withdrawn=withdrawn.get(c.id)) for c in consents if c.id in given
        )
    else:
        in_force = consents
        withdrawn = {c.id: c.withdrawn for c in consents if c.withdrawn is not None}
    return Record(
        consents=in_force,
        legal_bases=legal_bases,
        plan=plan,
        plan_event=plan_event,
        parties=parties,
        last_meeting=last_meeting,
        withdrawn=withdrawn,
    )


def reconcile(history: tuple[Event, ...], consents: tuple[Consent, ...], report: Report) -> None:
    """C716 where a consent in the list says what its events do not: a withdrawal date with
    no ``consent_withdrawn`` event (or another date), a date other than its
    ``consent_given`` event's. Files without history are not reconciled (nothing to agree
    with)."""
    if not history:
        return
    given = _given(history)
    withdrawn = _dates(history, K.CONSENT_WITHDRAWN)
    seen: set[str] = set()
    for i, c in enumerate(consents):
        if c.id in seen:  # a duplicate id is C715 already
            continue
        seen.add(c.id)
        if c.id in given and given[c.id] != c.date:
            report(
                Code.CASE_RECORD_DISAGREES,
                ("consents", i, "date"),
                f"consent '{c.id}' is dated {c.date}, but the history records it as given on "
                f"{given[c.id]}; the history is the record: correct one of them",
                sv=f"samtycket '{c.id}' är daterat {c.date}, men historiken anger att det lämnades "
                f"{given[c.id]}; historiken gäller: rätta det ena av dem",
            )
        if c.withdrawn is None:
            continue
        if c.id not in withdrawn:
            report(
                Code.CASE_RECORD_DISAGREES,
                ("consents", i, "withdrawn"),
                f"consent '{c.id}' says it was withdrawn on {c.withdrawn}, but the history has "
                "no consent_withdrawn event for it; record the withdrawal as an event "
                f"(sigrbm case add consent-withdrawn --consent {c.id})",
                sv=f"samtycket '{c.id}' anges återkallat {c.withdrawn}, men historiken har ingen "
                "händelse där det återkallas; registrera återkallelsen som en händelse "
                f"(sigrbm case add consent-withdrawn --consent {c.id})",
            )
        elif withdrawn[c.id] != c.withdrawn:
            report(
                Code.CASE_RECORD_DISAGREES,
                ("consents", i, "withdrawn"),
                f"consent '{c.id}' says it was withdrawn on {c.withdrawn}, the history on "
                f"{withdrawn[c.id]}; the history is the record: correct one of them",
                sv=f"samtycket '{c.id}' anges återkallat {c.withdrawn}, historiken säger "
                f"{withdrawn[c.id]}; historiken gäller: rätta det ena av dem",
            )
