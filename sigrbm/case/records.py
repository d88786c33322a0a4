"""Records kept in a case file beside the assessments: consents, legal bases and plans.

* A **consent** says who consented (the young person or a guardian), when, for which actors
  and information, until when, and whether it was withdrawn.
* A **legal basis** names a statute that lets an actor take part without consent. It is
  recorded by a person, never inferred.
* A **plan** (åtgärdsplan / genomförandeplan) holds one entry per chosen intervention with
  its needs, responsible actor, goals, dates and a status history updated at follow-ups, and
  the recorded reasons to take more than one of a group of alternatives (``combined``).
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Any

import attrs

from sigrbm.instrument.ids import is_id


class Party(enum.Enum):
    """Who gave a consent."""

    YOUNG_PERSON = "young_person"
    GUARDIAN = "guardian"


@attrs.frozen(kw_only=True)
class Consent:
    """A consent to share information with (and plan together with) named actors."""

    id: str = attrs.field(metadata={"check": is_id})
    given_by: Party
    date: _dt.date
    actors: tuple[str, ...]
    information: tuple[str, ...] = ()
    valid_until: _dt.date | None = None
    withdrawn: _dt.date | None = None

    def valid_on(self, day: _dt.date) -> bool:
        """Given by ``day``, not expired and not withdrawn on ``day``."""
        if self.date > day:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        return self.withdrawn is None or self.withdrawn > day


@attrs.frozen(kw_only=True)
class LegalBasis:
    """A statute that lets ``actor`` take part without consent (recorded, never inferred)."""

    actor: str
    statute: str
    date: _dt.date
    valid_until: _dt.date | None = None
    note: str | None = None

    def valid_on(self, day: _dt.date) -> bool:
        """In force on ``day``."""
        return self.date <= day and (self.valid_until is None or day <= self.valid_until)


class EntryStatus(enum.Enum):
    """Where a plan entry stands."""

    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    STOPPED = "stopped"


@attrs.frozen(kw_only=True)
class StatusChange:
    """A status recorded at a follow-up meeting."""

    status: EntryStatus
    date: _dt.date
    note: str | None = None


@attrs.frozen(kw_only=True)
class PlanEntry:
    """One intervention in the plan, with the needs it addresses and who is responsible."""

    intervention: str
    needs: tuple[str, ...] = ()
    actor: str
    short_term_goal: str | None = None
    long_term_goal: str | None = None
    start: _dt.date
    review: _dt.date
    adaptations: tuple[str, ...] = ()
    order: str = "need"  # "first" / "parallel" for responsivity-driven entries, else "need"
    history: tuple[StatusChange, ...] = ()

    @property
    def status(self) -> EntryStatus:
        """The latest recorded status (planned until a follow-up says otherwise)."""
        if not self.history:
            return EntryStatus.PLANNED
        return max(enumerate(self.history), key=lambda p: (p[1].date, p[0]))[1].status


@attrs.frozen(kw_only=True)
class CombineReason:
    """A recorded reason to take more than one intervention of a group of alternatives
    (``group``: the catalogue's group id, e.g. ``familjebehandling``)."""

    group: str
    reason: str


@attrs.frozen(kw_only=True)
class ActionPlan:
    """An åtgärdsplan or genomförandeplan, as stored in the case file."""

    id: str = attrs.field(metadata={"check": is_id})
    program: str
    kind: str
    date: _dt.date
    instrument: str
    version: str
    assessment_date: _dt.date
    risk_level: str | None = None
    coordinator: str | None = None
    participants: tuple[str, ...] = ()
    entries: tuple[PlanEntry, ...]
    next_follow_up: _dt.date
    combined: tuple[CombineReason, ...] = ()

    def combine(self) -> dict[str, str]:
        """The recorded reasons to combine alternatives, by group."""
        return {c.group: c.reason for c in self.combined}

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the case-file format (what goes under ``plans:``)."""
        from sigrbm.reading.structure import unstructure

        out = unstructure(self)
        assert isinstance(out, dict)
        return out
