"""``plan(...)``: an åtgärdsplan / genomförandeplan from recommendations, gated by consent.

One entry per chosen intervention (responsivity work first or in parallel, then the
need-focused ones in priority order), each with the needs it addresses, the responsible
actor, goal fields the coordinator fills in, start and review dates from the program's
follow-up interval, and the responsivity adaptations. The plan is refused when an actor is
not covered by a valid consent or a recorded legal basis on the plan date.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from sigrbm.case.records import (
    ActionPlan,
    Consent,
    EntryStatus,
    LegalBasis,
    PlanEntry,
    StatusChange,
)
from sigrbm.casework.catalogue import Action
from sigrbm.casework.consent import ConsentReport, check_consent
from sigrbm.casework.matching import Recommendations
from sigrbm.casework.program import YOUNG_PERSON, Finding, ProgramProfile, eligibility
from sigrbm.errors import SigrbmError, UnknownIdError


class PlanError(SigrbmError):
    """A plan cannot be made: an actor lacks consent or a legal basis on the plan date."""

    def __init__(self, report: ConsentReport) -> None:
        self.report = report
        lines = [
            f"{a.actor}: {a.missing['en'] if a.missing else 'not covered'}"
            for a in report.uncovered
        ]
        super().__init__(
            "actors not covered on " + report.date.isoformat() + ": " + "; ".join(lines)
        )


@attrs.frozen(kw_only=True)
class PlanOutcome:
    """The plan, the consent position it was checked against, and program findings."""

    plan: ActionPlan
    consent: ConsentReport
    findings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the ``value`` of ``sigrbm plan --format json``."""
        from sigrbm.reading.structure import unstructure

        out = unstructure(self, omit_defaults=False)
        assert isinstance(out, dict)
        return out


def plan(
    recommendations: Recommendations,
    program: ProgramProfile,
    *,
    date: _dt.date,
    assessment_date: _dt.date,
    consents: tuple[Consent, ...] = (),
    legal_bases: tuple[LegalBasis, ...] = (),
    plan_id: str | None = None,
    coordinator: str | None = None,
) -> PlanOutcome:
    """Build the plan; raises :class:`PlanError` naming every actor not covered."""
    review = date + _dt.timedelta(weeks=program.follow_up_weeks)
    orders = {
        i: s.action.value
        for s in recommendations.steps
        for i in s.interventions
        if s.action is not Action.ADAPT
    }
    adaptations = tuple(s.factor for s in recommendations.steps if s.action is Action.ADAPT)
    entries = tuple(
        PlanEntry(
            intervention=c.intervention,
            needs=c.covers,
            actor=c.responsible,
            start=date,
            review=review,
            adaptations=adaptations,
            order=orders.get(c.intervention, "need"),
        )
        for c in recommendations.selected
    )
    actors = tuple(dict.fromkeys(e.actor for e in entries))
    participants = tuple(
        dict.fromkeys((*program.required_participants, *program.core_actors, *actors))
    )
    report = check_consent(
        [p for p in participants if p != YOUNG_PERSON],
        consents,
        date,
        age=recommendations.age,
        rule=program.consent,
        legal_bases=legal_bases,
    )
    if report.uncovered:
        raise PlanError(report)
    action_plan = ActionPlan(
        id=plan_id or f"plan-{date.isoformat()}",
        program=program.id,
        kind=program.plan.value,
        date=date,
        instrument=recommendations.stamp.instrument_id,
        version=recommendations.stamp.version,
        assessment_date=assessment_date,
        risk_level=recommendations.risk_level,
        coordinator=coordinator,
        participants=participants,
        entries=entries,
        next_follow_up=review,
    )
    findings = eligibility(program, recommendations.age, participants)
    return PlanOutcome(plan=action_plan, consent=report, findings=findings)


def update_entry(
    action_plan: ActionPlan,
    intervention: str,
    status: EntryStatus,
    date: _dt.date,
    *,
    note: str | None = None,
    follow_up_weeks: int | None = None,
) -> ActionPlan:
    """Record a status for one entry at a follow-up meeting (a new plan value is returned)."""
    found = False
    entries = []
    for entry in action_plan.entries:
        if entry.intervention == intervention:
            found = True
            review = entry.review
            if follow_up_weeks is not None:
                review = date + _dt.timedelta(weeks=follow_up_weeks)
            change = StatusChange(status=status, date=date, note=note)
            entry = attrs.evolve(entry, history=(*entry.history, change), review=review)  # noqa: PLW2901
        entries.append(entry)
    if not found:
        raise UnknownIdError("plan entry for", intervention)
    nxt = min(
        (e.review for e in entries if e.status in (EntryStatus.PLANNED, EntryStatus.ONGOING)),
        default=action_plan.next_follow_up,
    )
    return attrs.evolve(action_plan, entries=tuple(entries), next_follow_up=nxt)
