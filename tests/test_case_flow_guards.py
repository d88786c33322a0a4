"""Issue 11, Build 3: one negative test per guard of the case flow, asserting its code and its
exact location (path, line, column) in a mutated copy of ``corpus/flow/skovde-closed.yaml``;
and ``sigrbm case add`` refusing an event leaves the file byte-identical."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sigrbm.case.model import check_case_text
from sigrbm.casework.flow_guards import check_flow
from sigrbm.casework.program import load_program
from sigrbm.cli import main
from sigrbm.errors import Code
from sigrbm.errors import Path as DocPath

from .conftest import CORPUS

BASE = CORPUS / "flow" / "skovde-closed.yaml"
TEXT = BASE.read_text(encoding="utf-8")
LAST = "  - {event: closure, date: 2026-05-04, author: samordnare-1, closure: goals_met, next_meeting: 2026-11-04}\n"  # noqa: E501


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def where(text: str, line_marker: str, column_marker: str) -> tuple[int, int]:
    """1-based (line, column) of ``column_marker`` on the line containing ``line_marker``."""
    for n, line in enumerate(text.splitlines(), start=1):
        if line_marker in line:
            return n, line.index(column_marker) + 1
    raise AssertionError(f"{line_marker!r} not in text")


def problems_of(text: str) -> list[tuple[str, DocPath, int | None, int | None]]:
    case, smap, problems = check_case_text(text, "case.yaml")
    if case is not None and not problems:
        problems = check_flow(case, load_program("skovde"), smap)
    return [(p.code.value, p.path, p.line, p.column) for p in problems]


def test_the_base_case_is_valid() -> None:
    assert problems_of(TEXT) == []


# (id, old text, new text, code, path, line marker, column marker)
GUARDS: list[tuple[str, str, str, Code, DocPath, str, str]] = [
    (
        "event-before-dependency",
        "date: 2026-02-04, author: samordnare-1, decision",
        "date: 2026-02-01, author: samordnare-1, decision",
        Code.CASE_EVENT_BEFORE_DEPENDENCY,
        ("history", 2, "date"),
        "event: initial_decision",
        "2026-02-01",
    ),
    (
        "plan-before-consent",
        "actors: [socialtjanst, skola, polis]\n    valid_until",
        "actors: [socialtjanst, polis]\n    valid_until",
        Code.CASE_PLAN_BEFORE_CONSENT,
        ("plans", 0, "entries", 1, "actor"),
        "actor: skola",
        "skola",
    ),
    (
        "plan-entry-without-short-term-goal",
        "        short_term_goal: Närvaro varje vecka\n",
        "",
        Code.CASE_PLAN_NO_SHORT_TERM_GOAL,
        ("plans", 0, "entries", 1),
        "- intervention: avhoppsprevention",
        "intervention",
    ),
    (
        "closure-without-reason",
        "closure: goals_met, next_meeting",
        "next_meeting",
        Code.CASE_CLOSURE_WITHOUT_REASON,
        ("history", 10),
        "event: closure",
        "{",
    ),
    (
        "closure-other-without-words",
        "closure: goals_met,",
        "closure: other,",
        Code.CASE_CLOSURE_WITHOUT_REASON,
        ("history", 10, "closure"),
        "event: closure",
        "other",
    ),
    (
        "closure-goals-met-while-not-met",
        "{entry: mi, status: done, goal: met}",
        "{entry: mi, status: done, goal: partly}",
        Code.CASE_CLOSURE_GOALS_NOT_MET,
        ("history", 10, "closure"),
        "event: closure",
        "goals_met",
    ),
    (
        "meeting-without-required-participants",
        "participants: [young_person, polis, skola]",
        "participants: [young_person, skola]",
        Code.CASE_MEETING_PARTICIPANTS,
        ("history", 9, "participants"),
        "participants: [young_person, skola]",
        "[",
    ),
    (
        "event-after-closure",
        LAST,
        LAST
        + "  - {event: follow_up_meeting, date: 2026-06-01, author: x, participants: [young_person, polis]}\n",  # noqa: E501
        Code.CASE_EVENT_AFTER_CLOSURE,
        ("history", 11, "event"),
        "date: 2026-06-01",
        "follow_up_meeting",
    ),
    (
        "birth-month-after-assessment",
        'birth_year_month: "2011-09"',
        'birth_year_month: "2026-03"',
        Code.CASE_BIRTH_MONTH,  # C651, the one check of every path (issue 14)
        ("subject", "birth_year_month"),
        "birth_year_month",
        '"2026-03"',
    ),
    (
        "assessment-in-the-future-of-the-newest-event",
        "consents:\n",
        "  - {instrument: check-rbmk, version: '0.1.0', date: 2026-05-06, assessor: utredare}\n"
        "consents:\n",
        Code.CASE_ASSESSMENT_IN_FUTURE,
        ("assessments", 2, "date"),
        "date: 2026-05-06",
        "2026-05-06",
    ),
    (
        "unknown-reference",
        "consent: samtycke-vh}",
        "consent: samtycke-ung}",
        Code.CASE_EVENT_UNKNOWN_REFERENCE,
        ("history", 6, "consent"),
        "event: consent_given",
        "samtycke-ung",
    ),
    (
        "duplicate-record-id",
        "    valid_until: 2027-03-01\n",
        "    valid_until: 2027-03-01\n"
        "  - {id: samtycke-vh, given_by: young_person, date: 2026-03-03, actors: [polis]}\n",
        Code.CASE_DUPLICATE_RECORD,
        ("consents", 1, "id"),
        "date: 2026-03-03",
        "samtycke-vh",
    ),
    (
        "event-key-missing",
        "author: samordnare-1, decision: proceed}\n  - {event: assessment",
        "author: samordnare-1}\n  - {event: assessment",
        Code.CASE_EVENT_KEY_MISSING,
        ("history", 2),
        "event: initial_decision",
        "{",
    ),
    (
        "event-key-not-allowed",
        "author: skola-2, instrument: check-irk}",
        "author: skola-2, instrument: check-irk, closure: moved}",
        Code.CASE_EVENT_KEY_NOT_ALLOWED,
        ("history", 1, "closure"),
        "event: screening",
        "moved",
    ),
]


@pytest.mark.parametrize("guard", GUARDS, ids=[g[0] for g in GUARDS])
def test_guard(guard: tuple[str, str, str, Code, DocPath, str, str]) -> None:
    _, old, new, code, path, line_marker, column_marker = guard
    assert TEXT.count(old) == 1
    text = TEXT.replace(old, new)
    line, column = where(text, line_marker, column_marker)
    assert problems_of(text) == [(code.value, path, line, column)]


def test_a_refused_event_leaves_the_file_byte_identical(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    open_case = TEXT.replace(LAST, "")  # not closed yet
    case.write_bytes(open_case.encode("utf-8"))
    before = case.read_bytes()
    code, out, err = run(
        "case", "add", "follow-up", str(case), "--date", "2026-05-01", "--author", "s-1",
        "--participants", "young_person,skola", "--lang", "en",
    )  # fmt: skip
    assert (code, out) == (1, "")
    # the refused event would have been appended: event, date, author, participants and
    # the list of participants below it, which is where the problem points
    line = len(open_case.splitlines()) + 5
    assert err.splitlines() == [
        f"{case}:{line}:5: history[10].participants: program skovde requires polis at every "
        "follow-up meeting; add them to participants [C705]",
        f"{case}: event refused; the file is unchanged",
    ]
    assert case.read_bytes() == before
    assert not list(tmp_path.glob(".*"))  # no lock or temporary file left behind


def test_an_accepted_event_keeps_comments_and_key_order(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    # history in the middle of the file, with a comment after it
    moved = TEXT.replace(LAST, "").replace("plans:\n", "# plans follow\nplans:\n")
    head, plans = moved.split("# plans follow\n")
    plans_part, history_part = plans.split("history:\n")
    text = head + "history:\n" + history_part + "# plans follow\n" + plans_part
    case.write_text(text, encoding="utf-8")
    code, out, err = run(
        "case", "add", "closure", str(case), "--date", "2026-05-04", "--author", "s-1",
        "--closure", "moved",
    )  # fmt: skip
    step = "nästa steg: Uppföljning av långsiktiga mål"  # issue 21: the next step
    line = f"{case}: Avslut 2026-05-04 tillagd som händelse 11 — {step}\n"
    assert (code, out, err) == (0, line, "")
    after = case.read_text(encoding="utf-8")
    added = "  - event: closure\n    date: 2026-05-04\n    author: s-1\n    closure: moved\n"
    at = text.index("# plans follow\n")
    assert after == text[:at] + added + text[at:]
