"""Issue 20, What to build 7: the consent form from the data — the kinds of information the
listed actors need (the actor catalogue's ``information``, by its labels), nothing a program
rules out (Skövde: the young person is not registered with social services), and signature
lines that follow the consent rule (the young person's line under 15 too)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from sigrbm.casework.catalogue import load_catalogue
from sigrbm.casework.consent_scope import consent_kinds, information_needs
from sigrbm.casework.program import load_program
from sigrbm.cli import main
from sigrbm.documents.views_consent import consent_view

from .conftest import CORPUS

CATALOGUE = load_catalogue()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def referral_form(tmp_path: Path, program: str, birth: str, lang: str = "sv") -> str:
    case = tmp_path / f"{program}-{birth}-{lang}.yaml"
    code, _, err = run(
        "case", "new", str(case), "--case-id", "ref-1", "--by", "coach", "--author", "s-1",
        "--program", program, "--birth", birth, "--date", "2026-01-10",
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, out, err = run(
        "report", str(case), "--document", "consent", "--format", "md", "--lang", lang,
        "--date", "2026-01-12",
    )  # fmt: skip
    assert (code, err) == (0, "")
    return out


def section(doc: str, title: str) -> list[str]:
    part = doc.split(f"## {title}")[1].split("##", maxsplit=1)[0]
    return [line[2:] for line in part.splitlines() if line.startswith("- ")]


def signature_lines(doc: str) -> list[str]:
    return [
        line.split(" — ")[0] for line in doc.splitlines() if " — " in line and line.endswith("___")
    ]


def test_the_kinds_come_from_the_actor_catalogue(tmp_path: Path) -> None:
    doc = referral_form(tmp_path, "eslov", "2009-06")
    assert section(doc, "Aktörer som omfattas") == [
        "Socialtjänsten",
        "Polisen",
        "Skolan och elevhälsan",
    ]
    # socialtjanst → social-services records, polis → crime suspicions, skola → schooling;
    # in the catalogue's order of information kinds, by their labels
    assert section(doc, "Uppgifter som omfattas") == [
        "Skolgång",
        "Brottsmisstankar",
        "Uppgifter hos socialtjänsten",
    ]
    en = referral_form(tmp_path, "haninge", "2009-06", "en")
    assert section(en, "Information covered") == [
        "Schooling",
        "Crime suspicions",
        "Social services records",
    ]


def test_an_actor_needing_health_information_adds_it() -> None:
    eslov = load_program("eslov")
    assert consent_kinds(CATALOGUE, eslov, ("socialtjanst", "bup", "fritid")) == (
        "halsa",
        "socialtjanst",
    )
    view = consent_view(
        eslov, CATALOGUE, actors=("bup", "fritid"), age=14, case_id="c-1", lang="en"
    )
    assert view["information"] == ["Health and care"]


def test_skovde_form_implies_no_registration_with_social_services(tmp_path: Path) -> None:
    doc = referral_form(tmp_path, "skovde", "2009-06")
    assert "Socialtjänsten" in section(doc, "Aktörer som omfattas")
    assert section(doc, "Uppgifter som omfattas") == ["Skolgång", "Brottsmisstankar"]
    assert "den unga registreras inte i socialtjänsten" in doc
    en = referral_form(tmp_path, "skovde", "2009-06", "en")
    assert "Social services records" not in en
    assert "the young person is not registered with social services" in en
    skovde = load_program("skovde")
    assert information_needs(CATALOGUE, skovde)["socialtjanst"] == ()
    assert information_needs(CATALOGUE)["socialtjanst"] == ("socialtjanst",)


@pytest.mark.parametrize(
    ("program", "birth", "expected"),
    [
        # 13: a guardian's consent suffices, the young person's own is still sought
        (
            "eslov",
            "2012-06",
            ["Den unga (eget samtycke eftersträvas)", "Vårdnadshavare 1", "Vårdnadshavare 2"],
        ),
        # 16 in Eslöv: own consent and, under 18, a guardian's as well
        ("eslov", "2009-06", ["Den unga", "Vårdnadshavare 1", "Vårdnadshavare 2"]),
        # 16 in Skövde: own consent only
        ("skovde", "2009-06", ["Den unga"]),
        # 19: only the person's own
        ("eslov", "2006-06", ["Den unga"]),
    ],
)
def test_signature_lines_follow_the_consent_rule(
    tmp_path: Path, program: str, birth: str, expected: list[str]
) -> None:
    assert signature_lines(referral_form(tmp_path, program, birth)) == expected


def test_the_form_after_an_assessment_uses_the_catalogue_too() -> None:
    code, out, err = run(
        "report", str(CORPUS / "e2e" / "eslov.yaml"), "--document", "consent", "--program",
        "eslov", "--format", "md", "--lang", "en",
    )  # fmt: skip
    assert (code, err) == (0, "")
    kinds = section(out, "Information covered")
    labels = {k.label["en"] for k in CATALOGUE.actors.information_kinds}
    assert kinds
    assert set(kinds) <= labels
    assert "Social services records" in kinds


def codes_of(err: str) -> list[str]:
    return sorted(set(re.findall(r"\[([A-Z]\d{3})\]", err)))


def test_the_gate_asks_no_more_than_the_form(tmp_path: Path) -> None:
    """A Skövde consent naming the kinds its form lists (no social-services records) covers
    social services in the consent gate too; in a program with registration it does not."""
    flow = (CORPUS / "flow" / "skovde-closed.yaml").read_text("utf-8")
    text = flow.replace(
        "information: [socialtjanst, skolgang, brottsmisstankar]",
        "information: [skolgang, brottsmisstankar]",
    )
    case = tmp_path / "skovde.yaml"
    case.write_text(text, "utf-8")
    code, out, err = run(
        "report", str(case), "--document", "plan", "--format", "md", "--date", "2026-04-01"
    )
    assert (code, err) == (0, "")
    assert "- Socialtjänsten: omfattas av samtycke från vårdnadshavare 2026-03-02" in out
    eslov = tmp_path / "eslov.yaml"
    eslov.write_text(text.replace("program: skovde", "program: eslov"), "utf-8")
    code, out, err = run(
        "report", str(eslov), "--document", "plan", "--format", "md", "--date", "2026-04-01"
    )
    # issue 20: under Eslöv the same file is refused on every path, report included: the
    # plan fixed for social services (C701) and the meeting shared with it (C717)
    assert (code, out) == (1, "")
    assert codes_of(err) == ["C701", "C717"]
