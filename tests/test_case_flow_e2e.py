"""Issue 11, done-when 1: for every program profile, a case walks through all 11 steps of the
SIG:RBM ärendegång with the command line only (``sigrbm case new`` / ``case add``), and
``case status`` shows the step the handbook's order implies after each event."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from sigrbm.casework.program import bundled_programs, load_program
from sigrbm.cli import main

from .conftest import CORPUS

E2E = CORPUS / "e2e"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def status(path: Path, day: str) -> dict[str, Any]:
    code, out, err = run("case", "status", str(path), "--date", day, "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert (doc["format"], doc["format_version"]) == ("sigrbm-case-state", 1)
    value: dict[str, Any] = doc["value"]
    return value


def add(path: Path, event: str, *args: str) -> None:
    code, out, err = run("case", "add", event, str(path), *args)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"{path}: ")


def _write(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.mark.parametrize("program", sorted(bundled_programs()))
def test_a_case_walks_through_all_eleven_steps(program: str, tmp_path: Path) -> None:
    source = yaml.safe_load((E2E / f"{program}.yaml").read_text("utf-8"))
    irk, rbmk = source["assessments"]
    profile = load_program(program)
    must = ",".join(dict.fromkeys(["young_person", *profile.required_participants]))
    case = tmp_path / "case.yaml"
    code, _, err = run(
        "case", "new", str(case), "--case-id", f"e2e-{program}", "--by", "school",
        "--author", "samordnare-1", "--program", program,
        "--birth", source["subject"]["birth_year_month"], "--date", "2026-01-26",
    )  # fmt: skip
    assert (code, err) == (0, "")
    # issue 20: a program whose arbetsgång has no Check: IRK starts at step 2
    assert status(case, "2026-01-26")["step"] == (2 if 1 in profile.steps_skipped else 1)
    add(case, "screening", "--from", str(_write(tmp_path / "irk.yaml", irk)), "--author", "skola-2")
    assert status(case, "2026-02-02")["step"] == 2
    add(case, "initial-decision", "--decision", "proceed", "--date", "2026-02-04",
        "--author", "samordnare-1")  # fmt: skip
    add(case, "assessment", "--from", str(_write(tmp_path / "rbmk.yaml", rbmk)),
        "--author", "utredare")  # fmt: skip
    assert status(case, "2026-03-02")["step"] == 4
    add(case, "case-decision", "--decision", "proceed", "--date", "2026-03-02",
        "--author", "samordnare-1")  # fmt: skip
    add(case, "parties", "--actors", "socialtjanst,skola,polis", "--date", "2026-03-02",
        "--author", "samordnare-1")  # fmt: skip
    state = status(case, "2026-03-02")
    assert state["step"] == 6
    assert {b["actor"] for b in state["blockers"]} == {"socialtjanst", "skola", "polis"}
    for k, consent in enumerate(source["consents"]):
        record = _write(tmp_path / f"consent{k}.yaml", consent)
        add(case, "consent-given", "--from", str(record), "--date", "2026-03-02",
            "--author", "samordnare-1")  # fmt: skip
    state = status(case, "2026-03-03")
    assert (state["step"], [b["kind"] for b in state["blockers"]]) == (7, ["no_plan"])
    # the drafted plan (sigrbm plan) gets goals, then it is fixed
    code, draft, err = run(
        "plan", str(case), "--program", program, "--date", "2026-03-05", "--format", "yaml"
    )
    assert (code, err) == (0, "")
    (plan,) = yaml.safe_load(draft)
    for n, entry in enumerate(plan["entries"], start=1):
        entry["short_term_goal"] = f"Delmål {n}"
        entry["long_term_goal"] = f"Mål {n}"
    plan_file = _write(tmp_path / "plan.yaml", plan)
    # issue 20: the program's plan rules are recorded facts (Västra Göteborg: approval,
    # a copy to every participant, the police informed); missing ones block step 9
    facts: list[str] = []
    if profile.young_person_approves:
        facts.append("--approved")
    if profile.copy_to_each_participant:
        who = ["young_person", *plan.get("participants", []), *profile.required_participants]
        who += [e["actor"] for e in plan["entries"]]
        facts += ["--copies-to", ",".join(dict.fromkeys(who))]
    if profile.police_informed:
        facts += ["--police-informed", "2026-03-05"]
    add(case, "plan-fixed", "--from", str(plan_file), "--date", "2026-03-05",
        "--author", "samordnare-1", *facts)  # fmt: skip
    state = status(case, "2026-03-06")
    assert state["step"] == 9
    assert state["plan"] == plan["id"]
    assert state["due"] == [
        {"date": plan["next_follow_up"], "kind": "follow_up_meeting", "overdue": False,
         "name": {"sv": "Uppföljningsmöte", "en": "Follow-up meeting"}}
    ]  # fmt: skip
    ids = [e["intervention"] for e in plan["entries"]]
    add(case, "follow-up", "--date", plan["next_follow_up"], "--participants", must,
        *[f"--entry={i}=ongoing/partly" for i in ids], "--next", "2026-04-30",
        "--author", "samordnare-1")  # fmt: skip
    assert status(case, "2026-05-01")["due"][0]["overdue"] is True
    add(case, "follow-up", "--date", "2026-04-30", "--participants", must,
        *[f"--entry={i}=done/met" for i in ids], "--author", "samordnare-1")  # fmt: skip
    state = status(case, "2026-05-01")
    assert (state["step"], state["blockers"], state["meetings"]) == (10, [], 2)
    add(case, "closure", "--closure", "goals_met", "--date", "2026-05-04", "--next",
        "2026-11-04", "--author", "samordnare-1")  # fmt: skip
    state = status(case, "2026-05-05")
    assert (state["status"], state["step"]) == ("closed", 11)
    assert state["due"][0]["kind"] == "long_term_follow_up"
    add(case, "long-term-follow-up", *[f"--outcome={i}=met" for i in ids],
        "--date", "2026-11-04", "--author", "samordnare-1")  # fmt: skip
    state = status(case, "2026-11-05")
    assert (state["status"], state["step"], state["due"]) == ("finished", None, [])
    assert [d["step"] for d in state["done"]] == list(range(1, 12))
    assert not any(d["implied"] for d in state["done"]), "every step was recorded"
    code, text, _ = run("case", "status", str(case), "--date", "2026-11-05", "--lang", "en")
    assert code == 0
    assert "Status: finished" in text
    assert "11. Follow-up of long-term goals (2026-11-04)" in text
