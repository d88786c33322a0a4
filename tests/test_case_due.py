"""Issue 11, done-when 2: ``sigrbm case due`` over a generated folder of 200 case files lists
exactly the follow-ups due on or before the day (overdue when before it), checked against the
generator and, for a few cases, against dates worked out by hand."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from sigrbm.cli import main

from .conftest import CORPUS

TEXT = (CORPUS / "flow" / "skovde-closed.yaml").read_text(encoding="utf-8")
MEETING = "  - event: follow_up_meeting\n"
FIRST = TEXT.index(MEETING)
SECOND = TEXT.index(MEETING, FIRST + 1)
DAY = dt.date(2026, 6, 1)
LONG_TERM = (
    "  - {event: long_term_follow_up, date: 2026-11-04, author: s-1, "
    "outcomes: [{entry: mi, outcome: met}]}\n"
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def generate(folder: Path) -> dict[str, tuple[str, dt.date] | None]:
    """200 case files in four shapes; returns what each has due (kind, date) or None."""
    expected: dict[str, tuple[str, dt.date] | None] = {}
    for i in range(200):
        case_id = f"due-{i:03d}"
        when = dt.date(2026, 4, 1) + dt.timedelta(days=(i * 7) % 120)
        shape = i % 4
        if shape == 0:  # plan fixed, no meeting yet: the plan's first follow-up
            text = TEXT[:FIRST].replace("next_follow_up: 2026-04-02", f"next_follow_up: {when}")
            due: tuple[str, dt.date] | None = ("follow_up_meeting", when)
        elif shape == 1:  # one meeting held: the next meeting it set
            text = TEXT[:SECOND].replace("next_meeting: 2026-04-30", f"next_meeting: {when}")
            due = ("follow_up_meeting", when)
        elif shape == 2:  # closed, goals met: the long-term follow-up
            when = when + dt.timedelta(days=60)  # after the closure of 2026-05-04
            text = TEXT.replace("next_meeting: 2026-11-04", f"next_meeting: {when}")
            due = ("long_term_follow_up", when)
        else:  # long-term follow-up done: nothing due
            text = TEXT + LONG_TERM
            due = None
        text = text.replace("case_id: flow-0001", f"case_id: {case_id}")
        (folder / f"{case_id}.yaml").write_text(text, encoding="utf-8")
        expected[case_id] = due
    return expected


def test_case_due_lists_exactly_the_due_items_of_200_cases(tmp_path: Path) -> None:
    expected = generate(tmp_path)
    (tmp_path / "notes.txt").write_text("not a case file", encoding="utf-8")
    code, out, err = run("case", "due", str(tmp_path), "--date", str(DAY), "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert (doc["format"], doc["format_version"]) == ("sigrbm-case-due", 1)
    got = [(d["case_id"], d["kind"], d["date"], d["overdue"]) for d in doc["value"]]
    want = sorted(
        ((cid, v[0], str(v[1]), v[1] < DAY) for cid, v in expected.items() if v and v[1] <= DAY),
        key=lambda t: (t[2], t[0], t[1]),
    )
    assert got == want
    assert 40 < len(got) < 150, "the folder mixes due and not-yet-due cases"
    by_id = {g[0]: g[1:] for g in got}
    # hand-checked: i=0 → 2026-04-01 (plan's first follow-up), overdue on 2026-06-01
    assert by_id["due-000"] == ("follow_up_meeting", "2026-04-01", True)
    # i=1 → 2026-04-01 + 7 days = 2026-04-08, the next meeting set at the first meeting
    assert by_id["due-001"] == ("follow_up_meeting", "2026-04-08", True)
    # i=2 → 2026-04-15 + 60 days = 2026-06-14: not due yet on 2026-06-01
    assert "due-002" not in by_id
    # i=3: long-term follow-up done, nothing due
    assert "due-003" not in by_id
    # i=8 → 2026-04-01 + 56 days = 2026-05-27
    assert by_id["due-008"] == ("follow_up_meeting", "2026-05-27", True)
    # i=9 → (63 % 120) = 63 days → 2026-06-03: not due on 2026-06-01
    assert "due-009" not in by_id
    # i=74 → (518 % 120) = 38 days → 2026-05-09, + 60 = 2026-07-08: not due
    assert "due-074" not in by_id
    # i=10 → 70 days → 2026-06-10 + 60: not due; i=18 → 126 % 120 = 6 → 2026-04-07 + 60
    # = 2026-06-06: not due; i=34 → 238 % 120 = 118 → 2026-07-28: not due
    assert {"due-010", "due-018", "due-034"}.isdisjoint(by_id)


def test_case_due_text_uses_labels_and_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TEXT[:FIRST], encoding="utf-8")
    (tmp_path / "b.yaml").write_text("case_id: [x]\n", encoding="utf-8")
    code, out, err = run("case", "due", str(tmp_path), "--date", "2026-04-02", "--lang", "en")
    assert code == 1
    assert out == f"2026-04-02  flow-0001  Follow-up meeting  ({tmp_path / 'a.yaml'})\n"
    assert f"{tmp_path / 'b.yaml'}:1:10: case_id: " in err
    code, out, _ = run("case", "due", str(tmp_path), "--date", "2026-04-03")
    assert out.startswith("2026-04-02  flow-0001  Uppföljningsmöte — försenat")


def test_case_due_passes_over_files_that_are_not_case_files(tmp_path: Path) -> None:
    """Issue 21, item 5: an instrument, a program profile or any other YAML beside the case
    files is passed over with a note; a damaged case file is still reported."""
    generate_one = TEXT[:FIRST].replace("next_follow_up: 2026-04-02", "next_follow_up: 2026-05-01")
    (tmp_path / "a-case.yaml").write_text(generate_one, encoding="utf-8")
    root = CORPUS.parent.parent
    instrument = (root / "instruments" / "check-irk.yaml").read_text(encoding="utf-8")
    (tmp_path / "b-check-irk.yaml").write_text(instrument, encoding="utf-8")
    (tmp_path / "c-list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    code, out, err = run("case", "due", str(tmp_path), "--date", "2026-06-01")
    assert (code, out.count("flow-0001")) == (0, 1)
    assert err == (
        f"{tmp_path / 'b-check-irk.yaml'}: ingen ärendefil (ett instrument); hoppas över\n"
        f"{tmp_path / 'c-list.yaml'}: ingen ärendefil (någon annan fil); hoppas över\n"
    )
    code, _, err = run("case", "due", str(tmp_path), "--date", "2026-06-01", "--lang", "en")
    assert err.splitlines()[0].endswith(
        "b-check-irk.yaml: not a case file (an instrument); skipped"
    )
    (tmp_path / "d-broken.yaml").write_text("case_id: x\n  bad: [\n", encoding="utf-8")
    code, _, err = run("case", "due", str(tmp_path), "--date", "2026-06-01")
    assert code == 1
    assert "d-broken.yaml:" in err
