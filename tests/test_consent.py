"""The consent gate (issue: "Tests for the consent gate: each age band, withdrawn consent,
expired consent, an actor not covered, a statute basis")."""

from __future__ import annotations

import datetime as dt

import pytest

from sigrbm.case.records import Consent, LegalBasis, Party
from sigrbm.casework.consent import check_consent, required_parties
from sigrbm.casework.matching import match
from sigrbm.casework.plans import PlanError, plan
from sigrbm.casework.program import ConsentRule, load_program

from .planning_helpers import CATALOGUE, rbmk_result

DAY = dt.date(2026, 3, 10)
RULE = ConsentRule()  # default: <15 guardian suffices, 15+ own, 18+ only own
ESLOV = load_program("eslov").consent  # also a guardian's below 18


def consent(cid: str, who: Party, actors: tuple[str, ...], **kw: dt.date) -> Consent:
    return Consent(
        id=cid,
        given_by=who,
        date=kw.get("date", dt.date(2026, 3, 1)),
        actors=actors,
        valid_until=kw.get("valid_until"),
        withdrawn=kw.get("withdrawn"),
        information=("socialtjanst", "skolgang", "brottsmisstankar", "halsa"),
    )


YOUNG = consent("ung", Party.YOUNG_PERSON, ("socialtjanst", "skola"))
GUARDIAN = consent("vh", Party.GUARDIAN, ("socialtjanst", "skola"))


@pytest.mark.parametrize(
    ("age", "rule", "parties"),
    [
        (12, RULE, (Party.GUARDIAN,)),
        (14, RULE, (Party.GUARDIAN,)),
        (15, RULE, (Party.YOUNG_PERSON,)),
        (17, RULE, (Party.YOUNG_PERSON,)),
        (17, ESLOV, (Party.YOUNG_PERSON, Party.GUARDIAN)),
        (18, ESLOV, (Party.YOUNG_PERSON,)),
        (25, RULE, (Party.YOUNG_PERSON,)),
        (None, RULE, (Party.YOUNG_PERSON, Party.GUARDIAN)),
    ],
)
def test_age_bands(age: int | None, rule: ConsentRule, parties: tuple[Party, ...]) -> None:
    assert required_parties(age, rule)[0] == parties


def test_under_15_guardian_suffices_but_own_consent_is_preferred() -> None:
    r = check_consent(["socialtjanst"], [GUARDIAN], DAY, age=13, rule=RULE)
    assert [(a.actor, a.covered, a.by) for a in r.actors] == [("socialtjanst", True, ("vh",))]
    assert [n["en"] for n in r.notes] == [
        "The young person's own consent is missing but preferred."
    ]


def test_from_15_a_guardian_alone_is_not_enough() -> None:
    r = check_consent(["socialtjanst"], [GUARDIAN], DAY, age=16, rule=RULE)
    (a,) = r.uncovered
    assert a.missing is not None
    assert a.missing["en"] == "no consent from the young person (age 16) covering socialtjanst"


def test_adult_guardian_consent_does_not_count() -> None:
    r = check_consent(["skola"], [GUARDIAN], DAY, age=19, rule=RULE)
    assert [a.actor for a in r.uncovered] == ["skola"]
    assert check_consent(["skola"], [YOUNG], DAY, age=19, rule=RULE).uncovered == ()


def test_withdrawn_consent() -> None:
    w = consent("ung", Party.YOUNG_PERSON, ("socialtjanst",), withdrawn=dt.date(2026, 3, 5))
    r = check_consent(["socialtjanst"], [w], DAY, age=16, rule=RULE)
    (a,) = r.uncovered
    assert a.missing is not None
    assert (
        a.missing["en"]
        == "the consent from the young person of 2026-03-01 was withdrawn on 2026-03-05"
    )
    # before the withdrawal it still covered
    assert (
        check_consent(["socialtjanst"], [w], dt.date(2026, 3, 4), age=16, rule=RULE).uncovered == ()
    )


def test_expired_consent() -> None:
    e = consent("ung", Party.YOUNG_PERSON, ("socialtjanst",), valid_until=dt.date(2026, 3, 9))
    (a,) = check_consent(["socialtjanst"], [e], DAY, age=16, rule=RULE).uncovered
    assert a.missing is not None
    assert a.missing["sv"] == "samtycket från den unga 2026-03-01 gällde till 2026-03-09"


def test_actor_not_covered_is_named_with_what_is_missing() -> None:
    r = check_consent(["socialtjanst", "polis", "bup"], [YOUNG], DAY, age=16, rule=RULE)
    assert [a.actor for a in r.uncovered] == ["polis", "bup"]
    assert [a.actor for a in r.actors if a.covered] == ["socialtjanst"]


def test_a_statute_covers_an_actor_without_consent_but_is_never_inferred() -> None:
    basis = LegalBasis(actor="polis", statute="OSL 10 kap. 18 a §", date=dt.date(2026, 1, 1))
    r = check_consent(["polis"], [], DAY, age=16, rule=RULE, legal_bases=[basis])
    assert [(a.actor, a.covered, a.by) for a in r.actors] == [
        ("polis", True, ("OSL 10 kap. 18 a §",))
    ]
    assert check_consent(["polis"], [], DAY, age=16, rule=RULE).uncovered[0].actor == "polis"
    ended = LegalBasis(
        actor="polis", statute="X", date=dt.date(2026, 1, 1), valid_until=dt.date(2026, 2, 1)
    )
    assert check_consent(["polis"], [], DAY, age=16, rule=RULE, legal_bases=[ended]).uncovered


def test_plan_refuses_an_uncovered_actor_and_names_it() -> None:
    r = rbmk_result(16, "medel", rbmk_fam_konflikter="ja", rbmk_fam_kriminalitet="ja")
    rec = match(r, CATALOGUE, {"age": 16}, load_program("eslov"))
    partial = consent("ung", Party.YOUNG_PERSON, ("socialtjanst", "skola"))
    with pytest.raises(PlanError) as info:
        plan(rec, load_program("eslov"), date=DAY, assessment_date=DAY, consents=(partial,))
    missing = {a.actor: a.missing["en"] for a in info.value.report.uncovered if a.missing}
    assert set(missing) == {"socialtjanst", "skola", "polis"}  # the guardian's is needed under 18
    assert missing["polis"] == (
        "no consent from the young person (age 16) covering polis; "
        "no consent from a guardian (age 16) covering polis"
    )
    assert "polis" in str(info.value)
