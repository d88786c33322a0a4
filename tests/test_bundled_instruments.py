"""What the bundled SIG:RBM instruments must contain (issue: "The two instruments")."""

from __future__ import annotations

import pytest

from sigrbm import NotFoundError, Role, load_instrument
from sigrbm.instrument.load import bundled_paths
from sigrbm.instrument.model import Basis, DomainKind, JudgementPolicy

CENTRAL_EIGHT = {
    "kriminalitet",
    "personlighet",
    "attityder",
    "kamrater",
    "familj",
    "skola_arbete",
    "fritid",
    "substanser",
}


def test_both_instruments_are_bundled() -> None:
    assert set(bundled_paths()) >= {"check-irk", "check-rbmk"}


def test_unknown_bundled_id_suggests_the_closest() -> None:
    with pytest.raises(NotFoundError, match="did you mean 'check-irk'"):
        load_instrument("check-irc")


@pytest.mark.parametrize("instrument_id", ["check-irk", "check-rbmk"])
def test_metadata_says_the_wording_is_a_reconstruction(instrument_id: str) -> None:
    inst = load_instrument(instrument_id)
    assert inst.provenance.basis is Basis.RECONSTRUCTION
    note = inst.provenance.note
    assert note is not None
    assert "rekonstruktion" in note["sv"]
    assert "reconstruction" in note["en"]
    assert "ersätter" in note["sv"]  # how a municipality substitutes the official wording
    assert "rekonstruktion" in inst.title["sv"]
    assert inst.languages == ("sv", "en")


@pytest.mark.parametrize("instrument_id", ["check-irk", "check-rbmk"])
def test_every_item_has_provenance_and_facts_cite_sources(instrument_id: str) -> None:
    inst = load_instrument(instrument_id)
    source_ids = {s.id for s in inst.sources}
    for item in inst.items:
        prov = item.provenance
        if prov.basis is not Basis.RECONSTRUCTION:
            assert prov.sources, item.id
        assert set(prov.sources) <= source_ids
    assert all(s.url.startswith("http") for s in inst.sources)


def test_irk_is_one_question_per_central_eight_domain_with_a_screening_suggestion() -> None:
    irk = load_instrument("check-irk")
    assert {d.id for d in irk.domains} == CENTRAL_EIGHT
    assert sorted(i.domain for i in irk.items if i.domain) == sorted(CENTRAL_EIGHT)
    assert irk.screening is not None
    assert irk.screening.eligible_levels == ("fordjupad",)
    table = irk.band_table(irk.score(irk.screening.score).bands or "")
    assert [b.min for b in table.bands] == [0, 3]  # the documented cut-off parameter


def test_rbmk_structure() -> None:
    rbmk = load_instrument("check-rbmk")
    assert {d.id for d in rbmk.domains} == CENTRAL_EIGHT
    assert [d.id for d in rbmk.domains if d.kind is DomainKind.STATIC] == ["kriminalitet"]
    assert {d.id for d in rbmk.domains if d.big_four} == {
        "kriminalitet",
        "personlighet",
        "attityder",
        "kamrater",
    }
    for d in rbmk.domains:
        roles = {i.role for i in rbmk.items if i.domain == d.id}
        expected = Role.STATIC_RISK if d.kind is DomainKind.STATIC else Role.DYNAMIC_RISK
        assert expected in roles, d.id
        assert d.bands is not None, d.id
    responsivity = [i for i in rbmk.items if i.role is Role.RESPONSIVITY]
    assert len(responsivity) == 9
    assert all(i.implication is not None for i in responsivity)
    assert len([i for i in rbmk.items if i.role is Role.PROTECTIVE]) >= 5
    assert rbmk.judgement is not None
    assert rbmk.judgement.policy is JudgementPolicy.REQUIRED
    assert rbmk.judgement.score == "risk_total"
    levels = rbmk.level_set("niva").levels
    assert [lv.label["sv"] for lv in levels] == ["Låg", "Medel", "Hög"]


def test_rbmk_has_age_dependent_items() -> None:
    rbmk = load_instrument("check-rbmk")
    work = rbmk.item("rbmk_arb_sysselsattning")
    assert [(c.attribute, c.min) for c in work.applies_when] == [("age", 16)]
