"""The case history: an append-only, dated list of events of the SIG case flow.

The SIG:RBM handbook's ärendegång has eleven steps (screening with Check: IRK, the
coordinator's initial decision, the Check: RBMK assessment, the decision on the case, the
parties, consent, planning, the fixed åtgärdsplan, follow-up meetings, closure, follow-up of
long-term goals; step titles from the handbook's table of contents,
https://5dok.org/document/z3djpg09-utveckling-dokumentation-%C3%B6rebro-kommun-pdf-%C3%B6ppnas-nytt-f%C3%B6nster.html).
Each event records who did it (a role or pseudonymous staff id, never a name) and when. The
state of a case is derived from these events (``sigrbm.casework.flow``), never stored.

This module holds the event values and the checks that need no program profile
(:func:`check_history`, C7xx codes): the order of events, closure reasons, plan goals,
events after closure, the birth month against assessment dates.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re

import attrs

from sigrbm.case.records import EntryStatus

_AUTHOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_PERSONNUMMER = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+]?\d{4}(?!\d)")


def _author(value: object) -> str | None:
    if isinstance(value, str) and _AUTHOR.match(value) and not _PERSONNUMMER.search(value):
        return None
    return (
        "an author is a role or a pseudonymous staff id (1–64 letters, digits, '_', '.', ':' "
        "or '-'), never a name or a personnummer"
    )


class EventKind(enum.Enum):
    """What happened, in the order of the case flow."""

    REFERRAL = "referral"
    SCREENING = "screening"
    INITIAL_DECISION = "initial_decision"
    ASSESSMENT = "assessment"
    CASE_DECISION = "case_decision"
    PARTIES_IDENTIFIED = "parties_identified"
    CONSENT_GIVEN = "consent_given"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    PLAN_FIXED = "plan_fixed"
    PLAN_REVISED = "plan_revised"
    FOLLOW_UP_MEETING = "follow_up_meeting"
    REASSESSMENT = "reassessment"
    CLOSURE = "closure"
    LONG_TERM_FOLLOW_UP = "long_term_follow_up"


class Initiator(enum.Enum):
    """Who initiated a referral."""

    YOUNG_PERSON = "young_person"
    GUARDIAN = "guardian"
    SCHOOL = "school"
    POLICE = "police"
    SOCIAL_SERVICES = "social_services"
    LEISURE = "leisure"
    RELATIVE = "relative"
    COACH = "coach"
    HEALTH_CARE = "health_care"
    OTHER = "other"


class Decision(enum.Enum):
    """The outcome of the initial decision (go on) or of the case decision (admit)."""

    PROCEED = "proceed"
    DECLINE = "decline"


class ClosureReason(enum.Enum):
    """Why a case was closed."""

    GOALS_MET = "goals_met"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    MOVED = "moved"
    DID_NOT_TAKE_PART = "did_not_take_part"
    OTHER = "other"


class GoalStatus(enum.Enum):
    """How far a goal is reached."""

    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"


@attrs.frozen(kw_only=True)
class EntryReview:
    """One plan entry at a follow-up meeting: status, short-term goal, a short note."""

    entry: str
    status: EntryStatus
    goal: GoalStatus | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class GoalOutcome:
    """The outcome of one entry's long-term goal at the long-term follow-up."""

    entry: str
    outcome: GoalStatus
    note: str | None = None


@attrs.frozen(kw_only=True)
class Event:
    """One dated event of the case history; which keys apply depends on ``event``."""

    event: EventKind
    date: _dt.date
    author: str = attrs.field(metadata={"check": _author})
    program: str | None = None
    initiated_by: Initiator | None = None
    instrument: str | None = None
    decision: Decision | None = None
    closure: ClosureReason | None = None
    reason: str | None = None
    actors: tuple[str, ...] = ()
    consent: str | None = None
    plan: str | None = None
    participants: tuple[str, ...] = ()
    entries: tuple[EntryReview, ...] = ()
    outcomes: tuple[GoalOutcome, ...] = ()
    next_meeting: _dt.date | None = None
    note: str | None = None
    # issue 20: the program's plan rules as recorded facts (plan_fixed / plan_revised)
    approved_by_young_person: bool | None = None
    copies_given_to: tuple[str, ...] = ()
    police_informed: _dt.date | None = None


