"""Issue 11, Build 2: the state derived from the history — old files without history, a
declined case, blockers with reasons in both languages, and the command line's edges."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from sigrbm.case.model import check_case_text
from sigrbm.casework.case_check import NO_PROGRAM_TEXT, load_case
from sigrbm.casework.catalogue import load_catalogue
from sigrbm.casework.flow import CaseState, Status, case_state
from sigrbm.casework.program import load_program
from sigrbm.cli import main

from .conftest import CORPUS, ROOT

FLOW = (CORPUS / "flow" / "skovde-closed.yaml").read_text(encoding="utf-8")
SKOVDE = load_program("skovde")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def state_of(text: str, day: str = "2026-06-01") -> CaseState:
    case, _, problems = check_case_text(text, "case.yaml")
    assert problems == []
    assert case is not None
    return case_state(case, SKOVDE, dt.date.fromisoformat(day), load_catalogue())


def test_a_file_without_history_is_at_the_step_its_records_imply() -> None:
    case = load_case(ROOT / "instruments" / "examples" / "case-rbmk.yaml")
    state = case_state(case, load_program("eslov"), dt.date(2026, 3, 1))
    # Check: IRK (1), Check: RBMK (3), consents (6): steps 2, 4, 5 are implied
    assert [(d.step, d.implied) for d in state.done] == [
        (1, False), (2, True), (3, False), (4, True), (5, True), (6, False),
    ]  # fmt: skip
    assert (state.status, state.step, state.due) == (Status.OPEN, 7, ())
    assert [b.kind for b in state.blockers] == ["no_plan"]


def test_a_declined_case_has_no_next_step() -> None:
    cut = FLOW.index("  - {event: parties_identified")
    text = FLOW[:cut].replace(
        "author: samordnare-1, decision: proceed}\n  - {event: parties",
        "author: samordnare-1, decision: decline, reason: x}\n  - {event: parties",
    )
    text = text.replace(
        "{event: case_decision, date: 2026-03-02, author: samordnare-1, decision: proceed}",
        "{event: case_decision, date: 2026-03-02, author: samordnare-1, decision: decline}",
    )
    state = state_of(text)
    assert (state.status, state.step, state.blockers) == (Status.DECLINED, None, ())


def test_blockers_name_the_actor_without_consent_by_label() -> None:
    cut = FLOW.index("  - {event: consent_given")
    text = FLOW[:cut].replace("actors: [socialtjanst, skola, polis]}", "actors: [bup, polis]}")
    state = state_of(text)
    assert state.step == 6
    # issue 20: the history is the record: a consent in the list with no consent_given event
    # is not in force, so the police are not covered either
    assert [b.actor for b in state.blockers] == ["bup", "polis"]
    blocker = state.blockers[0]
    assert (blocker.kind, blocker.actor) == ("no_consent", "bup")
    assert blocker.message["sv"] == (
        "inget giltigt samtycke omfattar Barn- och ungdomspsykiatrin (BUP): "
        "saknar samtycke från vårdnadshavare (14 år)"
    )
    assert blocker.message["en"] == (
        "no valid consent covers Child and adolescent psychiatry: "
        "no consent from a guardian (age 14)"
    )


def test_blockers_name_the_information_kind_no_consent_covers() -> None:
    # round 2: bup needs consent naming health information (actor catalogue); the
    # guardian's consent names bup but only school and crime information (the consent is
    # given: issue 20, only a consent the history records as given is in force)
    cut = FLOW.index("  - {event: plan_fixed")
    text = FLOW[:cut].replace("actors: [socialtjanst, skola, polis]}", "actors: [bup, polis]}")
    text = text.replace("actors: [socialtjanst, skola, polis]\n", "actors: [bup, polis]\n")
    text = text.replace(
        "information: [socialtjanst, skolgang, brottsmisstankar]",
        "information: [skolgang, brottsmisstankar]",
    )
    state = state_of(text)
    (blocker,) = [b for b in state.blockers if b.actor == "bup"]
    assert (blocker.kind, blocker.actor) == ("no_consent", "bup")
    assert blocker.message["sv"] == (
        "inget giltigt samtycke omfattar Barn- och ungdomspsykiatrin (BUP): samtycket "
        "från vårdnadshavare 2026-03-02 omfattar inte uppgifter om hälsa och vård"
    )
    assert blocker.message["en"] == (
        "no valid consent covers Child and adolescent psychiatry: the consent from a guardian "
        "of 2026-03-02 does not cover information on health and care"
    )
    # naming health information as well covers bup: no blocker is left at step 6
    covered = text.replace("[skolgang, brottsmisstankar]", "[skolgang, brottsmisstankar, halsa]")
    assert not [b for b in state_of(covered).blockers if b.actor == "bup"]


def test_a_withdrawn_consent_stops_covering_its_actors() -> None:
    cut = FLOW.index("  - {event: plan_fixed")
    text = FLOW[:cut] + (
        "  - {event: consent_withdrawn, date: 2026-03-03, author: s-1, consent: samtycke-vh}\n"
    )
    state = state_of(text)
    assert {b.actor for b in state.blockers if b.kind == "no_consent"} == {
        "socialtjanst",
        "skola",
        "polis",
    }


def test_a_plan_entry_without_a_short_term_goal_blocks_fixing_it() -> None:
    cut = FLOW.index("  - {event: plan_fixed")
    text = FLOW[:cut].replace("        short_term_goal: Närvaro varje vecka\n", "")
    state = state_of(text)
    (blocker,) = state.blockers
    assert blocker.message["en"] == (
        "the plan has no short-term goal for entry 2 (School dropout prevention programmes)"
    )


def test_status_text_in_both_languages_uses_labels(tmp_path: Path) -> None:
    case = tmp_path / "c.yaml"
    case.write_text(FLOW, encoding="utf-8")
    code, sv, _ = run("case", "status", str(case), "--date", "2026-06-01")
    assert code == 0
    assert sv.splitlines()[:2] == [
        "Ärende flow-0001 — Program: Sociala insatsgrupper i Skövde",
        "Läge: avslutat (målen uppnådda), steg 11 av 11: Uppföljning av långsiktiga mål",
    ]
    assert "  2026-11-04 Uppföljning av långsiktiga mål\n" in sv
    code, en, _ = run("case", "status", str(case), "--date", "2026-11-05", "--lang", "en")
    assert "  2026-11-04 Follow-up of long-term goals — overdue\n" in en
    for raw in ("follow_up_meeting", "long_term_follow_up", "check-irk", "goals_met"):
        assert raw not in sv + en


def test_command_line_edges(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    code, out, err = run("case", "add", "closure", str(missing), "--author", "s-1")
    assert (code, out) == (1, "")
    assert err == f"{missing}: cannot read (No such file or directory)\n"
    code, _, err = run("case", "status", str(missing))
    assert code == 1
    assert err.startswith(f"{missing}")
    code, _, err = run("case", "status", "example:eslov", "--date", "2026-13-01")
    assert (code, err) == (2, "sigrbm case: fel: --date '2026-13-01' är inte ÅÅÅÅ-MM-DD\n")
    no_program = tmp_path / "np.yaml"
    no_program.write_text(FLOW.replace("program: skovde\n", "", 1), encoding="utf-8")
    code, _, err = run("case", "status", str(no_program))
    assert (code, err) == (
        1,
        f"{no_program}: {NO_PROGRAM_TEXT['sv']}\n",  # issue 21: in one language
    )
    code, out, _ = run(
        "case", "status", str(no_program), "--program", "skovde", "--format", "json",
        "--date", "2026-06-01",
    )  # fmt: skip
    assert (code, json.loads(out)["value"]["program"]) == (0, "skovde")
    made = tmp_path / "new.yaml"
    argv = ("case", "new", str(made), "--case-id", "n-1", "--by", "police", "--author", "s-1")
    assert run(*argv)[0] == 0
    before = made.read_bytes()
    for command in (("score",), ("score", "--latest"), ("compare",), ("export", "fhir")):
        head = command[:-1] if command[0] == "export" else command[:1]
        rest = command[-1:] if command[0] == "export" else command[1:]
        code, out, err = run(*head, *rest, str(made))
        assert (code, out) == (1, ""), command
        assert err == (
            f"{made}:2:1: assessments: the case has no assessment yet; record one "
            "(sigrbm case add screening) [E209]\n"
            "  E209: En lista som inte får vara tom är tom eller saknas.\n"  # issue 21
        ), command
    code, _, err = run(*argv)
    assert (code, err) == (1, f"{made}: exists already; nothing written\n")
    assert made.read_bytes() == before
    code, _, err = run(
        "case", "new", str(tmp_path / "pn.yaml"), "--case-id", "19121212-1212", "--by",
        "police", "--author", "s-1",
    )  # fmt: skip
    assert code == 1
    assert "[C605]" in err
    assert not (tmp_path / "pn.yaml").exists()
