"""What a plan says beyond its entries: what is not planned and why, what a revision removed
or moved, who is brought in, when the person turns 18 and what changes then, and which of the
program's goal suggestions fit an entry.

Nothing disappears without a printed reason (issue 25): every need without an entry and every
responsivity step without an intervention is listed with its reason; a plan revised against
the case's previous plan lists each entry removed or handed to another actor, and why.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from sigrbm.case.records import ActionPlan, PlanEntry
from sigrbm.casework.catalogue import Action, Catalogue
from sigrbm.casework.program import GoalSuggestion, ProgramProfile
from sigrbm.casework.recommendation import Recommendations
from sigrbm.reading.text import Text


def _t(sv: str, en: str) -> Text:
    return Text.of(sv=sv, en=en)


@attrs.frozen(kw_only=True)
class NotPlanned:
    """A need or responsivity step without an entry, with why (``kind``: need or step)."""

    kind: str
    id: str
    reason: Text
    label: Text | None = None


@attrs.frozen(kw_only=True)
class PlanChange:
    """An entry of the previous plan that this plan removes or gives to another actor."""

    intervention: str
    kind: str  # "removed" or "actor_changed"
    reason: Text
    name: Text | None = None


@attrs.frozen(kw_only=True)
class Majority:
    """The person turns 18 within the plan period: when, and what changes then."""

    month: str  # YYYY-MM
    changes: tuple[Text, ...]


def not_planned(rec: Recommendations) -> tuple[NotPlanned, ...]:
    """Every need without an entry and every first/parallel step without an intervention."""
    out = [
        NotPlanned(kind="need", id=u.domain, label=u.label, reason=u.reason) for u in rec.uncovered
    ]
    chosen = {c.intervention for c in rec.selected}
    for s in rec.steps:
        if s.action is Action.ADAPT:
            continue
        if s.reason is not None:  # it names the excluded interventions already
            out.append(NotPlanned(kind="step", id=s.factor, label=s.note, reason=s.reason))
            continue
        for e in s.excluded:
            if e.intervention not in chosen:
                name = e.name or _t(e.intervention, e.intervention)
                out.append(
                    NotPlanned(
                        kind="step",
                        id=s.factor,
                        label=s.note,
                        reason=_t(
                            f"{name['sv']}: {e.reason['sv']}", f"{name['en']}: {e.reason['en']}"
                        ),
                    )
                )
    return tuple(out)


def _why_gone(rec: Recommendations, iv_id: str, catalogue: Catalogue | None) -> Text:
    for s in rec.steps:
        for e in s.excluded:
            if e.intervention == iv_id:
                return e.reason
    for e in rec.not_taken:
        if e.intervention == iv_id:
            return e.reason
    for n in rec.needs:
        for e in n.excluded:
            if e.intervention == iv_id:
                return e.reason
    for n in rec.needs:
        if any(c.intervention == iv_id for c in n.candidates):
            return _t(
                "Inte vald denna gång: behoven täcks av andra insatser i planen",
                "Not selected this time: the needs are covered by other interventions in the plan",
            )
    if catalogue is not None and iv_id in {i.id for i in catalogue.interventions.interventions}:
        return _t(
            "Behoven som insatsen riktar sig mot finns inte längre i den senaste bedömningen",
            "The needs it targets are no longer in the latest assessment",
        )
    return _t("Insatsen finns inte i katalogen", "The intervention is not in the catalogue")


def changes(
    previous: ActionPlan | None,
    entries: tuple[PlanEntry, ...],
    rec: Recommendations,
    catalogue: Catalogue | None,
) -> tuple[PlanChange, ...]:
    """What this plan removes from ``previous`` or hands to another actor, and why."""
    if previous is None:
        return ()
    now = {e.intervention: e for e in entries}
    out: list[PlanChange] = []
    for old in previous.entries:
        name = _name(catalogue, old.intervention)
        new = now.get(old.intervention)
        if new is None:
            out.append(
                PlanChange(
                    intervention=old.intervention,
                    kind="removed",
                    name=name,
                    reason=_why_gone(rec, old.intervention, catalogue),
                )
            )
        elif new.actor != old.actor:
            a, b = _actor(catalogue, old.actor), _actor(catalogue, new.actor)
            age = f" vid {rec.age} år" if rec.age is not None else ""
            age_en = f" at {rec.age}" if rec.age is not None else ""
            out.append(
                PlanChange(
                    intervention=old.intervention,
                    kind="actor_changed",
                    name=name,
                    reason=_t(
                        f"Ansvaret går från {a['sv']} till {b['sv']}{age}",
                        f"Responsibility moves from {a['en']} to {b['en']}{age_en}",
                    ),
                )
            )
    return tuple(out)


def majority(
    birth_year_month: str | None,
    date: _dt.date,
    program: ProgramProfile,
    entries: tuple[PlanEntry, ...],
    catalogue: Catalogue | None,
) -> Majority | None:
    """When the person turns 18 after ``date`` and within the program's plan period: the
    month and what changes (the consent rule, actors that serve only under 18, interventions
    that end at 17, the program's ages)."""
    if birth_year_month is None:
        return None
    year, month = (int(x) for x in birth_year_month.split("-"))
    eighteen = _dt.date(year + 18, month, 1)
    end = date + _dt.timedelta(weeks=program.plan_period_weeks)
    if not date.replace(day=1) <= eighteen <= end:
        return None
    out = [
        _t(
            "Samtycke: från 18 år gäller bara personens eget samtycke; vårdnadshavarens "
            "samtycke räcker inte längre och ett nytt samtycke behövs för varje aktör",
            "Consent: from 18 only the person's own consent counts; a guardian's no longer "
            "does, and a new consent is needed for every actor",
        )
    ]
    if not program.serves_age(18):
        out.append(
            _t(
                f"{program.name['sv']} tar inte emot personer från 18 år: planera övergången",
                f"{program.name['en']} does not take people from 18: plan the handover",
            )
        )
    for e in entries:
        if catalogue is None:
            break
        iv = catalogue.intervention(e.intervention)
        name = iv.name
        if iv.age.max < 18:
            out.append(
                _t(
                    f"{name['sv']} är för {iv.age.min}–{iv.age.max} år och upphör",
                    f"{name['en']} is for ages {iv.age.min}–{iv.age.max} and ends",
                )
            )
            continue
        actor = catalogue.actor(e.actor) if catalogue.has_actor(e.actor) else None
        if actor is not None and actor.ages is not None and not actor.ages.contains(18):
            nxt = next(
                (
                    a
                    for a in iv.actors
                    # serving 18 without a population the case must state (SiS: placed only)
                    if catalogue.has_actor(a)
                    and catalogue.actor(a).serves_age(18)
                    and not catalogue.actor(a).population
                    and a != e.actor
                ),
                None,
            )
            to = catalogue.actor(nxt).name if nxt else _t("ingen aktör", "no actor")
            out.append(
                _t(
                    f"{name['sv']}: {actor.name['sv']} → {to['sv']}",
                    f"{name['en']}: {actor.name['en']} → {to['en']}",
                )
            )
    return Majority(month=f"{eighteen.year:04d}-{eighteen.month:02d}", changes=tuple(out))


def roles(
    program: ProgramProfile, entries: tuple[PlanEntry, ...], catalogue: Catalogue | None
) -> tuple[Text, ...]:
    """Actors the program names as always taking part (Skövde: the police) that have no
    entry: their part in the plan is to be written in, not left out."""
    out = []
    for actor in program.required_participants:
        if catalogue is None or not catalogue.has_actor(actor):
            continue
        if any(e.actor == actor for e in entries):
            continue
        name = catalogue.actor(actor).name
        out.append(
            _t(
                f"{name['sv']} deltar alltid i {program.name['sv']} men har ingen insats i "
                "planen: skriv in dess del (till exempel uppföljning av nya misstankar och "
                "medverkan i mötena) under en insats eller som eget mål",
                f"{name['en']} always takes part in {program.name['en']} but has no entry in "
                "the plan: write in its part (for example following up new suspicions and "
                "taking part in the meetings) under an entry or as a goal of its own",
            )
        )
    return tuple(out)


def fitting_goals(
    program: ProgramProfile, entry: PlanEntry, entries: tuple[PlanEntry, ...], age: int | None
) -> tuple[GoalSuggestion, ...]:
    """The program's goal suggestions for ``entry``: its need areas, the ages they fit, and —
    when the plan has an entry of the goal's actor for the area — only that actor's entry."""
    out = []
    for g in program.goal_suggestions:
        if g.domain not in entry.needs:
            continue
        if g.ages is not None and (age is None or not g.ages.contains(age)):
            continue
        if g.actor is not None and g.actor != entry.actor:
            owner = any(e.actor == g.actor and g.domain in e.needs for e in entries)
            if owner:
                continue
        out.append(g)
    return tuple(out)


def _name(catalogue: Catalogue | None, iv_id: str) -> Text | None:
    if catalogue is None:
        return None
    found = [i.name for i in catalogue.interventions.interventions if i.id == iv_id]
    return found[0] if found else None


def _actor(catalogue: Catalogue | None, actor: str) -> Text:
    if catalogue is not None and catalogue.has_actor(actor):
        return catalogue.actor(actor).name
    return _t(actor, actor)
