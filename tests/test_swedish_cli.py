"""Issue 21, item 4: Swedish first where a coordinator types or reads — option values in
Swedish beside the ids, argparse's and the commands' usage errors in Swedish, confirmations
that name the next step."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from sigrbm.case.history import ClosureReason, Decision, GoalStatus, Initiator
from sigrbm.case.records import EntryStatus, Party
from sigrbm.cli import main
from sigrbm.cli.case import build_event
from sigrbm.cli.event_options import SWEDISH, to_id
from sigrbm.cli.main import _build_parser
from sigrbm.cli.usage_sv import usage_message


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("kind", "enum"),
    [
        ("initiator", Initiator),
        ("decision", Decision),
        ("closure", ClosureReason),
        ("entry_status", EntryStatus),
        ("goal", GoalStatus),
        ("party", Party),
    ],
)
def test_every_id_has_one_swedish_word(kind: str, enum: type) -> None:
    ids = [e.value for e in enum]
    assert sorted(SWEDISH[kind].values()) == sorted(ids)
    assert all(w.isascii() for w in SWEDISH[kind])  # typed on any keyboard
    for word, id_ in SWEDISH[kind].items():
        assert to_id(kind, word) == id_
        assert to_id(kind, id_) == id_
    assert to_id(kind, "no-such-value") is None


def test_the_values_the_issue_names() -> None:
    assert to_id("initiator", "skola") == "school"
    assert to_id("initiator", "polis") == "police"
    assert to_id("initiator", "vardnadshavare") == "guardian"
    assert to_id("closure", "mal_uppnadda") == "goals_met"
    assert to_id("entry_status", "pagar") == "ongoing"
    assert to_id("entry_status", "klar") == "done"
    assert to_id("goal", "delvis") == "partly"


def test_case_new_in_swedish_writes_the_id_and_names_the_next_step(tmp_path: Path) -> None:
    case = tmp_path / "c.yaml"
    code, out, err = run(
        "case", "new", str(case), "--case-id", "c-0001", "--by", "skola", "--author", "s-1",
        "--date", "2026-01-10",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert (
        out == f"{case}: Ärende c-0001 skapat — nästa steg: Identifiera målgruppen med Check: IRK\n"
    )
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert data["history"][0]["initiated_by"] == "school"
    other = tmp_path / "d.yaml"
    code, out, _ = run(
        "case", "new", str(other), "--case-id", "c-0002", "--by", "police", "--author", "s-1",
        "--lang", "en",
    )  # fmt: skip
    assert (code, out) == (
        0,
        f"{other}: Case c-0002 created — next step: Screening with Check: IRK\n",
    )


def test_entry_and_outcome_values_in_swedish_become_ids() -> None:
    parser = _build_parser()
    args = parser.parse_args(
        ["case", "add", "follow-up", "c.yaml", "--author", "a", "--participants", "x",
         "--entry", "mi=pagar/delvis", "--entry", "ffp=klar/uppnatt", "--entry", "art=ongoing"]
    )  # fmt: skip
    event, _ = build_event(args)
    assert event["entries"] == [
        {"entry": "mi", "status": "ongoing", "goal": "partly"},
        {"entry": "ffp", "status": "done", "goal": "met"},
        {"entry": "art", "status": "ongoing"},
    ]
    args = parser.parse_args(
        ["case", "add", "long-term-follow-up", "c.yaml", "--author", "a",
         "--outcome", "mi=ej_uppnatt", "--outcome", "ffp=met"]
    )  # fmt: skip
    event, _ = build_event(args)
    assert event["outcomes"] == [
        {"entry": "mi", "outcome": "not_met"},
        {"entry": "ffp", "outcome": "met"},
    ]
    args = parser.parse_args(
        ["case", "add", "closure", "c.yaml", "--author", "a", "--closure", "mal_uppnadda"]
    )
    assert build_event(args)[0]["closure"] == "goals_met"
    args = parser.parse_args(
        ["case", "add", "initial-decision", "c.yaml", "--author", "a", "--decision", "ga_vidare"]
    )
    assert build_event(args)[0]["decision"] == "proceed"


def test_a_wrong_value_is_a_swedish_usage_error(tmp_path: Path) -> None:
    case = tmp_path / "c.yaml"
    code, out, err = run("case", "new", str(case), "--case-id", "c-1", "--by", "skolan",
                         "--author", "a")  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith("sigrbm case new: fel: argumentet --by: ogiltigt värde")
    assert "skola" in err
    assert not case.exists()


def test_argparse_and_command_usage_errors_in_swedish_by_default(tmp_path: Path) -> None:
    code, _, err = run("case", "new", str(tmp_path / "c.yaml"), "--case-id", "c-1", "--author", "a")
    assert code == 2
    assert err.startswith("sigrbm case new: fel: ")
    assert "krävs: --by" in err
    code, _, err = run("case", "new", str(tmp_path / "c.yaml"), "--case-id", "c-1",
                       "--author", "a", "--lang", "en")  # fmt: skip
    assert code == 2
    assert err.startswith("sigrbm case new: error: ")
    code, _, err = run("handout")
    assert (code, err) == (2, "sigrbm handout: fel: ange ett INSTRUMENT eller --all\n")


def test_usage_message_leaves_unknown_text_and_english_alone() -> None:
    assert usage_message("sigrbm x: error: something new", "en") == "sigrbm x: error: something new"
    assert usage_message("sigrbm x: error: something new", "sv") == "sigrbm x: fel: something new"


def test_swedish_help_shows_the_swedish_values() -> None:
    code, out, _ = run("case", "new", "--help")
    assert code == 0
    assert "skola" in out
    assert "vem som tog initiativet" in out
    code, out, _ = run("case", "add", "follow-up", "--help")
    assert "pagar" in out
    assert "delvis" in out


def test_every_problem_code_has_swedish_and_english_text() -> None:
    """Issue 21: every Code has both texts, Swedish by default."""
    from sigrbm.documents.problem_words import PROBLEM_WORDS, problem_words
    from sigrbm.errors import Code

    assert sorted(PROBLEM_WORDS) == sorted(c.value for c in Code)
    for code in Code:
        sv, en = PROBLEM_WORDS[code.value]
        assert sv.strip(), code
        assert en.strip(), code
        assert sv != en, code
        assert problem_words(code) == sv
        assert problem_words(code, "en") == en


def test_problems_are_told_in_swedish_by_default() -> None:
    bad = Path(__file__).parent / "corpus" / "instruments" / "invalid" / "band-gap.yaml"
    code, _, err = run("validate", str(bad))
    assert code == 1
    first, words, summary = err.splitlines()
    assert first.startswith(f"{bad}:65:27: band_tables[1].bands[2].min: ")
    assert first.endswith(" [E400]")
    assert words == "  E400: Poäng som inte hamnar i någon nivågräns."
    assert summary == f"{bad}: ogiltig fil: instrument (1 fel)"
    code, _, err = run("--lang", "en", "validate", str(bad))
    assert "Poäng" not in err
    assert err.splitlines()[1] == f"{bad}: invalid instrument (1 problem)"
