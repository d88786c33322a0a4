"""Vignettes (issue 12, "Done when"): written-out cases with what the selection must and must
not contain. Each expectation is derived from a fact in the catalogue or a program profile
(quoted in the vignette's ``why``), not from the code's output.

Facts used (instruments/catalogue/*.yaml, instruments/programs/*.yaml):
- BUP serves ages 0–17, vuxenpsykiatri from 18 (1177: Bup is for children up to 18; from 18
  adult psychiatry); Kriminalvården serves only people under its supervision (`frivard: ja`);
- ADHD assessment/medication (10–27) is delivered by BUP or vuxenpsykiatri;
- gender-informed interventions are for girls and young women (`kon`);
- Kriminalvården's accredited programmes, R&R (18–27) and support in frivård are for people
  under supervision;
- MST (12–17, high risk only, family format) covers family, peers, school, behaviour, substance;
- at low risk only light help (the risk principle); harmful/ineffective never recommended;
- Haninge: ages 10–17 and 18–27, vuxenpsykiatri among its actors, family focus under 18;
  Eslöv: 13–25, no vuxenpsykiatri, school goals; Västra Göteborg: 18–27, plan approved by the
  person, copies, police informed, team-agreed follow-up; Skövde: 13–20.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sigrbm.case.records import Consent, Party
from sigrbm.casework.catalogue import Format, InterventionIntensity, Status
from sigrbm.casework.matching import match
from sigrbm.casework.plans import PlanError, ProgramAgeError, plan
from sigrbm.casework.program import load_program

from .planning_helpers import CATALOGUE, RBMK, rbmk_result

DAY = dt.date(2026, 3, 1)
ALL_INFO = ("socialtjanst", "skolgang", "brottsmisstankar", "halsa")


def need(*domains: str) -> dict[str, str | int]:
    """Every risk item of the given need areas answered 'ja' (a certain, high need)."""
    out: dict[str, str | int] = {}
    for item in RBMK.items:
        if item.domain in domains and item.role.value == "dynamic_risk":
            out[item.id] = "ja"
    return out


def run(
    age: int,
    level: str,
    domains: tuple[str, ...],
    program: str | None = None,
    subject: dict[str, str | int] | None = None,
    **extra: str | int,
) -> Any:
    answers = {**need(*domains), **extra}
    r = rbmk_result(age, level, **answers)
    prof = load_program(program) if program else None
    return match(r, CATALOGUE, {"age": age, **(subject or {})}, prof)


def selected(rec: Any) -> dict[str, str]:
    return {c.intervention: c.responsible for c in rec.selected}


def candidates(rec: Any) -> set[str]:
    return {c.intervention for n in rec.needs for c in n.candidates}


def excluded(rec: Any) -> dict[str, str]:
    return {e.intervention: e.reason["en"] for n in rec.needs for e in n.excluded}


def test_dynamic_items_exist() -> None:
    assert sorted(need("substanser")) == [
        "rbmk_sub_alkohol",
        "rbmk_sub_narkotika",
        "rbmk_sub_samband",
    ]


# --- ages of actors ---------------------------------------------------------------------


def test_v01_22_year_old_with_adhd_gets_adult_psychiatry_never_bup() -> None:
    """22, ADHD flagged, Haninge (has vuxenpsykiatri): ADHD treatment in parallel, delivered
    by adult psychiatry (from 18); BUP (0–17) is never responsible."""
    rec = run(22, "medel", ("personlighet",), "haninge", rbmk_mot_npf="ja")
    assert selected(rec)["adhd_behandling"] == "vuxenpsykiatri"
    assert "bup" not in selected(rec).values()


def test_v02_15_year_old_with_adhd_gets_bup() -> None:
    """15, ADHD flagged, Haninge: BUP serves under 18, so BUP is responsible."""
    rec = run(15, "medel", ("personlighet",), "haninge", rbmk_mot_npf="ja")
    assert selected(rec)["adhd_behandling"] == "bup"
    assert "vuxenpsykiatri" not in selected(rec).values()


def test_v03_22_year_old_in_eslov_adult_psychiatry_is_brought_in_for_adhd() -> None:
    """22 in Eslöv: the profile has BUP but not vuxenpsykiatri; BUP does not serve 22. Eslöv's
    page (000, line 21) says other actors, BUP among them, can become important in the work
    with the young person: the actor who can — adult psychiatry — is brought in, marked so,
    never BUP (issue 25; before, the treatment vanished)."""
    rec = run(22, "medel", ("personlighet",), "eslov", rbmk_mot_npf="ja")
    adhd = next(c for c in rec.selected if c.intervention == "adhd_behandling")
    assert (adhd.responsible, adhd.brought_in, adhd.actor_in_program) == (
        "vuxenpsykiatri",
        True,
        False,
    )
    assert "bup" not in selected(rec).values()
    assert "brought in from outside Social intervention groups in Eslöv" in adhd.reasons[-1]["en"]
    assert "knyts till insatsen" in adhd.reasons[-1]["sv"]


def test_v04_16_year_old_not_under_supervision_gets_no_kriminalvarden_programme() -> None:
    """16, high risk, attitudes and personality: Kriminalvården's programmes need supervision
    (not stated), so they are never candidates; R&R is 18–27 anyway."""
    rec = run(16, "hog", ("attityder", "personlighet"))
    assert "kv_program" not in candidates(rec)
    assert "r_och_r" not in candidates(rec)
    assert "kriminalvarden" not in selected(rec).values()
    assert excluded(rec)["kv_program"].startswith("Only for: Under the supervision")


def test_v05_19_year_old_on_probation_may_get_kriminalvarden_programme() -> None:
    """19, on probation (frivard: ja), Västra Göteborg has Kriminalvården: its accredited
    programme is a candidate, with Kriminalvården responsible."""
    rec = run(19, "medel", ("attityder",), "vastra-goteborg", {"frivard": "ja"})
    cands = {c.intervention: c for n in rec.needs for c in n.candidates}
    assert cands["kv_program"].responsible == "kriminalvarden"


def test_v06_same_19_year_old_without_supervision_does_not() -> None:
    """The same person without `frivard`: no Kriminalvården programme at all."""
    rec = run(19, "medel", ("attityder",), "vastra-goteborg")
    assert "kv_program" not in candidates(rec)
    assert "kriminalvarden" not in {c.responsible for n in rec.needs for c in n.candidates}


def test_v07_kbt_for_offenders_at_19_is_not_given_to_bup() -> None:
    """KBT for offenders (15–27) lists socialtjänst, Kriminalvården, SiS, BUP: at 19 BUP cannot
    be responsible."""
    rec = run(19, "medel", ("attityder",))
    cands = {c.intervention: c for n in rec.needs for c in n.candidates}
    assert cands["kbt_brott"].responsible != "bup"


# --- populations --------------------------------------------------------------------------


def test_v08_girl_with_substance_need_may_get_gender_informed_help() -> None:
    """16, a girl (kon: flicka), substance need, moderate risk: the gender-informed
    intervention is a candidate."""
    rec = run(16, "medel", ("substanser",), None, {"kon": "flicka"})
    assert "konsinformerade" in candidates(rec)


def test_v09_boy_with_substance_need_never_gets_it() -> None:
    """The same case for a boy: never a candidate."""
    rec = run(16, "medel", ("substanser",), None, {"kon": "pojke"})
    assert "konsinformerade" not in candidates(rec)


def test_v10_no_sex_recorded_no_gender_informed_pick() -> None:
    """No sex or gender recorded: never proposed by default, even as a responsivity step
    when the gender factor is flagged."""
    rec = run(16, "medel", ("substanser", "familj"), None, rbmk_mot_kon="ja")
    assert "konsinformerade" not in candidates(rec)
    assert all("konsinformerade" not in s.interventions for s in rec.steps)


def test_v11_low_risk_boy_family_and_substance_gets_only_light_help() -> None:
    """The issue's example: low risk, family and substance needs. Only light help (brief
    intervention for substance use); no gender-informed, group or structured programme."""
    rec = run(15, "lag", ("familj", "substanser"), None, {"kon": "pojke"})
    assert "konsinformerade" not in selected(rec)
    for c in rec.selected:
        assert c.intensity is InterventionIntensity.LIGHT
    assert "kort_intervention" in selected(rec)


# --- risk principle and dosage -----------------------------------------------------------


def test_v12_low_risk_leisure_need_gets_structured_leisure_not_groups() -> None:
    """Low risk, leisure need: structured adult-led leisure (light, everyday) — never the
    harmful unstructured youth centre, never a structured group programme."""
    rec = run(15, "lag", ("fritid",))
    assert "strukturerad_fritid" in selected(rec)
    assert "ostrukturerad_fritidsgard" not in candidates(rec)
    assert "a_cra" not in candidates(rec)


def test_v13_low_risk_never_gets_mst_or_tfco() -> None:
    """MST and TFCO are for high risk only."""
    rec = run(14, "lag", ("familj", "kamrater"))
    assert not {"mst", "tfco"} & candidates(rec)


def test_v14_high_risk_peers_school_behaviour_without_family_need_gets_a_multi_need_programme() -> (
    None
):
    """15, high risk, peers, school and behaviour but no family need: MST and MDFT (both
    recommended, 12–17, family format) each cover all three, so one of them is chosen although
    family is not a need (the issue: MST only came up when family itself was a need)."""
    rec = run(15, "hog", ("kamrater", "skola_arbete", "personlighet"))
    multi = [c for c in rec.selected if c.intervention in {"mst", "mdft"}]
    assert len(multi) == 1
    assert set(multi[0].covers) == {"kamrater", "skola_arbete", "personlighet"}
    assert any("several needs comes first" in r["en"] for r in multi[0].reasons)


def test_v15_high_risk_every_need_covered_or_explained() -> None:
    """High risk with five needs: each certain need is covered by a selected intervention
    or listed as uncovered with a reason."""
    rec = run(16, "hog", ("kamrater", "familj", "skola_arbete", "fritid", "attityder"))
    covered = {d for c in rec.selected for d in c.covers}
    for n in rec.needs:
        if n.certain:
            assert n.domain in covered or n.domain in {u.domain for u in rec.uncovered}


def test_v16_high_risk_19_year_old_cannot_get_mst() -> None:
    """19: MST (12–17) is excluded by age even at high risk."""
    rec = run(19, "hog", ("kamrater", "familj"))
    assert excluded(rec)["mst"] == "Age 19 is outside 12–17"


def test_v17_dosage_is_shown_against_the_studies() -> None:
    """High risk: the dosage note compares with 200–300 hours (Sperber; Bourgon & Armstrong)."""
    rec = run(15, "hog", ("familj", "substanser"))
    assert rec.dosage is not None
    assert rec.dosage.target is not None
    assert (rec.dosage.target.min, rec.dosage.target.max) == (200, 300)
    assert "200–300 hours" in rec.dosage.note["en"]


# --- program rules -----------------------------------------------------------------------


def test_v18_haninge_family_focus_puts_a_family_programme_first() -> None:
    """14, moderate risk, family need, Haninge (family focus under 18): a family-format
    intervention comes first, and the reason names the family focus."""
    rec = run(14, "medel", ("familj",), "haninge")
    top = rec.needs[0].candidates[0]
    assert top.format is Format.FAMILY
    assert any("Family focus under 18" in r["en"] for r in top.reasons)


def test_v19_no_family_focus_reason_outside_haninge() -> None:
    """The same case in Skövde: no family-focus reason."""
    rec = run(14, "medel", ("familj",), "skovde")
    assert not any(
        "Family focus" in r["en"] for n in rec.needs for c in n.candidates for r in c.reasons
    )


def _plan(rec: Any, program: str, **kw: Any) -> Any:
    consents = (
        Consent(
            id="ung",
            given_by=Party.YOUNG_PERSON,
            date=DAY,
            actors=tuple(a.id for a in CATALOGUE.actors.actors),
            information=ALL_INFO,
        ),
        Consent(
            id="vh",
            given_by=Party.GUARDIAN,
            date=DAY,
            actors=tuple(a.id for a in CATALOGUE.actors.actors),
            information=ALL_INFO,
        ),
    )
    return plan(
        rec,
        load_program(program),
        date=DAY,
        assessment_date=DAY,
        consents=consents,
        catalogue=CATALOGUE,
        **kw,
    )


def test_v20_16_year_old_refused_a_vastra_goteborg_plan() -> None:
    """Västra Göteborg serves 18–27: a plan for a 16-year-old is refused (P801)."""
    rec = run(16, "medel", ("familj",), "vastra-goteborg")
    with pytest.raises(ProgramAgeError) as exc:
        _plan(rec, "vastra-goteborg")
    assert "[P801]" in str(exc.value)
    assert "18–27" in exc.value.message()["sv"]


def test_v21_exception_with_a_reason_is_recorded() -> None:
    """With an explicit exception and reason the plan is made and the exception recorded."""
    rec = run(16, "medel", ("familj",), "vastra-goteborg")
    out = _plan(rec, "vastra-goteborg", age_exception="Syskon i programmet")
    assert out.exception is not None
    assert (out.exception.age, out.exception.ages) == (16, "18–27")


def test_v22_skovde_refuses_a_10_year_old() -> None:
    """Skövde serves 13–20."""
    rec = run(10, "medel", ("familj",), "skovde")
    with pytest.raises(ProgramAgeError):
        _plan(rec, "skovde")


def test_v23_vastra_goteborg_plan_states_its_rules() -> None:
    """goteborg.se: approved by the person, a copy to every participant, police informed,
    frequency agreed by the team — all on the plan."""
    rec = run(22, "medel", ("skola_arbete",), "vastra-goteborg")
    rules = " ".join(r["en"] for r in _plan(rec, "vastra-goteborg").rules)
    for words in ("approves the plan", "copy of the plan", "informs the police", "team agrees"):
        assert words in rules


def test_v24_eslov_school_need_gets_school_goal_suggestions() -> None:
    """eslov.se names better school results and eligibility for upper-secondary school."""
    rec = run(14, "medel", ("skola_arbete",), "eslov")
    out = _plan(rec, "eslov")
    texts = [s.text["en"] for g in out.goals for s in g.suggestions]
    assert any("upper-secondary" in x for x in texts)
    assert all(
        "skola_arbete" in e.needs
        for e in out.plan.entries
        if e.intervention in {g.intervention for g in out.goals}
    )


def test_v25_skovde_plan_says_service_measure_and_police() -> None:
    """Skövde: not registered with social services; police always in the network."""
    rec = run(15, "medel", ("skola_arbete",), "skovde")
    out = _plan(rec, "skovde")
    assert any("not registered" in r["en"] for r in out.rules)
    assert "polis" in out.plan.participants


# --- harmful, caveats, consent -----------------------------------------------------------


def test_v26_scared_straight_requested_is_avoided_never_selected() -> None:
    rec = match(
        rbmk_result(15, "hog", **need("attityder")),
        CATALOGUE,
        {"age": 15},
        requested=("scared_straight",),
    )
    assert "scared_straight" not in candidates(rec)
    assert [a.intervention for a in rec.avoid] == ["scared_straight"]
    assert rec.avoid[0].status is Status.HARMFUL


def test_v27_mst_carries_the_swedish_trial_caveat() -> None:
    """The catalogue notes a Swedish RCT found no difference from usual services."""
    rec = run(15, "hog", ("familj", "kamrater"))
    mst = next(c for c in rec.selected if c.intervention == "mst")
    assert any("Swedish randomised trial" in c["en"] for c in mst.caveats)


def test_v28_art_and_komet_for_adolescents_carry_weak_evidence_caveats() -> None:
    """ART and Komet 12–18 are 'unclear': a weak-evidence caveat; Komet 12–18 also its note."""
    rec = run(15, "medel", ("familj", "personlighet"))
    cands = {c.intervention: c for n in rec.needs for c in n.candidates}
    assert any(c["en"].startswith("Weak evidence") for c in cands["art"].caveats)
    assert any("possibly more drug use" in c["en"] for c in cands["komet_ungdom"].caveats)


def test_v29_guardian_consent_without_health_does_not_cover_bup() -> None:
    """13, ADHD, Haninge: a guardian consent naming school and crime suspicions only does
    not cover BUP (health information); the refusal names the missing kind."""
    rec = run(13, "medel", ("personlighet",), "haninge", rbmk_mot_npf="ja")
    consent = Consent(
        id="vh",
        given_by=Party.GUARDIAN,
        date=DAY,
        actors=("socialtjanst", "polis", "skola", "bup"),
        information=("skolgang", "brottsmisstankar", "socialtjanst"),
    )
    with pytest.raises(PlanError) as exc:
        plan(
            rec,
            load_program("haninge"),
            date=DAY,
            assessment_date=DAY,
            consents=(consent,),
            catalogue=CATALOGUE,
        )
    (bup,) = exc.value.report.uncovered
    assert bup.actor == "bup"
    assert bup.missing is not None
    assert "health and care" in bup.missing["en"]


def test_v30_22_year_old_eslov_plan_needs_adult_psychiatry_consent_not_bup() -> None:
    """22 in Eslöv: BUP is never assigned; adult psychiatry is brought in for the ADHD
    treatment and, like any actor, needs the young adult's consent (issue 25: brought-in
    actors need consent like any other; Brå's page 004, line 14: consent is fundamental)."""
    rec = run(22, "medel", ("personlighet", "skola_arbete"), "eslov", rbmk_mot_npf="ja")
    actors = ["socialtjanst", "polis", "skola", "civilsamhalle", "arbetsformedlingen"]

    def consent(*extra: str) -> Consent:
        return Consent(
            id="ung",
            given_by=Party.YOUNG_PERSON,
            date=DAY,
            actors=(*actors, *extra),
            information=ALL_INFO,
        )

    def make(c: Consent) -> Any:
        return plan(
            rec,
            load_program("eslov"),
            date=DAY,
            assessment_date=DAY,
            consents=(c,),
            catalogue=CATALOGUE,
        )

    with pytest.raises(PlanError) as exc:
        make(consent())
    assert [a.actor for a in exc.value.report.uncovered] == ["vuxenpsykiatri"]
    out = make(consent("vuxenpsykiatri"))
    assert "bup" not in {e.actor for e in out.plan.entries}
    assert ("adhd_behandling", "vuxenpsykiatri") in {
        (e.intervention, e.actor) for e in out.plan.entries
    }
