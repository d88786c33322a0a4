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
    CombineReason,
    Consent,
    EntryStatus,
    LegalBasis,
    PlanEntry,
    StatusChange,
)
from sigrbm.casework.catalogue import Action, Catalogue
from sigrbm.casework.consent import ConsentReport, birthday_unknown, check_consent
from sigrbm.casework.consent_scope import information_needs
from sigrbm.casework.matching import Recommendations
from sigrbm.casework.plan_review import (
    Majority,
    NotPlanned,
    PlanChange,
    changes,
    fitting_goals,
    majority,
    not_planned,
    roles,
)
from sigrbm.casework.program import (
    YOUNG_PERSON,
    Finding,
    GoalSuggestion,
    ProgramProfile,
    eligibility,
    risk_refusal,
)
from sigrbm.errors import Code, SigrbmError, UnknownIdError
from sigrbm.reading.text import Text


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


class ProgramAgeError(SigrbmError):
    """The person's age is outside the program's ages and no exception was asked for [P801]."""

    code = Code.PROGRAM_AGE

    def __init__(self, program: ProgramProfile, age: int | None) -> None:
        self.program, self.age = program, age
        spans = ", ".join(f"{r.min}–{r.max}" for r in program.age_ranges)
        self.spans = spans
        what = f"age {age} is" if age is not None else "the age is unknown and"
        super().__init__(
            f"{what} outside the ages of {program.id} ({spans}); a plan needs an explicit "
            f"exception with a reason (--age-exception REASON) [{Code.PROGRAM_AGE.value}]"
        )

    def message(self) -> Text:
        """The refusal in both languages."""
        pname = self.program.name
        if self.age is None:
            return Text.of(
                sv=f"Åldern är okänd, så den kan inte prövas mot {pname['sv']} ({self.spans}); "
                "en plan kräver ett uttryckligt undantag med skäl (--age-exception SKÄL).",
                en=f"The age is unknown, so it cannot be checked against {pname['en']} "
                f"({self.spans}); a plan needs an explicit exception with a reason "
                "(--age-exception REASON).",
            )
        return Text.of(
            sv=f"Åldern {self.age} ligger utanför åldrarna i {pname['sv']} ({self.spans}); en plan "
            "kräver ett uttryckligt undantag med skäl (--age-exception SKÄL).",
            en=f"Age {self.age} is outside the ages of {pname['en']} ({self.spans}); a plan "
            "needs an explicit exception with a reason (--age-exception REASON).",
        )


class ProgramRiskError(ProgramAgeError):
    """The program's age range takes only some risk levels (Haninge: adults only in high-risk
    cases) and no exception was asked for [P808]."""

    code = Code.PROGRAM_RISK

    def __init__(self, program: ProgramProfile, age: int | None, risk: Text) -> None:
        self.program, self.age, self.risk = program, age, risk
        self.spans = ", ".join(f"{r.min}–{r.max}" for r in program.age_ranges)
        SigrbmError.__init__(
            self,
            f"{risk_refusal(program, age, risk)['en']} A plan needs an explicit exception with "
            f"a reason (--age-exception REASON) [{Code.PROGRAM_RISK.value}]",
        )

    def message(self) -> Text:
        """The refusal in both languages."""
        why = risk_refusal(self.program, self.age, self.risk)
        return Text.of(
            sv=f"{why['sv']} En plan kräver ett uttryckligt undantag med skäl "
            "(--age-exception SKÄL).",
            en=f"{why['en']} A plan needs an explicit exception with a reason "
            "(--age-exception REASON).",
        )


@attrs.frozen(kw_only=True)
class AgeException:
    """A recorded exception to the program's ages: who asked, why, for which age."""

    reason: str
    age: int | None
    ages: str  # the program's ranges, e.g. "18–27"


@attrs.frozen(kw_only=True)
class EntryGoals:
    """Goal suggestions from the program for one plan entry."""

    intervention: str
    suggestions: tuple[GoalSuggestion, ...]


@attrs.frozen(kw_only=True)
class EntryCaveats:
    """The catalogue's caveats (notes, weak evidence) for one plan entry."""

    intervention: str
    caveats: tuple[Text, ...]


