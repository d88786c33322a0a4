"""Issue 11, Build 6 and 7: documents along the case flow (the consent form at referral, the
stored plan with goals, statuses and signature lines, follow-up minutes), the refusal of a
plan in JSON, and the bundled example cases (one per program, at different steps)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sigrbm.case.examples import example_cases
from sigrbm.casework.program import bundled_programs
from sigrbm.cli import main

from .conftest import CORPUS

FLOW = CORPUS / "flow" / "skovde-closed.yaml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_consent_form_at_referral_needs_no_assessment(tmp_path: Path) -> None:
    case = tmp_path / "ref.yaml"
    code, _, err = run(
        "case", "new", str(case), "--case-id", "ref-1", "--by", "coach", "--author", "s-1",
        "--program", "skovde", "--birth", "2008-05", "--date", "2026-01-10",
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, out, err = run(
        "report", str(case), "--document", "consent", "--format", "md", "--lang", "en",
        "--date", "2026-01-12",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "Consent to collaboration and information sharing" in out
    assert "Case ref-1" in out
    actors = out.split("## Actors covered")[1].split("##")[0]
    assert [line[2:] for line in actors.splitlines() if line.startswith("- ")] == [
        "Social services",
        "School and pupil health",
        "Leisure services",
        "Police",
    ]
    # 17 years old on 2026-01-12: the young person signs
    assert "The young person — Signature and date" in out


def test_the_plan_document_prints_the_stored_plan() -> None:
    code, out, err = run("report", str(FLOW), "--document", "plan", "--format", "md")
    assert (code, err) == (0, "")
    # entry 2 has no long-term goal written (Markdown-escaped brackets, issue 14)
    assert "\\[fylls i av samordnaren\\]" in out
    assert "- Kortsiktigt mål: Komma till tre samtal" in out
    assert "- Långsiktigt mål: Ingen ny brottslighet" in out
    assert "Samordnare: samordnare-1" in out
    assert (
        "- Statushistorik: 2026-04-02 pågår, kortsiktigt mål: delvis uppnått; "
        "2026-04-30 genomförd, kortsiktigt mål: uppnått"
    ) in out
    signatures = out.split("## Underskrifter")[1]
    names = [line.split(":")[0] for line in signatures.splitlines() if line.endswith("___")]
    # 14 years old on the plan date: the guardians sign too; then the coordinator and actors,
    # and (issue 20) the police, a required participant in Skövde
    assert names == [
        "Den unga",
        "Vårdnadshavare 1",
        "Vårdnadshavare 2",
        "Samordnare",
        "Socialtjänsten",
        "Skolan och elevhälsan",
        "Polisen",
    ]


def test_an_adult_plan_has_no_guardian_signature(tmp_path: Path) -> None:
    case = tmp_path / "adult.yaml"
    # issue 20: an adult's plan needs the person's own consent on every path (report too)
    text = FLOW.read_text("utf-8").replace('"2011-09"', '"2006-09"')
    case.write_text(text, "utf-8")
    code, _, err = run("report", str(case), "--document", "plan", "--format", "md")
    assert code == 1
    assert "[C701]" in err
    case.write_text(text.replace("given_by: guardian", "given_by: young_person"), "utf-8")
    code, out, err = run("report", str(case), "--document", "plan", "--format", "md")
    assert code == 0, err
    assert "Vårdnadshavare" not in out


def test_minutes_of_a_follow_up_meeting() -> None:
    code, out, err = run("case", "minutes", str(FLOW), "--meeting", "1", "--lang", "en")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        "# Follow-up meeting minutes · Social intervention groups in Skövde"
    )
    assert "- The young person\n- Police\n- Social services\n" in out
    assert "- Short-term goal: Komma till tre samtal (partly met)" in out
    assert out.endswith("Next meeting: 2026-04-30\n")
    code, html, _ = run("case", "minutes", str(FLOW), "--format", "html")
    assert code == 0
    assert "<h1>Minnesanteckningar från uppföljningsmöte" in html
    code, _, err = run("case", "minutes", str(FLOW), "--meeting", "3")
    assert code == 1
    assert err == f"{FLOW}: ärende flow-0001 har 2 uppföljningsmöte(n)\n"


def test_a_refused_plan_in_json_prints_the_reasons_and_exits_1() -> None:
    code, out, _ = run(
        "plan", str(CORPUS / "e2e" / "eslov.yaml"), "--program", "eslov", "--date",
        "2028-01-01", "--format", "json",
    )  # fmt: skip
    assert code == 1
    doc = json.loads(out)
    assert (doc["format"], doc["format_version"]) == ("sigrbm-plan-refusal", 1)
    value = doc["value"]
    assert (value["refused"], value["date"]) == (True, "2028-01-01")
    # every actor of the plan: the program's core actors and the responsible ones (issue 12)
    assert [r["actor"] for r in value["reasons"]] == [
        "socialtjanst",
        "polis",
        "skola",
        "civilsamhalle",
    ]
    # born 2010-01: on 2028-01-01 17 or 18 (issue 20: the birthday within the month is
    # unknown, so the guardian's consent is required as well: the stricter reading)
    assert value["reasons"][0]["message"]["en"] == (
        "the consent from the young person of 2026-03-02 expired on 2027-03-01; "
        "the consent from a guardian of 2026-03-02 expired on 2027-03-01"
    )


def test_an_invalid_case_in_plan_json_lists_its_problems() -> None:
    bad = CORPUS / "cases" / "invalid" / "missing-assessments.yaml"
    code, out, _ = run("plan", str(bad), "--program", "eslov", "--format", "json")
    assert code == 1
    (reason,) = json.loads(out)["value"]["reasons"]
    assert (reason["code"], reason["line"], reason["path"]) == ("E201", 2, "$")


EXPECTED_STEPS = {"skovde": 2, "vastra-goteborg": 6, "sspf": 7, "eslov": 9, "haninge": 11}


def test_one_example_case_per_program() -> None:
    assert set(bundled_programs()) <= set(example_cases())
    assert set(EXPECTED_STEPS) == set(bundled_programs())


@pytest.mark.parametrize("name", sorted(EXPECTED_STEPS))
def test_example_cases_are_at_different_steps(name: str) -> None:
    code, out, err = run(
        "case", "status", f"example:{name}", "--date", "2026-11-05", "--format", "json"
    )
    assert (code, err) == (0, "")
    state = json.loads(out)["value"]
    assert (state["program"], state["step"]) == (name, EXPECTED_STEPS[name])
    code, out, err = run("score", f"example:{name}", "--latest")
    assert (code, err) == (0, "")
