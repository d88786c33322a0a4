"""Issue 11, Build 5 and done-when 3: editing a case file safely.

* Two processes adding an event to the same case file at the same moment: one is refused
  (C712 busy or C713 changed), the other's event is in the file, nothing is lost (20 runs).
* Property: for any sequence of events (valid or not) applied with ``prepare``/``commit``,
  a rejected event leaves the file byte-identical, state derivation is deterministic, and
  re-reading the written file gives the same state as the edited case value.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigrbm.casework.case_check import load_case
from sigrbm.casework.case_edit import (
    EditRefusedError,
    append_item,
    commit,
    lock_path,
    prepare,
    read_snapshot,
)
from sigrbm.casework.flow import case_state
from sigrbm.casework.program import load_program
from sigrbm.errors import Code

START = """\
# a case at referral (fictitious)
format_version: 1
case_id: edit-0001
program: skovde
history:
  - {event: referral, date: 2026-01-05, author: samordnare-1, initiated_by: police}
"""
SKOVDE = load_program("skovde")


def _writer(path: str, author: str, barrier: Any, results: Any) -> None:
    snap = read_snapshot(path)
    barrier.wait()
    event = {"event": "closure", "date": dt.date(2026, 2, 1), "author": author, "closure": "moved"}
    edit = prepare(snap, [("history", event)])
    assert edit.text is not None
    assert not edit.problems
    try:
        commit(snap, edit.text)
        results.put((author, "ok"))
    except EditRefusedError as exc:
        results.put((author, exc.problem.code.value))


def test_two_processes_updating_one_case_file_one_is_refused_nothing_lost(
    tmp_path: Path,
) -> None:
    ctx = multiprocessing.get_context("fork")
    for run in range(20):
        path = tmp_path / f"case{run}.yaml"
        path.write_text(START, encoding="utf-8")
        barrier, results = ctx.Barrier(2), ctx.Queue()
        procs = [
            ctx.Process(target=_writer, args=(str(path), who, barrier, results))
            for who in ("writer-a", "writer-b")
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
            assert p.exitcode == 0
        got = dict(results.get(timeout=5) for _ in procs)
        outcomes = sorted(got.values())
        assert outcomes[0] in ("C712", "C713"), outcomes
        assert outcomes[1] == "ok", outcomes
        winner = next(who for who, r in got.items() if r == "ok")
        case = load_case(path)
        assert [e.author for e in case.history] == ["samordnare-1", winner]
        assert path.read_text(encoding="utf-8").startswith(START)
        assert not lock_path(path).exists()


def test_a_held_lock_refuses_and_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(START, encoding="utf-8")
    snap = read_snapshot(path)
    lock_path(path).write_text(str(os.getpid()), encoding="utf-8")  # a running process
    with pytest.raises(EditRefusedError) as info:
        commit(snap, START + "# more\n")
    assert (info.value.problem.code, info.value.problem.file) == (Code.CASE_FILE_BUSY, str(path))
    assert path.read_text(encoding="utf-8") == START


def test_a_lock_left_by_a_killed_process_is_recognised(tmp_path: Path) -> None:
    # issue 20: the process that wrote the lock is gone; the message says how to clear it
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    path = tmp_path / "case.yaml"
    path.write_text(START, encoding="utf-8")
    snap = read_snapshot(path)
    lock_path(path).write_text(str(child.pid), encoding="utf-8")
    with pytest.raises(EditRefusedError) as info:
        commit(snap, START + "# more\n")
    assert info.value.problem.code is Code.CASE_FILE_LOCK_STALE
    assert f"remove {lock_path(path)}" in info.value.problem.message
    assert path.read_text(encoding="utf-8") == START
    lock_path(path).unlink()
    commit(snap, START + "# more\n")
    assert path.read_text(encoding="utf-8") == START + "# more\n"


def test_a_file_changed_after_reading_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(START, encoding="utf-8")
    snap = read_snapshot(path)
    path.write_text(START + "# edited by hand meanwhile\n", encoding="utf-8")
    with pytest.raises(EditRefusedError) as info:
        commit(snap, START + "# mine\n")
    assert info.value.problem.code is Code.CASE_FILE_CHANGED
    assert path.read_text(encoding="utf-8").endswith("# edited by hand meanwhile\n")


def test_appending_to_a_flow_style_list_is_refused_not_garbled() -> None:
    text = "case_id: x\nhistory: [{event: referral, date: 2026-01-05, author: a}]\n"
    assert append_item(text, "history", {"event": "closure"}) is None


def test_windows_line_endings_are_kept() -> None:
    text = "# c\r\ncase_id: x\r\nhistory:\r\n  - {event: referral}\r\n"
    assert append_item(text, "history", {"event": "closure"}) == (text + "  - event: closure\r\n")


def test_appending_to_an_empty_list_and_to_a_json_file() -> None:
    assert append_item("a: 1\nhistory: []\nb: 2\n", "history", {"x": 1}) == (
        "a: 1\nhistory:\n  - x: 1\nb: 2\n"
    )
    assert append_item('{"a": 1}', "history", {"x": dt.date(2026, 1, 2)}) == (
        '{\n  "a": 1,\n  "history": [\n    {\n      "x": "2026-01-02"\n    }\n  ]\n}\n'
    )


_DAY = st.integers(min_value=0, max_value=90).map(lambda d: dt.date(2026, 1, 1) + dt.timedelta(d))
_AUTHOR = st.sampled_from(["samordnare-1", "polis-2", "Anna Svensson", "191212121212"])


@st.composite
def _action(draw: st.DrawFn) -> list[tuple[str, dict[str, Any]]]:
    day, author = draw(_DAY), draw(_AUTHOR)
    kind = draw(
        st.sampled_from(
            ["referral", "screening", "initial_decision", "assessment", "case_decision",
             "parties_identified", "consent_withdrawn", "closure", "follow_up_meeting"]
        )
    )  # fmt: skip
    event: dict[str, Any] = {"event": kind, "date": day, "author": author}
    extra: list[tuple[str, dict[str, Any]]] = []
    if kind == "referral":
        event["initiated_by"] = draw(st.sampled_from(["school", "police", "coach", "teacher"]))
    elif kind in ("screening", "assessment"):
        instrument = "check-irk" if kind == "screening" else "check-rbmk"
        event["instrument"] = instrument
        if draw(st.booleans()):
            extra.append(
                ("assessments",
                 {"instrument": instrument, "version": "0.1.0", "date": day, "assessor": "x-1"})
            )  # fmt: skip
    elif kind in ("initial_decision", "case_decision"):
        if draw(st.booleans()):
            event["decision"] = draw(st.sampled_from(["proceed", "decline"]))
    elif kind == "parties_identified":
        event["actors"] = draw(st.lists(st.sampled_from(["skola", "polis"]), min_size=1))
    elif kind == "consent_withdrawn":
        event["consent"] = "samtycke-1"
    elif kind == "closure":
        reason = draw(st.sampled_from([None, "moved", "other", "goals_met"]))
        if reason:
            event["closure"] = reason
    elif kind == "follow_up_meeting":
        event["participants"] = draw(st.lists(st.sampled_from(["young_person", "polis"])))
    return [*extra, ("history", event)]


@given(st.lists(_action(), max_size=8))
def test_any_sequence_of_events_state_is_deterministic_and_rejected_leave_file_unchanged(
    actions: list[list[tuple[str, dict[str, Any]]]],
) -> None:
    day = dt.date(2026, 6, 1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.yaml"
        path.write_text(START, encoding="utf-8")
        for additions in actions:
            before = path.read_bytes()
            snap = read_snapshot(path)
            edit = prepare(snap, additions, SKOVDE)
            if edit.problems or edit.text is None or edit.case is None:
                assert path.read_bytes() == before
                continue
            commit(snap, edit.text)
            state = case_state(edit.case, SKOVDE, day)
            assert case_state(edit.case, SKOVDE, day) == state
            assert case_state(load_case(path), SKOVDE, day) == state
            assert _kept(before.decode("utf-8"), path.read_text(encoding="utf-8"))


def _kept(old: str, new: str) -> bool:
    """Every line of ``old`` is in ``new``, in the same order (only insertions)."""
    lines = iter(new.splitlines())
    return all(any(line == other for other in lines) for line in old.splitlines())
