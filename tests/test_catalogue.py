"""The bundled catalogues and program profiles, and their located validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigrbm import InstrumentError
from sigrbm.casework.catalogue import Status, load_catalogue
from sigrbm.casework.program import bundled_programs, load_program
from sigrbm.instrument.load import bundled_dir

from .planning_helpers import CATALOGUE

FOLDER = bundled_dir() / "catalogue"
MST_ACTORS = (
    "    actors: [socialtjanst]\n    format: family\n    risk_levels: [hog]\n"
    "    status: recommended\n    intensity: intensive\n"
)
ACTORS = [
    "socialtjanst",
    "skola",
    "polis",
    "fritid",
    "bup",
    "vuxenpsykiatri",
    "arbetsformedlingen",
    "kriminalvarden",
    "sis",
    "beroendevard",
    "civilsamhalle",
    "familj",
]


def test_bundled_catalogue_contents() -> None:
    ivs = CATALOGUE.interventions.interventions
    assert len(ivs) >= 25
    assert [a.id for a in CATALOGUE.actors.actors] == ACTORS
    statuses = {i.status for i in ivs}
    assert statuses == set(Status)
    for iv in ivs:
        assert iv.evidence
        assert all(e.url.startswith("http") for e in iv.evidence)
        assert iv.name["sv"]
        assert iv.name["en"]
    assert CATALOGUE.content_hash.startswith("sha256:")


def test_bundled_programs() -> None:
    assert set(bundled_programs()) == {"eslov", "skovde", "vastra-goteborg", "haninge", "sspf"}
    skovde = load_program("skovde")
    assert set(skovde.required_participants) == {"young_person", "polis"}
    assert not skovde.registered_with_social_services
    assert load_program("vastra-goteborg").plan.value == "genomforandeplan"
    assert load_program("haninge").family_focus


def _copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (FOLDER / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    out = tmp_path / name
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("old", "new", "code", "where"),
    [
        (
            MST_ACTORS,
            MST_ACTORS.replace("socialtjanst", "socialtjänst"),
            "E301",
            "interventions[0].actors[0]",
        ),
        ("  - id: kbt_individuell\n", "  - id: mst\n", "E300", "interventions[10].id"),
        # issue 25: the groups of alternatives are checked like the rest of the catalogue
        (
            "interventions: [mst, fft, mdft, bsft, tfco]",
            "interventions: [mst, ftt, mdft, bsft, tfco]",
            "E301",
            "alternatives[0].interventions[1]",
        ),
        (
            "interventions: [mst, fft, mdft, bsft, tfco]",
            "interventions: [mst]",
            "P807",
            "alternatives[0].interventions",
        ),
        (
            "interventions: [foraldrastod, komet, pmto, cope, komet_ungdom]",
            "interventions: [foraldrastod, komet, pmto, cope, komet_ungdom, fft]",
            "P807",
            "alternatives[1].interventions[5]",
        ),
        (
            "    hours: {min: 12, max: 24, basis: local_estimate}\n",
            "    hours: {min: 12, max: 24}\n",
            "P809",
            "interventions[5].hours.basis",
        ),
        (
            "    age: {min: 11, max: 18}\n",
            "    age: {min: 18, max: 11}\n",
            "E210",
            "interventions[1].age.max",
        ),
        (
            "    domains: [familj, personlighet, substanser, attityder]\n",
            "    domains: [familj, personlighet, substans, attityder]\n",
            "E301",
            "interventions[1].domains[2]",
        ),
        (
            "    status: promising\n    intensity: structured\n    hours: {min: 12, max: 16}\n"
            '    needs_caregiver: true\n    dose: {sv: "12–16',
            "    status: lovande\n    intensity: structured\n    hours: {min: 12, max: 16}\n"
            '    needs_caregiver: true\n    dose: {sv: "12–16',
            "E206",
            "interventions[3].status",
        ),
    ],
)
def test_catalogue_problems_are_located(
    tmp_path: Path, old: str, new: str, code: str, where: str
) -> None:
    from sigrbm.errors import render_path

    path = _copy(tmp_path, "interventions.yaml", old, new)
    with pytest.raises(InstrumentError) as info:
        load_catalogue(path, FOLDER / "actors.yaml")
    got = [(p.code.value, render_path(p.path)) for p in info.value.problems]
    assert got == [(code, where)]
    assert all(p.line is not None and p.file == str(path) for p in info.value.problems)


def test_comma_in_flow_text_gets_a_hint(tmp_path: Path) -> None:
    path = _copy(
        tmp_path, "actors.yaml", "{sv: Polisen, en: Police}", "{sv: Polisen, lokalt, en: Police}"
    )
    with pytest.raises(InstrumentError) as info:
        load_catalogue(FOLDER / "interventions.yaml", path)
    (p,) = info.value.problems
    assert p.code.value == "E202"
    assert "comma" in p.message


def test_program_with_unknown_actor(tmp_path: Path) -> None:
    src = Path(str(bundled_programs()["skovde"]))
    bad = tmp_path / "skovde.yaml"
    bad.write_text(
        src.read_text(encoding="utf-8").replace(
            "[socialtjanst, skola, fritid, polis]", "[socialtjanst, skola, fritid, polisen]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InstrumentError) as info:
        load_program(bad, CATALOGUE)
    (p,) = info.value.problems
    assert (p.code.value, p.path) == ("E301", ("core_actors", 3))
    assert "did you mean 'polis'" in p.message


def test_every_recommendable_intervention_has_an_hour_estimate_with_its_basis() -> None:
    """Issue 25: dosage needs hours for every intervention that can be recommended, each from
    the sourced dose or marked as a local estimate."""
    from sigrbm.casework.catalogue import RECOMMENDABLE, HoursBasis

    for iv in CATALOGUE.interventions.interventions:
        if iv.status in RECOMMENDABLE:
            assert iv.hours is not None, iv.id
            assert iv.hours.basis is HoursBasis.LOCAL_ESTIMATE or iv.dose is not None, iv.id


def test_family_therapy_models_are_one_group_of_alternatives() -> None:
    groups = {g.id: set(g.interventions) for g in CATALOGUE.interventions.alternatives}
    assert {"mst", "fft", "mdft"} <= groups["familjebehandling"]