@attrs.frozen(kw_only=True)
class PlanOutcome:
    """The plan, the consent position it was checked against, and program findings.

    ``exception``: the recorded exception when the age is outside the program's ages;
    ``rules``: what the program requires the plan document to say; ``roles``: the part of an
    actor the program names as always taking part but without an entry; ``goals``: goal
    suggestions from the program per entry; ``caveats``: the catalogue's caveats per entry;
    ``not_planned``: needs and steps without an entry, with why; ``changes``: what this plan
    removes from the previous one or hands to another actor, with why; ``brought_in``: actors
    outside the program brought in for an entry; ``majority``: turning 18 in the plan period;
    ``combined``: recorded reasons to take more than one of a group of alternatives.
    """

    plan: ActionPlan
    consent: ConsentReport
    findings: tuple[Finding, ...] = ()
    exception: AgeException | None = None
    rules: tuple[Text, ...] = ()
    roles: tuple[Text, ...] = ()
    goals: tuple[EntryGoals, ...] = ()
    caveats: tuple[EntryCaveats, ...] = ()
    risk_label: Text | None = None
    not_planned: tuple[NotPlanned, ...] = ()
    changes: tuple[PlanChange, ...] = ()
    brought_in: tuple[str, ...] = ()
    majority: Majority | None = None

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
    age_exception: str | None = None,
    catalogue: Catalogue | None = None,
    previous: ActionPlan | None = None,
    birth_year_month: str | None = None,
) -> PlanOutcome:
    """Build the plan.

    Raises :class:`ProgramAgeError` when ``recommendations.age`` (the age on the plan date)
    is outside the program's ages and no ``age_exception`` reason is given (the exception is
    then recorded on the outcome), and :class:`PlanError` naming every actor not covered by
    consent (for the kinds of information the ``catalogue`` says it needs) or a legal basis.
    :class:`ProgramRiskError` (P808) when the age range takes only some risk levels.
    ``previous``: the case's plan before this one (its removed entries are listed with why);
    ``birth_year_month``: to flag turning 18 within the program's plan period. The plan
    records the reasons to combine alternatives the recommendations were made with
    (``combined``), so a printed plan and a later revision keep them.
    """
    age = recommendations.age
    exception = None
    risk = recommendations.risk_level
    if not program.takes(age, risk):
        if age_exception is None or not age_exception.strip():
            if program.serves_age(age):
                raise ProgramRiskError(
                    program,
                    age,
                    recommendations.risk_label or Text.of(sv=risk or "okänd", en=risk or "unknown"),
                )
            raise ProgramAgeError(program, age)
        exception = AgeException(
            reason=age_exception.strip(),
            age=age,
            ages=", ".join(f"{r.min}–{r.max}" for r in program.age_ranges),
        )
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
    needs = information_needs(catalogue, program) if catalogue is not None else {}  # issue 20
    labels = (
        {k.id: k.label for k in catalogue.actors.information_kinds} if catalogue is not None else {}
    )
    report = check_consent(
        [p for p in participants if p != YOUNG_PERSON],
        consents,
        date,
        age=recommendations.age,
        maybe_younger=birthday_unknown(birth_year_month, date),  # issue 20
        rule=program.consent,
        legal_bases=legal_bases,
        information=needs,
        information_labels=labels,
        actor_labels={a.id: a.name for a in catalogue.actors.actors} if catalogue else None,
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
        combined=tuple(
            CombineReason(group=c.group, reason=c.reason) for c in recommendations.combined
        ),
    )
    findings = eligibility(program, recommendations.age, participants, catalogue)
    goals = tuple(
        EntryGoals(intervention=e.intervention, suggestions=found)
        for e in entries
        if (found := fitting_goals(program, e, entries, age))
    )
    caveats = tuple(
        EntryCaveats(intervention=c.intervention, caveats=c.caveats)
        for c in recommendations.selected
        if c.caveats
    )
    return PlanOutcome(
        plan=action_plan,
        consent=report,
        findings=findings,
        exception=exception,
        rules=program.plan_rules,
        roles=roles(program, entries, catalogue),
        goals=goals,
        caveats=caveats,
        risk_label=recommendations.risk_label,
        not_planned=not_planned(recommendations),
        changes=changes(previous, entries, recommendations, catalogue),
        brought_in=tuple(
            dict.fromkeys(c.responsible for c in recommendations.selected if c.brought_in)
        ),
        majority=majority(birth_year_month, date, program, entries, catalogue),
    )


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
