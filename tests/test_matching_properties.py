"""Properties of matching and plans over generated Check: RBMK cases × every program profile
(issue 12, "Done when"):

- no harmful or ineffective pick;
- the responsible actor serves the subject's age (and population) and is in the program, or
  is brought in from outside it — marked so — only when no actor of the program can deliver
  (issue 25);
- no silent drop: every certain need is covered or explained, every first or parallel
  responsivity step has an intervention or a printed reason, and the plan lists both;
- at most one intervention per group of alternatives (one family-therapy model);
- a population-restricted intervention only with its population;
- a plan outside the program's ages (or risk levels, Haninge's adults) only with a recorded
  exception;
- at high risk every certain need is covered, or the reason why not is given;
- at low risk the need-focused picks are light help only (risk principle);
- the ``match`` text accounts for everything too: every need is in a suggestion's "täcker"
  or under "Behov utan insats" with its reason, every first or parallel step's intervention
  is a suggestion, or its reason is printed (issue 25, round 2);
- a plan revised against any earlier plan of the program lists every entry it drops or
  hands to another actor, with a reason in both languages (no silent disappearance between
  two plans of a case).

Run with ``--hypothesis-profile thorough`` (2000 examples per program) before a release:
the examples per test follow the profile (no fixed ``max_examples`` here).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from sigrbm.case.records import Consent, Party
from sigrbm.casework.catalogue import RECOMMENDABLE, InterventionIntensity
from sigrbm.casework.matching import match
from sigrbm.casework.plans import ProgramAgeError, plan
from sigrbm.casework.population import actor_fits
from sigrbm.casework.program import bundled_programs, load_program
from sigrbm.documents.text_plan import render_recommendations
from sigrbm.documents.words import t

from .planning_helpers import CATALOGUE, rbmk_compute
from .strategies import rbmk_cases

DAY = dt.date(2026, 3, 1)
PROGRAMS = sorted(bundled_programs())
EVERY_ACTOR = tuple(a.id for a in CATALOGUE.actors.actors)
CONSENTS = tuple(
    Consent(
        id=f"c-{p.value}",
        given_by=p,
        date=DAY,
        actors=EVERY_ACTOR,
        information=("socialtjanst", "skolgang", "brottsmisstankar", "halsa"),
    )
    for p in (Party.YOUNG_PERSON, Party.GUARDIAN)
)


def _recommend(
    case: tuple[int, str | None, dict[str, str | int], dict[str, str | int]], program: str
):  # type: ignore[no-untyped-def]
    age, level, answers, subject = case
    prof = load_program(program)
    result = rbmk_compute(age, level, answers)
    return match(result, CATALOGUE, {"age": age, **subject}, prof), prof, subject


@pytest.mark.parametrize("program", PROGRAMS)
@given(case=rbmk_cases())
def test_matching_and_plan_properties(program: str, case: object) -> None:
    """One generated case, every property (one match per example keeps the suite fast)."""
    rec, prof, subject = _recommend(case, program)  # type: ignore[arg-type]
    _safe_and_fitting(rec, prof, subject)
    _risk_principle_and_coverage(rec)
    _no_silent_drop_and_one_model(rec)
    _text_accounts_for_everything(rec)
    _plan_ages(rec, prof)


@pytest.mark.parametrize("program", PROGRAMS)
@given(first=rbmk_cases(), second=rbmk_cases())
def test_a_revision_lists_every_entry_it_drops(program: str, first: object, second: object) -> None:
    """Two generated assessments of one program: the plan of the second, revised against the
    plan of the first, keeps each earlier entry or lists it as removed or moved, with why."""
    plans = []
    for case in (first, second):
        rec, prof, _ = _recommend(case, program)  # type: ignore[arg-type]
        previous = plans[-1].plan if plans else None
        plans.append(
            plan(
                rec,
                prof,
                date=DAY,
                assessment_date=DAY,
                consents=CONSENTS,
                catalogue=CATALOGUE,
                age_exception="skäl",
                previous=previous,
            )
        )
    before, after = plans[0].plan.entries, plans[1].plan.entries
    now = {e.intervention: e.actor for e in after}
    listed = {(c.intervention, c.kind) for c in plans[1].changes}
    for e in before:
        if e.intervention not in now:
            assert (e.intervention, "removed") in listed, e.intervention
        elif now[e.intervention] != e.actor:
            assert (e.intervention, "actor_changed") in listed, e.intervention
    assert len(listed) == len(plans[1].changes)
    for c in plans[1].changes:
        assert c.reason["sv"]
        assert c.reason["en"]


def _text_accounts_for_everything(rec) -> None:  # type: ignore[no-untyped-def]
    """What `match` prints: each need and each first/parallel step ends in a suggestion or a
    printed reason."""
    text = render_recommendations(rec, CATALOGUE, "sv")
    lines = text.splitlines()
    label = {d.id: d.label["sv"].lower() for d in CATALOGUE.interventions.domains}
    suggested = [ln for ln in lines if ln[:1].isdigit() and f"; {t('covers', 'sv')}: " in ln]
    for n in rec.needs:
        area = label[n.domain]
        in_suggestion = any(
            area in ln.split(f"; {t('covers', 'sv')}: ")[1].split(";")[0].split(", ")
            for ln in suggested
        )
        reason = next((u.reason["sv"] for u in rec.uncovered if u.domain == n.domain), None)
        assert in_suggestion or (reason is not None and f"{area}: {reason}" in text), n.domain
    names = {c.intervention: c.name["sv"] for c in rec.selected}
    for s in rec.steps:
        if s.action.value == "adapt":
            continue
        for i in s.interventions:
            assert any(f". {names[i]} — " in ln for ln in suggested), (s.factor, i)
        if not s.interventions:
            assert s.reason is not None
            assert s.reason["sv"] in text, s.factor


def _safe_and_fitting(rec, prof, subject) -> None:  # type: ignore[no-untyped-def]
    age = rec.age
    for c in (*rec.selected, *(c for n in rec.needs for c in n.candidates)):
        iv = CATALOGUE.intervention(c.intervention)
        assert iv.status in RECOMMENDABLE, c.intervention
        iv_actors_in_program = [
            a for a in iv.actors if a in prof.actors and actor_fits(a, CATALOGUE, age, subject)
        ]
        if c.brought_in:
            assert c.responsible not in prof.actors, c.intervention
            assert not c.actor_in_program
            assert any("knyts till insatsen" in r["sv"] for r in c.reasons)
        else:
            assert c.responsible in prof.actors, (c.intervention, c.responsible)
        assert c.brought_in == (not iv_actors_in_program or c.responsible not in prof.actors)
        assert actor_fits(c.responsible, CATALOGUE, age, subject), (c.intervention, age)
        for pop in iv.population:
            assert CATALOGUE.in_population(pop, subject), (c.intervention, subject)
    for s in rec.steps:
        for i in s.interventions:
            for pop in CATALOGUE.intervention(i).population:
                assert CATALOGUE.in_population(pop, subject)


def _risk_principle_and_coverage(rec) -> None:  # type: ignore[no-untyped-def]
    parallel_or_first = {i for s in rec.steps for i in s.interventions}
    if rec.risk_level == "lag":
        for c in rec.selected:
            if c.intervention not in parallel_or_first:
                assert c.intensity is InterventionIntensity.LIGHT, c.intervention
    if rec.risk_level == "hog":
        covered = {d for c in rec.selected for d in c.covers}
        explained = {u.domain for u in rec.uncovered}
        for n in rec.needs:
            assert n.domain in covered or n.domain in explained, n.domain
        for u in rec.uncovered:
            assert u.reason["sv"]
            assert u.reason["en"]


def _no_silent_drop_and_one_model(rec) -> None:  # type: ignore[no-untyped-def]
    covered = {d for c in rec.selected for d in c.covers}
    explained = {u.domain for u in rec.uncovered}
    for n in rec.needs:
        assert n.domain in covered or n.domain in explained, n.domain
    chosen = [c.intervention for c in rec.selected]
    for s in rec.steps:
        if s.action.value != "adapt":
            assert set(s.interventions) <= set(chosen), s.factor
            assert s.interventions or s.reason is not None, s.factor
        for e in s.excluded:
            assert e.reason["sv"]
            assert e.reason["en"]
    for g in CATALOGUE.interventions.alternatives:
        assert len(set(g.interventions) & set(chosen)) <= 1, (g.id, chosen)


def _plan_ages(rec, prof) -> None:  # type: ignore[no-untyped-def]
    if prof.takes(rec.age, rec.risk_level):
        out = plan(rec, prof, date=DAY, assessment_date=DAY, consents=CONSENTS, catalogue=CATALOGUE)
        assert out.exception is None
        listed = {(n.kind, n.id) for n in out.not_planned}
        for u in rec.uncovered:
            assert ("need", u.domain) in listed
        for s in rec.steps:
            if s.reason is not None:
                assert ("step", s.factor) in listed
    else:
        with pytest.raises(ProgramAgeError):
            plan(rec, prof, date=DAY, assessment_date=DAY, consents=CONSENTS, catalogue=CATALOGUE)
        out = plan(
            rec,
            prof,
            date=DAY,
            assessment_date=DAY,
            consents=CONSENTS,
            catalogue=CATALOGUE,
            age_exception="skäl",
        )
        assert out.exception is not None
        assert out.exception.age == rec.age