K = EventKind
#: Facts a plan event may record because a program's plan rules ask for them (issue 20).
PLAN_FACTS = frozenset({"approved_by_young_person", "copies_given_to", "police_informed"})
#: Keys each kind of event requires, beyond ``event``, ``date`` and ``author``.
REQUIRED: dict[EventKind, frozenset[str]] = {
    K.REFERRAL: frozenset({"initiated_by"}),
    K.SCREENING: frozenset({"instrument"}),
    K.INITIAL_DECISION: frozenset({"decision"}),
    K.ASSESSMENT: frozenset({"instrument"}),
    K.CASE_DECISION: frozenset({"decision"}),
    K.PARTIES_IDENTIFIED: frozenset({"actors"}),
    K.CONSENT_GIVEN: frozenset({"consent"}),
    K.CONSENT_WITHDRAWN: frozenset({"consent"}),
    K.PLAN_FIXED: frozenset({"plan"}),
    K.PLAN_REVISED: frozenset({"plan"}),
    K.FOLLOW_UP_MEETING: frozenset({"participants"}),
    K.REASSESSMENT: frozenset({"instrument"}),
    K.CLOSURE: frozenset(),  # the reason is a guard of its own (C703)
    K.LONG_TERM_FOLLOW_UP: frozenset({"outcomes"}),
}
#: Keys each kind of event may carry besides the required ones.
OPTIONAL: dict[EventKind, frozenset[str]] = {
    K.REFERRAL: frozenset({"program", "note"}),
    K.SCREENING: frozenset({"note"}),
    K.INITIAL_DECISION: frozenset({"reason"}),
    K.ASSESSMENT: frozenset({"note"}),
    K.CASE_DECISION: frozenset({"reason"}),
    K.PARTIES_IDENTIFIED: frozenset({"note"}),
    K.CONSENT_GIVEN: frozenset({"note"}),
    K.CONSENT_WITHDRAWN: frozenset({"note"}),
    K.PLAN_FIXED: frozenset({"note", *PLAN_FACTS}),
    K.PLAN_REVISED: frozenset({"reason", "note", *PLAN_FACTS}),
    K.FOLLOW_UP_MEETING: frozenset({"entries", "next_meeting", "note"}),
    K.REASSESSMENT: frozenset({"note"}),
    K.CLOSURE: frozenset({"closure", "reason", "next_meeting", "note"}),
    K.LONG_TERM_FOLLOW_UP: frozenset({"note"}),
}
COMMON = frozenset({"event", "date", "author"})
#: Events allowed after a closure (a long-term follow-up, or a new referral that reopens).
AFTER_CLOSURE = frozenset({K.LONG_TERM_FOLLOW_UP, K.REFERRAL})
#: Which earlier event an event depends on (the first of these kinds found before it).
DEPENDS_ON: dict[EventKind, tuple[EventKind, ...]] = {
    K.SCREENING: (K.REFERRAL,),
    K.INITIAL_DECISION: (K.SCREENING,),
    K.ASSESSMENT: (K.INITIAL_DECISION,),
    K.CASE_DECISION: (K.ASSESSMENT,),
    K.PARTIES_IDENTIFIED: (K.CASE_DECISION,),
    K.CONSENT_GIVEN: (K.PARTIES_IDENTIFIED, K.REFERRAL),
    K.PLAN_FIXED: (K.CONSENT_GIVEN,),
    K.PLAN_REVISED: (K.PLAN_FIXED,),
    K.FOLLOW_UP_MEETING: (K.PLAN_FIXED,),
    K.REASSESSMENT: (K.ASSESSMENT,),
    K.CLOSURE: (K.REFERRAL, K.SCREENING),
    K.LONG_TERM_FOLLOW_UP: (K.CLOSURE,),
}


def present_keys(event: Event) -> frozenset[str]:
    """The keys an event carries (fields that differ from their default)."""
    out = set(COMMON)
    for f in attrs.fields(Event):
        if f.name in COMMON:
            continue
        if getattr(event, f.name) not in (None, ()):
            out.add(f.name)
    return frozenset(out)
