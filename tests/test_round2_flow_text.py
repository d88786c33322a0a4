"""Round 2 (11b): the plan guard names the information kind the consent gate misses, and
``score`` text in Swedish uses Swedish words and lists not-applicable items by question."""

from __future__ import annotations

import io

from sigrbm.case.model import check_case_text
from sigrbm.casework.flow_guards import check_flow
from sigrbm.casework.program import load_program
from sigrbm.cli import main

from .conftest import CORPUS, ROOT

TEXT = (CORPUS / "flow" / "skovde-closed.yaml").read_text(encoding="utf-8")
EXAMPLE = ROOT / "instruments" / "examples" / "case-rbmk.yaml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_a_plan_fixed_without_the_information_an_actor_needs_is_refused_at_the_entry() -> None:
    # socialtjanst needs consent naming social services records (actor catalogue); the
    # consent names the actor but not that kind, so the plan entry of socialtjanst fails
    text = TEXT.replace(
        "information: [socialtjanst, skolgang, brottsmisstankar]",
        "information: [skolgang, brottsmisstankar]",
    )
    case, smap, problems = check_case_text(text, "case.yaml")
    assert problems == []
    assert case is not None
    # issue 20: Skövde registers nobody with social services, so its consents need not name
    # social-services records; a program with registration (Eslöv) asks for them, and its
    # meeting of 2026-04-02 shares information with socialtjanst too (C717)
    assert check_flow(case, load_program("skovde"), smap) == []
    found = check_flow(case, load_program("eslov"), smap)
    assert [(q.code.value, q.path) for q in found if q.code.value == "C717"] == [
        ("C717", ("history", 8, "participants", 2))
    ]
    (p,) = [q for q in found if q.code.value != "C717"]
    lines = text.splitlines()
    line = next(n for n, s in enumerate(lines, 1) if "actor: socialtjanst" in s)
    assert (p.code.value, p.path, p.line, p.column) == (
        "C701",
        ("plans", 0, "entries", 0, "actor"),
        line,
        lines[line - 1].index("socialtjanst") + 1,
    )
    assert "does not cover information on social services records" in p.message
    assert "the consent from a guardian of 2026-03-02" in p.message  # by party and date


def test_the_guard_is_quiet_when_the_consent_names_every_kind() -> None:
    case, smap, problems = check_case_text(TEXT, "case.yaml")
    assert problems == []
    assert case is not None
    assert check_flow(case, load_program("skovde"), smap) == []


def test_swedish_score_text_has_no_english_band_and_names_not_applicable_items() -> None:
    code, out, _ = run("score", str(EXAMPLE))
    assert code == 0
    assert " band " not in out
    assert "→ nivågränser " in out
    head = out.index("Ej aktuella frågor (1)")
    assert out[head:].startswith(  # issue 23: by text, without the item id, as `report`
        "Ej aktuella frågor (1)\n----------------------\n"
        "  • Saknar sysselsättning (arbete, studier eller praktik).\n"
    )
    code, out, _ = run("score", str(EXAMPLE), "--lang", "en")
    assert code == 0
    assert "→ band " in out
    head = out.index("Items that do not apply (1)")
    assert out[head:].split("\n")[2] == ("  • Has no occupation (work, studies or work placement).")


def test_score_text_lists_missing_answers_by_text() -> None:
    """Issue 23: `score` names unanswered items by their text, as `report` does."""
    code, out, _ = run("score", str(EXAMPLE))
    assert code == 0
    head = out.index("Obesvarade frågor (2)")
    assert out[head:].startswith(
        "Obesvarade frågor (2)\n---------------------\n"
        "  • Tillhör, eller håller på att rekryteras till, ett kriminellt nätverk.\n"
        "  • Traumatiska upplevelser som påverkar vardagen.\n"
    )


def test_compare_says_which_overall_level_is_judged_and_which_computed() -> None:
    # both assessments: professional judgement "lag", the computed level undetermined
    two = CORPUS / "cases" / "valid" / "two-rbmk.yaml"
    code, out, _ = run("compare", str(two))
    assert code == 0
    assert "  • 2026-01-10: Låg (professionell bedömning; beräknad: obestämd)\n" in out
    code, out, _ = run("compare", str(two), "--lang", "en")
    assert code == 0
    assert "  • 2026-06-10: Low (professional judgement; computed: undetermined)\n" in out


def test_english_match_shows_evidence_notes_in_english_only() -> None:
    code, out, _ = run("match", str(EXAMPLE), "--lang", "en")
    assert code == 0
    assert "    • Evidence: promising (McMurran 2009, 19 evaluations)\n" in out
    for swedish in ("utvärderingar", "studier", "patienter", "m.fl."):
        assert swedish not in out
    code, out, _ = run("match", str(EXAMPLE))
    assert "    • Evidens: lovande (McMurran 2009, 19 utvärderingar)\n" in out


def test_every_evidence_note_of_the_catalogue_is_in_both_languages() -> None:
    from sigrbm.casework.catalogue import load_catalogue

    notes = [
        e.note
        for iv in load_catalogue().interventions.interventions
        for e in iv.evidence
        if e.note is not None
    ]
    assert len(notes) == 16
    assert all(n.get("sv") and n.get("en") for n in notes)


def test_the_assessment_report_lists_not_applicable_items_and_information_sources() -> None:
    code, out, _ = run("report", str(EXAMPLE), "--format", "md")
    assert code == 0
    na = out.index("## Ej aktuella frågor (1)\n")
    assert out[na:].startswith(
        "## Ej aktuella frågor (1)\n\n"
        "- Saknar sysselsättning (arbete, studier eller praktik).\n"  # issue 23: no item id
    )
    src = out.index("## Uppgifternas källor\n")
    assert "- Hög frånvaro eller skolk. — Skolan och elevhälsan\n" in out[src:]
    code, out, _ = run("report", str(EXAMPLE), "--format", "html", "--lang", "en")
    assert code == 0
    assert "<h2>Sources of information</h2>" in out
    assert "<li>High absence or truancy. — School and pupil health</li>" in out
    assert "— skola<" not in out  # the label, not the actor id


def test_the_avoid_list_in_english_leaves_out_the_swedish_rating() -> None:
    code, out, _ = run("match", str(EXAMPLE), "--show-avoid", "--lang", "en")
    assert code == 0
    line = next(s for s in out.splitlines() if "Scared Straight" in s and "Avoid –" in s)
    assert line.endswith(
        "Avoid – harmful (Socialstyrelsen 2021; Campbell (Petrosino et al. 2013, 9 RCT))"
    )
    code, out, _ = run("match", str(EXAMPLE), "--show-avoid")
    line = next(s for s in out.splitlines() if "Mahoney & Stattin 2000" in s)
    assert line.endswith("(Mahoney & Stattin 2000: kopplat till mer antisocialt beteende)")
