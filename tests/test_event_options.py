"""Issue 21, item 3: every event by options — consents, plan goals — and goal suggestions in
the plan draft. A refused event leaves the file byte-identical."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import yaml

from sigrbm.cli import main

from .conftest import CORPUS

E2E = CORPUS / "e2e"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_plan_yaml_carries_the_programs_goal_suggestions_as_goals() -> None:
    code, out, err = run("plan", str(E2E / "eslov.yaml"), "--program", "eslov",
                         "--date", "2026-03-05", "--format", "yaml")  # fmt: skip
    assert (code, err) == (0, "")
    entries = {e["intervention"]: e for e in yaml.safe_load(out)[0]["entries"]}
    school = entries["avhoppsprevention"]  # the entry for the need skola_arbete
    assert school["short_term_goal"].startswith("Bättre skolresultat")
    assert school["long_term_goal"].startswith("Behörighet till gymnasieskolan")
    assert "short_term_goal" not in entries["mi"]  # no suggestion for its needs
    code, out, _ = run("plan", str(E2E / "eslov.yaml"), "--program", "eslov",
                       "--date", "2026-03-05", "--format", "yaml", "--lang", "en")  # fmt: skip
    school = {e["intervention"]: e for e in yaml.safe_load(out)[0]["entries"]}["avhoppsprevention"]
    assert school["short_term_goal"].startswith("Better school results")


def _case_at_consent(tmp_path: Path) -> Path:
    """The e2e case of Skövde with its consents and history up to planning."""
    data = yaml.safe_load((E2E / "skovde.yaml").read_text(encoding="utf-8"))
    data["consents"] = []
    case = tmp_path / "case.yaml"
    history = [
        {"event": "referral", "date": "2026-01-26", "author": "s", "initiated_by": "school"},
        {"event": "screening", "date": "2026-02-02", "author": "s", "instrument": "check-irk"},
        {"event": "initial_decision", "date": "2026-02-04", "author": "s", "decision": "proceed"},
        {"event": "assessment", "date": "2026-03-02", "author": "s", "instrument": "check-rbmk"},
        {"event": "case_decision", "date": "2026-03-02", "author": "s", "decision": "proceed"},
        {"event": "parties_identified", "date": "2026-03-02", "author": "s",
         "actors": ["socialtjanst", "skola", "polis"]},
    ]  # fmt: skip
    data["history"] = history
    data["program"] = "skovde"
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return case


def test_a_consent_by_options(tmp_path: Path) -> None:
    case = _case_at_consent(tmp_path)
    before = case.read_bytes()
    code, _, err = run("case", "add", "consent-given", str(case), "--given-by", "vardnadshavare",
                       "--date", "2026-03-02", "--author", "s")  # fmt: skip
    assert (code, err) == (
        1,
        f"{case}: ange --actors: de aktörer samtycket omfattar, kommaseparerade\n",
    )
    assert case.read_bytes() == before
    code, _, err = run(
        "case", "add", "consent-given", str(case), "--given-by", "vardnadshavare",
        "--actors", "socialtjanst,skola,polis,fritid",
        "--information", "skolgang,brottsmisstankar,halsa,socialtjanst",
        "--valid-until", "2027-03-01", "--date", "2026-03-02", "--author", "s",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert data["consents"] == [
        {
            "id": "samtycke-guardian-2026-03-02",
            "given_by": "guardian",
            "date": dt.date(2026, 3, 2),
            "actors": ["socialtjanst", "skola", "polis", "fritid"],
            "information": ["skolgang", "brottsmisstankar", "halsa", "socialtjanst"],
            "valid_until": dt.date(2027, 3, 1),
        }
    ]
    assert data["history"][-1]["consent"] == "samtycke-guardian-2026-03-02"
    # a plan drafted from the case and fixed with goals by options
    before = case.read_bytes()
    code, _, err = run("case", "add", "plan-fixed", str(case), "--goal", "ingen_sadan=x",
                       "--date", "2026-03-05", "--author", "s")  # fmt: skip
    assert code == 1
    assert err == f"{case}: ingen insats ingen_sadan i planen; insatserna är strukturerad_fritid\n"
    assert case.read_bytes() == before
    code, _, err = run("case", "add", "plan-fixed", str(case), "--date", "2026-03-05",
                       "--author", "s")  # fmt: skip
    assert code == 1
    assert "[C702]" in err  # no short-term goal: the guard, as for a plan from a file
    assert case.read_bytes() == before
    code, _, err = run("case", "add", "plan-fixed", str(case), "--goal",
                       "strukturerad_fritid=Två kvällar i veckan", "--date", "2026-03-05",
                       "--author", "s")  # fmt: skip
    assert (code, err) == (0, "")
    plan = yaml.safe_load(case.read_text(encoding="utf-8"))["plans"][-1]
    assert plan["id"] == "plan-2026-03-05"
    assert plan["entries"][0]["short_term_goal"] == "Två kvällar i veckan"
    code, _, err = run("case", "add", "plan-revised", str(case), "--long-goal",
                       "strukturerad_fritid=Ingen ny brottslighet", "--reason", "mål på sikt",
                       "--date", "2026-03-20", "--author", "s")  # fmt: skip
    assert (code, err) == (0, "")
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    revised = data["plans"][-1]
    assert revised["id"] == "plan-2026-03-05-rev-2026-03-20"
    assert revised["entries"][0]["short_term_goal"] == "Två kvällar i veckan"
    assert revised["entries"][0]["long_term_goal"] == "Ingen ny brottslighet"
    last = data["history"][-1]
    assert (last["event"], last["plan"]) == ("plan_revised", "plan-2026-03-05-rev-2026-03-20")


def test_a_goal_without_text_is_refused(tmp_path: Path) -> None:
    case = _case_at_consent(tmp_path)
    code, _, err = run("case", "add", "plan-fixed", str(case), "--goal", "strukturerad_fritid",
                       "--author", "s")  # fmt: skip
    assert code == 1
    assert err == f"{case}: --goal 'strukturerad_fritid' är inte INSATS=TEXT\n"


def test_a_consent_date_that_is_not_yyyy_mm_dd_is_refused(tmp_path: Path) -> None:
    case = _case_at_consent(tmp_path)
    before = case.read_bytes()
    code, _, err = run(
        "case", "add", "consent-given", str(case), "--given-by", "ung",
        "--actors", "skola", "--valid-until", "2027-3-1", "--author", "s",
    )  # fmt: skip
    assert (code, err) == (1, f"{case}: --valid-until '2027-3-1' är inte ÅÅÅÅ-MM-DD\n")
    assert case.read_bytes() == before
